/**
 * The simulator's faults (variants.ts `fault`), played by the ssoconfig player with scripted answers: where each
 * stops, what it prints, what it leaves on disk, its events and its end (exit code, hang or crash); the process
 * end of a crash (player-program.ts `crash`); and what sso-backup makes of what a fault leaves: a crash named as
 * one (outcome.ts), a file read back before it gets a receipt (run-ssoconfig.ts, verify-backup.ts).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { crashOf, decideOutcome, type BackupOutcome } from '../../src/console/outcome.js';
import { Secret } from '../../src/console/secret.js';
import { runSsoconfig } from '../../src/flow/steps/run-ssoconfig.js';
import { verifyBackup } from '../../src/flow/steps/verify-backup.js';
import type { Machine } from '../../src/machine/machine.js';
import { SimulatedMachine } from '../../src/machine/simulated-machine.js';
import { createStyle } from '../../src/ui/style.js';
import { ENTSSO_ERRORS, formatHresult } from '../../src/entsso/errors.js';
import { ENTSSO_EVENTS } from '../../src/entsso/facts.js';
import { BackupFileFormatError, decryptBackup, readBackupReminder } from '../../src/simulator/backup-file.js';
import type { AnswerReader } from '../../src/simulator/console-input.js';
import { readEvents } from '../../src/simulator/event-log.js';
import { backupsDirOf, createSimulatedMachine } from '../../src/simulator/machine-layout.js';
import { parseMachineState, readMachineState, type MachineStateOverrides } from '../../src/simulator/machine-state.js';
import { crash } from '../../src/simulator/player-program.js';
import { playSsoconfig, STATUS_ACCESS_VIOLATION, type PlayResult } from '../../src/simulator/ssoconfig-player.js';
import { DEFAULT_VARIANTS, eachSingleVariant, FAULTS, VARIANT_CHOICES, type Fault, type Variants } from '../../src/simulator/variants.js';

const PASSWORD = 'Quiet-Harbor-Maple-4417';
const REMINDER = 'Vault: BizTalk / SSO';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

interface Played {
  result: PlayResult;
  output: string;
  asked: string[];
  file: string;
  machineDir: string;
}

async function play(variants: Partial<Variants>, overrides: MachineStateOverrides = {}): Promise<Played> {
  const machineDir = mkdtempSync(path.join(tmpdir(), 'sso-faults-unit-'));
  made.push(machineDir);
  createSimulatedMachine(machineDir, { state: { ...overrides, variants }, launcher: { kind: 'script', command: '/bin/true', args: [] } });
  const file = path.join(backupsDirOf(machineDir), 'new.bak');
  const answers = [PASSWORD, PASSWORD, REMINDER];
  const asked: string[] = [];
  let output = '';
  const reader: AnswerReader = {
    ask: (prompt) => {
      asked.push(prompt);
      output += prompt;
      return Promise.resolve(answers.shift() ?? '');
    },
    close: () => undefined,
  };
  const result = await playSsoconfig(['-backupsecret', file], machineDir, {
    write: (text) => {
      output += text;
    },
    openReader: () => reader,
    cwd: machineDir,
  });
  return { result, output, asked, file, machineDir };
}

const backupEvents = (machineDir: string) =>
  readEvents(machineDir).filter((e) => e.id === ENTSSO_EVENTS.backupSucceeded || e.id === ENTSSO_EVENTS.backupFailed);

describe('the fault switch', () => {
  it('offers every fault, none by default, and stays out of the matrix of behaviours a backup must survive', () => {
    expect(VARIANT_CHOICES.fault).toEqual(FAULTS);
    expect(DEFAULT_VARIANTS.fault).toBe('none');
    expect(eachSingleVariant().every((row) => row.variants.fault === 'none')).toBe(true);
  });

  it('is read from machine.json, and a value that is not a fault is refused', async () => {
    const { machineDir } = await play({ fault: 'crash' });
    expect(readMachineState(machineDir).variants.fault).toBe('crash');
    const raw = JSON.parse(readFileSync(path.join(machineDir, 'machine.json'), 'utf8')) as { variants: Record<string, string> };
    raw.variants['fault'] = 'explode';
    expect(() => parseMachineState(raw)).toThrow(/variants\.fault must be one of none, exit-before-prompts/);
  });
});

describe('each fault, played', () => {
  it('none: the backup is written, as before', async () => {
    const { result, output, file, machineDir } = await play({ fault: 'none' });
    expect(result).toEqual({ exitCode: 0 });
    expect(output).toContain('The operation completed successfully.');
    expect(decryptBackup(readFileSync(file), PASSWORD).msid).toBe(readMachineState(machineDir).secret.msid);
  });

  it.each([
    ['exit-before-prompts', 0],
    ['exit-between-prompts', 1],
    ['exit-after-prompts', 3],
  ] as const)('%s: ends without a word after %i prompts, with its error exit code, and writes nothing', async (fault, prompts) => {
    for (const exitCodeOnError of ['nonzero', 'zero'] as const) {
      const { result, output, asked, file, machineDir } = await play({ fault, exitCodeOnError });
      expect(result).toEqual({ exitCode: exitCodeOnError === 'zero' ? 0 : 1 });
      expect(asked).toHaveLength(prompts);
      expect(output).not.toMatch(/ERROR|completed/);
      expect(existsSync(file)).toBe(false);
      expect(backupEvents(machineDir)).toEqual([]);
    }
  });

  it('truncated-file: half the file, no word, the error exit code (0 with exitCodeOnError zero); the file does not open', async () => {
    for (const exitCodeOnError of ['nonzero', 'zero'] as const) {
      const { result, output, asked, file, machineDir } = await play({ fault: 'truncated-file', exitCodeOnError });
      expect(result).toEqual({ exitCode: exitCodeOnError === 'zero' ? 0 : 1 });
      expect(asked).toHaveLength(3);
      expect(output).not.toMatch(/ERROR|completed/);
      const bytes = readFileSync(file);
      expect(bytes.length).toBeGreaterThan(0);
      expect(() => readBackupReminder(bytes)).toThrow(BackupFileFormatError);
      expect(backupEvents(machineDir)).toEqual([]);
    }
  });

  it('disk-full: part of the file, ERROR 0x80070070, event 10560 with that code, the error exit code', async () => {
    const { result, output, file, machineDir } = await play({ fault: 'disk-full' });
    expect(result).toEqual({ exitCode: 1 });
    expect(output).toContain(`ERROR: ${formatHresult(ENTSSO_ERRORS.diskFull.hresult)}: ${ENTSSO_ERRORS.diskFull.message}`);
    expect(formatHresult(ENTSSO_ERRORS.diskFull.hresult)).toBe('0x80070070');
    expect(output).not.toContain('completed');
    expect(readFileSync(file).length).toBeGreaterThan(0);
    expect(() => readBackupReminder(readFileSync(file))).toThrow(BackupFileFormatError);
    const events = backupEvents(machineDir);
    expect(events.map((e) => e.id)).toEqual([ENTSSO_EVENTS.backupFailed]);
    expect(events[0]!.data['Error Code']).toBe('0x80070070');
    expect((await play({ fault: 'disk-full', exitCodeOnError: 'zero' })).result).toEqual({ exitCode: 0 });
  });

  it('crash: after the last answer, nothing printed or written, no event; the program crashes', async () => {
    const { result, output, asked, file, machineDir } = await play({ fault: 'crash' });
    expect(result).toEqual({ crash: 'access-violation' });
    expect(asked).toHaveLength(3);
    expect(output).not.toMatch(/ERROR|completed/);
    expect(existsSync(file)).toBe(false);
    expect(backupEvents(machineDir)).toEqual([]);
  });

  it('hang-before-prompts: stuck before asking anything', async () => {
    const { result, asked, file } = await play({ fault: 'hang-before-prompts' });
    expect(result).toEqual({ hang: true });
    expect(asked).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });

  it('hang-after-write: the whole file and event 10559, then stuck without a success line', async () => {
    const { result, output, file, machineDir } = await play({ fault: 'hang-after-write' });
    expect(result).toEqual({ hang: true });
    expect(output).not.toContain('completed');
    expect(readBackupReminder(readFileSync(file)).reminder).toBe(REMINDER);
    expect(backupEvents(machineDir).map((e) => e.id)).toEqual([ENTSSO_EVENTS.backupSucceeded]);
  });

  it('a machine failure still comes first where it is checked: a refused folder gives 10784, not the fault', async () => {
    const { result, output, file } = await play({ fault: 'truncated-file' }, { storage: { notNtfs: [], denied: ['/'] } });
    expect(result).toEqual({ exitCode: 1 });
    expect(output).toContain(formatHresult(ENTSSO_ERRORS.cannotCreateFile.hresult));
    expect(existsSync(file)).toBe(false);
  });

  it('every fault but none is played somewhere above', () => {
    const played: Fault[] = ['exit-before-prompts', 'exit-between-prompts', 'exit-after-prompts', 'truncated-file', 'disk-full', 'crash', 'hang-before-prompts', 'hang-after-write'];
    expect([...played, 'none'].sort()).toEqual([...FAULTS].sort());
  });
});

describe('crash: the process ends as a crashed console program', () => {
  it('on Windows: exit code 0xC0000005 (3221225477), for src/bin to set', () => {
    const kill = vi.fn();
    expect(crash('win32', kill)).toBe(STATUS_ACCESS_VIOLATION);
    expect(STATUS_ACCESS_VIOLATION).toBe(3221225477);
    expect(kill).not.toHaveBeenCalled();
  });

  it('elsewhere: SIGSEGV to itself (an exit code would keep only its low byte, 5); 139 should it live on', () => {
    const kill = vi.fn();
    expect(crash('linux', kill)).toBe(139);
    expect(kill).toHaveBeenCalledWith(process.pid, 'SIGSEGV');
  });
});

describe('how the driver names a crash (outcome.ts), on Windows and elsewhere', () => {
  const facts = (exitCode: number | null, signal: string | null = null) => ({
    mode: 'pty' as const,
    command: 'ssoconfig.exe -backupsecret x.bak',
    transcript: 'Enter the password for the backup file: ****',
    exitCode,
    signal,
    answered: { password: true, confirm: true, reminder: true, overwrite: false },
    before: { exists: false as const },
    after: { exists: false as const },
  });

  it.each([
    [3221225477, null, 'exit code 0xC0000005, an access violation'],
    [-1073741819, null, 'exit code 0xC0000005, an access violation'],
    [0xc0000409, null, 'exit code 0xC0000409, a stack buffer overrun (fail fast)'],
    [0xc0001234, null, 'exit code 0xC0001234'],
    [0, 'SIGSEGV', 'it died of signal SIGSEGV'],
    [0, 'SIGABRT', 'it died of signal SIGABRT'],
  ] as const)('exit code %s, signal %s: %s', (exitCode, signal, said) => {
    expect(crashOf(facts(exitCode, signal))).toBe(said);
    const outcome = decideOutcome(facts(exitCode, signal));
    expect(!outcome.ok && outcome.failure.kind).toBe('exit-code');
    expect(!outcome.ok && outcome.failure.what).toBe(`ssoconfig crashed (${said}) without printing an error, after the last answer.`);
    expect(!outcome.ok && outcome.failure.next).toMatch(/Application Error event \(1000\)/);
  });

  it.each([
    [1, null],
    [5, null],
    [0xc000013a, null],
    [0xc0002a20, null], // ENTSSO's own "could not create the file" as an exit code: an error, not a crash
    [0xc0002a14 - 0x1_0000_0000, null], // the same range, as a signed 32-bit exit code
    [0xc00029ff, null], // an ENTSSO code not in our table is still not a crash
    [0, 'SIGKILL'],
    [0, 'SIGTERM'],
  ] as const)('exit code %s, signal %s: a failure, not called a crash', (exitCode, signal) => {
    expect(crashOf(facts(exitCode, signal))).toBeUndefined();
    expect(decideOutcome(facts(exitCode, signal)).ok).toBe(false);
  });

  it('says where in the conversation it ended', () => {
    const at = (answered: { password: boolean; confirm: boolean; reminder: boolean }) => {
      const outcome = decideOutcome({ ...facts(1), answered: { ...answered, overwrite: false } });
      return !outcome.ok && outcome.failure.what;
    };
    expect(at({ password: false, confirm: false, reminder: false })).toBe('ssoconfig exited with code 1 without printing an error, before it asked for the password.');
    expect(at({ password: true, confirm: false, reminder: false })).toBe('ssoconfig exited with code 1 without printing an error, after the password was typed.');
    expect(at({ password: true, confirm: true, reminder: false })).toBe('ssoconfig exited with code 1 without printing an error, after the password and its confirmation were typed.');
    expect(at({ password: true, confirm: true, reminder: true })).toBe('ssoconfig exited with code 1 without printing an error, after the last answer.');
    const exitZero = decideOutcome({ ...facts(0), answered: { password: true, confirm: false, reminder: false, overwrite: false } });
    expect(!exitZero.ok && exitZero.failure.what).toBe('ssoconfig ended with exit code 0, after the password was typed, and the backup file does not exist.');
    const finished = decideOutcome(facts(0));
    expect(!finished.ok && finished.failure.what).toBe('ssoconfig finished, but the backup file does not exist.');
    const handover: Partial<ReturnType<typeof facts>> = { ...facts(1) };
    delete handover.answered;
    const outcome = decideOutcome({ ...(handover as ReturnType<typeof facts>), mode: 'handover' });
    expect(!outcome.ok && outcome.failure.what).toBe('ssoconfig exited with code 1 without printing an error.');
  });
});

describe('the flow reads a file back before it is trusted (run-ssoconfig.ts, verify-backup.ts)', () => {
  const quietCtx = (machine: Machine, outcome: BackupOutcome) => ({
    backUp: () => Promise.resolve(outcome),
    progress: { start: () => undefined, persist: () => undefined, stop: () => undefined },
    out: () => undefined,
    style: createStyle(new PassThrough()),
    signal: new AbortController().signal,
    options: { unattended: true },
    machine,
  });
  const okOutcome = (file: string): BackupOutcome => ({
    ok: true,
    warnings: [],
    facts: {
      mode: 'pty',
      command: 'ssoconfig.exe',
      transcript: '',
      exitCode: 0,
      signal: null,
      before: { exists: false },
      after: { exists: true, size: readFileSync(file).length, sha256: 'x', mtimeMs: Date.now() },
    },
  });
  const run = async (machine: Machine, file: string, reminder = REMINDER) => {
    const startedAt = new Date(Date.now() - 1_000);
    const outcome = await runSsoconfig(quietCtx(machine, okOutcome(file)) as never, { installDir: '/x', file, password: new Secret(PASSWORD), reminder });
    return { outcome, verdict: await verifyBackup(outcome, file, startedAt) };
  };

  it('a truncated file that ssoconfig left with exit 0 and no word gets no receipt (exit 4)', async () => {
    const { file, machineDir } = await play({ fault: 'truncated-file', exitCodeOnError: 'zero' });
    const { outcome, verdict } = await run(new SimulatedMachine(machineDir), file);
    expect(outcome.ok && outcome.notABackup).toMatch(/does not open as a backup .*cut short or damaged/);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.exitCode).toBe(4);
    expect(!verdict.ok && verdict.problem.why).toContain(file);
    expect(existsSync(`${file}.sha256`)).toBe(false);
  });

  it('a file holding another reminder is not the backup made', async () => {
    const { file, machineDir } = await play({ fault: 'none' });
    const { verdict } = await run(new SimulatedMachine(machineDir), file, 'another reminder');
    expect(!verdict.ok && verdict.problem.why).toMatch(/holds another reminder/);
    expect(existsSync(`${file}.sha256`)).toBe(false);
  });

  it('a good file: the receipt is written', async () => {
    const { file, machineDir } = await play({ fault: 'none' });
    const { verdict } = await run(new SimulatedMachine(machineDir), file);
    expect(verdict.ok).toBe(true);
    expect(existsSync(`${file}.sha256`)).toBe(true);
  });

  it('on Windows, a reminder the ENTSSO API could not read is a warning, not a failure', async () => {
    const { file } = await play({ fault: 'none' });
    const windows = { kind: 'windows', remindersReadExactly: false, backupReminder: () => Promise.resolve({ ok: false, why: 'Windows PowerShell printed nothing.' }) } as unknown as Machine;
    const { outcome, verdict } = await run(windows, file);
    expect(verdict.ok).toBe(true);
    expect(outcome.ok && outcome.warnings.join(' ')).toMatch(/could not be read back from the new file \(Windows PowerShell printed nothing\); only a restore proves it/);
    expect(outcome.ok && outcome.unconfirmed).toMatch(/could not be read back/);
  });

  it('on Windows, another reminder read back is a warning too (what the ENTSSO API gives back is unconfirmed)', async () => {
    const { file } = await play({ fault: 'none' });
    const windows = { kind: 'windows', remindersReadExactly: false, backupReminder: () => Promise.resolve({ ok: true, reminder: `${REMINDER} `, how: 'x' }) } as unknown as Machine;
    const { outcome, verdict } = await run(windows, file);
    expect(verdict.ok).toBe(true);
    expect(outcome.ok && outcome.warnings.join(' ')).toContain(`The reminder read back from the new file (${REMINDER.length + 1} characters) is not the one typed (${REMINDER.length} characters)`);
    expect(outcome.ok && outcome.unconfirmed).toMatch(/only a restore proves the file/);
  });
});
