import { describe, expect, it } from 'vitest';
import { SSOCONFIG_RULES } from '../../src/entsso/facts.js';
import { checkPassword, contextWords, type PasswordRulesContext } from '../../src/rules/password.js';
import { REMINDER_MAX_LENGTH, checkReminder, maskTellingRuns, type ReminderCheck } from '../../src/rules/reminder.js';
import { expectNoLeak } from '../support/no-leak.js';

const CONTEXT: PasswordRulesContext = {
  minScore: 3,
  userInputs: contextWords({ host: 'BTSPROD01', user: 'CONTOSO\\btsadmin', domain: 'contoso.local' }),
};
const PASSWORD = 'correct-Horse-battery-staple-94';
const GOOD_REMINDER = 'the vault entry under BizTalk PROD, ask Anna';


/** Checks, asserts that nothing leaks (password nor reminder excerpt), and returns the result. */
function check(reminder: string, password = PASSWORD, context = CONTEXT): ReminderCheck {
  const result = checkReminder(reminder, password, context);
  expectNoLeak(result.problems, password);
  expect(result.ok).toBe(result.problems.length === 0);
  return result;
}

const ruleIds = (result: ReminderCheck): string[] => result.problems.map((p) => p.rule);

const messageOf = (result: ReminderCheck, rule: string): string => {
  const problem = result.problems.find((p) => p.rule === rule);
  expect(problem, `expected a ${rule} problem`).toBeDefined();
  return problem?.message ?? '';
};

describe('the leak check used by these tests', () => {
  it('would catch a message quoting 4 characters of the password', () => {
    expect(() => expectNoLeak([{ rule: 'x', message: 'it has "HORS" in it' }], PASSWORD)).toThrow();
    expect(() => expectNoLeak([{ rule: 'x', message: 'your password1 is weak' }], 'password1')).toThrow();
    expect(() => expectNoLeak([{ rule: 'x', message: 'the password is weak' }], 'password1')).not.toThrow();
  });
});

describe('checkReminder', () => {
  it('uses ssoconfig\u2019s maximum', () => {
    expect(REMINDER_MAX_LENGTH).toBe(SSOCONFIG_RULES.reminderMaxLength);
    expect(REMINDER_MAX_LENGTH).toBe(512);
  });

  it('accepts a reminder that helps only its author', () => {
    const result = check(GOOD_REMINDER);
    expect(result).toEqual({ ok: true, problems: [] });
  });

  it('refuses an empty reminder, saying it is the only hint at restore time', () => {
    const result = check('');
    expect(ruleIds(result)).toEqual(['required']);
    expect(messageOf(result, 'required')).toMatch(/backup file/);
    expect(messageOf(result, 'required')).toMatch(/restore/);
  });

  it('refuses a reminder of spaces only', () => {
    expect(ruleIds(check('   '))).toEqual(['required']);
    expect(ruleIds(check(' \t '))).toEqual(['required', 'control-character']);
  });

  it('accepts 512 characters and refuses 513 (10840)', () => {
    const base = `${GOOD_REMINDER}. `;
    const long = (n: number): string => base.repeat(Math.ceil(n / base.length)).slice(0, n);
    expect(ruleIds(check(long(512)))).toEqual([]);
    const result = check(long(513));
    expect(ruleIds(result)).toEqual(['max-length']);
    expect(messageOf(result, 'max-length')).toContain('512');
    expect(messageOf(result, 'max-length')).toContain('10840');
  });

  it('refuses a reminder holding the password in another case', () => {
    const result = check(`it is ${PASSWORD.toUpperCase()} of course`);
    expect(ruleIds(result)).toEqual(['contains-password']);
    expect(messageOf(result, 'contains-password')).toContain('4 or more characters in a row');
  });

  it('refuses a reminder holding 4 characters in a row of the password', () => {
    expect(ruleIds(check('the one by the stapler'))).toEqual(['contains-password']);
    // Across the punctuation, too.
    expect(ruleIds(check('see E-BA in the vault'))).toEqual(['contains-password']);
  });

  it('accepts 3 characters in a row of the password', () => {
    expect(ruleIds(check('COR in the vault, ask Anna'))).toEqual([]);
  });

  it('refuses a reminder holding a reversed run of the password', () => {
    expect(ruleIds(check('ask Anna about esroh'))).toEqual(['contains-password']);
  });

  it('refuses a run of the password with its punctuation taken out', () => {
    // 'ctho' is in 'correcthorse...', not in 'correct-Horse...'.
    expect(ruleIds(check('ctho is the hint'))).toEqual(['contains-password']);
  });

  it('refuses a reminder that lists the password\u2019s words (caught as a shared run before zxcvbn is asked)', () => {
    const result = check('horse battery staple correct');
    expect(ruleIds(result)).toEqual(['contains-password']);
  });

  it('refuses a reminder that makes the password guessable without quoting it (gives-away)', () => {
    // Strong on its own, for this server...
    expect(checkPassword('Tr0ub4dor&3', CONTEXT).ok).toBe(true);
    // ...but not for someone who reads the reminder: zxcvbn sees through the substitutions.
    const result = check('troubador and three', 'Tr0ub4dor&3');
    expect(ruleIds(result)).toEqual(['gives-away']);
    const message = messageOf(result, 'gives-away');
    expect(message).toMatch(/guessable/);
    expect(message).toContain('at least 3');
    expect(message).toMatch(/where the password is kept/);
  });

  it('does not blame the reminder for a password that is weak on its own', () => {
    expect(checkPassword('password1', CONTEXT).ok).toBe(false);
    expect(ruleIds(check(GOOD_REMINDER, 'password1'))).toEqual([]);
  });

  // Found by test/trust/properties/secrets.test.ts.
  it('refuses a reminder of invisible characters only (zero-width space, joiners, marks)', () => {
    expect(ruleIds(check('\u200B'))).toEqual(['required']);
    expect(ruleIds(check('\u200C\u200D \u2060\u200F'))).toEqual(['required']);
    expect(ruleIds(check('a\u200B'))).toEqual([]);
  });

  it('refuses control characters and half characters: typed into ssoconfig, they would end or change the reminder', () => {
    for (const ch of ['\n', '\r', '\t', '\u0003', '\u001B', '\u007F', '\u009B', '\uD800', '\uDC00']) {
      const result = check(`the vault ${ch}entry`);
      expect(ruleIds(result), JSON.stringify(ch)).toEqual(['control-character']);
      expect(messageOf(result, 'control-character')).toContain(`U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
      expect(messageOf(result, 'control-character')).toMatch(/one line/);
    }
    expect(ruleIds(check('the vault \uD83D\uDD11 entry'))).toEqual([]);
  });

  it('folds case one character at a time, so a Greek final sigma or \u00DF/SS does not hide the password', () => {
    expect(ruleIds(check('\u03A3SS\u03A3\u03A3', '\u03A3\u00DF\u03A3\u03A3'))).toContain('contains-password');
    expect(ruleIds(check('x\u03A3\u03A3\u03A3\u03A3x', '\u03C3\u03C3\u03C3\u03C2'))).toContain('contains-password');
  });

  it('reports every problem at once', () => {
    const result = check(`${PASSWORD} `.repeat(20));
    expect(ruleIds(result)).toEqual(['max-length', 'contains-password']);
  });
});

describe('maskTellingRuns (what the reminder field shows)', () => {
  const password = 'Maple-Kettle-Orbit-73';

  it('shows a reminder that tells nothing as it is', () => {
    expect(maskTellingRuns('in the PROD vault, ask Anna', password)).toBe('in the PROD vault, ask Anna');
  });

  it('hides every character of a telling run, in any case, forwards or backwards, and nothing else', () => {
    expect(maskTellingRuns('see MAPLE here', password)).toBe('see ***** here');
    expect(maskTellingRuns('ELPAM', password)).toBe('*****');
    expect(maskTellingRuns('mapleKettle', password)).toBe('***********'); // the password without its dashes
    expect(maskTellingRuns('map', password)).toBe('map'); // three in a row tell too little; the fourth hides all four
  });

  it('maps folded characters back to the ones typed (\u00DF folds to ss)', () => {
    expect(maskTellingRuns('x\u00DF\u00DFx', 'ab-ssss-cd')).toBe('x**x');
  });

  it('leaves no telling run on screen, for a reminder that is the password with anything around it', () => {
    for (const around of ['', 'a', 'vault: ', ' \u00E9\u00E9 ']) {
      const shown = maskTellingRuns(`${around}${password}${around}`, password);
      expect(ruleIds(check(shown, password))).not.toContain('contains-password');
    }
  });
});
