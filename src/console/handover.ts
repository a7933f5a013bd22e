/**
 * When no pseudo-console can be had (node-pty does not load), ssoconfig gets the real console: its input is
 * ours, so the person types the answers, after being told exactly what to type. Its output is shown live and
 * kept, so the outcome is judged the same way as in the pseudo-console.
 */
import { execa } from 'execa';
import { CONSOLE_COLUMNS, CONSOLE_ROWS } from './limits.js';
import type { StopReason } from './outcome.js';
import { killProcessTree } from './process-tree.js';
import { Screen } from './screen.js';
import { redactSecrets } from './secret.js';
import type { SsoconfigRun } from './run.js';

export interface HandoverInput extends SsoconfigRun {
  /** Why no pseudo-console could be had, for the person. */
  reason: string;
}

export interface HandoverResult {
  transcript: string;
  exitCode: number | null;
  signal: string | null;
  stopped?: StopReason;
  spawnError?: string;
}

export function handoverSteps(reason: string, reminder: string): string[] {
  return [
    `A pseudo-console is not available here (${reason}), so ssoconfig will ask you directly.`,
    'When it asks for the password, type the password you chose and press Enter. Each key shows as *.',
    'When it asks for the password again, type the same password and press Enter.',
    `When it asks for a reminder, type exactly this and press Enter: ${reminder}`,
    'If it asks anything else, answer no (N) unless you know what it means.',
  ];
}

export async function handOver(input: HandoverInput): Promise<HandoverResult> {
  input.onEvent({ type: 'handover', reason: input.reason, steps: handoverSteps(input.reason, input.reminder) });
  const child = execa(input.command, [...input.args], {
    cwd: input.cwd,
    env: input.env,
    extendEnv: false,
    stdin: 'inherit',
    stdout: ['pipe', 'inherit'],
    stderr: ['pipe', 'inherit'],
    all: true,
    reject: false,
    stripFinalNewline: false,
    timeout: input.limits.totalTimeoutMs,
    forceKillAfterDelay: 2_000,
    ...(input.signal ? { cancelSignal: input.signal } : {}),
    windowsHide: false,
  });
  input.onEvent({ type: 'started', mode: 'handover', pid: child.pid });
  const result = await child;
  if (child.pid !== undefined && (result.timedOut || result.isCanceled)) await killProcessTree(child.pid);
  input.onEvent({ type: 'exited', exitCode: result.exitCode ?? null, signal: result.signal ?? null });

  const screen = new Screen(CONSOLE_COLUMNS, CONSOLE_ROWS);
  await screen.write(String(result.all ?? '').replace(/\r?\n/g, '\r\n'));
  const transcript = redactSecrets(screen.text(), [input.password]);
  screen.dispose();
  const stopped: StopReason | undefined = result.timedOut
    ? { kind: 'total-timeout', waitedMs: input.limits.totalTimeoutMs }
    : result.isCanceled
      ? { kind: 'cancelled' }
      : undefined;
  const spawnError =
    result.failed && result.exitCode === undefined && result.signal === undefined && !stopped ? result.shortMessage : undefined;
  return {
    transcript,
    exitCode: result.exitCode ?? null,
    signal: result.signal ?? null,
    ...(stopped ? { stopped } : {}),
    ...(spawnError !== undefined ? { spawnError: redactSecrets(spawnError, [input.password]) } : {}),
  };
}
