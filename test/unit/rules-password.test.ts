import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MIN_SCORE,
  checkPassword,
  contextWords,
  type PasswordCheck,
  type PasswordRulesContext,
} from '../../src/rules/password.js';
import { expectNoLeak } from '../support/no-leak.js';

const SERVER = { host: 'BTSPROD01', user: 'CONTOSO\\btsadmin', domain: 'contoso.local' };
const CONTEXT: PasswordRulesContext = { minScore: DEFAULT_MIN_SCORE, userInputs: contextWords(SERVER) };
const at = (minScore: PasswordRulesContext['minScore']): PasswordRulesContext => ({ ...CONTEXT, minScore });


const ruleIds = (check: PasswordCheck): string[] => check.problems.map((p) => p.rule);

/** Checks, asserts that nothing leaks, and returns the result. */
function check(password: string, context: PasswordRulesContext = CONTEXT): PasswordCheck {
  const result = checkPassword(password, context);
  expectNoLeak(result.problems, password);
  expect(result.ok).toBe(result.problems.length === 0);
  return result;
}

const messageOf = (result: PasswordCheck, rule: string): string => {
  const problem = result.problems.find((p) => p.rule === rule);
  expect(problem, `expected a ${rule} problem`).toBeDefined();
  return problem?.message ?? '';
};

/** A deterministic string of printable ASCII without spaces, random enough for zxcvbn to rate it strong. */
function noise(length: number): string {
  let seed = 12345;
  let text = '';
  while (text.length < length) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    text += String.fromCharCode(0x21 + (seed % 94));
  }
  return text;
}

describe('contextWords', () => {
  it('splits a DOMAIN\\user account and a dotted host name into their parts, lower-cased', () => {
    const words = contextWords({ host: 'bts01.contoso.local', user: 'CONTOSO\\btsadmin', domain: '' });
    expect(words).toEqual(expect.arrayContaining(['contoso\\btsadmin', 'contoso', 'btsadmin']));
    expect(words).toEqual(expect.arrayContaining(['bts01.contoso.local', 'bts01', 'local']));
  });

  it('splits on - _ and spaces too', () => {
    const words = contextWords({ host: 'BTS-PROD_02', user: 'Anna Svensson', domain: 'CONTOSO' });
    expect(words).toEqual(expect.arrayContaining(['bts', 'prod', '02', 'anna', 'svensson', 'contoso']));
  });

  it('adds the product words whatever the server', () => {
    const words = contextWords({ host: '', user: '', domain: '' });
    expect(words).toEqual(
      expect.arrayContaining([
        'biztalk',
        'sso',
        'entsso',
        'master',
        'secret',
        'backup',
        'password',
        'microsoft',
        'enterprise',
        'single',
        'sign-on',
      ]),
    );
  });

  it('has no empty words and no duplicates', () => {
    const words = contextWords({ host: 'contoso..local', user: 'CONTOSO\\\\x', domain: 'Contoso' });
    expect(words).not.toContain('');
    expect(new Set(words).size).toBe(words.length);
  });
});

describe('checkPassword: lengths (ssoconfig rules)', () => {
  it('refuses 6 characters, saying ENTSSO refuses shorter ones (10836)', () => {
    const result = check('Qz7#vK', at(0));
    expect(ruleIds(result)).toEqual(['min-length']);
    expect(messageOf(result, 'min-length')).toContain('7 characters');
    expect(messageOf(result, 'min-length')).toContain('10836');
    expect(result.ok).toBe(false);
  });

  it('accepts 7 characters as far as length goes', () => {
    const result = check('Qz7#vKp', at(0));
    expect(ruleIds(result)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('accepts 256 characters', () => {
    const password = noise(256);
    expect(password).toHaveLength(256);
    const result = check(password);
    expect(ruleIds(result)).toEqual([]);
    expect(result.strength?.score).toBe(4);
  });

  it('refuses 257 characters (10839), without measuring the strength', () => {
    const result = check(noise(257));
    expect(ruleIds(result)).toEqual(['max-length']);
    expect(messageOf(result, 'max-length')).toContain('256');
    expect(messageOf(result, 'max-length')).toContain('10839');
    expect(result.strength).toBeUndefined();
  });

  it('does not measure the strength of a password that is too short', () => {
    expect(check('Qz7#vK').strength).toBeUndefined();
  });
});

describe('checkPassword: printable ASCII only', () => {
  const cases = [
    { name: 'an accented letter', password: 'Caf\u00e9-Terrace-Hill-42', character: '\u00e9' },
    { name: 'a tab', password: 'Quartz\tLemon-Fjord-8', character: '\t' },
    { name: 'a control character', password: 'Quartz\u0007Lemon-Fjord-8', character: '\u0007' },
  ];

  for (const { name, password, character } of cases) {
    it(`refuses ${name}, without quoting it`, () => {
      const result = check(password);
      expect(ruleIds(result)).toEqual(['printable-ascii']);
      const message = messageOf(result, 'printable-ascii');
      expect(message).not.toContain(character);
      expect(message).toContain('1 character');
      expect(message).toMatch(/restore/);
      expect(message).toMatch(/code page/);
      expect(result.strength).toBeUndefined();
    });
  }

  it('counts the characters without showing them', () => {
    const result = check('\u00c5ngstr\u00f6m-Fjord-Lemon-8');
    expect(messageOf(result, 'printable-ascii')).toContain('2 characters');
  });

  it('accepts every printable ASCII character, space included', () => {
    const all = Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
    // In pieces: zxcvbn 4.4.2 takes seconds on a string holding all its l33t characters at once.
    for (let i = 0; i < all.length; i += 12) {
      expect(ruleIds(check(`x${all.slice(i, i + 12)}x`, at(0)))).toEqual([]);
    }
  });
});

describe('checkPassword: no space at either end', () => {
  it('refuses a leading space', () => {
    const result = check(' Quartz-Lemon-Fjord-8');
    expect(ruleIds(result)).toEqual(['edge-space']);
    expect(messageOf(result, 'edge-space')).toMatch(/vault/);
  });

  it('refuses a trailing space', () => {
    expect(ruleIds(check('Quartz-Lemon-Fjord-8 '))).toEqual(['edge-space']);
  });

  it('accepts spaces inside', () => {
    expect(ruleIds(check('Quartz Lemon Fjord 8'))).toEqual([]);
  });

  it('still measures the strength, so all the problems are told at once', () => {
    const result = check(' password1');
    expect(ruleIds(result)).toEqual(['edge-space', 'strength']);
    expect(result.strength).toBeDefined();
  });
});

describe('checkPassword: strength (zxcvbn)', () => {
  it('refuses password1 with zxcvbn\u2019s warning and suggestion', () => {
    const result = check('password1');
    expect(ruleIds(result)).toEqual(['strength']);
    const message = messageOf(result, 'strength');
    expect(message).toContain(`at least ${DEFAULT_MIN_SCORE}`);
    expect(message).toContain(`score is ${result.strength?.score} of 4`);
    expect(message).toContain('This is a very common password');
    expect(message).toContain('Add another word or two');
  });

  it('refuses BizTalk2024! because BizTalk is a word about this server', () => {
    const result = check('BizTalk2024!');
    expect(ruleIds(result)).toEqual(['strength']);
    expect(result.strength?.score).toBeLessThan(DEFAULT_MIN_SCORE);
    expect(messageOf(result, 'strength')).toContain('Add another word or two');
    // Without the server's words zxcvbn would not know: the context is what catches it.
    expect(check('BizTalk2024!', { ...CONTEXT, userInputs: [] }).ok).toBe(true);
  });

  it('refuses the host name followed by digits', () => {
    const result = check('btsprod012024');
    expect(ruleIds(result)).toEqual(['strength']);
    expect(messageOf(result, 'strength')).toContain('Most of it is words an attacker tries first on this server');
    expect(check('btsprod012024', { ...CONTEXT, userInputs: [] }).ok).toBe(true);
  });

  it('accepts a strong passphrase at the default minimum, and reports its strength', () => {
    const result = check('correct-Horse-battery-staple-94', at(3));
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([]);
    expect(result.strength?.score).toBeGreaterThanOrEqual(3);
  });

  it('accepts a medium passphrase at minimum 0 but refuses it at 4, with advice even when zxcvbn has none', () => {
    const accepted = check('summer-garden', at(0));
    expect(accepted.ok).toBe(true);
    expect(accepted.strength).toBeDefined();

    const refused = check('summer-garden', at(4));
    expect(ruleIds(refused)).toEqual(['strength']);
    expect(refused.strength).toEqual(accepted.strength);
    const message = messageOf(refused, 'strength');
    expect(message).toContain('at least 4');
    expect(message).toMatch(/longer/);
  });
});
