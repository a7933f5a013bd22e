import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { checkPassword, contextWords, DEFAULT_MIN_SCORE } from '../../src/rules/password.js';
import {
  longestRun,
  measureStrength,
  shortcutPieces,
  surelyScoresFour,
  type Strength,
  type ZxcvbnMatch,
} from '../../src/rules/strength.js';
import { randomStrings, repeated } from '../support/random-strings.js';

const require = createRequire(import.meta.url);
type Zxcvbn = typeof import('zxcvbn');

// The zxcvbn instance measureStrength loads (Node keeps one per process); loaded here after it, so it carries the
// changes of l33t-cap.ts and zxcvbn-scoring.ts, which rules-zxcvbn-matching.test.ts and
// rules-zxcvbn-scoring.test.ts compare with zxcvbn's own (rules-strength-whole.test.ts with the published one).
measureStrength('load zxcvbn', []);
const zxcvbn = require('zxcvbn') as Zxcvbn;
const matching = require('zxcvbn/lib/matching') as {
  omnimatch(password: string): ZxcvbnMatch[];
  repeat_match(password: string): ZxcvbnMatch[];
  set_user_input_dictionary(words: string[]): void;
};

/** What zxcvbn itself says of the whole password (ENTSSO takes 256 characters at most). */
function zxcvbnOnWhole(password: string): Strength {
  expect(password.length).toBeLessThanOrEqual(256);
  const { score, feedback } = zxcvbn(password, []);
  return { score, warning: feedback.warning, suggestions: [...feedback.suggestions] };
}

/** How many times zxcvbn's matching ran over the whole text (its scoring follows every such run). */
function fullMatches(text: string, measure: () => void): number {
  const omnimatch = matching.omnimatch;
  let runs = 0;
  matching.omnimatch = function (this: unknown, password: string) {
    if (password === text) runs += 1;
    return omnimatch.call(this, password);
  };
  try {
    measure();
  } finally {
    matching.omnimatch = omnimatch;
  }
  return runs;
}

const printable = (length: number, seed: number): string => {
  let x = seed;
  let text = '';
  for (let i = 0; i < length; i += 1) {
    x = (x * 1103515245 + 12345) % 2147483648;
    text += String.fromCharCode(33 + (x % 94));
  }
  return text;
};
const WORDS = ['password', 'baseball', 'dragon', 'monkey', 'qwerty', 'correct', 'horse', 'P@ssw0rd', '1999', 'aaaa', '!'];

describe('surelyScoresFour', () => {
  const bruteforce: ZxcvbnMatch[] = [];
  it('says yes only where every cover by three pieces or fewer is at 10^10 guesses or more', () => {
    expect(surelyScoresFour(0, bruteforce)).toBe(false);
    expect(surelyScoresFour(10, bruteforce)).toBe(false); // 10^10: zxcvbn's score 4 starts at 10^10 + 5
    expect(surelyScoresFour(11, bruteforce)).toBe(true);
    // A repeat over the whole text, as zxcvbn rates one: base guesses x count.
    const repeat = { pattern: 'repeat', i: 0, j: 39, base_guesses: 1000, repeat_count: 5 };
    expect(surelyScoresFour(40, [repeat])).toBe(false);
    // Three words of any rank could cover 30 characters: only their floor (50) is known of a bare span.
    const words = [0, 10, 20].map((i) => ({ pattern: 'word', i, j: i + 9 }));
    expect(surelyScoresFour(30, words)).toBe(false);
    // Two words and 20 brute-forced characters: 2 x 50 x 10^20 at least.
    expect(surelyScoresFour(40, words.slice(0, 2))).toBe(true);
  });
});

describe('longestRun', () => {
  /** Every span with a period p at least 2p long, the longest, by trying them all. */
  function longestRunByHand(text: string): number {
    let longest = 0;
    for (let i = 0; i < text.length; i += 1) {
      for (let j = i + 1; j < text.length; j += 1) {
        const span = text.slice(i, j + 1);
        for (let p = 1; 2 * p <= span.length; p += 1) {
          if ([...span].every((c, k) => k + p >= span.length || c === span[k + p])) longest = Math.max(longest, span.length);
        }
      }
    }
    return longest;
  }

  it('finds the longest run longer than asked, by testing every so many places', () => {
    const texts = [
      '', 'a', 'aa', 'abab', 'xabcabcabcx', 'a'.repeat(40), `${'xy'.repeat(13)}z${'pqr'.repeat(9)}`,
      ...randomStrings(3, 60, ['ab', 'abc', 'aaaa', 'xyzxyz', 'password'], ['a', 'b', 'c']).map((t) => t.slice(0, 48)),
    ];
    for (const text of texts) {
      const longest = longestRunByHand(text);
      for (const longer of [0, 1, 3, 7, 23]) {
        expect(longestRun(text, longer), `${text} ${longer}`).toBe(longest > longer ? longest : 0);
      }
    }
  });

  it('is at least as long as every repeat zxcvbn matches', () => {
    for (const text of [...WORDS.map((word) => repeated(`${word}x${word}`, 120)), printable(256, 3), repeated('ab', 77)]) {
      for (const match of matching.repeat_match(text)) {
        expect(Math.max(23, longestRun(text, 23)), text).toBeGreaterThanOrEqual(match.j - match.i + 1);
      }
    }
  });
});

describe('shortcutPieces', () => {
  it('holds a piece with the same span for every match zxcvbn finds (a repeat with the same numbers)', () => {
    const inputs = contextWords({ host: 'BTS01.contoso.local', user: 'CONTOSO\\btsadmin', domain: 'CONTOSO' });
    const texts = [
      'yeknom-enihsnus-ssecnirp', // reversed words found by nothing else
      '2015x1987x1999-12-31x31121999',
      'p4ssw0rd-dr4g0n-|1|7!-8ts01-c0nt0s0',
      'qwertyuiop-zaq12wsx-hjkl;-abcdefgh-97531',
      'aaaaaaa-xyxyxyxy-passwordpassword',
      'BTS01.contoso.local-btsadmin-constructor-__proto__',
      ...Array.from({ length: 20 }, (_, k) => printable(20 + k * 4, 900 + k)),
      ...randomStrings(12, 40, WORDS, ['1', '7', '|', '@', '$', '0', 'a', 'q', 'w', 'e', '-', '.']).map((text) =>
        text.replace(/[^\x21-\x7e]/g, '').slice(0, 100),
      ),
    ];
    let matches = 0;
    for (const text of texts) {
      const pieces = shortcutPieces(text, inputs);
      expect(pieces, text).toBeDefined();
      const spans = new Set((pieces ?? []).map((piece) => `${piece.i}-${piece.j}`));
      matching.set_user_input_dictionary(inputs);
      for (const match of matching.omnimatch(text)) {
        matches += 1;
        expect(spans.has(`${match.i}-${match.j}`), `${text}: ${match.pattern} ${match.i}-${match.j}`).toBe(true);
        if (match.pattern === 'repeat') expect(pieces).toContainEqual(match);
      }
    }
    expect(matches).toBeGreaterThan(1000);
  });
});

describe('measureStrength without zxcvbn\u2019s scoring', () => {
  it('gives what zxcvbn gives on the whole password, random, weak or repeated', () => {
    const passwords = [
      ...Array.from({ length: 40 }, (_, k) => printable(8 + k * 6, 500 + k)),
      ...WORDS.flatMap((word) => [64, 100, 256].map((length) => repeated(`${word}x${word}`, length))),
      ...randomStrings(11, 60, WORDS, ['a', 'e', '1', '7', '|', '@', '$', '0', ' ', '-', 'Q', 'z']).map((text) =>
        text.replace(/[^\x21-\x7e]/g, '').slice(0, 120),
      ),
    ].filter((password) => password.length > 0);
    for (const password of passwords) {
      expect(measureStrength(password, []), password).toEqual(zxcvbnOnWhole(password));
    }
  });

  it('gives what zxcvbn gives for passwords made of three cheap pieces: runs, rows, sequences, dates, l33t', () => {
    const runs = ['a'.repeat(18), 'xy'.repeat(9), '7'.repeat(15), 'Zz'.repeat(8)];
    const middles = [
      'p4ssw0rd', 'dr4g0n', 'm0nk3y', '5h4d0w', 'l3tm31n', 'tr0ub4d0r', 'b4s3b4ll', // l33t words
      'qwertyuiop', 'wsxcde', 'rfvbgt', 'hjkl;', 'zaq12wsx', '1qaz2wsx3edc', 'poiuy', '7410', // keyboard rows
      'abcdefghij', 'ZYXWVU', '13579', '97531', // sequences
      '1999-12-31', '31121999', '1987', '2015', // dates and years
    ];
    let cases = 0;
    for (const [k, first] of runs.entries()) {
      for (const middle of middles) {
        const last = runs[(k + 1) % runs.length] ?? '';
        const password = first + middle + last;
        expect(measureStrength(password, []), password).toEqual(zxcvbnOnWhole(password));
        cases += 1;
      }
    }
    expect(cases).toBe(runs.length * middles.length);
  });

  it('gives what zxcvbn gives for long passwords made of three cheap pieces and a few characters more', () => {
    // Where a shortcut that counts pieces must count three of them: each as long as it can be.
    const cheap = [
      'a'.repeat(30), 'xy'.repeat(14), 'pqrpqrpqrpqrpqrpqrpqrpqrpqr', 'abcdefghijklmnopqrstuvwxyz', 'ZYXWVUTSRQPONM',
      'qwertyuiopasdfghjkl', '1qaz2wsx3edc4rfv', 'internationalization', 'p4ssw0rdp4ssw0rd', '19991231',
    ];
    const next = randomStrings(4, 60, ['#', 'Q', '%', '~', 'k'], ['7', 'V', '^']);
    let cases = 0;
    for (const [k, first] of cheap.entries()) {
      for (const [m, second] of cheap.entries()) {
        const third = cheap[(k + m + 1) % cheap.length] ?? '';
        const extra = (next[(k * 10 + m) % next.length] ?? '').replace(/[^\x21-\x7e]/g, '').slice(0, 1 + ((k + m) % 12));
        const password = first + extra.slice(0, 3) + second + extra.slice(3) + third;
        expect(measureStrength(password, []), password).toEqual(zxcvbnOnWhole(password));
        cases += 1;
      }
    }
    expect(cases).toBe(100);
    // Three pieces as long as the longest, nothing else: zxcvbn scores them 3.
    for (const password of [
      'a'.repeat(30) + 'b'.repeat(30) + 'c'.repeat(30),
      'xy'.repeat(15) + 'pqr'.repeat(10) + 'c'.repeat(28),
      'abcdefghijklmnopqrstuvwxyz' + 'ZYXWVUTSRQPONMLKJIHGFEDCBA' + 'abcdefghijklmnopqrst',
    ]) {
      expect(password.length).toBeGreaterThan(70);
      expect(zxcvbnOnWhole(password).score, password).toBe(3);
      expect(measureStrength(password, []), password).toEqual(zxcvbnOnWhole(password));
    }
  });

  it('skips zxcvbn\u2019s matching and scoring of a random password, not of a weak one', () => {
    const random = printable(100, 1001);
    expect(fullMatches(random, () => measureStrength(random, []))).toBe(0);
    const weak = repeated('BTS01', 100);
    expect(fullMatches(weak, () => measureStrength(weak, []))).toBe(1);
  });

  it('refuses long passwords made of a repeated weak pattern, whatever the length', () => {
    const context = { minScore: DEFAULT_MIN_SCORE, userInputs: contextWords({ host: 'BTS01', user: 'btsadmin', domain: 'CONTOSO' }) };
    for (const password of [
      // A first measurement of 32 characters (cut in the middle of a period: more pieces) scored these 4.
      repeated('aaaabaseballbaseball', 80),
      repeated('jqbaseballbaseball', 72),
      repeated('jqxbaseball', 100),
      // Weak and long.
      repeated('P@ssw0rd!', 100),
      repeated('password', 256),
      repeated('BTS01', 256),
    ]) {
      const check = checkPassword(password, context);
      expect(check.ok, password).toBe(false);
      expect(check.problems.map((p) => p.rule)).toEqual(['strength']);
      // zxcvbn itself, on the whole password, says the same.
      expect(zxcvbn(password, context.userInputs).score, password).toBeLessThan(DEFAULT_MIN_SCORE);
    }
    // zxcvbn rates this one 4 (a period cut short at the end); what is left without the server's names is not.
    const names = repeated('BTS01 btsadmin CONTOSO ', 256);
    expect(zxcvbn(names, context.userInputs).score).toBe(4);
    expect(checkPassword(names, context).problems.map((p) => p.rule)).toEqual(['strength']);
  });
});
