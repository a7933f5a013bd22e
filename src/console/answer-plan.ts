/**
 * What to type for a recognised prompt, given what was typed already. ssoconfig asks, in this order, for the
 * password, its confirmation and a reminder (../shared/reference/entsso.md section 2). A prompt that says
 * "confirm" (or "again", "re-enter"...) is the confirmation. A prompt worded only like the password, after the
 * password, is the confirmation only when it repeats the first prompt's words on a new line (`Password : ` twice,
 * as terse tools do); worded otherwise it is unclear, and the password is never typed into it: it might be a
 * reminder prompt in words we do not know, and a reminder is stored in clear in the backup file. Any prompt asked
 * once more than that, or redrawn in place, means the program did not accept an answer: the driver stops.
 */
import type { PromptKind } from './prompt-recognition.js';

export type Answer = 'password' | 'confirm' | 'reminder' | 'overwrite-yes' | 'overwrite-no';

export interface AnsweredSoFar {
  password: boolean;
  confirm: boolean;
  reminder: boolean;
  overwrite: boolean;
}

export const NOTHING_ANSWERED: AnsweredSoFar = { password: false, confirm: false, reminder: false, overwrite: false };

export type Plan =
  | { type: 'answer'; answer: Answer }
  | { type: 'asked-again'; kind: PromptKind }
  /** Worded like the password, but neither the first prompt again nor a confirmation: not answered. */
  | { type: 'unclear'; kind: PromptKind };

/** Where and how a prompt was seen, for what words alone cannot settle. */
export interface PromptSeen {
  /** The prompt's text. */
  text: string;
  /** It was drawn again on the line of the last answer (a program asking again in place). */
  redrawn: boolean;
  /** The text of the prompt the password was typed into, if any. */
  passwordPrompt?: string | undefined;
}

const sameWords = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

export function planAnswer(kind: PromptKind, answered: AnsweredSoFar, overwriteAllowed: boolean, seen: PromptSeen): Plan {
  if (seen.redrawn) {
    const given = kind === 'password' ? answered.password : kind === 'overwrite' ? answered.overwrite : answered[kind];
    if (given) return { type: 'asked-again', kind };
  }
  switch (kind) {
    case 'reminder':
      return answered.reminder ? { type: 'asked-again', kind } : { type: 'answer', answer: 'reminder' };
    case 'overwrite':
      if (answered.overwrite) return { type: 'asked-again', kind };
      return { type: 'answer', answer: overwriteAllowed ? 'overwrite-yes' : 'overwrite-no' };
    case 'confirm':
      return answered.confirm ? { type: 'asked-again', kind } : { type: 'answer', answer: 'confirm' };
    case 'password':
      if (!answered.password) return { type: 'answer', answer: 'password' };
      if (answered.confirm || answered.reminder) return { type: 'asked-again', kind };
      if (seen.passwordPrompt !== undefined && sameWords(seen.text, seen.passwordPrompt)) return { type: 'answer', answer: 'confirm' };
      return { type: 'unclear', kind };
  }
}

export function markAnswered(answered: AnsweredSoFar, answer: Answer): AnsweredSoFar {
  if (answer === 'overwrite-yes' || answer === 'overwrite-no') return { ...answered, overwrite: true };
  if (answer === 'confirm') return { ...answered, confirm: true, password: true };
  return { ...answered, [answer]: true };
}
