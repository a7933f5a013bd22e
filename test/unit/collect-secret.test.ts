/**
 * Step 3, the password: it comes back with the strength the rules measured when they accepted it, so the review
 * names the strength without measuring the password again; a prompter that did not run the rules leaves it
 * unknown, and the review measures it itself.
 */
import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/console/secret.js';
import { collectPassword } from '../../src/flow/steps/collect-secret.js';
import { measureStrengthLabel } from '../../src/flow/strength-label.js';
import { answerSheetPrompter } from '../../src/prompts/answer-sheet.js';
import type { Prompter } from '../../src/prompts/prompter.js';
import { contextWords, type PasswordRulesContext } from '../../src/rules/password.js';
import { measureStrength } from '../../src/rules/strength.js';
import { createStyle } from '../../src/ui/style.js';

const RULES: PasswordRulesContext = { minScore: 3, userInputs: contextWords({ host: 'SSOSIM01', user: 'btsadmin', domain: 'CONTOSO' }) };
const PASSWORD = 'Canary-Quill-Harbor-7731';

function ctx(prompter: Prompter) {
  const out: string[] = [];
  return { prompter, out: (text: string) => void out.push(text), style: createStyle({ isTTY: false } as never) };
}

describe('collectPassword', () => {
  it('returns the strength measured when the rules accepted the password', async () => {
    const secret = new Secret(PASSWORD);
    const prompter = answerSheetPrompter({ password: { flag: '--password-stdin', answer: secret }, 'confirm-password': { flag: '--password-stdin', answer: secret } });
    const { password, strength } = await collectPassword(ctx(prompter), RULES);
    expect(password).toBe(secret);
    expect(strength).toEqual(measureStrength(PASSWORD, RULES.userInputs));
    expect(measureStrengthLabel(password, RULES, strength)).toBe(`strength ${strength!.score} of 4 (at least 3 required)`);
  });

  it('leaves the strength unknown when no rule ran, and the label measures it then', async () => {
    const secret = new Secret(PASSWORD);
    const unchecked: Prompter = {
      password: async () => secret,
      input: async () => '',
      confirm: async () => true,
      select: async () => {
        throw new Error('not asked');
      },
    };
    const { strength } = await collectPassword(ctx(unchecked), RULES);
    expect(strength).toBeUndefined();
    expect(measureStrengthLabel(secret, RULES, strength)).toBe(`strength ${measureStrength(PASSWORD, RULES.userInputs).score} of 4 (at least 3 required)`);
  });
});
