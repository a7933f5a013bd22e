/**
 * Decides whether `ssoconfig -backupsecret` worked, from everything seen: the driver's own stop reason, error
 * lines, the exit code, which prompts were answered, a success line, and the target file before and after.
 * ssoconfig's exit codes and success text are UNCONFIRMED (../shared/reference/entsso.md section 2), so no one
 * of them decides alone: an error printed with exit code 0 is a failure, and so is a clean exit with no new file.
 */
import { formatHresult, isEntssoHresult } from '../entsso/errors.js';
import type { ProblemText } from '../errors.js';
import type { AnsweredSoFar } from './answer-plan.js';
import type { FileSnapshot } from './file-snapshot.js';
import { findErrorLines, findSuccessLine, type ErrorLine } from './ssoconfig-output.js';

export type DriverMode = 'pty' | 'handover';

/** Why the driver itself ended the run, when it did. */
export type StopReason =
  | { kind: 'prompt-timeout'; waitedMs: number; after: string }
  | { kind: 'finish-timeout'; waitedMs: number }
  | { kind: 'total-timeout'; waitedMs: number }
  | { kind: 'unrecognised-prompt'; prompt: string }
  | { kind: 'asked-again'; prompt: string }
  | { kind: 'overwrite-refused'; prompt: string }
  | { kind: 'cancelled' };

export interface RunFacts {
  mode: DriverMode;
  command: string;
  /** Redacted, escape sequences rendered away. */
  transcript: string;
  /**
   * What we typed that the console may echo in clear (the reminder). Left out when reading ssoconfig's words:
   * a reminder that says "0xC0FFEE42" or "Access is denied" is not an error of ssoconfig's.
   */
  echoes?: readonly string[];
  exitCode: number | null;
  signal: string | null;
  stopped?: StopReason;
  spawnError?: string;
  /** No pseudo-console could be loaded and nobody was at the console to take over: ssoconfig was not started. */
  ptyUnavailable?: PtyUnavailable;
  /** Unknown in handover mode, where the user types. */
  answered?: AnsweredSoFar;
  before: FileSnapshot;
  after: FileSnapshot;
}

/** Why the pseudo-console module (node-pty) did not load, and where it was looked for. */
export interface PtyUnavailable {
  /** How sso-backup runs: the packaged exe (node-pty beside it, from the zip), or Node running the npm build. */
  build: 'exe' | 'npm';
  /** The folder node-pty was loaded from or looked for in; undefined when the npm build found none at all. */
  tried: string | undefined;
  /** The loader's message, its first line, the password taken out. */
  message: string;
}

export type FailureKind =
  | StopReason['kind']
  | 'spawn-failed'
  | 'ssoconfig-error'
  | 'exit-code'
  | 'early-exit'
  | 'no-file'
  | 'empty-file'
  | 'file-unchanged';

export interface Failure extends ProblemText {
  kind: FailureKind;
  error?: ErrorLine;
  /**
   * ssoconfig was never started because this machine cannot run it as sso-backup must (no pseudo-console, and
   * nobody at the console): exit code 3, "this machine cannot do the backup", not 1 (docs/exit-codes.md).
   */
  machineNotFit?: true;
}

export type BackupOutcome =
  | {
      ok: true;
      facts: RunFacts;
      successLine?: string;
      warnings: string[];
      /**
       * Why the file, read back after the run, is not the backup it made (cut short, damaged, another reminder):
       * set by the flow's run-ssoconfig step, which reads it through the machine; the verification refuses it.
       */
      notABackup?: string;
      /**
       * Why the file could not be confirmed by reading it back where that reading is itself unconfirmed (Windows):
       * the backup stands, but nothing older is removed on its word (the replaced file stays aside, --keep waits).
       */
      unconfirmed?: string;
    }
  | { ok: false; facts: RunFacts; failure: Failure };

const SEE_TRANSCRIPT = 'The transcript of the run is below.';

/**
 * The transcript as ssoconfig wrote it, without the echo of our answers: an answer is echoed at the end of the
 * line it was typed on (wrapped lines are joined in the transcript), and only there is it taken out, so a short
 * reminder ("file", "r") does not cut words out of ssoconfig's own messages.
 */
function ssoconfigWords(facts: RunFacts): string {
  const echoes = (facts.echoes ?? []).filter((echo) => echo.trim() !== '');
  return facts.transcript
    .split('\n')
    .map((line) => {
      const trimmed = line.trimEnd();
      const echo = echoes.find((e) => trimmed.endsWith(e));
      return echo === undefined ? line : `${trimmed.slice(0, trimmed.length - echo.length)} `;
    })
    .join('\n');
}

export function decideOutcome(facts: RunFacts): BackupOutcome {
  const failure = findFailure(facts);
  if (failure) return { ok: false, facts, failure };
  const warnings: string[] = [];
  const successLine = findSuccessLine(ssoconfigWords(facts));
  if (successLine === undefined) {
    warnings.push('ssoconfig printed no success message; success was judged by its exit code and the new file.');
  }
  if (facts.answered && !facts.answered.confirm) warnings.push('ssoconfig did not ask to confirm the password.');
  if (facts.answered && !facts.answered.reminder) {
    warnings.push('ssoconfig did not ask for the reminder, so the backup file holds none; keep the reminder with the password.');
  }
  return { ok: true, facts, warnings, ...(successLine !== undefined ? { successLine } : {}) };
}

function findFailure(facts: RunFacts): Failure | undefined {
  const errorLine = findErrorLines(ssoconfigWords(facts))[0];
  const withError = errorLine ? { error: errorLine } : {};
  const printed = errorLine ? ` ssoconfig printed: "${errorLine.line}".` : '';

  if (facts.ptyUnavailable) return ptyUnavailableFailure(facts.ptyUnavailable);
  if (facts.spawnError !== undefined) {
    return {
      kind: 'spawn-failed',
      what: `Could not start ${facts.command}.`,
      why: facts.spawnError,
      next: 'Check the ENTSSO install directory and that ssoconfig.exe in it can be run by this user.',
    };
  }
  if (facts.stopped) return stoppedFailure(facts.stopped, printed, withError);
  if (errorLine) {
    const code = errorLine.hresult !== undefined ? ` (${formatHresult(errorLine.hresult)})` : '';
    return {
      kind: 'ssoconfig-error',
      what: `ssoconfig reported an error${code}: ${errorLine.message}`,
      why:
        facts.signal !== null
          ? `It was ended by signal ${facts.signal}.`
          : facts.exitCode === 0
            ? 'It printed an error although it exited with code 0, so the backup is not trusted.'
            : `It exited with code ${String(facts.exitCode)}.`,
      next: errorLine.known?.advice ?? 'Read the message and the ENTSSO events in the Application log, fix the cause, and run again.',
      ...withError,
    };
  }
  const crash = crashOf(facts);
  const when = stageOf(facts);
  if (crash !== undefined) {
    // An exit-code failure still (its kind is what ended it), told as the crash it was.
    return {
      kind: 'exit-code',
      what: `ssoconfig crashed (${crash}) without printing an error${when}.`,
      why: 'It ended abnormally, in the middle of its work: whatever it wrote is not a backup.',
      next:
        'Look in the Application log for an Application Error event (1000) for ssoconfig.exe and for ENTSSO events, ' +
        `then run again; if it crashes again, restart the ENTSSO service or the server first. ${SEE_TRANSCRIPT}`,
    };
  }
  // node-pty reports a death by signal as exit code 0 with a signal: either one means it did not finish.
  if (facts.exitCode !== 0 || facts.signal !== null) {
    const how = facts.signal ? `was ended by signal ${facts.signal}` : `exited with code ${String(facts.exitCode)}`;
    return {
      kind: 'exit-code',
      what: `ssoconfig ${how} without printing an error${when}.`,
      why: 'A non-zero exit means it did not finish the backup.',
      next: `Read the ENTSSO events in the Application log for the cause. ${SEE_TRANSCRIPT}`,
    };
  }
  if (facts.answered && !facts.answered.password) {
    return {
      kind: 'early-exit',
      what: 'ssoconfig ended before it asked for the password.',
      why: 'Without a password there is no backup; it may have printed a message the driver did not recognise.',
      next: `Read the transcript below, then run ssoconfig -backupsecret by hand to see what it asks. ${SEE_TRANSCRIPT}`,
    };
  }
  // Exit code 0 and no error, but not every prompt was asked: it stopped part-way (a variant that never asks for
  // the confirmation or the reminder still writes the file, so only a missing file makes this a failure here).
  const partWay = facts.answered !== undefined && !facts.answered.reminder ? when : '';
  if (!facts.after.exists) {
    return {
      kind: 'no-file',
      what: partWay ? `ssoconfig ended with exit code 0${partWay}, and the backup file does not exist.` : 'ssoconfig finished, but the backup file does not exist.',
      why: partWay ? 'It stopped part-way without a word and wrote nothing: exit code 0 alone proves nothing.' : 'It exited cleanly yet wrote nothing where it was asked to.',
      next: 'Check the ENTSSO events in the Application log (10559 or 10560) and the folder, then run again.',
    };
  }
  if (facts.after.size === 0) {
    return {
      kind: 'empty-file',
      what: 'ssoconfig finished, but the backup file is empty.',
      why: 'An empty file cannot hold the master secret.',
      next: 'Check free space and the ENTSSO events in the Application log, then run again to a new file.',
    };
  }
  if (facts.before.exists && facts.before.sha256 === facts.after.sha256 && facts.before.mtimeMs === facts.after.mtimeMs) {
    return {
      kind: 'file-unchanged',
      what: 'ssoconfig finished, but the backup file is the one that was there before.',
      why: 'The file did not change, so no new backup was written.',
      next: 'Back up to a new file name.',
    };
  }
  return undefined;
}

/** Where in the conversation ssoconfig ended, from the answers typed (unknown in a handover, where the user types). */
function stageOf(facts: Pick<RunFacts, 'answered'>): string {
  const answered = facts.answered;
  if (answered === undefined) return '';
  if (!answered.password) return ', before it asked for the password';
  if (!answered.confirm && !answered.reminder) return ', after the password was typed';
  if (!answered.reminder) return ', after the password and its confirmation were typed';
  return ', after the last answer';
}

/**
 * Windows exit codes that are NTSTATUS errors (0xC0000000 and up): the code of a process that died of an
 * exception, not one the program chose. The common ones by name, the rest by number.
 */
const NTSTATUS_CRASHES: Record<number, string> = {
  0xc0000005: 'an access violation',
  0xc000001d: 'an illegal instruction',
  0xc0000017: 'out of memory',
  0xc00000fd: 'a stack overflow',
  0xc0000135: 'a DLL it needs was not found',
  0xc0000142: 'a DLL failed to initialise',
  0xc0000374: 'a corrupted heap',
  0xc0000409: 'a stack buffer overrun (fail fast)',
};

/** Signals a process dies of when it crashes on Linux and macOS (not the ones others send to end it). */
const CRASH_SIGNALS = new Set(['SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGABRT', 'SIGSYS', 'SIGTRAP']);

/** STATUS_CONTROL_C_EXIT: ended by Ctrl+C or a console close, not a crash. */
const STATUS_CONTROL_C_EXIT = 0xc000013a;

/** How ssoconfig crashed, if its end was a crash: an NTSTATUS exit code (signed or not) or a crash signal. */
export function crashOf(facts: Pick<RunFacts, 'exitCode' | 'signal'>): string | undefined {
  if (facts.signal !== null && CRASH_SIGNALS.has(facts.signal)) return `it died of signal ${facts.signal}`;
  if (facts.exitCode === null || !Number.isInteger(facts.exitCode)) return undefined;
  const code = facts.exitCode >>> 0;
  if (code < 0xc0000000 || code === STATUS_CONTROL_C_EXIT) return undefined;
  // ENTSSO's own errors (0xC0002Axx) sit in the same range: an exit code that is one is an error, not a crash.
  if (isEntssoHresult(code)) return undefined;
  const name = NTSTATUS_CRASHES[code];
  return `exit code ${formatHresult(code)}${name ? `, ${name}` : ''}`;
}

/**
 * node-pty did not load and nobody is at the console. What failed is sso-backup's own install, not ssoconfig or
 * ENTSSO, so the advice is about the install: the zip's files beside the exe, or the npm build's native part.
 */
function ptyUnavailableFailure({ build, tried, message }: PtyUnavailable): Failure {
  const where = tried ?? "sso-backup's node_modules (no node-pty was found there)";
  const said = `Loading it failed with: ${message.replace(/[.\s]+$/, '')}.`;
  const noAnswers =
    'Without a pseudo-console sso-backup cannot type the answers to ssoconfig, and this run has nobody at the ' +
    'console to type them instead (--yes or --json), so nothing was written.';
  const yourself =
    'Or run sso-backup in a console, without --yes or --json: ssoconfig then asks you directly, and you type the answers.';
  const what = `The pseudo-console module, node-pty, could not be loaded from ${where}, so ssoconfig was not started.`;
  if (build === 'exe') {
    return {
      kind: 'spawn-failed',
      machineNotFit: true,
      what,
      why:
        `${said} sso-backup.exe loads node-pty from the node_modules folder beside it, which comes in the same zip: ` +
        'files there are missing or damaged (the zip only partly unpacked, sso-backup.exe copied without its ' +
        `node_modules folder, or a file there changed since). ${noAnswers}`,
      next: `Unzip the whole sso-backup zip again and keep its node_modules folder beside sso-backup.exe, then run again. ${yourself}`,
    };
  }
  return {
    kind: 'spawn-failed',
    machineNotFit: true,
    what,
    why:
      `${said} node-pty has a native part that npm installs for this machine and Node version; an install that ` +
      'skipped it (npm install --ignore-scripts, or no prebuilt binary for this platform and no build tools) or a ' +
      `node_modules copied from another machine or Node version leaves node-pty unable to load. ${noAnswers}`,
    next: `Run npm ci in the sso-backup folder (the one with its package.json), without --ignore-scripts, then run again. ${yourself}`,
  };
}

function stoppedFailure(stop: StopReason, printed: string, withError: { error?: ErrorLine }): Failure {
  const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
  switch (stop.kind) {
    case 'prompt-timeout':
      return {
        kind: stop.kind,
        what: `ssoconfig showed no prompt the driver knows within ${seconds(stop.waitedMs)} ${stop.after}, so it was stopped.`,
        why: `It may be waiting on the SSO service, or asking something in words the driver does not recognise.${printed}`,
        next: `Check that the ENTSSO service is running and read the transcript below. ${SEE_TRANSCRIPT}`,
        ...withError,
      };
    case 'finish-timeout':
      return {
        kind: stop.kind,
        what: `ssoconfig did not finish within ${seconds(stop.waitedMs)} after the last answer, so it was stopped.`,
        why: `It was probably stuck calling the SSO service.${printed}`,
        next: 'Check the ENTSSO service and the Application log, then run again; the backup file, if any, is not trusted.',
        ...withError,
      };
    case 'total-timeout':
      return {
        kind: stop.kind,
        what: `ssoconfig did not finish within the overall limit of ${seconds(stop.waitedMs)}, so it was stopped.`,
        why: `It kept running without reaching the end of the backup.${printed}`,
        next: `Read the transcript below and run again. ${SEE_TRANSCRIPT}`,
        ...withError,
      };
    case 'unrecognised-prompt':
      return {
        kind: stop.kind,
        what: `ssoconfig asked something the driver does not recognise: "${stop.prompt}". It was stopped without an answer.`,
        why: 'The driver only types the password, its confirmation and the reminder, and answers nothing it cannot read.',
        next: `Run ssoconfig -backupsecret by hand to see the question, and report its wording. ${SEE_TRANSCRIPT}`,
        ...withError,
      };
    case 'asked-again':
      return {
        kind: stop.kind,
        what: `ssoconfig asked again: "${stop.prompt}". It was stopped.`,
        why: `Asking again means it did not accept an answer (a rule of its own, or the two passwords differed).${printed}`,
        next: `Read the transcript below for its reason, then run again. ${SEE_TRANSCRIPT}`,
        ...withError,
      };
    case 'overwrite-refused':
      return {
        kind: stop.kind,
        what: `The backup file exists already, and ssoconfig asked to overwrite it: "${stop.prompt}". The driver said no.`,
        why: 'An existing backup is never overwritten without an explicit choice.',
        next: 'Choose a new file name, or choose to overwrite explicitly.',
        ...withError,
      };
    case 'cancelled':
      return {
        kind: stop.kind,
        what: 'The backup was cancelled, and ssoconfig was stopped.',
        why: 'It was interrupted before it finished.',
        next: 'Run again when ready; a file it may have left is not a trusted backup.',
        ...withError,
      };
  }
}
