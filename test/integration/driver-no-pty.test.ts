/**
 * node-pty does not load and nobody is at the console (an unattended run): ssoconfig is not started, and the
 * outcome names the module, the path it was looked for in and the loader's message, with the cause and the
 * remedy of the way sso-backup runs (the packaged exe, or Node running the npm build), and marks the machine
 * unfit (exit code 3) instead of a failed ssoconfig. The runtime is injected: the test process is no exe.
 */
import { mkdirSync, mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backUpSecret, ptyUnavailable, type Runtime } from '../../src/console/backup-secret.js';
import type { DriverEvent } from '../../src/console/events.js';
import { Secret } from '../../src/console/secret.js';

const PASSWORD = 'Canary-no-pty-5521';

function installDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sso-no-pty-'));
  mkdirSync(path.join(dir, 'ENTSSO'));
  writeFileSync(path.join(dir, 'ENTSSO', 'ssoconfig.exe'), '');
  return path.join(dir, 'ENTSSO');
}

async function runWithout(runtime: Runtime, loaderMessage: string) {
  const dir = installDir();
  const file = path.join(path.dirname(dir), 'sso.bak');
  const events: DriverEvent[] = [];
  const outcome = await backUpSecret(
    { installDir: dir, file, password: new Secret(PASSWORD), reminder: 'in the vault', allowHandover: false, onEvent: (e) => events.push(e) },
    { loadPty: () => Promise.reject(new Error(`${loaderMessage}\n    at Module._load (node:internal/modules/cjs/loader:1000:1)`)), runtime },
  );
  return { outcome, events, file };
}

describe('node-pty missing in an unattended run', () => {
  it('the packaged exe: node_modules\\node-pty beside the exe is named; unzip again; machine unfit; nothing started', async () => {
    const exe = '/opt/tools/sso-backup/sso-backup';
    const { outcome, events, file } = await runWithout(
      { isSea: true, execPath: exe },
      'node-pty is missing beside sso-backup.exe: /opt/tools/sso-backup/node_modules/node-pty/package.json (ENOENT)',
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failure.machineNotFit).toBe(true);
    expect(outcome.failure.what).toContain(path.join('/opt/tools/sso-backup', 'node_modules', 'node-pty'));
    expect(outcome.failure.why).toContain('(ENOENT).');
    expect(outcome.failure.why).not.toContain('Module._load'); // the first line of the loader's message only
    expect(outcome.failure.next).toMatch(/^Unzip the whole sso-backup zip again/);
    expect(events).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });

  it('the npm build: the node-pty folder it resolves to is named; npm ci', async () => {
    const { outcome } = await runWithout(
      { isSea: false, execPath: '/usr/bin/node', nodePtyPackage: '/srv/sso-backup/node_modules/node-pty/package.json' },
      "Cannot find module '../build/Release/pty.node'",
    );
    expect(!outcome.ok && outcome.failure.machineNotFit).toBe(true);
    expect(!outcome.ok && outcome.failure.what).toContain(path.join('/srv/sso-backup/node_modules/node-pty'));
    expect(!outcome.ok && outcome.failure.next).toMatch(/^Run npm ci/);
  });

  it('never shows the password, even if a loader were to print it', async () => {
    const { outcome } = await runWithout({ isSea: false, execPath: '/usr/bin/node' }, `cannot load node-pty for ${PASSWORD}`);
    expect(JSON.stringify(outcome)).not.toContain(PASSWORD);
    expect(!outcome.ok && outcome.failure.why).toContain('[redacted]');
  });

  it('where node-pty was to be: beside the exe, or the folder the npm build resolves it to', () => {
    const resolved = createRequire(import.meta.url).resolve('node-pty/package.json');
    expect(ptyUnavailable({ isSea: false, execPath: process.execPath, nodePtyPackage: resolved }, 'x')).toEqual({
      build: 'npm',
      tried: path.dirname(resolved),
      message: 'x',
    });
    expect(ptyUnavailable({ isSea: true, execPath: path.join('/a', 'sso-backup') }, 'x').tried).toBe(path.join('/a', 'node_modules', 'node-pty'));
  });
});
