/**
 * The prompt seam: every question the program asks goes through a Prompter. The interactive one is inquirer;
 * tests and (later) unattended runs give another. A prompt cancelled with Ctrl+C becomes CancelledError.
 */
import { confirm, input, password, select } from '@inquirer/prompts';
import { Secret } from '../console/secret.js';
import { EXIT, SsoBackupError } from '../errors.js';

export type InputQuestion = Parameters<typeof input>[0];
export type PasswordQuestion = Parameters<typeof password>[0];
export type ConfirmQuestion = Parameters<typeof confirm>[0];
export interface SelectQuestion<T> {
  message: string;
  choices: { name: string; value: T; description?: string }[];
  default?: T;
}

export interface Prompter {
  input(question: InputQuestion): Promise<string>;
  /** The answer is wrapped at once: no plain string of it outlives the prompt. */
  password(question: PasswordQuestion): Promise<Secret>;
  confirm(question: ConfirmQuestion): Promise<boolean>;
  select<T>(question: SelectQuestion<T>): Promise<T>;
}

export class CancelledError extends SsoBackupError {
  constructor(what = 'Cancelled.') {
    super({ what, why: 'You stopped it (Ctrl+C or a "no").', next: 'Run sso-backup again when ready.' }, EXIT.cancelled);
    this.name = 'CancelledError';
  }
}

async function cancellable<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') throw new CancelledError('Cancelled at a question; nothing was run.');
    throw error;
  }
}

export function inquirerPrompter(): Prompter {
  return {
    input: (question) => cancellable(() => input(question)),
    password: async (question) => new Secret(await cancellable(() => password(question))),
    confirm: (question) => cancellable(() => confirm(question)),
    select: <T>(question: SelectQuestion<T>) => cancellable(() => select<T>(question)),
  };
}
