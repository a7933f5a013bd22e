/**
 * `sso-backup [options]`: the backup, guided in a terminal or unattended for runbooks, with the same rules and
 * checks either way. `sso-backup demo`: the guided backup on a new simulated machine, then a restore drill.
 *
 * Unattended (--non-interactive, or stdin not a terminal, or CI set): nothing is asked. Every answer comes from
 * a flag or a secret source; a missing one stops the run at once with exit 2, naming the flag. The password comes
 * only from --password-stdin, --password-env or --password-file, never from the command line.
 * --json: one JSON object on stdout at the end (docs/json-result.md); everything for people goes to stderr.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { CHECK_NAMES, type CheckName } from '../checks/checks.js';
import type { Secret } from '../console/secret.js';
import { EXIT, SsoBackupError, UsageError } from '../errors.js';
import type { BackupOptions, FlowContext } from '../flow/context.js';
import { runBackupFlow, type BackupResult } from '../flow/backup-flow.js';
import { CopyCancelledError } from '../flow/steps/copy-off.js';
import type { Machine } from '../machine/machine.js';
import { resolveMachine } from '../machine/resolve-machine.js';
import { SimulatedMachine } from '../machine/simulated-machine.js';
import { answerSheetPrompter, type AnswerSheet } from '../prompts/answer-sheet.js';
import { cancelledBy, CancelledError, inquirerPrompter, stoppedBy, untilStopped, type InputQuestion, type Prompter, type SelectQuestion } from '../prompts/prompter.js';
import { ANOTHER_DIRECTORY, restoreDrillQuestion } from '../prompts/questions.js';
import { resultJson, type ResultStatus } from '../report/json-result.js';
import { RunRecord } from '../report/run-record.js';
import { DEFAULT_MIN_SCORE, type MinScore } from '../rules/password.js';
import { parseDuration } from '../rules/duration.js';
import { findPasswordFlag, passwordOnCommandLineError } from '../secrets/argv-guard.js';
import { readPasswordFromFile, readPasswordFromStdin, reminderFromEnv, takePasswordFromEnv } from '../secrets/password-sources.js';
import { backupsDirOf, installDirOf } from '../simulator/machine-layout.js';
import { createProgress } from '../ui/spinner.js';
import { createStyle } from '../ui/style.js';
import { runRestoreDrill } from './restore-drill.js';
import { createMachine, machineOptionSpec, machineStateFrom, parseOrExplain } from './simulator-command.js';
import type { CommandIo } from './simulator-command.js';
import type { MachineStateOverrides } from '../simulator/machine-state.js';
import { asProblem } from './problems.js';
import { toolVersion } from './version.js';

/** The process around the command; injectable for tests of the command wiring. */
export interface Terminal {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  /** The person's prompter, drawing on `output`; `signal` (SIGINT, SIGTERM, SIGHUP) ends the question on screen. */
  prompter(output: NodeJS.WriteStream, signal?: AbortSignal): Prompter;
}

const defaultTerminal = (): Terminal => ({
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  prompter: (output, signal) => inquirerPrompter({ output, ...(signal ? { signal } : {}) }),
});

const BACKUP_OPTIONS = {
  'sso-dir': { type: 'string' },
  file: { type: 'string' },
  folder: { type: 'string' },
  'min-score': { type: 'string' },
  'skip-check': { type: 'string', multiple: true },
  'non-interactive': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  json: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'password-stdin': { type: 'boolean' },
  'password-env': { type: 'string' },
  'password-file': { type: 'string' },
  reminder: { type: 'string' },
  'reminder-env': { type: 'string' },
  'vault-note': { type: 'string' },
  'if-older-than': { type: 'string' },
  'copy-to': { type: 'string', multiple: true },
  keep: { type: 'string' },
  replace: { type: 'boolean' },
  'create-folder': { type: 'boolean' },
  'allow-install-dir': { type: 'boolean' },
} as const;

/**
 * --file made absolute. path.resolve drops a trailing separator and a last `.` or `..`, which would turn
 * `--file D:\SSO-Backups\` (a folder) into a file named like the folder; kept as a trailing separator, the path
 * rules refuse it as naming no file.
 */
export function resolveFile(file: string): string {
  const separators = path.sep === '\\' ? /[\\/]/ : /\//;
  const resolved = path.resolve(file);
  const last = file.split(separators).at(-1);
  return last === '' || last === '.' || last === '..' ? `${resolved.replace(new RegExp(`${separators.source}+$`), '')}${path.sep}` : resolved;
}

function parseMinScore(value: unknown): MinScore {
  if (value === undefined) return DEFAULT_MIN_SCORE;
  const score = Number(value);
  if (!Number.isInteger(score) || score < 0 || score > 4) {
    throw new UsageError(`--min-score ${String(value)} is not a score.`, 'Use a whole number from 0 (weakest) to 4 (strongest); the default is 3.');
  }
  return score as MinScore;
}

function parseSkipChecks(value: unknown): CheckName[] {
  const names = Array.isArray(value) ? value.map(String) : [];
  for (const name of names) {
    if (!(CHECK_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`--skip-check ${name} is not a check.`, `Use one of: ${CHECK_NAMES.join(', ')}.`);
    }
  }
  return names as CheckName[];
}

function parseKeep(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const keep = Number(value);
  if (!Number.isInteger(keep) || keep < 1 || keep > 1000) {
    throw new UsageError(`--keep ${String(value)} is not a number of backups to keep.`, 'Use a whole number from 1 (only the new backup) up; e.g. --keep 5.');
  }
  return keep;
}

/** CI=true (or any value but "false"/"0"): a build agent, with nobody to answer. */
function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = env['CI'];
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

/**
 * Why nobody will be asked, or undefined when a person is there. --yes counts: a runbook gives it, and a Windows
 * scheduled task may have a hidden console whose stdin looks like a terminal, where a question would wait for ever.
 */
function unattendedBecause(values: Values, terminal: Terminal, human: NodeJS.WriteStream): string | undefined {
  if (values['non-interactive']) return '--non-interactive was given';
  if (values.yes) return '--yes was given';
  if (isCi(terminal.env)) return 'CI is set';
  if (terminal.stdin.isTTY !== true) return 'stdin is not a terminal';
  if (human.isTTY !== true) return `${human === terminal.stderr ? 'stderr' : 'stdout'} is not a terminal`;
  return undefined;
}

type Values = { [K in keyof typeof BACKUP_OPTIONS]?: (typeof BACKUP_OPTIONS)[K] extends { multiple: true } ? string[] : (typeof BACKUP_OPTIONS)[K] extends { type: 'boolean' } ? boolean : string };

function parseBackupArgs(args: readonly string[]): Values {
  const flag = findPasswordFlag(args);
  if (flag !== undefined) throw passwordOnCommandLineError(flag);
  const { values, positionals } = parseOrExplain(args, BACKUP_OPTIONS, 'sso-backup --help');
  if (positionals.length > 0) {
    // Not repeated: a stray word may be a value that lost its flag, such as a password after --password-stdin.
    throw new UsageError(
      `An argument that belongs to no option was given (${positionals.length === 1 ? 'it is' : 'they are'} not repeated here, in case one is a password).`,
      'The commands are demo, check, verify and simulator; every other word must follow the option it is for. Run "sso-backup --help". If it was the password, it has been exposed on the command line: choose another password.',
    );
  }
  return values as Values;
}

/** The password sources given, by flag: exactly one is right; none means the password is to be asked. */
function passwordSources(values: Values): string[] {
  const given = { '--password-stdin': values['password-stdin'] === true, '--password-env': values['password-env'] !== undefined, '--password-file': values['password-file'] !== undefined };
  return Object.entries(given).filter(([, on]) => on).map(([flag]) => flag);
}

function backupOptions(values: Values, unattended: boolean): BackupOptions {
  if (values.file !== undefined && values.folder !== undefined) {
    throw new UsageError('--file and --folder were both given.', 'Give --file for an exact file name, or --folder to have SSO-<HOST>-<date>-<time>.bak made in it.');
  }
  const sources = passwordSources(values);
  if (sources.length > 1) throw new UsageError(`The password has more than one source: ${sources.join(', ')}.`, 'Give exactly one of them.');
  if (values.reminder !== undefined && values['reminder-env'] !== undefined) throw new UsageError('--reminder and --reminder-env were both given.', 'Give one of them.');
  let ifOlderThanMs: number | undefined;
  if (values['if-older-than'] !== undefined) {
    const parsed = parseDuration(values['if-older-than']);
    if (!parsed.ok) throw new UsageError(`--if-older-than: ${parsed.problem}`, 'For example --if-older-than 30d backs up when the newest verified backup is older than 30 days.');
    if (values.file === undefined && values.folder === undefined) {
      throw new UsageError('--if-older-than needs the folder the backups are in.', 'Add --folder <folder> (or --file <path>): that is where the newest backup is looked for.');
    }
    ifOlderThanMs = parsed.ms;
  }
  return {
    ssoDir: values['sso-dir'],
    file: values.file === undefined ? undefined : resolveFile(values.file),
    folder: values.folder === undefined ? undefined : path.resolve(values.folder),
    minScore: parseMinScore(values['min-score']),
    skipChecks: parseSkipChecks(values['skip-check']),
    dryRun: values['dry-run'] === true,
    ifOlderThanMs,
    copyTo: values['copy-to'] ?? [],
    keep: parseKeep(values.keep),
    vaultNote: values['vault-note'],
    unattended,
  };
}

/** Unattended, every answer the run needs must be there before anything starts: all missing flags at once. */
function requireUnattendedAnswers(values: Values, options: BackupOptions, because: string): void {
  const missing: string[] = [];
  if (values.file === undefined && values.folder === undefined) missing.push('--file <path> or --folder <folder> (where the backup goes)');
  if (passwordSources(values).length === 0) missing.push('--password-stdin, --password-env <NAME> or --password-file <path> (the password)');
  if (values.reminder === undefined && values['reminder-env'] === undefined) missing.push('--reminder <text> or --reminder-env <NAME> (the reminder)');
  if (!options.dryRun && !values.yes) missing.push('--yes (the final confirmation)');
  if (missing.length > 0) {
    throw new SsoBackupError(
      {
        what: `This unattended run lacks ${missing.length === 1 ? 'an answer' : `${missing.length} answers`}: ${missing.join('; ')}.`,
        why: `Nothing is asked in this run (${because}), so every answer must come from the command line or a secret source.`,
        next: 'Add the flags named, or run sso-backup in a terminal (without --yes) to be asked. Nothing was run or written. Examples: docs/runbooks.md.',
      },
      EXIT.usage,
    );
  }
}

/** The password from the one source named; the env variable is gone from this process before anything starts. */
async function passwordFrom(values: Values, terminal: Terminal, machine: Machine, warn: (text: string) => void): Promise<Secret | undefined> {
  if (values['password-env'] !== undefined) return takePasswordFromEnv(values['password-env'], terminal.env);
  if (values['password-stdin']) return readPasswordFromStdin(terminal.stdin);
  if (values['password-file'] !== undefined) {
    const othersWhoCanRead = (file: string): Promise<string[] | undefined> => machine.othersWhoCanRead(file);
    const { secret, warnings } = await readPasswordFromFile(path.resolve(values['password-file']), { othersWhoCanRead });
    warnings.forEach(warn);
    return secret;
  }
  return undefined;
}

function answerSheet(values: Values, unattended: boolean, password: Secret | undefined, reminder: string | undefined): AnswerSheet {
  const sheet: AnswerSheet = {
    // Unattended without --sso-dir: the one directory found is taken; two or more found is a question for --sso-dir.
    'install-dir-choice': {
      flag: '--sso-dir',
      answer: (q: SelectQuestion<unknown>) => (q.choices.length === 2 && q.choices[0]!.value !== ANOTHER_DIRECTORY ? q.choices[0]!.value : undefined),
    },
  };
  // A person whose --file is refused is asked for another; unattended, the refusal is final.
  if (unattended && values.file !== undefined) sheet['backup-file'] = { flag: '--file', answer: resolveFile(values.file) };
  else if (unattended && values.folder !== undefined) sheet['backup-file'] = { flag: '--folder', answer: (q: InputQuestion) => q.default };
  if (values['create-folder']) sheet['create-folder'] = { flag: '--create-folder', answer: true };
  if (values.replace) sheet['replace-existing'] = { flag: '--replace', answer: 'replace' };
  if (values['allow-install-dir']) sheet['keep-in-install-dir'] = { flag: '--allow-install-dir', answer: true };
  const [source] = passwordSources(values);
  if (password && source !== undefined) {
    sheet.password = { flag: source, answer: password };
    sheet['confirm-password'] = { flag: source, answer: password };
  }
  if (reminder !== undefined) sheet.reminder = { flag: values.reminder !== undefined ? '--reminder' : '--reminder-env', answer: reminder };
  if (values.yes) sheet['go-ahead'] = { flag: '--yes', answer: true };
  return sheet;
}

/** The signals that stop a run: Ctrl+C, a request to stop (a runbook engine, a task's time limit), the terminal closed. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** A stop that comes once the run is over: heard, and let go (see listenForStop). */
const runIsOver = (): void => undefined;

/**
 * Listens for a stop from the start of the command to its end, so that no point of a run (the wait for a password
 * on stdin included) is left to Node's default, which ends the process on the spot, by the signal, and never says
 * so. The first signal aborts `signal` with the signal's name as its reason and is said on `human`; every part of
 * the run then stops at its next safe point (docs/exit-codes.md, 130).
 */
function listenForStop(human: NodeJS.WriteStream): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) return;
    controller.abort(name);
    // The terminal of a SIGHUP is gone: nothing to say there (a write would only fail).
    if (name !== 'SIGHUP') human.write(`\n${createStyle(human).warn('!')} ${stoppedBy(name)}: stopping…\n`);
  };
  for (const name of STOP_SIGNALS) process.on(name, onSignal);
  return {
    signal: controller.signal,
    // The run is over and its outcome stands: a signal that comes now, before the process has ended (a closed
    // terminal hangs up more than once), is heard and let go, not left to Node's default (death by the signal).
    dispose: () =>
      STOP_SIGNALS.forEach((name) => {
        process.off(name, onSignal);
        process.on(name, runIsOver);
      }),
  };
}

async function withFlow<T>(
  base: { machine: Machine; prompter: (signal: AbortSignal) => Prompter; human: NodeJS.WriteStream; options: BackupOptions; record: RunRecord; signal: AbortSignal },
  run: (ctx: FlowContext) => Promise<T>,
): Promise<T> {
  const style = createStyle(base.human);
  return run({
    options: base.options,
    machine: base.machine,
    prompter: base.prompter(base.signal),
    out: (text) => base.human.write(text),
    style,
    progress: createProgress(base.human, style),
    now: () => new Date(),
    // The console driver (node-pty, a terminal emulator) is loaded when ssoconfig is to run, not before the first question.
    backUp: async (request) => (await import('../console/backup-secret.js')).backUpSecret(request),
    signal: base.signal,
    record: base.record,
    copy: { copyFile: (from, to) => copyFile(from, to) },
    version: toolVersion(),
  });
}

function statusOf(result: BackupResult): ResultStatus {
  return result.kind === 'made' ? 'succeeded' : result.kind === 'skipped' ? 'skipped' : 'planned';
}

/** The --json object of a run: on stdout, once, at the end. */
function printResult(stdout: NodeJS.WriteStream, record: RunRecord, outcome: { status: ResultStatus; exitCode: number; dryRun: boolean; error?: SsoBackupError }): void {
  const result = resultJson(record, { command: 'backup', version: toolVersion(), ...outcome });
  stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

/** The --json object of a run that failed with `error`: its problem and exit code, or a defect (70). */
function printFailure(stdout: NodeJS.WriteStream, record: RunRecord, dryRun: boolean, error: unknown): void {
  const problem = asProblem(error);
  if (problem) {
    printResult(stdout, record, { status: problem.exitCode === EXIT.cancelled ? 'cancelled' : 'failed', exitCode: problem.exitCode, dryRun, error: problem });
  } else {
    const defect = { what: `sso-backup failed: ${(error as Error).message}`, why: 'A defect in sso-backup.', next: 'Please report it with this output.' };
    printResult(stdout, record, { status: 'failed', exitCode: EXIT.internal, dryRun, error: new SsoBackupError(defect, EXIT.internal) });
  }
}

/**
 * The backup. `run.unattendedBecause`: the caller has decided that nobody is asked, and why (the demo, whose
 * --json alone makes it a runbook's rehearsal); otherwise the command line and the terminal decide.
 */
export async function runBackupCommand(
  args: readonly string[],
  terminal: Terminal = defaultTerminal(),
  run: { unattendedBecause?: string } = {},
): Promise<number> {
  const json = args.includes('--json');
  const human = json ? terminal.stderr : terminal.stdout;
  const record = new RunRecord();
  let dryRun = false;
  const stop = listenForStop(human);
  try {
    const values = parseBackupArgs(args);
    const because = run.unattendedBecause ?? unattendedBecause(values, terminal, human);
    const unattended = because !== undefined;
    // With --json, a handed-over ssoconfig would print its questions into the JSON on stdout: no handover then.
    const options = backupOptions(values, unattended || json);
    dryRun = options.dryRun === true;
    if (because !== undefined) requireUnattendedAnswers(values, options, because);
    const warn = (text: string): void => {
      record.warn(text);
      human.write(`${createStyle(human).warn('!')} ${text}\n`);
    };
    const machine = await resolveMachine({ ssoDir: options.ssoDir });
    const password = await untilStopped(stop.signal, passwordFrom(values, terminal, machine, warn), () => cancelledBy(stop.signal, 'Cancelled while the password was being read; nothing was run.')).catch((error: unknown) => {
      // A read of stdin that never ends (nothing piped in) must not hold the process after the stop.
      if (error instanceof CancelledError) (terminal.stdin as Partial<Readable>).destroy?.();
      throw error;
    });
    const reminder = values['reminder-env'] !== undefined ? reminderFromEnv(values['reminder-env'], terminal.env) : values.reminder;
    const sheet = answerSheet(values, unattended, password, reminder);
    const prompter = (signal: AbortSignal): Prompter => answerSheetPrompter(sheet, unattended ? undefined : terminal.prompter(human, signal));
    if (unattended) human.write(`sso-backup ${toolVersion()}: unattended run${options.dryRun ? ' (dry run)' : ''} (${because}); nothing will be asked.\n`);
    const result = await withFlow({ machine, prompter, human, options, record, signal: stop.signal }, runBackupFlow);
    if (json) printResult(terminal.stdout, record, { status: statusOf(result), exitCode: EXIT.ok, dryRun });
    return EXIT.ok;
  } catch (error) {
    // Stopped while copying: the copies made so far are part of what the run did.
    if (error instanceof CopyCancelledError) record.copies = [...error.copies];
    if (json) printFailure(terminal.stdout, record, dryRun, error);
    throw error;
  } finally {
    stop.dispose();
  }
}

/**
 * The arguments of `demo` that are not about the simulated machine, in their order: what the unattended demo
 * passes on to the backup, as a runbook would give them.
 */
function withoutMachineOptions(args: readonly string[], tokens: ReturnType<typeof parseArgs>['tokens']): string[] {
  const machineOptions = new Set(Object.keys(machineOptionSpec()));
  const dropped = new Set<number>();
  for (const token of tokens ?? []) {
    if (token.kind !== 'option' || !machineOptions.has(token.name)) continue;
    dropped.add(token.index);
    if (token.value !== undefined && !token.inlineValue) dropped.add(token.index + 1);
  }
  return args.filter((_, index) => !dropped.has(index));
}

/** Where the demo's simulated machines come from and go; injectable for tests (a cleanup that fails, as on Windows). */
export interface DemoMachines {
  /** A new simulated machine in a new temporary folder: the folder. */
  create(state: MachineStateOverrides): string;
  /**
   * Removes a machine's folder. It may throw: on Windows the machine's ssoconfig.exe is a hard link to the
   * running sso-backup.exe, which Windows does not delete while it runs (EPERM, EBUSY).
   */
  remove(dir: string): void;
}

export const defaultDemoMachines: DemoMachines = {
  create(state) {
    const dir = mkdtempSync(path.join(tmpdir(), 'sso-demo-'));
    createMachine(dir, state, { temporary: true });
    return dir;
  },
  remove(dir) {
    rmSync(dir, { recursive: true, force: true });
  },
};

/**
 * Removes a machine made for a run that was refused, as far as it can: what is left is said in one line on the
 * human stream, and never replaces the refusal the run is ending with.
 */
export function removeRefusedMachine(dir: string, machines: DemoMachines, human: NodeJS.WriteStream): void {
  try {
    machines.remove(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    human.write(
      `sso-backup demo: the simulated machine made for this run could not be removed${code ? ` (${code})` : ''}: delete ${dir} when sso-backup has ended.\n`,
    );
  }
}

/** A folder for the checks of the demo's answers before its machine exists; never written to. */
const MACHINE_BACKUPS_TO_BE = path.join(tmpdir(), 'sso-demo-(new)', 'Backups');

/**
 * `sso-backup demo`: a new simulated machine, then the guided backup and a restore drill. Unattended (the same
 * reasons as the backup: --non-interactive, --yes, CI, no terminal; and --json, whose one object on stdout leaves
 * no room for questions) it is the rehearsal of a runbook: the backup runs against the new machine with the
 * backup's own flags, its answers and --json included, into the machine's Backups folder unless --file or
 * --folder says otherwise; the restore drill, typed by a person, is left out. With --json, one JSON object on
 * stdout whatever happens, the demo's own refusals included (command "backup": it is the backup that is rehearsed).
 */
export async function runDemoCommand(
  args: readonly string[],
  io: CommandIo,
  terminal: Terminal = defaultTerminal(),
  machines: DemoMachines = defaultDemoMachines,
): Promise<number> {
  const json = args.includes('--json');
  const human = json ? terminal.stderr : terminal.stdout;
  // Once the backup runs, it prints the JSON itself.
  const progress = { handedOver: false };
  try {
    return await demo(args, io, terminal, machines, human, progress);
  } catch (error) {
    if (json && !progress.handedOver) printFailure(terminal.stdout, new RunRecord(), args.includes('--dry-run'), error);
    throw error;
  }
}

async function demo(
  args: readonly string[],
  io: CommandIo,
  terminal: Terminal,
  machines: DemoMachines,
  human: NodeJS.WriteStream,
  progress: { handedOver: boolean },
): Promise<number> {
  // First, as for the backup: a password on the command line is refused before any parser can echo it.
  const flag = findPasswordFlag(args);
  if (flag !== undefined) throw passwordOnCommandLineError(flag);
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { ...machineOptionSpec(), ...BACKUP_OPTIONS }, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError((error as Error).message, 'Run "sso-backup --help" for the options.');
  }
  const { positionals, tokens } = parsed;
  const values = parsed.values as Values & Record<string, string | boolean | string[] | undefined>;
  if (positionals.length > 0) throw new UsageError('"demo" takes no arguments.', 'Run "sso-backup demo", or see "sso-backup --help".');
  const minScore = parseMinScore(values['min-score']);
  const state = machineStateFrom(values);
  const backupArgs = withoutMachineOptions(args, tokens);
  const because = unattendedBecause(values, terminal, human) ?? (values.json ? '--json was given' : undefined);
  if (values['sso-dir'] !== undefined) {
    throw new UsageError('"demo" makes its own simulated machine: --sso-dir is not for it.', 'Leave --sso-dir out, or run the backup against a machine of yours: sso-backup --sso-dir <dir>.');
  }
  if (because !== undefined) {
    // The answers are checked before a machine is made for them: a refused command line leaves nothing behind.
    const target = values.file !== undefined || values.folder !== undefined ? {} : { folder: MACHINE_BACKUPS_TO_BE };
    const answers = { ...values, ...target };
    requireUnattendedAnswers(answers, backupOptions(answers, true), because);
    const dir = machines.create(state);
    human.write(
      `sso-backup demo: a simulated ENTSSO machine is in ${dir}. The backup runs against it unattended (${because}); ` +
        'the restore drill needs a person at a terminal and is left out.\n',
    );
    const folder = values.file !== undefined || values.folder !== undefined ? [] : ['--folder', backupsDirOf(dir)];
    progress.handedOver = true;
    try {
      return await runBackupCommand([...backupArgs, '--sso-dir', installDirOf(dir), ...folder], terminal, { unattendedBecause: because });
    } catch (error) {
      // Bad input changes nothing: a machine made for a run that was refused goes again, as far as it can.
      if (asProblem(error)?.exitCode === EXIT.usage) removeRefusedMachine(dir, machines, human);
      throw error;
    }
  }
  const notForTheGuidedDemo = backupArgs.filter((arg) => arg.startsWith('-') && arg !== '--min-score' && !arg.startsWith('--min-score='));
  if (notForTheGuidedDemo.length > 0) {
    throw new UsageError(
      `${notForTheGuidedDemo.join(', ')}: the guided demo asks for these itself.`,
      'Leave them out for the guided demo, or add --non-interactive to rehearse a runbook unattended (docs/runbooks.md).',
    );
  }

  const dir = machines.create(state);
  const style = createStyle(terminal.stdout);
  io.out(
    [
      style.bold('sso-backup demo'),
      `A simulated ENTSSO machine is in ${dir}.`,
      'What follows is the real guided backup, run against it: the same questions, checks and ssoconfig conversation.',
      '',
      '',
    ].join('\n'),
  );
  const machine = new SimulatedMachine(dir);
  const stop = listenForStop(terminal.stdout);
  const base = { machine, prompter: (signal: AbortSignal) => terminal.prompter(terminal.stdout, signal), human: terminal.stdout, options: { minScore }, record: new RunRecord(), signal: stop.signal };
  return withFlow(base, async (ctx) => {
    const result = await runBackupFlow(ctx);
    if (result.kind !== 'made') return EXIT.ok;
    let drill: boolean;
    try {
      drill = await ctx.prompter.confirm(restoreDrillQuestion());
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
      throw new CancelledError(`Cancelled before the restore drill. The backup itself is made and verified: ${result.receipt.file}`);
    }
    if (!drill) return EXIT.ok;
    const remembered = await runRestoreDrill(installDirOf(dir), result.receipt.file, ctx.out);
    return remembered ? EXIT.ok : EXIT.notVerified;
  }).finally(() => stop.dispose());
}
