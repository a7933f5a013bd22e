/**
 * The console driver's one entry: run `ssoconfig -backupsecret <file>` from an install directory, answer it,
 * and judge the outcome. A pseudo-console when node-pty loads; a handover to the real console otherwise.
 * It has no prompts of its own: the caller collects and checks the password and reminder first.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isSea } from 'node:sea';
import { SSOCONFIG } from '../entsso/facts.js';
import { describeCommand } from './describe-command.js';
import type { DriverEventListener } from './events.js';
import { snapshotFile } from './file-snapshot.js';
import { DEFAULT_LIMITS, type DriverLimits } from './limits.js';
import { decideOutcome, type BackupOutcome, type PtyUnavailable } from './outcome.js';
import { converse, type PtyModule } from './pty-conversation.js';
import { redactSecrets, type Secret } from './secret.js';
import loader from './terminal-loader.cjs';
import type { Clock } from './timers.js';

export interface BackupSecretRequest {
  /** The ENTSSO install directory: ssoconfig.exe is run from there, as the docs ask. */
  installDir: string;
  /** Absolute path of the backup file to write. */
  file: string;
  password: Secret;
  reminder: string;
  /** The answer to an "already exists, overwrite?" question, if ssoconfig asks one. Default: no. */
  overwrite?: boolean;
  limits?: Partial<DriverLimits>;
  /** The child's whole environment (default: this process's). Callers take secrets out of it first. */
  env?: NodeJS.ProcessEnv;
  onEvent?: DriverEventListener;
  signal?: AbortSignal;
  /** Whether a person is at the console to take over when no pseudo-console can be had (default: yes). */
  allowHandover?: boolean;
}

/** A pseudo-console module, and what is known of how it reports the end of a run. */
export interface LoadedPty {
  pty: PtyModule;
  /**
   * Its exit is reported only after the output stream has closed, so nothing can come after it and the run
   * need not read on (`DriverLimits.drainMs`). True of node-pty 1.x (read in 1.1.0, the version this package
   * pins): on Linux and macOS it holds the exit until the pty's read side closes (EIO once no process has the
   * terminal open) or, if it never does, until it destroys the stream 200 ms after the exit; on Windows the exit
   * is emitted by the close of the output pipe, which node-pty closes once it has been quiet for a second after
   * the process ended (ConPTY), or which closes when winpty's agent ends.
   */
  exitEndsOutput: boolean;
}

export interface DriverDeps {
  /** Loads node-pty; a loader that throws makes the driver hand the console over. */
  loadPty?: () => Promise<LoadedPty>;
  /** The driver's time (its quiet times and limits); a test's clock moves only when told to. */
  clock?: Clock;
  /** How sso-backup runs, to say where node-pty should be when it does not load. Default: this process. */
  runtime?: Runtime;
}

export interface Runtime {
  /** The packaged exe (a single executable application), not Node running the npm build. */
  isSea: boolean;
  execPath: string;
  /** Where node-pty's package.json resolves to in the npm build, if anywhere. */
  nodePtyPackage?: string | undefined;
}

function thisRuntime(): Runtime {
  const sea = isSea();
  return { isSea: sea, execPath: process.execPath, nodePtyPackage: sea ? undefined : loader.resolveNodePtyPackage() };
}

/** Where node-pty was to be loaded from: beside the exe (packaging/bundle.mjs), or where the npm build resolves it. */
export function ptyUnavailable(runtime: Runtime, message: string): PtyUnavailable {
  if (runtime.isSea) return { build: 'exe', tried: path.join(path.dirname(runtime.execPath), 'node_modules', 'node-pty'), message };
  return { build: 'npm', tried: runtime.nodePtyPackage === undefined ? undefined : path.dirname(runtime.nodePtyPackage), message };
}

export async function loadNodePty(): Promise<LoadedPty> {
  const { pty, version } = loader.requireNodePty();
  return { pty, exitEndsOutput: /^1\./.test(version) };
}

export { describeCommand } from './describe-command.js';

export async function backUpSecret(request: BackupSecretRequest, deps: DriverDeps = {}): Promise<BackupOutcome> {
  if (!path.isAbsolute(request.file)) throw new TypeError(`The backup file must be an absolute path: ${request.file}`);
  const limits = { ...DEFAULT_LIMITS, ...request.limits };
  const command = path.join(request.installDir, SSOCONFIG.executable);
  const args = [SSOCONFIG.backupSwitch, request.file];
  const env = cleanEnv(request.env ?? process.env);
  const onEvent = request.onEvent ?? (() => undefined);
  const before = await snapshotFile(request.file);
  const base = { command: describeCommand(command, args), before, echoes: [request.reminder] };
  /** The outcome of a run that never started ssoconfig, with why. */
  const notStarted = (why: string): BackupOutcome =>
    decideOutcome({ ...base, mode: 'pty', transcript: '', exitCode: null, signal: null, spawnError: why, after: before });

  if (!existsSync(command)) return notStarted(`${command} does not exist.`);

  let pty: LoadedPty | undefined;
  let ptyProblem = '';
  try {
    pty = await (deps.loadPty ?? loadNodePty)();
  } catch (error) {
    ptyProblem = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  }
  const common = {
    command,
    args,
    cwd: request.installDir,
    env,
    password: request.password,
    reminder: request.reminder,
    limits,
    onEvent,
    signal: request.signal,
  };
  if (pty) {
    const result = await converse({ ...common, ...pty, overwrite: request.overwrite ?? false, ...(deps.clock ? { clock: deps.clock } : {}) });
    return decideOutcome({ ...base, ...result, mode: 'pty', after: await snapshotFile(request.file) });
  }
  if (request.allowHandover === false) {
    // The loader's message names files, not answers; redacted all the same, as everything shown is.
    const message = redactSecrets(ptyProblem, [request.password]);
    return decideOutcome({
      ...base,
      mode: 'pty',
      transcript: '',
      exitCode: null,
      signal: null,
      ptyUnavailable: ptyUnavailable(deps.runtime ?? thisRuntime(), message),
      after: before,
    });
  }
  // Loaded only for a handover (it brings execa): a run in a pseudo-console does not need it.
  const { handOver } = await import('./handover.js');
  const result = await handOver({ ...common, reason: ptyProblem });
  return decideOutcome({ ...base, ...result, mode: 'handover', after: await snapshotFile(request.file) });
}

/**
 * The child's environment, without NODE_DEBUG: it is sso-backup's own diagnostic switch (Node's), meaningless to
 * ssoconfig.exe, and the simulated ssoconfig is Node: its debug lines would be painted into the console the driver
 * reads and garble the prompts (on Windows the simulated ssoconfig.exe is the packaged exe itself, with no launcher
 * script to unset it).
 */
function cleanEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && key.toUpperCase() !== 'NODE_DEBUG') clean[key] = value;
  return clean;
}
