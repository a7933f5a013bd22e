/**
 * The console driver's one entry: run `ssoconfig -backupsecret <file>` from an install directory, answer it,
 * and judge the outcome. A pseudo-console when node-pty loads; a handover to the real console otherwise.
 * It has no prompts of its own: the caller collects and checks the password and reminder first.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SSOCONFIG } from '../entsso/facts.js';
import { describeCommand } from './describe-command.js';
import type { DriverEventListener } from './events.js';
import { snapshotFile } from './file-snapshot.js';
import { handOver } from './handover.js';
import { DEFAULT_LIMITS, type DriverLimits } from './limits.js';
import { decideOutcome, type BackupOutcome } from './outcome.js';
import { converse, type PtyModule } from './pty-conversation.js';
import type { Secret } from './secret.js';

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

export interface DriverDeps {
  /** Loads node-pty; a loader that throws makes the driver hand the console over. */
  loadPty?: () => Promise<PtyModule>;
}

export async function loadNodePty(): Promise<PtyModule> {
  const module = (await import('node-pty')) as PtyModule & { default?: PtyModule };
  return module.default ?? module;
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

  let pty: PtyModule | undefined;
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
    const result = await converse({ ...common, pty, overwrite: request.overwrite ?? false });
    return decideOutcome({ ...base, ...result, mode: 'pty', after: await snapshotFile(request.file) });
  }
  if (request.allowHandover === false) {
    return notStarted(
      `No pseudo-console could be had for ssoconfig (${ptyProblem}), and this run has nobody at the console to ` +
        'type the answers, so ssoconfig was not started. Make node-pty load (install sso-backup again on this machine: npm ci), or run sso-backup in a console, without --yes or --json, and answer ssoconfig yourself.',
    );
  }
  const result = await handOver({ ...common, reason: ptyProblem });
  return decideOutcome({ ...base, ...result, mode: 'handover', after: await snapshotFile(request.file) });
}

function cleanEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) clean[key] = value;
  return clean;
}
