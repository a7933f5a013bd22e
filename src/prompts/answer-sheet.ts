/**
 * Answers given before the questions: from flags and secret sources. An answer sheet is a Prompter, so the flow
 * is the same with a person or without one. An answer is put through the question's own validation (the same
 * rules the wizard applies), and a refused answer stops the run: it is never asked again. A question with no
 * answer goes to the person when there is one (`fallback`), or stops the run naming the flag that answers it.
 */
import type { Secret } from '../console/secret.js';
import { EXIT, SsoBackupError } from '../errors.js';
import type { Asked, ConfirmQuestion, InputQuestion, PasswordQuestion, Prompter, QuestionId, SelectQuestion } from './prompter.js';

/** A fixed answer, or one worked out from the question (e.g. "the suggested file name"); undefined = none. */
export type Answer<T> = T | ((question: never) => T | undefined);

export interface SheetEntry {
  /** The flag(s) that give this answer, for the person: "--file or --folder". */
  flag: string;
  /** Absent: no answer was given; the flag is named when the question comes. */
  answer?: unknown;
}

export type AnswerSheet = Partial<Record<QuestionId, SheetEntry>>;

/** The flag for each question an unattended run may meet; a question missing here cannot be answered unattended. */
export const ANSWERING_FLAGS: Record<QuestionId, string> = {
  'install-dir-choice': '--sso-dir',
  'install-dir': '--sso-dir',
  'backup-file': '--file or --folder',
  'create-folder': '--create-folder',
  'replace-existing': '--replace',
  'keep-in-install-dir': '--allow-install-dir',
  password: '--password-stdin, --password-env or --password-file',
  'confirm-password': '--password-stdin, --password-env or --password-file',
  reminder: '--reminder or --reminder-env',
  'go-ahead': '--yes',
  'restore-drill': '(none: the restore drill is for a person)',
};

/** An answer given by a flag was refused by the same rule the wizard applies. */
export class RefusedAnswerError extends SsoBackupError {
  constructor(flag: string, question: string, problem: string, next = `Change ${flag} and run again.`) {
    super(
      {
        what: `The answer given with ${flag} is refused: ${problem.replace(/\n/g, ' ')}`,
        why: `It answers "${question}", and the same rule applies as when a person types it.`,
        next: `${next} Nothing was run or written.`,
      },
      EXIT.usage,
    );
    this.name = 'RefusedAnswerError';
  }
}

/** A question came that no flag answered, and there is nobody to ask. */
export class MissingAnswerError extends SsoBackupError {
  constructor(flag: string, question: string) {
    super(
      {
        what: `No answer for "${question}": give it with ${flag}.`,
        why: 'This run asks nothing (--non-interactive, no terminal on stdin, or CI is set), so every answer must come from the command line or a secret source.',
        next: `Add ${flag} (see "sso-backup --help"), or run sso-backup in a terminal to be asked. Nothing was run or written.`,
      },
      EXIT.usage,
    );
    this.name = 'MissingAnswerError';
  }
}

function entryFor(sheet: AnswerSheet, question: Asked & { message: string }): { flag: string; value: unknown } | undefined {
  const entry = sheet[question.id];
  const flag = entry?.flag ?? ANSWERING_FLAGS[question.id];
  if (question.again !== undefined) {
    // The last answer was refused; asking the sheet again would loop. Unattended, the refusal is final.
    if (entry?.answer !== undefined) throw new RefusedAnswerError(flag, question.message, question.again);
  }
  if (entry?.answer === undefined) return undefined;
  const value = typeof entry.answer === 'function' ? (entry.answer as (q: unknown) => unknown)(question) : entry.answer;
  return value === undefined ? undefined : { flag, value };
}

/** What to do about a refused answer: a password is changed where it is kept, not on the command line. */
function nextFor(id: QuestionId, flag: string): string | undefined {
  if (id === 'password') return `Make a new password that meets the rule (your vault's generator will), store it where ${flag} reads it from, and run again.`;
  if (id === 'reminder') return `Write another reminder for ${flag}: say where the password is kept, not what it is.`;
  return undefined;
}

async function validated(
  question: { validate?: (value: string) => boolean | string | Promise<boolean | string>; message: string; id: QuestionId },
  flag: string,
  text: string,
): Promise<void> {
  if (!question.validate) return;
  const verdict = await question.validate(text);
  if (verdict !== true) {
    throw new RefusedAnswerError(flag, question.message, typeof verdict === 'string' ? verdict : 'it is not valid', nextFor(question.id, flag));
  }
}

/**
 * A Prompter that answers from the sheet, and asks `fallback` (a person) for the rest; with no fallback a
 * question without an answer is a MissingAnswerError.
 */
export function answerSheetPrompter(sheet: AnswerSheet, fallback?: Prompter): Prompter {
  const missing = (question: Asked & { message: string }): never => {
    throw new MissingAnswerError(sheet[question.id]?.flag ?? ANSWERING_FLAGS[question.id], question.message);
  };
  return {
    async input(question: InputQuestion): Promise<string> {
      const found = entryFor(sheet, question);
      if (!found) return fallback ? fallback.input(question) : missing(question);
      const text = String(found.value);
      await validated(question, found.flag, text);
      return text;
    },
    async password(question: PasswordQuestion): Promise<Secret> {
      const found = entryFor(sheet, question);
      if (!found) return fallback ? fallback.password(question) : missing(question);
      const secret = found.value as Secret;
      await validated(question, found.flag, secret.reveal());
      return secret;
    },
    async confirm(question: ConfirmQuestion): Promise<boolean> {
      const found = entryFor(sheet, question);
      if (!found) return fallback ? fallback.confirm(question) : missing(question);
      return found.value === true;
    },
    async select<T>(question: SelectQuestion<T>): Promise<T> {
      const found = entryFor(sheet, question);
      if (!found) return fallback ? fallback.select(question) : missing(question);
      const choice = question.choices.find((c) => c.value === found.value);
      if (!choice) throw new RefusedAnswerError(found.flag, question.message, `${String(found.value)} is not one of the choices`);
      return choice.value;
    },
  };
}
