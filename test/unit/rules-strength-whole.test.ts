import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPassword, contextWords, type MinScore } from '../../src/rules/password.js';
import { measureStrength, type Strength } from '../../src/rules/strength.js';
import { prng, repeated } from '../support/random-strings.js';

const require = createRequire(import.meta.url);
type Zxcvbn = typeof import('zxcvbn');

// zxcvbn as published, nothing of ours installed on it: loaded first, then taken out of Node's require cache, so
// that strength.ts loads a copy of its own on its first measurement (and changes that one).
const zxcvbnDir = path.dirname(require.resolve('zxcvbn/package.json')) + path.sep;
const published = require('zxcvbn') as Zxcvbn;
for (const file of Object.keys(require.cache)) {
  if (file.startsWith(zxcvbnDir)) Reflect.deleteProperty(require.cache, file);
}
measureStrength('load zxcvbn', []);
// strength.ts's copy: its l33t cap, its dictionary index and its faster scoring, which give zxcvbn's results
// (rules-zxcvbn-matching.test.ts, rules-zxcvbn-scoring.test.ts) much faster than the published one on 256
// characters (up to half a second each).
const ours = require('zxcvbn') as Zxcvbn;
expect(ours).not.toBe(published);

const strengthOf = (measured: ReturnType<Zxcvbn>): Strength => ({
  score: measured.score,
  warning: measured.feedback.warning,
  suggestions: [...measured.feedback.suggestions],
});

const CONTEXT = { minScore: 3 as MinScore, userInputs: contextWords({ host: 'BTS01', user: 'btsadmin', domain: 'CONTOSO' }) };

const PIECES = [
  'baseball', 'password', 'dragon', 'qwerty', 'zaq12wsx', 'iloveyou', '1999', '12-31', 'abc', 'a', 'jq', 'x', 'P@ss',
  'w0rd', '!', '-', 'BTS01', 'monkey', 'asdf', '2024', 'Contoso', 'sso', ' ', '7', 'Zz',
];

/**
 * Passwords of 101 to 256 characters made of a short unit repeated, starting anywhere in it and cut anywhere:
 * zxcvbn scores a period cut short as more pieces, so a part of such a password can score higher than the whole.
 * Some with a few other characters before or after.
 */
function repeatedPatterns(seed: number, count: number): string[] {
  const next = prng(seed);
  const passwords: string[] = [];
  for (let k = 0; k < count; k += 1) {
    let unit = '';
    for (let parts = 1 + Math.floor(next() * 4); parts > 0; parts -= 1) unit += PIECES[Math.floor(next() * PIECES.length)];
    const start = Math.floor(next() * unit.length);
    const rotated = unit.slice(start) + unit.slice(0, start);
    let password = repeated(rotated, 101 + Math.floor(next() * 156));
    const extra = String.fromCharCode(33 + Math.floor(next() * 94)).repeat(1 + Math.floor(next() * 3));
    if (next() < 0.2) password = (extra + password).slice(0, 256);
    else if (next() < 0.25) password = (password + extra).slice(-256);
    passwords.push(password);
  }
  return passwords;
}

/** Each longer than any measurement cut short at `cut` would see, and scored higher by zxcvbn on that part. */
const ADVERSARIAL: { unit: string; length: number; cut: number }[] = [
  { unit: 'abaseballbaseball', length: 256, cut: 100 },
  { unit: 'abaseballbaseball', length: 255, cut: 128 },
  { unit: 'aaaabaseballbaseball', length: 200, cut: 128 },
  { unit: '1999-12-31', length: 200, cut: 128 },
  { unit: 'zaq12wsx', length: 256, cut: 255 },
  { unit: 'iloveyou', length: 256, cut: 255 },
];

describe('measureStrength on the whole password', () => {
  it('scores what zxcvbn scores on the whole password where a part of it scores higher', () => {
    for (const { unit, length, cut } of ADVERSARIAL) {
      const password = repeated(unit, length);
      const whole = strengthOf(published(password, []));
      // The case stays adversarial: zxcvbn rates the part higher than the whole.
      expect(ours(password.slice(0, cut), []).score, `${unit} x ${length}, cut at ${cut}`).toBeGreaterThan(whole.score);
      expect(measureStrength(password, []), `${unit} x ${length}`).toEqual(whole);
      // So a rule that asks for more than zxcvbn gives the whole refuses it.
      const minScore = (whole.score + 1) as MinScore;
      expect(checkPassword(password, { minScore, userInputs: [] }).problems.map((p) => p.rule)).toEqual(['strength']);
    }
  });

  it('never scores a repeated pattern of 101 to 256 characters above zxcvbn on the whole password', () => {
    const passwords = repeatedPatterns(2026, 160);
    let below = 0;
    for (const password of passwords) {
      // Without user inputs, exactly zxcvbn's result on the whole password (a shortcut's 4 included).
      expect(measureStrength(password, []), password).toEqual(strengthOf(ours(password, [])));
      // With them, never more: what is left without them may score lower, and then counts.
      const withInputs = measureStrength(password, CONTEXT.userInputs).score;
      const zxcvbnScore = ours(password, CONTEXT.userInputs).score;
      expect(withInputs, password).toBeLessThanOrEqual(zxcvbnScore);
      if (withInputs < zxcvbnScore) below += 1;
    }
    expect(passwords.every((password) => password.length > 100 && password.length <= 256)).toBe(true);
    expect(below).toBeGreaterThan(0);
  });

  it('gives the published zxcvbn\u2019s result on the whole password, for some of them', () => {
    for (const password of repeatedPatterns(7, 6)) {
      expect(measureStrength(password, []), password).toEqual(strengthOf(published(password, [])));
    }
  });

  it('rates the end of a 256-character password too', () => {
    const next = prng(5);
    let random = '';
    while (random.length < 200) random += String.fromCharCode(33 + Math.floor(next() * 94));
    // Weak for 200 characters and random after: zxcvbn counts the random end, where a measurement of the first
    // 100 would not; random for 200 and weak after.
    for (const password of [repeated('BTS01', 200) + random.slice(0, 56), random + repeated('BTS01', 56)]) {
      expect(password).toHaveLength(256);
      const whole = strengthOf(ours(password, []));
      expect(measureStrength(password, []), password).toEqual(whole);
      expect(whole.score).toBe(4);
    }
  });
});
