/**
 * The prompt seam: every question the program asks goes through a Prompter. The interactive one is inquirer;
 * unattended runs answer from flags and secret sources (answer-sheet.ts). Each question carries an id, so an
 * answer can be found for it without a person. A prompt cancelled with Ctrl+C, or by the run's abort signal
 * (SIGTERM, SIGHUP: a closed terminal), becomes CancelledError.
 *
 * inquirer is loaded on the first question it asks, not with this module: an unattended run, whose answer sheet
 * answers every question, never loads it (about 12 MiB and tens of milliseconds, bench/).
 */
import type { confirm, input, password } from '@inquirer/prompts';
import { Secret } from '../console/secret.js';
import { EXIT, SsoBackupError } from '../errors.js';
import { isLostTerminalError } from '../ui/lost-terminal.js';

/** Every question the program can ask; an unattended run maps each to the flag that answers it. */
export type QuestionId =
  | 'install-dir-choice'
  | 'install-dir'
  | 'backup-file'
  | 'create-folder'
  | 'replace-existing'
  | 'keep-in-install-dir'
  | 'password'
  | 'confirm-password'
  | 'reminder'
  | 'go-ahead'
  | 'restore-drill';

export interface Asked {
  id: QuestionId;
  /** The question is asked again because the last answer was refused: why. */
  again?: string;
}

export type InputQuestion = Parameters<typeof input>[0] & Asked;
export type PasswordQuestion = Parameters<typeof password>[0] & Asked;
export type ConfirmQuestion = Parameters<typeof confirm>[0] & Asked;
export interface SelectQuestion<T> extends Asked {
  message: string;
  choices: { name: string; value: T; description?: string }[];
  default?: T;
}

/** Where inquirer draws: the terminal's stdout, or stderr when stdout carries JSON; and what ends a question. */
export interface PromptStreams {
  /** Where the keys come from (default: stdin). */
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Aborted: the question on screen ends as a cancellation. */
  signal?: AbortSignal;
}

export interface Prompter {
  input(question: InputQuestion): Promise<string>;
  /** The answer is wrapped at once: no plain string of it outlives the prompt. */
  password(question: PasswordQuestion): Promise<Secret>;
  confirm(question: ConfirmQuestion): Promise<boolean>;
  select<T>(question: SelectQuestion<T>): Promise<T>;
}

export class CancelledError extends SsoBackupError {
  constructor(what = 'Cancelled.', more: { why?: string; next?: string } = {}) {
    super({ what, why: more.why ?? 'You stopped it (Ctrl+C or a "no").', next: more.next ?? 'Run sso-backup again when ready.' }, EXIT.cancelled);
    this.name = 'CancelledError';
  }
}

/** `work`, unless the run is stopped first: then the error `stopped()` makes (the work itself is left to end on its own). */
export async function untilStopped<T>(signal: AbortSignal, work: Promise<T>, stopped: () => Error): Promise<T> {
  if (signal.aborted) throw stopped();
  let onAbort = (): void => undefined;
  const stop = new Promise<never>((_, reject) => {
    onAbort = () => reject(stopped());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, stop]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** The cancellation of a run stopped by `signal`, saying what stopped it. */
export function cancelledBy(signal: AbortSignal, what: string): CancelledError {
  return new CancelledError(what, { why: `The run was stopped by ${stoppedBy(signal.reason)}.` });
}

/**
 * What stopped the run, for a person, from the reason its abort signal carries (the signal's name, as
 * src/cli/backup-command.ts aborts it), to follow "stopped by": Ctrl+C, a request to stop (a runbook engine, a
 * scheduled task's time limit, a shutdown), or the terminal closing.
 */
export function stoppedBy(reason: unknown): string {
  switch (reason) {
    case 'SIGINT':
      return 'Ctrl+C (SIGINT)';
    case 'SIGTERM':
      return "SIGTERM (a request to stop: a runbook engine, a task's time limit, a shutdown)";
    case 'SIGHUP':
      return 'the terminal closing (SIGHUP)';
    default:
      return 'a request to stop';
  }
}

async function cancellable<T>(ask: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    const what = 'Cancelled at a question; nothing was run.';
    // Aborted by the run's signal (only a prompter given one is): it says what stopped the run.
    if (error instanceof Error && error.name === 'AbortPromptError') throw signal ? cancelledBy(signal, what) : new CancelledError(what);
    if (error instanceof Error && error.name === 'ExitPromptError') throw new CancelledError(what);
    // A prompt whose terminal was closed fails as it tidies up (setRawMode EIO) rather than as an abort.
    if (isLostTerminalError(error)) throw new CancelledError(what, { why: 'The terminal was closed.' });
    throw error;
  }
}

/** The question as inquirer takes it: without our id and reason. */
function bare<Q extends Asked>(question: Q): Omit<Q, keyof Asked> {
  const rest: Partial<Q> = { ...question };
  delete rest.id;
  delete rest.again;
  return rest as Omit<Q, keyof Asked>;
}

let inquirer: Promise<typeof import('@inquirer/prompts')> | undefined;
const loadInquirer = (): Promise<typeof import('@inquirer/prompts')> => (inquirer ??= import('@inquirer/prompts'));

export function inquirerPrompter(streams: PromptStreams = {}): Prompter {
  const context = {
    ...(streams.input ? { input: streams.input } : {}),
    ...(streams.output ? { output: streams.output } : {}),
    ...(streams.signal ? { signal: streams.signal } : {}),
  };
  return {
    input: (question) => cancellable(async () => (await loadInquirer()).input(bare(question), context), streams.signal),
    password: async (question) => new Secret(await cancellable(async () => (await loadInquirer()).password(bare(question), context), streams.signal)),
    confirm: (question) => cancellable(async () => (await loadInquirer()).confirm(bare(question), context), streams.signal),
    select: <T>(question: SelectQuestion<T>) => cancellable(async () => (await loadInquirer()).select<T>(bare(question), context), streams.signal),
  };
}
