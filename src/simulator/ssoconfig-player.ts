/**
 * The simulated `ssoconfig.exe`: plays `-backupsecret` and `-restoresecret` against a simulated machine.
 *
 * Facts played, from ../shared/reference/entsso.md:
 * - section 2: switches (matched case-insensitively, UNCONFIRMED), prompts in the order password, confirmation,
 *   reminder, typed keys echoed as `*`, read from the console; error lines as `ERROR: 0x<HRESULT>: <message>`;
 *   restore prints the reminder first and "The operation completed successfully.".
 * - section 3: 7 to 256 characters, reminder at most 512, with ENTSSO's own messages.
 * - section 4: the failures a backup can meet, decided by the machine state.
 * - section 5: events 10559 / 10560 / 10561 / 10523 / 10524 in the Application log.
 * Every UNCONFIRMED behaviour is a switch of `state.variants` (see variants.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  ENTSSO_ERRORS,
  fillMessage,
  formatHresult,
  type EntssoError,
} from '../entsso/errors.js';
import { ENTSSO_EVENTS, SSOCONFIG_RULES } from '../entsso/facts.js';
import { decryptBackup, encryptBackup, readBackupReminder, BackupFileFormatError, WrongPasswordError } from './backup-file.js';
import { NoConsoleError, openConsoleReader, openStdinReader, type AnswerReader } from './console-input.js';
import { appendEvent, PROCESS_CREATION_EVENT } from './event-log.js';
import { readMachineState, writeMachineState, type MachineState } from './machine-state.js';
import { windowsCommandLine } from '../machine/windows/command-line.js';
import { installDirOf, SIMULATED_SSOCONFIG } from './machine-layout.js';
import { PROMPT_WORDINGS } from './variants.js';

export interface PlayerIo {
  write(text: string): void;
  /** Opens the answer source the variant asks for; injectable so a unit test can script the answers. */
  openReader(input: MachineState['variants']['input']): AnswerReader;
  cwd: string;
}

export const defaultPlayerIo = (): PlayerIo => ({
  write: (text) => process.stdout.write(text),
  openReader: (input) => (input === 'stdin' ? openStdinReader() : openConsoleReader()),
  cwd: process.cwd(),
});

/**
 * The result of a run: an exit code; "hang" (the caller keeps the process alive until it is killed); or "crash"
 * (the caller ends the process as a crash does: exit code 0xC0000005 on Windows, SIGSEGV elsewhere).
 */
export type PlayResult = { exitCode: number } | { hang: true } | { crash: 'access-violation' };

/** The exit code of a Windows process that died of an access violation (NTSTATUS STATUS_ACCESS_VIOLATION). */
export const STATUS_ACCESS_VIOLATION = 0xc0000005;

/** The exit code after an error: 1, or 0 as some Windows tools do (`exitCodeOnError`). */
const errorExitCode = (state: MachineState): number => (state.variants.exitCodeOnError === 'zero' ? 0 : 1);

const INVALID_PARAMETER: EntssoError = {
  hresult: 0x80070057,
  message: 'The parameter is incorrect.',
  advice: 'Name the backup file after the switch.',
};
const PASSWORD_MISMATCH: EntssoError = {
  hresult: 0x80070057,
  message: 'The password and its confirmation do not match.',
  advice: 'Type the same password twice.',
};

class Failure extends Error {
  constructor(
    readonly error: EntssoError,
    readonly insert = '',
  ) {
    super(error.message);
  }
}

const USAGE = [
  'Microsoft (R) Enterprise Single Sign-On Configuration Tool (simulated by sso-backup)',
  '',
  'Usage: ssoconfig <option>',
  '',
  '  -backupSecret <backup file>    Back up the master secret to the file',
  '  -restoreSecret <restore file>  Restore the master secret from the file',
  '  -generateSecret <backup file>  Generate a new master secret (not simulated)',
  '  -auditLevel, -setSSL, -replayFiles, -syncAge, -allowPS, -remoteLookup, -showDB, -setDB (not simulated)',
  '',
];

export async function playSsoconfig(argv: readonly string[], machineDir: string, io: PlayerIo): Promise<PlayResult> {
  const state = readMachineState(machineDir);
  recordProcessCreation(machineDir, state, argv);
  const line = (text = ''): void => io.write(`${text}\r\n`);
  const errorExit = (): { exitCode: number } => ({ exitCode: errorExitCode(state) });
  const printError = (failure: Failure): void =>
    line(`ERROR: ${formatHresult(failure.error.hresult)}: ${fillMessage(failure.error, failure.insert)}`);

  const [option, file, ...rest] = argv;
  const command = option?.toLowerCase();
  if (command === undefined || ['-help', '-?', '/?', '-h'].includes(command)) {
    USAGE.forEach((text) => line(text));
    return errorExit();
  }
  if (command !== '-backupsecret' && command !== '-restoresecret') {
    line(`Unknown or unsimulated option: ${option}`);
    USAGE.forEach((text) => line(text));
    return errorExit();
  }
  if (file === undefined || file === '' || rest.length > 0) {
    printError(new Failure(INVALID_PARAMETER));
    USAGE.forEach((text) => line(text));
    return errorExit();
  }
  const target = path.resolve(io.cwd, file);
  const run = command === '-backupsecret' ? backupSecret : restoreSecret;
  let reader: AnswerReader | undefined;
  try {
    const result = await run({
      state,
      machineDir,
      target,
      line,
      write: io.write,
      reader: () => (reader ??= openReader(io, state)),
      closeReader: () => {
        reader?.close();
        reader = undefined;
      },
    });
    return result;
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    printError(error);
    return errorExit();
  } finally {
    reader?.close();
  }
}

function openReader(io: PlayerIo, state: MachineState): AnswerReader {
  try {
    return io.openReader(state.variants.input);
  } catch (error) {
    if (error instanceof NoConsoleError) throw new Failure(ENTSSO_ERRORS.invalidHandle);
    throw error;
  }
}

interface Session {
  state: MachineState;
  machineDir: string;
  target: string;
  line(text?: string): void;
  write(text: string): void;
  reader(): AnswerReader;
  closeReader(): void;
}

/** Service, rights and role, in the order a call to the SSO service meets them. */
function machineFailure(state: MachineState): Failure | undefined {
  if (state.service.state === 'stopped') return new Failure(ENTSSO_ERRORS.rpcUnavailable);
  if (state.service.state === 'start-pending') return new Failure(ENTSSO_ERRORS.offline);
  if (state.service.state === 'not-responding') return new Failure(ENTSSO_ERRORS.cannotContactServer, state.computerName);
  if (!state.elevated || !state.localAdministrator) return new Failure(ENTSSO_ERRORS.notLocalAdministrator);
  if (!state.ssoAdministrator) return new Failure(ENTSSO_ERRORS.notSsoAdministrator);
  if (!isThisComputer(state, state.masterSecretServer)) return new Failure(ENTSSO_ERRORS.notMasterSecretServer);
  return undefined;
}

function isThisComputer(state: MachineState, name: string): boolean {
  const wanted = name.trim().toLowerCase();
  const netbios = state.computerName.toLowerCase();
  return wanted === netbios || wanted === `${netbios}.${state.dnsDomain.toLowerCase()}`;
}

function underAny(file: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => {
    const relative = path.relative(path.resolve(prefix), file);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  });
}

async function backupSecret(session: Session): Promise<PlayResult> {
  const { state, target, line } = session;
  const wording = PROMPT_WORDINGS[state.variants.prompts];
  const failed = (failure: Failure): never => {
    recordBackupFailure(session, failure);
    throw failure;
  };
  const { fault } = state.variants;
  // Faults (variants.ts `Fault`): a silent end with the error exit code, a hang or a crash, where each is played.
  const silentExit = (): PlayResult => ({ exitCode: errorExitCode(state) });
  if (fault === 'exit-before-prompts') return silentExit();
  if (fault === 'hang-before-prompts') return { hang: true };
  if (state.variants.checksAt === 'before-prompts') {
    const failure = machineFailure(state);
    if (failure) failed(failure);
  }

  const reader = session.reader();
  const password = await reader.ask(wording.password, 'mask');
  if (password.length < SSOCONFIG_RULES.passwordMinLength) failed(new Failure(ENTSSO_ERRORS.passwordTooShort));
  if (password.length > SSOCONFIG_RULES.passwordMaxLength) failed(new Failure(ENTSSO_ERRORS.passwordTooLong));
  if (fault === 'exit-between-prompts') return silentExit();
  const confirmation = await reader.ask(wording.confirm, 'mask');
  if (confirmation !== password) failed(new Failure(PASSWORD_MISMATCH));
  const reminder = await reader.ask(wording.reminder, state.variants.reminderEcho === 'clear' ? 'clear' : 'mask');
  if (reminder.length > SSOCONFIG_RULES.reminderMaxLength) failed(new Failure(ENTSSO_ERRORS.reminderTooLong));

  if (existsSync(target) && state.variants.existingFile !== 'overwrite') {
    if (state.variants.existingFile === 'refuse') failed(new Failure(ENTSSO_ERRORS.fileExists));
    const answer = await reader.ask(`The file ${target} already exists. Overwrite it? (Y/N) `, 'clear');
    if (!/^y(es)?$/i.test(answer.trim())) failed(new Failure(ENTSSO_ERRORS.fileExists));
  }
  session.closeReader();
  if (state.variants.afterLastPrompt === 'hang') return { hang: true };
  if (fault === 'exit-after-prompts') return silentExit();
  if (fault === 'crash') return { crash: 'access-violation' };

  const failure = machineFailure(state);
  if (failure) failed(failure);
  if (underAny(target, state.storage.notNtfs)) {
    appendEvent(session.machineDir, {
      log: 'Application',
      source: ENTSSO_EVENTS.source,
      id: ENTSSO_EVENTS.backupTargetNotNtfs,
      level: 'Error',
      message: ENTSSO_ERRORS.notNtfs.message,
      data: {
        'File Name': target,
        'Client User': state.user,
        'Client Computer': state.computerName,
        'Error Code': formatHresult(ENTSSO_ERRORS.notNtfs.hresult),
      },
    });
    failed(new Failure(ENTSSO_ERRORS.notNtfs));
  }
  if (underAny(target, state.storage.denied)) failed(new Failure(ENTSSO_ERRORS.cannotCreateFile));
  const bytes = encryptBackup({ secretKey: state.secret.key, msid: state.secret.msid, reminder, password });
  // What a fault lets reach the disk: half the file (cut short), a third (what fitted), or all of it.
  const written = fault === 'truncated-file' ? bytes.subarray(0, Math.floor(bytes.length / 2)) : fault === 'disk-full' ? bytes.subarray(0, Math.floor(bytes.length / 3)) : bytes;
  try {
    writeFileSync(target, written);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    failed(new Failure(code === 'ENOSPC' ? ENTSSO_ERRORS.diskFull : ENTSSO_ERRORS.cannotCreateFile));
  }
  if (fault === 'truncated-file') return silentExit();
  if (fault === 'disk-full') failed(new Failure(ENTSSO_ERRORS.diskFull));
  appendEvent(session.machineDir, {
    log: 'Application',
    source: ENTSSO_EVENTS.source,
    id: ENTSSO_EVENTS.backupSucceeded,
    level: 'Information',
    message: 'The master secrets were successfully backed up.',
    data: {
      'File Name': target,
      'Current MSID': state.secret.msid,
      'Previous MSID': state.secret.previousMsid,
      'Client User': state.user,
      'Client Computer': state.computerName,
    },
  });
  if (fault === 'hang-after-write') return { hang: true };
  if (state.variants.successText === 'shown') line('The operation completed successfully.');
  return { exitCode: 0 };
}

function recordBackupFailure(session: Session, failure: Failure): void {
  const { state } = session;
  appendEvent(session.machineDir, {
    log: 'Application',
    source: ENTSSO_EVENTS.source,
    id: ENTSSO_EVENTS.backupFailed,
    level: 'Error',
    message: 'Failed to back up the master secrets.',
    data: {
      'File Name': session.target,
      'Current MSID': state.secret.msid,
      'Previous MSID': state.secret.previousMsid,
      'Client User': state.user,
      'Error Code': formatHresult(failure.error.hresult),
    },
  });
}

async function restoreSecret(session: Session): Promise<PlayResult> {
  const { state, target, line, machineDir } = session;
  const failed = (failure: Failure): never => {
    appendEvent(machineDir, {
      log: 'Application',
      source: ENTSSO_EVENTS.source,
      id: ENTSSO_EVENTS.restoreFailed,
      level: 'Error',
      message: 'Failed to restore the master secrets.',
      data: { 'File Name': target, 'Client User': state.user, 'Error Code': formatHresult(failure.error.hresult) },
    });
    throw failure;
  };
  const failure = machineFailure(state);
  if (failure) failed(failure);
  let bytes: Buffer;
  let reminder: string;
  try {
    bytes = readFileSync(target);
    reminder = readBackupReminder(bytes).reminder;
  } catch (error) {
    if (error instanceof BackupFileFormatError || (error as NodeJS.ErrnoException).code !== undefined) {
      return failed(new Failure(ENTSSO_ERRORS.cannotCreateFile));
    }
    throw error;
  }
  line(`Password reminder : ${reminder}`);
  const password = await session.reader().ask('Password : ', 'mask');
  session.closeReader();
  let restored: { secretKey: string; msid: string };
  try {
    restored = decryptBackup(bytes, password);
  } catch (error) {
    if (error instanceof WrongPasswordError) return failed(new Failure(ENTSSO_ERRORS.incorrectPassword));
    if (error instanceof BackupFileFormatError) return failed(new Failure(ENTSSO_ERRORS.cannotCreateFile));
    throw error;
  }
  if (restored.secretKey !== state.secret.key) {
    // A restore makes the file's secret the live one, as on a real server.
    writeMachineState(machineDir, {
      ...state,
      secret: { ...state.secret, previousMsid: state.secret.msid, msid: restored.msid, key: restored.secretKey },
    });
  }
  appendEvent(machineDir, {
    log: 'Application',
    source: ENTSSO_EVENTS.source,
    id: ENTSSO_EVENTS.restoreSucceeded,
    level: 'Information',
    message: 'The master secrets were successfully restored.',
    data: { 'File Name': target, 'Client User': state.user, 'Client Computer': state.computerName },
  });
  line('The operation completed successfully.');
  return { exitCode: 0 };
}

/** Windows event 4688 with command-line auditing: the place a secret on a command line is found. */
function recordProcessCreation(machineDir: string, state: MachineState, argv: readonly string[]): void {
  const image = path.join(installDirOf(machineDir), SIMULATED_SSOCONFIG);
  appendEvent(machineDir, {
    log: 'Security',
    source: 'Microsoft-Windows-Security-Auditing',
    id: PROCESS_CREATION_EVENT,
    level: 'Information',
    message: 'A new process has been created.',
    data: {
      SubjectUserName: state.user,
      NewProcessName: image,
      CommandLine: windowsCommandLine([image, ...argv]),
    },
  });
}
