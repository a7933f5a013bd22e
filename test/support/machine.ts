/** Simulated machines for tests, in temporary folders, played by the build under test (target.ts). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import {
  backupsDirOf,
  createSimulatedMachine,
  installDirOf,
} from '../../src/simulator/machine-layout.js';
import type { MachineStateOverrides } from '../../src/simulator/machine-state.js';
import { targetLauncher } from './target.js';


export interface TestMachine {
  dir: string;
  installDir: string;
  backupsDir: string;
  /** A path in the backups folder. */
  backupFile(name?: string): string;
}

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh machine, removed after the test. */
export function makeMachine(state: MachineStateOverrides = {}): TestMachine {
  const dir = mkdtempSync(path.join(tmpdir(), 'sso-sim-'));
  made.push(dir);
  createSimulatedMachine(dir, { state, launcher: targetLauncher() });
  return {
    dir,
    installDir: installDirOf(dir),
    backupsDir: backupsDirOf(dir),
    backupFile: (name = 'SSO-SSOSIM01-test.bak') => path.join(backupsDirOf(dir), name),
  };
}

export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sso-test-'));
  made.push(dir);
  return dir;
}
