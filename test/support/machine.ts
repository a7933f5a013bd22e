/** Simulated machines for tests, in temporary folders, started through the built simulator (npm test builds). */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import {
  backupsDirOf,
  createSimulatedMachine,
  installDirOf,
  type SimulatorLauncher,
} from '../../src/simulator/machine-layout.js';
import type { MachineStateOverrides } from '../../src/simulator/machine-state.js';

export const DIST = path.resolve(import.meta.dirname, '../../dist');
export const BUILT_CLI = path.join(DIST, 'bin', 'sso-backup.js');

export function builtLauncher(): SimulatorLauncher {
  const script = path.join(DIST, 'bin', 'ssoconfig-sim.js');
  if (!existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` (npm test does).`);
  return { node: process.execPath, script };
}

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
  createSimulatedMachine(dir, { state, launcher: builtLauncher() });
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
