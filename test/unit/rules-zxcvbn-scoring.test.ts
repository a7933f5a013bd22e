import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { capL33tEnumeration, indexDictionaryMatch, type ZxcvbnMatching } from '../../src/rules/l33t-cap.js';
import {
  bruteforceGuesses,
  fastMostGuessableMatchSequence,
  type MatchSequence,
  type ScoredMatch,
  type ZxcvbnScoring,
} from '../../src/rules/zxcvbn-scoring.js';
import { randomStrings } from '../support/random-strings.js';
import { prng, repeated } from '../support/random-strings.js';

const require = createRequire(import.meta.url);
// This file's own zxcvbn: it never loads src/rules/strength.ts, which installs the faster search. Its matching
// gets the changes of l33t-cap.ts (same matches, rules-zxcvbn-matching.test.ts; the l33t cap), only to make
// long passwords' matches quickly; its scoring is zxcvbn's own.
const scoring = require('zxcvbn/lib/scoring') as ZxcvbnScoring;
const matching = require('zxcvbn/lib/matching') as ZxcvbnMatching & {
  omnimatch(password: string): ScoredMatch[];
};
capL33tEnumeration(matching);
indexDictionaryMatch(matching).build();
const zxcvbnOwn = scoring.most_guessable_match_sequence;
const fast = fastMostGuessableMatchSequence(scoring);

/**
 * Both searches on the same password, each on matches of its own (zxcvbn's scoring writes its estimates on
 * them), the matches made by `matches` twice. zxcvbn's own search runs first: repeat matches carry its result
 * for their base token.
 */
function both(password: string, matches: () => ScoredMatch[], excludeAdditive = false) {
  const outcome = (search: ZxcvbnScoring['most_guessable_match_sequence']): MatchSequence | string => {
    try {
      return search.call(scoring, password, matches(), excludeAdditive);
    } catch (error) {
      return error instanceof TypeError ? 'TypeError' : String(error);
    }
  };
  return { own: outcome(zxcvbnOwn), ours: outcome(fast) };
}

const UNITS = [
  'P@ssw0rd!', 'BTS01', 'abaseballbaseball', 'aaaabaseballbaseball', 'password', 'a', 'ab', 'qwertyuiop',
  '1999-12-31', 'Password1', 'aaaaaaab', 'zaq12wsx', 'iloveyou', 'correcthorsebatterystaple', '__proto__x',
];

describe('the faster search for the most guessable sequence', () => {
  it('gives zxcvbn\u2019s result on its own matches: estimate, sequence, every field', () => {
    matching.set_user_input_dictionary(['bts01', 'btsadmin', 'contoso']);
    const passwords = [
      '',
      'x',
      'constructor',
      'correct-Horse-battery-staple-94',
      ...UNITS.flatMap((unit) => [2, 9, 31, 100, 173].map((length) => repeated(unit, length))),
      ...['abaseballbaseball', 'zaq12wsx', 'iloveyou', 'P@ssw0rd!'].map((unit) => repeated(unit, 256)),
      ...randomStrings(21, 40, [...UNITS, 'constructor', 'qwerty', '2024'], ['a', '1', '!', 'Q', '-', '@', '7']).map(
        (text) => text.replace(/[^\x20-\x7e]/g, '').slice(0, 120),
      ),
    ];
    let pieces = 0;
    for (const password of passwords) {
      for (const excludeAdditive of [false, true]) {
        const { own, ours } = both(password, () => matching.omnimatch(password), excludeAdditive);
        expect(ours, `${password} ${excludeAdditive}`).toEqual(own);
        if (typeof own !== 'string') pieces += own.sequence.length;
      }
    }
    expect(pieces).toBeGreaterThan(900);
  });

  it('gives zxcvbn\u2019s result on made-up matches: ties, huge, infinite and NaN estimates', () => {
    // Estimates zxcvbn reads as they are (a match that has one keeps it), chosen to meet: equal values, ones
    // that overflow, and NaN (what zxcvbn makes of a dictionary "word" such as constructor).
    const values = [1, 2, 10, 11, 50, 51, 100, 1e4, 1e6, 1e12, 1e300, Infinity, NaN];
    const next = prng(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    let cases = 0;
    let throws = 0;
    for (let round = 0; round < 400; round += 1) {
      const length = 1 + Math.floor(next() * 40);
      const password = 'x'.repeat(length);
      const made: ScoredMatch[] = [];
      for (let m = Math.floor(next() * 3 * length); m > 0; m -= 1) {
        const i = Math.floor(next() * length);
        const j = Math.min(length - 1, i + Math.floor(next() * next() * length));
        made.push({ pattern: pick(['dictionary', 'spatial', 'repeat']), i, j, token: password.slice(i, j + 1), guesses: pick(values) });
      }
      for (const excludeAdditive of [false, true]) {
        const { own, ours } = both(password, () => made.map((match) => ({ ...match })), excludeAdditive);
        expect(ours, JSON.stringify({ made, excludeAdditive })).toEqual(own);
        cases += 1;
        if (typeof own === 'string') throws += 1;
      }
    }
    expect(cases).toBe(800);
    expect(throws).toBeLessThan(cases / 4);
  });

  it('rates a brute-forced run as zxcvbn\u2019s estimate_guesses does', () => {
    for (const textLength of [1, 2, 10, 400]) {
      for (let length = 1; length <= Math.min(textLength, 330); length += 1) {
        const match = { pattern: 'bruteforce', token: 'y'.repeat(length), i: 0, j: length - 1 };
        expect(bruteforceGuesses(length, textLength), `${length} of ${textLength}`).toBe(
          scoring.estimate_guesses(match, 'y'.repeat(textLength)),
        );
      }
    }
  });

  it('rates a fraction of the candidates zxcvbn rates, on a long repeated password', () => {
    // zxcvbn makes a brute-force match object and rates it for every candidate it tries: ours only for the
    // pieces of the sequence it returns.
    const password = repeated('P@ssw0rd!', 256);
    const estimate = scoring.estimate_guesses;
    const rated = { own: 0, ours: 0 };
    let counting: 'own' | 'ours' | undefined;
    scoring.estimate_guesses = function (this: ZxcvbnScoring, match, text) {
      if (match.pattern === 'bruteforce' && counting !== undefined) rated[counting] += 1;
      return estimate.call(this, match, text);
    };
    // zxcvbn's repeat matcher rates its base token with zxcvbn's own search: the matches are made first.
    const ownMatches = matching.omnimatch(password);
    const ourMatches = matching.omnimatch(password);
    try {
      counting = 'own';
      const own = zxcvbnOwn.call(scoring, password, ownMatches);
      counting = 'ours';
      const ours = fast(password, ourMatches);
      expect(ours).toEqual(own);
    } finally {
      scoring.estimate_guesses = estimate;
    }
    expect(rated.own).toBeGreaterThan(100_000);
    expect(rated.ours).toBeLessThan(10);
  });
});
