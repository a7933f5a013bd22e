/**
 * Issue 7, part 5: two (or more) sso-backup runs against the same backup folder at the same time, as a runbook
 * started twice or two admins make them. Never the same file name for two backups, never a receipt or manifest for
 * another run's file; one run holds the folder's lock, the others are refused with exit 6 before they change
 * anything (src/flow/steps/folder-lock.ts).
 *
 * Two ways to overlap: a run stopped (SIGSTOP) while it holds the lock, so the second surely meets it; and runs
 * started together, where the overlap is whatever the scheduler makes of it and only the invariants are asserted.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { makeMachine, type TestMachine } from '../support/machine.js';
import { cli } from '../support/target.js';
import { runInTerminal } from '../support/terminal.js';
import { trial } from './figures.js';

const PASSWORD = 'Lantern-Orchid-Gravel-5521';
const REMINDER = 'KeePass: BizTalk / SSO';

interface Json {
  status: string;
  exitCode: number;
  backup: { file: string; sha256: string; manifest: string } | null;
  error?: { what: string; why: string; next: string };
}

/** One unattended run (its return type is execa's, inferred). */
function start(machine: TestMachine, extra: string[]) {
  return execa(...cli('--json', '--sso-dir', machine.installDir, '--reminder', REMINDER, '--yes', '--password-stdin', ...extra), {
    reject: false,
    input: `${PASSWORD}\n`,
    timeout: 90_000,
    env: { CI: undefined },
  });
}

async function finish(run: ReturnType<typeof start>): Promise<{ exitCode: number; json: Json; stderr: string }> {
  const result = await run;
  return { exitCode: result.exitCode ?? -1, json: JSON.parse(result.stdout) as Json, stderr: result.stderr };
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * Every backup-named file in the folder is a verified backup of exactly one run: its receipt names it with its
 * SHA-256, its manifest names it with the same SHA-256; no lock or temporary file is left.
 */
function expectFolderSound(folder: string, host = 'SSOSIM01'): string[] {
  const names = readdirSync(folder);
  expect(names.filter((n) => n.includes('.lock') || n.includes('.partial-') || /\.(incomplete|unverified)-/.test(n))).toEqual([]);
  const backups = names.filter((n) => new RegExp(`^SSO-${host}-.*\\.bak$`).test(n));
  for (const name of backups) {
    const file = path.join(folder, name);
    expect(readFileSync(`${file}.sha256`, 'utf8')).toBe(`${sha256(file)}  ${name}\n`);
    const manifest = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as { file: string; sha256: string };
    expect(path.basename(manifest.file.replace(/\\/g, '/'))).toBe(name);
    expect(manifest.sha256).toBe(sha256(file));
  }
  return backups;
}

function expectBusy(run: { exitCode: number; json: Json; stderr: string }): void {
  expect(run.exitCode, run.stderr).toBe(6);
  expect(run.json).toMatchObject({ status: 'failed', exitCode: 6, backup: null });
  expect(run.json.error!.what).toMatch(/is in use: another sso-backup run \(process \d+/);
  expect(run.json.error!.next).toContain('run again');
  expect(run.stderr).toContain('next:');
}

/** Waits until `test` holds, checking every few milliseconds; false if `run` ended first. */
async function whileRunning(run: ReturnType<typeof start>, test: () => boolean): Promise<boolean> {
  let ended = false;
  void run.then(() => (ended = true));
  while (!ended) {
    if (test()) return true;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return test();
}

/** The lock's holder once it is written whole (it is made empty, then written). */
function holderOf(lock: string): { file: string } | undefined {
  try {
    return JSON.parse(readFileSync(lock, 'utf8')) as { file: string };
  } catch {
    return undefined;
  }
}

/**
 * An unattended run of `machine`, stopped (SIGSTOP) the moment it holds its folder's lock; should one finish before
 * the poll sees its lock, another is started. The caller sends SIGCONT.
 */
async function holdFolder(machine: TestMachine): Promise<{ run: ReturnType<typeof start>; holder: { file: string }; tries: number }> {
  const lock = path.join(machine.backupsDir, '.sso-backup-SSOSIM01.lock');
  for (let tries = 1; tries <= 3; tries += 1) {
    const run = start(machine, ['--folder', machine.backupsDir]);
    if (await whileRunning(run, () => holderOf(lock) !== undefined)) {
      process.kill(run.pid!, 'SIGSTOP');
      return { run, holder: holderOf(lock)!, tries };
    }
    expect((await finish(run)).exitCode).toBe(0);
  }
  throw new Error('Three runs in a row ended before their lock was seen.');
}

describe('two runs, one folder', () => {
  it('a second run while the first holds the folder is refused (exit 6) and changes nothing; the first finishes sound', async ({ task }) => {
    const t = trial(task, 'concurrency', 0);
    const machine = makeMachine();
    const first = await holdFolder(machine);
    t.tried(first.tries + 1);
    let second;
    const before = readdirSync(machine.backupsDir).sort();
    try {
      // The same folder, and the very file the first is making, replacing it.
      second = await finish(start(machine, ['--file', first.holder.file, '--replace']));
      expect(readdirSync(machine.backupsDir).sort()).toEqual(before);
    } finally {
      process.kill(first.run.pid!, 'SIGCONT');
    }
    expectBusy(second);
    const done = await finish(first.run);
    expect(done.exitCode, done.stderr).toBe(0);
    expect(expectFolderSound(machine.backupsDir)).toContain(path.basename(done.json.backup!.file));
  });

  it('in the wizard, a held folder is said at once after the file is chosen, before the password is asked (exit 6)', async ({ task }) => {
    const t = trial(task, 'concurrency', 0);
    const machine = makeMachine();
    const first = await holdFolder(machine);
    t.tried(first.tries + 1);
    try {
      const term = runInTerminal(...cli('--sso-dir', machine.installDir, '--file', machine.backupFile('SSO-SSOSIM01-mine.bak')), { cols: 200, env: { ...process.env, CI: undefined } });
      await term.waitFor('is in use: another sso-backup run', 20_000);
      expect((await term.exited).exitCode).toBe(6);
      expect(term.screen()).not.toContain('? Password');
      expect(term.screen()).toMatch(/next: +Wait for that run to end/);
    } finally {
      process.kill(first.run.pid!, 'SIGCONT');
    }
    expect((await finish(first.run)).exitCode).toBe(0);
    expectFolderSound(machine.backupsDir);
  });

  it('runs started together: each success has a name of its own and its own receipt; the rest are refused or told the file exists', async ({ task }) => {
    const t = trial(task, 'concurrency', 0);
    let tried = 0;
    for (const mode of ['--folder', '--file and --replace'] as const) {
      const machine = makeMachine();
      const file = machine.backupFile('SSO-SSOSIM01-20261122-101500.bak');
      const args = mode === '--folder' ? ['--folder', machine.backupsDir] : ['--file', file, '--replace'];
      const runs = await Promise.all(Array.from({ length: 4 }, () => finish(start(machine, args))));
      tried += runs.length;
      t.tried(tried);
      const codes = runs.map((r) => r.exitCode);
      expect(codes.filter((c) => c === 0).length, JSON.stringify(codes)).toBeGreaterThan(0);
      // 6: the folder was held; 2: the name was taken by a run that had finished (no --replace).
      for (const run of runs) if (run.exitCode !== 0) {
        expect([6, 2], run.stderr).toContain(run.exitCode);
        if (run.exitCode === 6) expectBusy(run);
        expect(run.json.backup).toBeNull();
      }
      const made = runs.filter((r) => r.exitCode === 0).map((r) => path.basename(r.json.backup!.file));
      const sound = expectFolderSound(machine.backupsDir);
      if (mode === '--folder') {
        expect(new Set(made).size, `two runs reported the same file: ${made.join(', ')}`).toBe(made.length);
        expect(sound.sort()).toEqual([...made].sort());
      } else {
        // Runs one after the other may each replace the file; what stands is the last one's, whole.
        expect(sound).toEqual([path.basename(file)]);
        const last = runs.filter((r) => r.exitCode === 0).map((r) => r.json.backup!.sha256);
        expect(last).toContain(sha256(file));
      }
    }
  });

  it('two servers backing up into one shared folder at once do not hold each other up', async ({ task }) => {
    trial(task, 'concurrency', 2);
    const bts01 = makeMachine({ computerName: 'BTS01', masterSecretServer: 'BTS01' });
    const bts02 = makeMachine({ computerName: 'BTS02', masterSecretServer: 'BTS02' });
    const share = bts01.backupsDir;
    const runs = await Promise.all([finish(start(bts01, ['--folder', share])), finish(start(bts02, ['--folder', share]))]);
    expect(runs.map((r) => r.exitCode), runs.map((r) => r.stderr).join('\n')).toEqual([0, 0]);
    expect(expectFolderSound(share, 'BTS01')).toHaveLength(1);
    expect(expectFolderSound(share, 'BTS02')).toHaveLength(1);
  });

  it('a lock left by a killed run (its process gone) is taken over, and removed at the end', async ({ task }) => {
    trial(task, 'concurrency', 1);
    const machine = makeMachine();
    const gone = execa(process.execPath, ['-e', '0']);
    await gone;
    const lock = path.join(machine.backupsDir, '.sso-backup-SSOSIM01.lock');
    writeFileSync(lock, JSON.stringify({ pid: gone.pid, host: 'SSOSIM01', user: 'CONTOSO\\btsadmin', startedAt: '2026-11-21T03:00:00.000Z', file: 'x', tool: 'sso-backup' }));
    const run = await finish(start(machine, ['--folder', machine.backupsDir]));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);
    expectFolderSound(machine.backupsDir);
  });
});
