/** A refusal must explain without quoting: no rule message may hold the password or 4 characters in a row of it. */
import { expect } from 'vitest';
import type { RuleProblem } from '../../src/rules/rule.js';

/**
 * English words our own messages and zxcvbn's advice use ("password", "Add another word or two"). They are taken
 * out of a message before looking for runs of the password in it, or a password like 'password1' would always
 * look leaked. The whole password is looked for before they are taken out, so a leaked 'password1' is still caught.
 */
const OWN_WORDS = /\b(?:passwords?|words?)\b/gi;

/** Fails if any message holds the password, or any 4 characters in a row of it, in any case. */
export function expectNoLeak(problems: readonly RuleProblem[], password: string): void {
  const lower = password.toLowerCase();
  for (const { message } of problems) {
    const text = message.toLowerCase();
    expect(text.includes(lower), `message quotes the password: ${message}`).toBe(false);
    const stripped = text.replace(OWN_WORDS, '\u00b7');
    for (let i = 0; i + 4 <= lower.length; i += 1) {
      const run = lower.slice(i, i + 4);
      expect(stripped.includes(run), `message quotes a part of the password: ${message}`).toBe(false);
    }
  }
}
