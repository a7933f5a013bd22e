/**
 * What to type for a recognised prompt, given what was typed already. ssoconfig asks, in this order, for the
 * password, its confirmation and a reminder (../shared/reference/entsso.md section 2); a prompt worded like the
 * password after the password was given is its confirmation; any prompt asked once more than that means the
 * program did not accept an answer, and the driver stops rather than loop.
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

export type Plan = { type: 'answer'; answer: Answer } | { type: 'asked-again'; kind: PromptKind };

export function planAnswer(kind: PromptKind, answered: AnsweredSoFar, overwriteAllowed: boolean): Plan {
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
      if (!answered.confirm) return { type: 'answer', answer: 'confirm' };
      return { type: 'asked-again', kind };
  }
}

export function markAnswered(answered: AnsweredSoFar, answer: Answer): AnsweredSoFar {
  if (answer === 'overwrite-yes' || answer === 'overwrite-no') return { ...answered, overwrite: true };
  if (answer === 'confirm') return { ...answered, confirm: true, password: true };
  return { ...answered, [answer]: true };
}
