/**
 * The console driver against the simulator through a real pseudo-terminal, in every variant of every
 * unconfirmed behaviour, and against every failure the machine state can give.
 */
import { readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backUpSecret, loadNodePty, type BackupSecretRequest } from '../../src/console/backup-secret.js';
import { Secret } from '../../src/console/secret.js';
import { ENTSSO_ERRORS, formatHresult } from '../../src/entsso/errors.js';
import { ENTSSO_EVENTS } from '../../src/entsso/facts.js';
import { decryptBackup, readBackupReminder } from '../../src/simulator/backup-file.js';
import { readEvents } from '../../src/simulator/event-log.js';
import type { MachineStateOverrides } from '../../src/simulator/machine-state.js';
import { DEFAULT_VARIANTS, eachSingleVariant, type Variants } from '../../src/simulator/variants.js';
import { makeMachine, type TestMachine } from '../support/machine.js';

const PASSWORD = 'Tr0ub4dor&3-horse';
const REMINDER = 'the horse one, in the team vault';

function request(machine: TestMachine, extra: Partial<BackupSecretRequest> = {}): BackupSecretRequest {
  return {
    installDir: machine.installDir,
    file: machine.backupFile(),
    password: new Secret(PASSWORD),
    reminder: REMINDER,
    limits: { finishTimeoutMs: 4_000, promptTimeoutMs: 8_000, unknownPromptMs: 1_500 },
    ...extra,
  };
}

function eventsOf(machine: TestMachine, id: number) {
  return readEvents(machine.dir).filter((event) => event.id === id);
}

const finishing = eachSingleVariant().filter((row) => row.variants.afterLastPrompt !== 'hang');

describe('backs up the secret in every variant', () => {
  it.each([{ name: 'defaults', variants: DEFAULT_VARIANTS }, ...finishing])('$name', async ({ variants }) => {
    const machine = makeMachine({ variants });
    const outcome = await backUpSecret(request(machine));

    expect(outcome.ok, JSON.stringify(outcome, null, 2)).toBe(true);
    const bytes = readFileSync(machine.backupFile());
    expect(readBackupReminder(bytes).reminder).toBe(REMINDER);
    const state = JSON.parse(readFileSync(`${machine.dir}/machine.json`, 'utf8')) as { secret: { key: string } };
    expect(decryptBackup(bytes, PASSWORD).secretKey).toBe(state.secret.key);
    expect(eventsOf(machine, ENTSSO_EVENTS.backupSucceeded).map((e) => e.data['File Name'])).toEqual([machine.backupFile()]);
    expect(outcome.facts.answered).toEqual({ password: true, confirm: true, reminder: true, overwrite: false });
    expect(outcome.facts.transcript).not.toContain(PASSWORD);
    if (variants.successText === 'shown') {
      expect(outcome.ok && outcome.successLine).toBe('The operation completed successfully.');
    } else {
      expect(outcome.ok && outcome.warnings.join(' ')).toMatch(/no success message/);
    }
  });
});

describe('reads only ssoconfig\'s own words for errors, not the echo of our answers', () => {
  it.each(['KeePass entry 0xC0FFEE42 on the PROD share', 'Access is denied. Ask Anna for the vault', 'ERROR: not a real one, see vault'])(
    'a reminder like "%s" is no error',
    async (reminder) => {
      const machine = makeMachine();
      const outcome = await backUpSecret(request(machine, { reminder }));
      expect(outcome.ok, JSON.stringify(outcome, null, 2)).toBe(true);
      expect(readBackupReminder(readFileSync(machine.backupFile())).reminder).toBe(reminder);
    },
  );
});

describe('stops a run that hangs after the last prompt', () => {
  it('kills it at the finish limit and reports a failure with the transcript', async () => {
    const machine = makeMachine({ variants: { afterLastPrompt: 'hang' } });
    const events: string[] = [];
    let pid: number | undefined;
    const started = Date.now();
    const outcome = await backUpSecret(
      request(machine, {
        limits: { finishTimeoutMs: 1_500 },
        onEvent: (event) => {
          events.push(event.type);
          if (event.type === 'started') pid = event.pid;
        },
      }),
    );
    const took = Date.now() - started;

    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.failure.kind).toBe('finish-timeout');
    expect(!outcome.ok && outcome.failure.what).toMatch(/did not finish within 1.5 s/);
    expect(outcome.facts.transcript).toMatch(/Enter a password reminder: the horse one/);
    expect(took).toBeLessThan(1_500 + 6_000); // bounded: limit plus kill and start-up, not a hang
    expect(events).toContain('stopping');
    expect(() => process.kill(pid!, 0)).toThrow(); // the child is gone
    expect(existsSync(machine.backupFile())).toBe(false);
  });
});

describe('judges every simulated fault a failure, through a real pseudo-terminal', () => {
  const limits = { finishTimeoutMs: 1_500, promptTimeoutMs: 2_500, unknownPromptMs: 1_500 };
  it.each([
    { fault: 'exit-before-prompts', kind: 'exit-code', file: false },
    { fault: 'exit-between-prompts', kind: 'exit-code', file: false },
    { fault: 'exit-after-prompts', kind: 'exit-code', file: false },
    { fault: 'truncated-file', kind: 'exit-code', file: true },
    { fault: 'disk-full', kind: 'ssoconfig-error', file: true },
    { fault: 'crash', kind: 'exit-code', file: false },
    { fault: 'hang-before-prompts', kind: 'prompt-timeout', file: false },
    { fault: 'hang-after-write', kind: 'finish-timeout', file: true },
  ] as const)('$fault: $kind', async ({ fault, kind, file }) => {
    const machine = makeMachine({ variants: { fault } });
    const outcome = await backUpSecret(request(machine, { limits }));
    expect(outcome.ok, JSON.stringify(outcome, null, 2)).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failure.kind).toBe(kind);
    expect(existsSync(machine.backupFile())).toBe(file);
    for (const part of [outcome.failure.what, outcome.failure.why, outcome.failure.next]) expect(part.length).toBeGreaterThan(10);
    if (fault === 'crash') {
      // Linux and macOS: the simulator dies of SIGSEGV (on Windows its exit code is 0xC0000005).
      expect(outcome.facts.signal).toBe('SIGSEGV');
      expect(outcome.failure.what).toBe('ssoconfig crashed (it died of signal SIGSEGV) without printing an error, after the last answer.');
    }
    if (fault === 'disk-full') expect(outcome.failure.error?.hresult).toBe(0x80070070);
    const when = { 'exit-before-prompts': 'before it asked for the password', 'exit-between-prompts': 'after the password was typed' } as Record<string, string>;
    if (when[fault]) expect(outcome.failure.what).toBe(`ssoconfig exited with code 1 without printing an error, ${when[fault]}.`);
  });

  it('exit 0 and no word after a truncated file: the driver cannot tell (the flow reads the file back)', async () => {
    const machine = makeMachine({ variants: { fault: 'truncated-file', exitCodeOnError: 'zero' } });
    const outcome = await backUpSecret(request(machine, { limits }));
    expect(outcome.ok).toBe(true);
    expect(outcome.ok && outcome.warnings.join(' ')).toMatch(/no success message/);
  });
});

type Failing = { name: string; state: MachineStateOverrides; hresult: number; text: RegExp };
const FAILURES: Failing[] = [
  { name: 'service stopped', state: { service: { state: 'stopped', account: 'X\\y' } }, hresult: 0x800706ba, text: /RPC server is unavailable/ },
  { name: 'service starting', state: { service: { state: 'start-pending', account: 'X\\y' } }, hresult: ENTSSO_ERRORS.offline.hresult, text: /offline/ },
  { name: 'service not responding', state: { service: { state: 'not-responding', account: 'X\\y' } }, hresult: ENTSSO_ERRORS.cannotContactServer.hresult, text: /Could not contact the SSO server 'SSOSIM01'/ },
  { name: 'not elevated', state: { elevated: false }, hresult: ENTSSO_ERRORS.notLocalAdministrator.hresult, text: /local administrator/ },
  { name: 'not an SSO administrator', state: { ssoAdministrator: false }, hresult: ENTSSO_ERRORS.notSsoAdministrator.hresult, text: /SSO Administrators/ },
  { name: 'not the master secret server', state: { masterSecretServer: 'BTS02' }, hresult: ENTSSO_ERRORS.notMasterSecretServer.hresult, text: /master secret server/ },
];

describe.each([
  { exitCodeOnError: 'nonzero', checksAt: 'after-prompts' },
  { exitCodeOnError: 'zero', checksAt: 'after-prompts' },
  { exitCodeOnError: 'zero', checksAt: 'before-prompts' },
] as const)('reports what the machine refuses (exit code $exitCodeOnError, checks $checksAt)', (variants: Partial<Variants>) => {
  it.each(FAILURES)('$name', async ({ state, hresult, text }) => {
    const machine = makeMachine({ ...state, variants });
    const outcome = await backUpSecret(request(machine));

    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failure.kind).toBe('ssoconfig-error');
    expect(outcome.failure.error?.hresult).toBe(hresult);
    expect(outcome.failure.what).toMatch(text);
    expect(outcome.failure.what).toContain(formatHresult(hresult));
    expect(outcome.failure.next.length).toBeGreaterThan(20);
    expect(outcome.facts.exitCode).toBe(variants.exitCodeOnError === 'zero' ? 0 : 1);
    expect(outcome.facts.answered?.password).toBe(variants.checksAt === 'after-prompts');
    expect(existsSync(machine.backupFile())).toBe(false);
    expect(eventsOf(machine, ENTSSO_EVENTS.backupFailed)).toHaveLength(1);
  });
});

describe('reports a target ENTSSO cannot write', () => {
  it('not NTFS: 10759, and event 10561', async () => {
    const machine = makeMachine();
    writeFileSync(`${machine.dir}/machine.json`, readFileSync(`${machine.dir}/machine.json`, 'utf8').replace('"notNtfs": []', `"notNtfs": [${JSON.stringify(machine.backupsDir)}]`));
    const outcome = await backUpSecret(request(machine));
    expect(!outcome.ok && outcome.failure.error?.hresult).toBe(ENTSSO_ERRORS.notNtfs.hresult);
    expect(eventsOf(machine, ENTSSO_EVENTS.backupTargetNotNtfs)).toHaveLength(1);
  });

  it('a folder that does not exist: 10784', async () => {
    const machine = makeMachine();
    const outcome = await backUpSecret(request(machine, { file: `${machine.backupsDir}/missing/x.bak` }));
    expect(!outcome.ok && outcome.failure.error?.hresult).toBe(ENTSSO_ERRORS.cannotCreateFile.hresult);
    expect(!outcome.ok && outcome.failure.next).toMatch(/folder exists/);
  });
});

describe('an existing target file', () => {
  const existing = (machine: TestMachine): string => {
    writeFileSync(machine.backupFile(), 'an earlier backup');
    return readFileSync(machine.backupFile(), 'utf8');
  };

  it('overwritten silently: a success, and the file is new', async () => {
    const machine = makeMachine({ variants: { existingFile: 'overwrite' } });
    existing(machine);
    const outcome = await backUpSecret(request(machine));
    expect(outcome.ok).toBe(true);
    expect(readFileSync(machine.backupFile(), 'utf8')).not.toBe('an earlier backup');
  });

  it('refused by ssoconfig: a failure, the earlier file untouched', async () => {
    const machine = makeMachine({ variants: { existingFile: 'refuse' } });
    const before = existing(machine);
    const outcome = await backUpSecret(request(machine));
    expect(!outcome.ok && outcome.failure.error?.hresult).toBe(ENTSSO_ERRORS.fileExists.hresult);
    expect(readFileSync(machine.backupFile(), 'utf8')).toBe(before);
  });

  it('asked about, and overwriting not allowed: the driver says no, the earlier file untouched', async () => {
    const machine = makeMachine({ variants: { existingFile: 'ask' } });
    const before = existing(machine);
    const mtime = statSync(machine.backupFile()).mtimeMs;
    const outcome = await backUpSecret(request(machine));
    expect(!outcome.ok && outcome.failure.kind).toBe('overwrite-refused');
    expect(readFileSync(machine.backupFile(), 'utf8')).toBe(before);
    expect(statSync(machine.backupFile()).mtimeMs).toBe(mtime);
  });

  it('asked about, and overwriting allowed: the driver says yes', async () => {
    const machine = makeMachine({ variants: { existingFile: 'ask' } });
    existing(machine);
    const outcome = await backUpSecret(request(machine, { overwrite: true }));
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
    expect(outcome.facts.answered?.overwrite).toBe(true);
  });
});

describe('the end of a run', () => {
  it('node-pty reports the exit once the output has ended: the run keeps the last line and does not read on', async () => {
    expect((await loadNodePty()).exitEndsOutput).toBe(true);
    const machine = makeMachine();
    // A drain this long would outlast the test: the run must end on the exit itself.
    const outcome = await backUpSecret(request(machine, { limits: { finishTimeoutMs: 4_000, promptTimeoutMs: 8_000, drainMs: 600_000 } }));
    expect(outcome.ok, JSON.stringify(outcome, null, 2)).toBe(true);
    expect(outcome.ok && outcome.successLine).toBe('The operation completed successfully.');
  });
});

describe('a missing ssoconfig.exe', () => {
  it('is a failure that names the path, before anything runs', async () => {
    const machine = makeMachine();
    const outcome = await backUpSecret(request(machine, { installDir: machine.backupsDir }));
    expect(!outcome.ok && outcome.failure.kind).toBe('spawn-failed');
    expect(!outcome.ok && outcome.failure.why).toContain(`${machine.backupsDir}/ssoconfig.exe does not exist`);
  });
});

describe('cancellation', () => {
  it('an aborted signal stops the child and reports cancelled', async () => {
    const machine = makeMachine({ variants: { afterLastPrompt: 'hang' } });
    const controller = new AbortController();
    const outcome = await backUpSecret(
      request(machine, {
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'answered' && event.answer === 'reminder') setTimeout(() => controller.abort(), 200);
        },
      }),
    );
    expect(!outcome.ok && outcome.failure.kind).toBe('cancelled');
    expect(existsSync(machine.backupFile())).toBe(false);
  });
});
