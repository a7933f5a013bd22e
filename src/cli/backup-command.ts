/**
 * `sso-backup [--sso-dir <dir>] [--file <path>] [--min-score 0..4]`: the guided backup.
 * `sso-backup demo [--min-score 0..4] [simulator switches]`: the same flow on a new simulated machine, then a
 * restore drill that proves the password was remembered.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHECK_NAMES, type CheckName } from '../checks/checks.js';
import { backUpSecret } from '../console/backup-secret.js';
import { EXIT, UsageError } from '../errors.js';
import type { FlowContext } from '../flow/context.js';
import { runBackupFlow } from '../flow/backup-flow.js';
import type { Machine } from '../machine/machine.js';
import { resolveMachine } from '../machine/resolve-machine.js';
import { SimulatedMachine } from '../machine/simulated-machine.js';
import { CancelledError, inquirerPrompter, type Prompter } from '../prompts/prompter.js';
import { restoreDrillQuestion } from '../prompts/questions.js';
import { DEFAULT_MIN_SCORE, type MinScore } from '../rules/password.js';
import { installDirOf } from '../simulator/machine-layout.js';
import { createProgress } from '../ui/spinner.js';
import { createStyle } from '../ui/style.js';
import { runRestoreDrill } from './restore-drill.js';
import { createMachine, machineOptionSpec, machineStateFrom, parseOrExplain } from './simulator-command.js';
import type { CommandIo } from './simulator-command.js';

/** The terminal the wizard talks to; injectable for tests of the command wiring. */
export interface Terminal {
  stdin: { isTTY?: boolean };
  stdout: NodeJS.WriteStream;
  prompter: Prompter;
}

const defaultTerminal = (): Terminal => ({ stdin: process.stdin, stdout: process.stdout, prompter: inquirerPrompter() });

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

function requireTerminal(terminal: Terminal): void {
  if (terminal.stdin.isTTY !== true || terminal.stdout.isTTY !== true) {
    throw new UsageError(
      'sso-backup asks its questions in a terminal, and this is not one (stdin or stdout is redirected).',
      'Run it in a console window. Unattended runs for runbooks (--non-interactive) are not available yet.',
    );
  }
}

async function withFlow<T>(machine: Machine, terminal: Terminal, options: FlowContext['options'], run: (ctx: FlowContext) => Promise<T>): Promise<T> {
  const style = createStyle(terminal.stdout);
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  process.on('SIGHUP', onInterrupt);
  try {
    return await run({
      options,
      machine,
      prompter: terminal.prompter,
      out: (text) => terminal.stdout.write(text),
      style,
      progress: createProgress(terminal.stdout, style),
      now: () => new Date(),
      backUp: (request) => backUpSecret(request),
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
    process.off('SIGHUP', onInterrupt);
  }
}

export async function runBackupCommand(args: readonly string[], terminal: Terminal = defaultTerminal()): Promise<number> {
  const { values, positionals } = parseOrExplain(
    args,
    { 'sso-dir': { type: 'string' }, file: { type: 'string' }, 'min-score': { type: 'string' }, 'skip-check': { type: 'string', multiple: true } },
    'sso-backup --help',
  );
  if (positionals.length > 0) {
    throw new UsageError(`"${positionals[0]}" is not a sso-backup command.`, 'Run "sso-backup --help" for the commands.');
  }
  const options = {
    ssoDir: values['sso-dir'] as string | undefined,
    file: values['file'] as string | undefined,
    minScore: parseMinScore(values['min-score']),
    skipChecks: parseSkipChecks(values['skip-check']),
  };
  requireTerminal(terminal);
  await withFlow(resolveMachine({ ssoDir: options.ssoDir }), terminal, options, runBackupFlow);
  return EXIT.ok;
}

export async function runDemoCommand(args: readonly string[], io: CommandIo, terminal: Terminal = defaultTerminal()): Promise<number> {
  const { values, positionals } = parseOrExplain(args, { ...machineOptionSpec(), 'min-score': { type: 'string' } }, 'sso-backup --help');
  if (positionals.length > 0) throw new UsageError('"demo" takes no arguments.', 'Run "sso-backup demo", or see "sso-backup --help".');
  const minScore = parseMinScore(values['min-score']);
  const state = machineStateFrom(values);
  requireTerminal(terminal);

  const dir = mkdtempSync(path.join(tmpdir(), 'sso-demo-'));
  createMachine(dir, state);
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
  return withFlow(machine, terminal, { minScore }, async (ctx) => {
    const result = await runBackupFlow(ctx);
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
  });
}
