/**
 * Unattended runs as a runbook makes them: the built CLI, no terminal at all (stdin a pipe or nothing), against
 * the simulator. Every secret source, a missing answer, JSON for each outcome validated against the documented
 * schema (docs/result.schema.json), --if-older-than across runs and after a new master secret, --copy-to,
 * --keep, --dry-run, and a canary password looked for everywhere it could leak.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { generateSecret } from '../../src/simulator/generate-secret.js';
import { readEvents } from '../../src/simulator/event-log.js';
import { filesHolding, processesHolding, uniqueCanary } from '../support/canary.js';
import { makeMachine, tempDir, type TestMachine } from '../support/machine.js';
import { cli } from '../support/target.js';
import { runInTerminal } from '../support/terminal.js';

const PASSWORD = 'Canary-Quill-Harbor-7731';
const REMINDER = 'KeePass: BizTalk / SSO / SSOSIM01';
const SCHEMA = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../docs/result.schema.json'), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(SCHEMA);

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
  json: Record<string, unknown> & { status: string; exitCode: number; backup: { file: string; sha256: string; manifest: string } | null };
}

/** The CLI with --json, stdin a pipe holding `input` (or nothing), CI unset so only the missing terminal counts. */
async function unattended(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const result = await execa(...cli('--json', ...args), {
    reject: false,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
    env: { ...options.env, CI: undefined },
    extendEnv: true,
    timeout: 60_000,
  });
  const json = JSON.parse(result.stdout) as Run['json'];
  if (!validate(json)) throw new Error(`The JSON does not match docs/result.schema.json: ${ajv.errorsText(validate.errors)}\n${result.stdout}`);
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr, json };
}

function answers(machine: TestMachine, folder = machine.backupsDir): string[] {
  return ['--sso-dir', machine.installDir, '--folder', folder, '--reminder', REMINDER, '--yes'];
}

function ourBackups(folder: string): string[] {
  return readdirSync(folder).filter((n) => /^SSO-SSOSIM01-\d{8}-\d{6}\.bak$/.test(n)).sort();
}

function expectBackupFiles(file: string): void {
  expect(existsSync(file)).toBe(true);
  expect(readFileSync(`${file}.sha256`, 'utf8')).toMatch(/^[0-9a-f]{64} {2}SSO-SSOSIM01-\d{8}-\d{6}\.bak\n$/);
  const manifest = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as Record<string, unknown>;
  expect(manifest).toMatchObject({ schema: 'sso-backup/manifest/1', host: 'SSOSIM01', reminder: REMINDER, user: 'CONTOSO\\btsadmin' });
}

describe('every secret source gives a verified backup', () => {
  it('--password-stdin (CRLF, as PowerShell sends it)', async () => {
    const machine = makeMachine();
    const run = await unattended([...answers(machine), '--password-stdin'], { input: `${PASSWORD}\r\nignored second line\r\n` });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.json.status).toBe('succeeded');
    expectBackupFiles(run.json.backup!.file);
    expect(run.stderr).toContain('The master secret is backed up, and the file is verified.');
  });

  it('with NODE_DEBUG set (an admin looking into a failure), the simulated ssoconfig is not garbled by it', async () => {
    const machine = makeMachine();
    const run = await unattended([...answers(machine), '--password-env', 'SSO_BACKUP_PW'], { env: { SSO_BACKUP_PW: PASSWORD, NODE_DEBUG: 'stream,child_process,net' } });
    expect(run.exitCode, run.stderr).toBe(0);
    expectBackupFiles(run.json.backup!.file);
    expect(run.stderr).not.toContain(PASSWORD);
  });

  it('--password-env: the variable is gone from every child', async () => {
    const machine = makeMachine();
    const run = await unattended([...answers(machine), '--password-env', 'SSO_BACKUP_PW'], { env: { SSO_BACKUP_PW: PASSWORD } });
    expect(run.exitCode, run.stderr).toBe(0);
    expectBackupFiles(run.json.backup!.file);
  });

  it('--password-file, with a warning when others can read the file', async () => {
    const machine = makeMachine();
    const secrets = tempDir();
    const file = path.join(secrets, 'pw.txt');
    writeFileSync(file, `${PASSWORD}\n`);
    chmodSync(file, 0o644);
    const run = await unattended([...answers(machine), '--password-file', file]);
    expect(run.exitCode, run.stderr).toBe(0);
    expectBackupFiles(run.json.backup!.file);
    expect((run.json['warnings'] as string[]).join(' ')).toMatch(/others? can read|can read it|every user/i);

    chmodSync(file, 0o600);
    const quiet = await unattended([...answers(machine, path.join(machine.dir, 'second')), '--create-folder', '--password-file', file]);
    expect(quiet.exitCode, quiet.stderr).toBe(0);
    expect((quiet.json['warnings'] as string[]).join(' ')).not.toMatch(/every user/i);
  });
});

describe('refused before anything runs: exit 2, nothing written', () => {
  it('a missing answer names its flag', async () => {
    const machine = makeMachine();
    const run = await unattended(['--sso-dir', machine.installDir, '--folder', machine.backupsDir, '--password-stdin', '--yes'], { input: `${PASSWORD}\n` });
    expect(run.exitCode).toBe(2);
    expect(run.json).toMatchObject({ status: 'failed', exitCode: 2, backup: null });
    expect((run.json['error'] as { what: string }).what).toContain('--reminder');
    expect(readdirSync(machine.backupsDir)).toEqual([]);
  });

  it('a password on the command line is refused, and never echoed', async () => {
    const run = await unattended(['--password', PASSWORD]);
    expect(run.exitCode).toBe(2);
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    expect(run.stderr).toContain('never taken on the command line');
  });

  it('a weak password from a source meets the same rule as in the wizard', async () => {
    const machine = makeMachine();
    const run = await unattended([...answers(machine), '--password-stdin'], { input: 'password1\n' });
    expect(run.exitCode).toBe(2);
    expect((run.json['error'] as { what: string }).what).toMatch(/--password-stdin is refused: .*strength score/);
    expect(readdirSync(machine.backupsDir)).toEqual([]);
  });

  it('an existing --file without --replace', async () => {
    const machine = makeMachine();
    writeFileSync(machine.backupFile('fixed.bak'), 'an earlier backup');
    const run = await unattended(['--sso-dir', machine.installDir, '--file', machine.backupFile('fixed.bak'), '--reminder', REMINDER, '--yes', '--password-stdin'], { input: PASSWORD });
    expect(run.exitCode).toBe(2);
    expect((run.json['error'] as { what: string }).what).toContain('--replace');
    expect(readFileSync(machine.backupFile('fixed.bak'), 'utf8')).toBe('an earlier backup');
  });
});

describe('JSON for each failure', () => {
  it('exit 3: a required check failed (the service is stopped); checks in the JSON', async () => {
    const machine = makeMachine({ service: { state: 'stopped', account: 'CONTOSO\\svc-entsso' } });
    const run = await unattended([...answers(machine), '--password-stdin'], { input: PASSWORD });
    expect(run.exitCode).toBe(3);
    expect(run.json.status).toBe('failed');
    const checks = run.json['checks'] as { name: string; status: string }[];
    expect(checks.find((c) => c.name === 'service')?.status).toBe('failed');
  });

  it('exit 1: ssoconfig failed (not elevated, check skipped); its events in the JSON', async () => {
    const machine = makeMachine({ elevated: false });
    const run = await unattended([...answers(machine), '--password-stdin', '--skip-check', 'elevated'], { input: PASSWORD });
    expect(run.exitCode).toBe(1);
    expect(run.json).toMatchObject({ status: 'failed', exitCode: 1, backup: null });
    expect((run.json['error'] as { what: string }).what).toMatch(/local administrator|10771/);
    expect(ourBackups(machine.backupsDir)).toEqual([]);
  });

  it('exit 4: ssoconfig succeeded but the file could not be verified', async () => {
    const machine = makeMachine();
    mkdirSync(machine.backupFile('fixed.bak.sha256'));
    const run = await unattended(['--sso-dir', machine.installDir, '--file', machine.backupFile('fixed.bak'), '--reminder', REMINDER, '--yes', '--password-stdin'], { input: PASSWORD });
    expect(run.exitCode).toBe(4);
    expect(run.json).toMatchObject({ status: 'failed', exitCode: 4, backup: null });
    expect(existsSync(machine.backupFile('fixed.bak'))).toBe(false);
  });
});

describe('--if-older-than', () => {
  it('skips the second run, and backs up again after a new master secret (event 10525)', async () => {
    const machine = makeMachine();
    const args = [...answers(machine), '--password-stdin', '--if-older-than', '30d'];
    const first = await unattended(args, { input: PASSWORD });
    expect(first.json.status, first.stderr).toBe('succeeded');

    const second = await unattended(args, { input: PASSWORD });
    expect(second.exitCode).toBe(0);
    expect(second.json.status).toBe('skipped');
    expect(second.json['skipped']).toMatchObject({ existing: { file: first.json.backup!.file, sha256: first.json.backup!.sha256 } });
    expect(second.stderr).toContain('Nothing to do.');
    expect(ourBackups(machine.backupsDir)).toHaveLength(1);

    generateSecret(machine.dir);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a new file name needs a new second
    const third = await unattended(args, { input: PASSWORD });
    expect(third.json.status, third.stderr).toBe('succeeded');
    expect(third.stderr).toContain('event 10525');
    expect(ourBackups(machine.backupsDir)).toHaveLength(2);
  });

  it('a backup whose file was changed since does not count: the run backs up', async () => {
    const machine = makeMachine();
    const args = [...answers(machine), '--password-stdin', '--if-older-than', '30d'];
    const first = await unattended(args, { input: PASSWORD });
    writeFileSync(first.json.backup!.file, 'damaged');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await unattended(args, { input: PASSWORD });
    expect(second.json.status, second.stderr).toBe('succeeded');
  });
});

describe('--copy-to', () => {
  it('copies the file, its receipt and manifest, read back by SHA-256', async () => {
    const machine = makeMachine();
    const share = path.join(tempDir(), 'share', 'SSOSIM01');
    const run = await unattended([...answers(machine), '--password-stdin', '--copy-to', share], { input: PASSWORD });
    expect(run.exitCode, run.stderr).toBe(0);
    const name = path.basename(run.json.backup!.file);
    expect(readdirSync(share).sort()).toEqual([name, `${name}.manifest.json`, `${name}.sha256`]);
    expect(readFileSync(path.join(share, name))).toEqual(readFileSync(run.json.backup!.file));
    expect(run.json['copies']).toEqual([{ destination: share, file: path.join(share, name), ok: true, sha256: run.json.backup!.sha256, error: null }]);
  });

  it('an unwritable destination: exit 5, the first file kept and verified', async () => {
    const machine = makeMachine();
    const blocker = path.join(tempDir(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const run = await unattended([...answers(machine), '--password-stdin', '--copy-to', path.join(blocker, 'sub')], { input: PASSWORD });
    expect(run.exitCode).toBe(5);
    expect(run.json.status).toBe('failed');
    expect(run.json.backup).not.toBeNull();
    expectBackupFiles(run.json.backup!.file);
    expect((run.json['copies'] as { ok: boolean }[])[0]!.ok).toBe(false);
  });
});

describe('--keep', () => {
  it('removes only older backups of this host made by sso-backup', async () => {
    const machine = makeMachine();
    const folder = machine.backupsDir;
    const made: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 1100));
      const run = await unattended([...answers(machine), '--password-stdin'], { input: PASSWORD });
      made.push(run.json.backup!.file);
    }
    // Look-alikes that are not ours, or not provably ours: never touched.
    const strangers = {
      otherHost: 'SSO-BTS02-20200101-000000.bak',
      noReceipt: 'SSO-SSOSIM01-20200101-000000.bak',
      tampered: 'SSO-SSOSIM01-20200102-000000.bak',
      receiptOnly: 'SSO-SSOSIM01-20200103-000000.bak',
      handMade: 'mastersecret_SSOSIM01.bak',
    };
    for (const name of Object.values(strangers)) writeFileSync(path.join(folder, name), name);
    writeFileSync(path.join(folder, `${strangers.otherHost}.sha256`), `${'0'.repeat(64)}  ${strangers.otherHost}\n`);
    writeFileSync(path.join(folder, `${strangers.tampered}.sha256`), `${'0'.repeat(64)}  ${strangers.tampered}\n`);
    const receiptOnly = path.join(folder, strangers.receiptOnly);
    writeFileSync(`${receiptOnly}.sha256`, `${createHash('sha256').update(readFileSync(receiptOnly)).digest('hex')}  ${strangers.receiptOnly}\n`);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const run = await unattended([...answers(machine), '--password-stdin', '--keep', '2'], { input: PASSWORD });
    expect(run.exitCode, run.stderr).toBe(0);
    const oldest = made.slice(0, 2);
    expect([...(run.json['removed'] as string[])].sort()).toEqual(oldest.flatMap((f) => [f, `${f}.sha256`, `${f}.manifest.json`]).sort());
    for (const name of Object.values(strangers)) expect(existsSync(path.join(folder, name))).toBe(true);
    const strangerNames: string[] = Object.values(strangers);
    expect(ourBackups(folder).filter((n) => !strangerNames.includes(n))).toEqual([path.basename(made[2]!), path.basename(run.json.backup!.file)].sort());
    expect(run.json['warnings'] as string[]).toEqual(
      expect.arrayContaining([expect.stringMatching(/20200101-000000\.bak is kept: it has no receipt/), expect.stringMatching(/20200102-000000\.bak is kept: its SHA-256 does not match/), expect.stringMatching(/20200103-000000\.bak is kept: it has no manifest/)]),
    );
  });
});

describe('--dry-run', () => {
  it('runs every check, prints the plan, and writes nothing', async () => {
    const machine = makeMachine();
    const eventsBefore = readEvents(machine.dir).length;
    const folder = path.join(machine.dir, 'new-folder');
    const run = await unattended(['--sso-dir', machine.installDir, '--folder', folder, '--create-folder', '--reminder', REMINDER, '--password-stdin', '--dry-run'], { input: PASSWORD });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.json).toMatchObject({ status: 'planned', dryRun: true, backup: null });
    expect((run.json['checks'] as unknown[]).length).toBe(7);
    expect(run.stderr).toContain('The plan (dry run: nothing will be run or written)');
    expect(existsSync(folder)).toBe(false);
    expect(readEvents(machine.dir).length).toBe(eventsBefore);
    expect(readEvents(machine.dir, 'Security').some((e) => e.data['Process Command Line']?.includes('-backupsecret'))).toBe(false);
  });
});

describe('the canary password', () => {
  it('is nowhere: stdout, stderr, JSON, manifest, receipt, copies, events, children argv and environment', async () => {
    const canary = uniqueCanary('Canary-Quill');
    const machine = makeMachine();
    const share = tempDir();
    const [command, args] = cli('--json', ...answers(machine), '--password-env', 'SSO_BACKUP_PW', '--copy-to', share);
    const child = execa(command, args, {
      reject: false,
      env: { SSO_BACKUP_PW: canary, CI: undefined },
      stdin: 'ignore',
    });
    // sso-backup's own environ is the block it was started with (it held the variable until it took it), and so
    // is that of a copy of it forked to start a child, until the child's program replaces it: the same process
    // image, with the same command line. What matters is that no other program ever sees the password.
    const itself = [command, ...args].join('\0') + '\0';
    const seen = new Set<string>();
    let done = false;
    void child.finally(() => (done = true));
    while (!done) {
      for (const hit of processesHolding(canary, (cmdline) => cmdline === itself)) if (!hit.startsWith(`${child.pid} `)) seen.add(hit);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    const result = await child;
    expect(result.exitCode, result.stderr).toBe(0);
    expect([...seen]).toEqual([]);
    expect(result.stdout).not.toContain(canary);
    expect(result.stderr).not.toContain(canary);
    expect(filesHolding(machine.dir, canary)).toEqual([]);
    expect(filesHolding(share, canary)).toEqual([]);
  });
});

describe('verify --json', () => {
  it('a good file: succeeded with its hash and reminder; a tampered one: failed, exit 4; both match the schema', async () => {
    const machine = makeMachine();
    const made = await unattended([...answers(machine), '--password-stdin'], { input: PASSWORD });
    const file = made.json.backup!.file;
    const verify = async (): Promise<Run> => {
      const result = await execa(...cli('verify', file, '--json'), { reject: false, stdin: 'ignore' });
      const json = JSON.parse(result.stdout) as Run['json'];
      if (!validate(json)) throw new Error(ajv.errorsText(validate.errors));
      return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr, json };
    };
    const ok = await verify();
    expect(ok.exitCode).toBe(0);
    expect(ok.json).toMatchObject({ command: 'verify', status: 'succeeded', backup: { file, sha256: made.json.backup!.sha256, reminder: REMINDER } });

    const bytes = readFileSync(file);
    bytes[10] = bytes[10]! ^ 1;
    writeFileSync(file, bytes);
    const bad = await verify();
    expect(bad.exitCode).toBe(4);
    expect(bad.json).toMatchObject({ command: 'verify', status: 'failed', exitCode: 4 });
  });
});

describe('stopped by the runbook engine', () => {
  it('SIGTERM while ssoconfig hangs: ssoconfig stopped, exit 130, "cancelled" in the JSON, no file left as a backup', async () => {
    const machine = makeMachine({ variants: { afterLastPrompt: 'hang' } });
    const child = execa(...cli('--json', ...answers(machine), '--password-stdin'), {
      reject: false,
      input: PASSWORD,
      env: { CI: undefined },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = Date.now() + 20_000;
    while (!stderr.includes('backing up the master secret') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    const result = await child;
    expect(result.exitCode, stderr).toBe(130);
    const json = JSON.parse(result.stdout) as Run['json'];
    expect(validate(json), ajv.errorsText(validate.errors)).toBe(true);
    expect(json).toMatchObject({ status: 'cancelled', exitCode: 130, backup: null });
    expect(ourBackups(machine.backupsDir)).toEqual([]);
    expect(processesHolding(machine.installDir)).toEqual([]);
  });
});

describe('found in review: each stays fixed', () => {
  it('--replace, then ssoconfig fails: the earlier file, its receipt and manifest are all back, and it still verifies', async () => {
    const machine = makeMachine();
    const fixed = machine.backupFile('fixed.bak');
    const base = ['--sso-dir', machine.installDir, '--file', fixed, '--reminder', REMINDER, '--yes', '--password-stdin'];
    const first = await unattended(base, { input: PASSWORD });
    expect(first.exitCode, first.stderr).toBe(0);
    const before = ['', '.sha256', '.manifest.json'].map((suffix) => readFileSync(`${fixed}${suffix}`, 'utf8'));

    const state = JSON.parse(readFileSync(path.join(machine.dir, 'machine.json'), 'utf8')) as { elevated: boolean };
    state.elevated = false;
    writeFileSync(path.join(machine.dir, 'machine.json'), JSON.stringify(state));
    const second = await unattended([...base, '--replace', '--skip-check', 'elevated'], { input: PASSWORD });
    expect(second.exitCode).toBe(1);
    expect(['', '.sha256', '.manifest.json'].map((suffix) => readFileSync(`${fixed}${suffix}`, 'utf8'))).toEqual(before);
    const verified = await execa(...cli('verify', fixed), { reject: false });
    expect(verified.exitCode, verified.stdout).toBe(0);
  });

  it('--if-older-than does not skip while a --copy-to copy is missing (the retry after exit 5)', async () => {
    const machine = makeMachine();
    const blocker = path.join(tempDir(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const first = await unattended([...answers(machine), '--password-stdin', '--copy-to', path.join(blocker, 'sub')], { input: PASSWORD });
    expect(first.exitCode).toBe(5);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const share = tempDir();
    const retry = await unattended([...answers(machine), '--password-stdin', '--if-older-than', '1d', '--copy-to', share], { input: PASSWORD });
    expect(retry.json.status, retry.stderr).toBe('succeeded');
    expect(retry.stderr).toMatch(/--copy-to\) is missing/);
    expect(readdirSync(share)).toHaveLength(3);
    const again = await unattended([...answers(machine), '--password-stdin', '--if-older-than', '1d', '--copy-to', share], { input: PASSWORD });
    expect(again.json.status).toBe('skipped');
  });

  it('--dry-run finds a --copy-to destination that cannot be written: exit 5, nothing written', async () => {
    const machine = makeMachine();
    const blocker = path.join(tempDir(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const run = await unattended([...answers(machine), '--password-stdin', '--dry-run', '--copy-to', path.join(blocker, 'sub')], { input: PASSWORD });
    expect(run.exitCode).toBe(5);
    expect((run.json['error'] as { what: string }).what).toContain('is not a folder that can be reached');
    expect(readdirSync(machine.backupsDir)).toEqual([]);
  });

  it('a vault note that gives the password away is refused (it goes into the manifest)', async () => {
    const machine = makeMachine();
    const run = await unattended([...answers(machine), '--password-stdin', '--vault-note', `KeePass entry ${PASSWORD.slice(0, 10)}`], { input: PASSWORD });
    expect(run.exitCode).toBe(2);
    expect((run.json['error'] as { what: string }).what).toContain('--vault-note');
    expect(run.stdout + run.stderr).not.toContain(PASSWORD.slice(0, 10));
  });

  it('a damaged simulated machine.json: exit 2 in the JSON and in the process alike', async () => {
    const machine = makeMachine();
    const state = JSON.parse(readFileSync(path.join(machine.dir, 'machine.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(machine.dir, 'machine.json'), JSON.stringify({ ...state, elevated: 'yes' }));
    const run = await unattended([...answers(machine), '--password-stdin'], { input: PASSWORD });
    expect(run.exitCode).toBe(2);
    expect(run.json.exitCode).toBe(2);
  });

  it('a password typed where the variable name belongs is not repeated', async () => {
    const run = await unattended(['--password-env', PASSWORD, '--folder', tempDir(), '--reminder', REMINDER, '--yes']);
    expect(run.exitCode).toBe(2);
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
  });

  it('--yes in a terminal: nothing is asked, and the reason is said', async () => {
    const machine = makeMachine();
    const term = runInTerminal(...cli('--sso-dir', machine.installDir, '--yes'), { env: { ...process.env, CI: undefined } });
    expect((await term.exited).exitCode).toBe(2);
    expect(term.screen()).toContain('(--yes was given)');
    expect(term.screen()).not.toContain('? Backup file');
  });
});
