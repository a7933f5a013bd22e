import { describe, expect, it } from 'vitest';
import {
  NOTHING_ANSWERED,
  markAnswered,
  planAnswer,
  type Answer,
  type AnsweredSoFar,
  type Plan,
} from '../../src/console/answer-plan.js';
import type { PromptKind } from '../../src/console/prompt-recognition.js';

type Shown = PromptKind | { kind: PromptKind; text: string; redrawn?: boolean };

/** Each kind's usual words; a terse tool words password and confirmation alike. */
const TEXT: Record<PromptKind, string> = {
  password: 'Password : ',
  confirm: 'Confirm password : ',
  reminder: 'Password reminder : ',
  overwrite: 'Overwrite? (Y/N)',
};

/** Plays a run of prompts the way the driver does: plan, and mark what was typed. Returns every plan. */
function play(prompts: Shown[], overwriteAllowed = false): { plans: Plan[]; answered: AnsweredSoFar } {
  let answered = NOTHING_ANSWERED;
  let passwordPrompt: string | undefined;
  const plans: Plan[] = [];
  for (const shown of prompts) {
    const { kind, text, redrawn = false } = typeof shown === 'string' ? { kind: shown, text: TEXT[shown] } : shown;
    const plan = planAnswer(kind, answered, overwriteAllowed, { text, redrawn, passwordPrompt });
    plans.push(plan);
    if (plan.type !== 'answer') break;
    if (plan.answer === 'password') passwordPrompt = text;
    answered = markAnswered(answered, plan.answer);
  }
  return { plans, answered };
}

const first = (kind: PromptKind) => ({ text: TEXT[kind], redrawn: false });

const answer = (a: Answer): Plan => ({ type: 'answer', answer: a });
const again = (kind: PromptKind): Plan => ({ type: 'asked-again', kind });

describe('NOTHING_ANSWERED', () => {
  it('has nothing answered', () => {
    expect(NOTHING_ANSWERED).toEqual({ password: false, confirm: false, reminder: false, overwrite: false });
  });

  it('is not changed by markAnswered', () => {
    const next = markAnswered(NOTHING_ANSWERED, 'password');
    expect(next.password).toBe(true);
    expect(NOTHING_ANSWERED.password).toBe(false);
  });
});

describe('planAnswer: the prompt orders a backup can meet', () => {
  it('answers the standard order password, confirm, reminder', () => {
    const { plans, answered } = play(['password', 'confirm', 'reminder']);
    expect(plans).toEqual([answer('password'), answer('confirm'), answer('reminder')]);
    expect(answered).toEqual({ password: true, confirm: true, reminder: true, overwrite: false });
  });

  it('reads the second identically worded password prompt (terse) as the confirmation', () => {
    const { plans, answered } = play(['password', 'password', 'reminder']);
    expect(plans).toEqual([answer('password'), answer('confirm'), answer('reminder')]);
    expect(answered).toEqual({ password: true, confirm: true, reminder: true, overwrite: false });
  });

  it('stops on a third password prompt: the program did not accept an answer', () => {
    const { plans } = play(['password', 'password', 'password']);
    expect(plans).toEqual([answer('password'), answer('confirm'), again('password')]);
  });

  it('stops on a password prompt after password and confirmation were given in standard wording', () => {
    const { plans } = play(['password', 'confirm', 'password']);
    expect(plans.at(-1)).toEqual(again('password'));
  });

  it('stops on a second confirmation prompt', () => {
    const { plans } = play(['password', 'confirm', 'confirm']);
    expect(plans.at(-1)).toEqual(again('confirm'));
  });

  it('stops when the reminder is asked twice', () => {
    const { plans } = play(['password', 'confirm', 'reminder', 'reminder']);
    expect(plans).toEqual([answer('password'), answer('confirm'), answer('reminder'), again('reminder')]);
  });

  it('answers a reminder asked first, and still answers the password afterwards', () => {
    const { plans } = play(['reminder', 'password', 'confirm']);
    expect(plans).toEqual([answer('reminder'), answer('password'), answer('confirm')]);
  });

  it('answers a confirmation asked before any password prompt with the confirmation', () => {
    expect(planAnswer('confirm', NOTHING_ANSWERED, false, first('confirm'))).toEqual(answer('confirm'));
  });

  it('after a confirmation asked first, a password prompt counts as asked again (both typed the password)', () => {
    const { plans, answered } = play(['confirm', 'password']);
    expect(plans).toEqual([answer('confirm'), again('password')]);
    expect(answered.password).toBe(true);
  });
});

describe('planAnswer: never the password into a prompt that may not want it', () => {
  it('a second password-worded prompt in other words is unclear, not the confirmation', () => {
    const { plans } = play(['password', { kind: 'password', text: 'Password comment: ' }]);
    expect(plans).toEqual([answer('password'), { type: 'unclear', kind: 'password' }]);
  });

  it('the same words again, any case and spacing, on a new line: the confirmation', () => {
    const { plans } = play(['password', { kind: 'password', text: '  PASSWORD :' }]);
    expect(plans.at(-1)).toEqual(answer('confirm'));
  });

  it('the same words redrawn on the answered line: asked again', () => {
    const { plans } = play(['password', { kind: 'password', text: 'Password : ', redrawn: true }]);
    expect(plans.at(-1)).toEqual(again('password'));
  });

  it('a password prompt after the reminder was given (no confirmation asked): asked again', () => {
    const { plans } = play(['password', 'reminder', 'password']);
    expect(plans.at(-1)).toEqual(again('password'));
  });

  it('a redrawn reminder prompt after the reminder: asked again', () => {
    const { plans } = play(['password', 'confirm', 'reminder', { kind: 'reminder', text: TEXT.reminder, redrawn: true }]);
    expect(plans.at(-1)).toEqual(again('reminder'));
  });
});

describe('planAnswer: overwrite question', () => {
  it('says yes when overwriting is allowed', () => {
    expect(planAnswer('overwrite', NOTHING_ANSWERED, true, first('overwrite'))).toEqual(answer('overwrite-yes'));
  });

  it('says no when overwriting is not allowed', () => {
    expect(planAnswer('overwrite', NOTHING_ANSWERED, false, first('overwrite'))).toEqual(answer('overwrite-no'));
  });

  it('stops when asked to overwrite a second time, whatever the answer was', () => {
    expect(play(['overwrite', 'overwrite'], true).plans.at(-1)).toEqual(again('overwrite'));
    expect(play(['overwrite', 'overwrite'], false).plans.at(-1)).toEqual(again('overwrite'));
  });

  it('answering the overwrite question leaves the password prompts to come', () => {
    const { plans, answered } = play(['overwrite', 'password', 'password', 'reminder'], true);
    expect(plans).toEqual([answer('overwrite-yes'), answer('password'), answer('confirm'), answer('reminder')]);
    expect(answered).toEqual({ password: true, confirm: true, reminder: true, overwrite: true });
  });

  it('overwriteAllowed has no effect on the other prompts', () => {
    expect(planAnswer('password', NOTHING_ANSWERED, true, first('password'))).toEqual(answer('password'));
    expect(planAnswer('reminder', NOTHING_ANSWERED, true, first('reminder'))).toEqual(answer('reminder'));
  });
});

describe('markAnswered', () => {
  it.each([
    ['password', { password: true, confirm: false, reminder: false, overwrite: false }],
    ['confirm', { password: true, confirm: true, reminder: false, overwrite: false }],
    ['reminder', { password: false, confirm: false, reminder: true, overwrite: false }],
    ['overwrite-yes', { password: false, confirm: false, reminder: false, overwrite: true }],
    ['overwrite-no', { password: false, confirm: false, reminder: false, overwrite: true }],
  ] as const)('%s marks exactly %o', (given, expected) => {
    expect(markAnswered(NOTHING_ANSWERED, given)).toEqual(expected);
  });

  it('keeps what was answered before', () => {
    const afterReminder = markAnswered(NOTHING_ANSWERED, 'reminder');
    expect(markAnswered(afterReminder, 'overwrite-no')).toEqual({
      password: false,
      confirm: false,
      reminder: true,
      overwrite: true,
    });
  });

  it('returns a new object rather than changing its argument', () => {
    const before: AnsweredSoFar = { ...NOTHING_ANSWERED };
    const after = markAnswered(before, 'reminder');
    expect(after).not.toBe(before);
    expect(before.reminder).toBe(false);
  });
});
