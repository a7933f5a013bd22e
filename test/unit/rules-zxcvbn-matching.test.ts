import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  capL33tEnumeration,
  FNV_OFFSET,
  hashStep,
  indexDictionaryMatch,
  LONGEST_LIST_WORD,
  longestWord,
  WordFilter,
  type ZxcvbnMatching,
} from '../../src/rules/l33t-cap.js';
import { randomStrings } from '../support/random-strings.js';

const require = createRequire(import.meta.url);
type Zxcvbn = typeof import('zxcvbn');
type Dictionaries = Record<string, Record<string, number>>;
type Matching = ZxcvbnMatching & {
  dictionary_match(password: string, dictionaries?: Dictionaries): object[];
  l33t_match(password: string, dictionaries?: Dictionaries, table?: Record<string, string[]>): object[];
};

// This file's own zxcvbn: the test process loads it here first, and keeps zxcvbn's own matchers beside ours.
const zxcvbn = require('zxcvbn') as Zxcvbn;
const matching = require('zxcvbn/lib/matching') as Matching;
const zxcvbnOwn = { dictionary_match: matching.dictionary_match, l33t_match: matching.l33t_match };
// A second matching object with zxcvbn's functions (and its dictionaries: they are the module's), indexed but
// never built: what strength.ts has until a measurement needs the filter.
const unbuiltMatching = { ...matching };
capL33tEnumeration(unbuiltMatching);
const unbuilt = indexDictionaryMatch(unbuiltMatching);
capL33tEnumeration(matching);
indexDictionaryMatch(matching).build();
const ours = { dictionary_match: matching.dictionary_match, l33t_match: matching.l33t_match };

/**
 * Runs `measure` with zxcvbn's own matchers in place, then with ours, and returns both results. `only` keeps
 * ours for the rest: zxcvbn's own l33t_match calls dictionary_match, which the first test compares on its own.
 */
function both<T>(measure: () => T, only?: 'l33t_match'): { own: T; ours: T } {
  Object.assign(matching, only === undefined ? zxcvbnOwn : { l33t_match: zxcvbnOwn.l33t_match });
  try {
    const own = measure();
    Object.assign(matching, ours);
    return { own, ours: measure() };
  } finally {
    Object.assign(matching, ours);
  }
}

/** zxcvbn's result without the one field that differs from run to run. */
function result(password: string, inputs: string[]): object {
  const measured: Partial<ReturnType<Zxcvbn>> = zxcvbn(password, inputs);
  delete measured.calc_time;
  return measured;
}

const USER_INPUTS = ['bts01', 'btsadmin', 'contoso', 'contoso\\btsadmin', 'bts01.contoso.local', 'sign-on', 'anna svensson'];
const PIECES = [
  'password', 'P@ssw0rd', 'dragon', 'correct', 'horse', 'M0nk3y', 'l3tm31n', 'tr0ub4dor', 'qwerty', 'zxcvbnm', '1999',
  '2024-01-31', 'abcdef', 'BTS01', 'btsadmin', 'Contoso\\BTSAdmin', 'sign-on', 'constructor', '__proto__',
  'hasOwnProperty', 'colspan=3|total', "o'brien", 'and/or', 'cd+dvd', '4@8({[<3691!|70$5%2+',
];
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i));

describe('the indexed dictionary and l33t matches', () => {
  it('finds exactly what zxcvbn\u2019s own finds, in the same order, with the same fields', () => {
    matching.set_user_input_dictionary(USER_INPUTS);
    const passwords = [
      '',
      'x',
      'password',
      'PassWord',
      'constructor',
      'xx__proto__xx',
      'toString tostring',
      '\u00c5ngstr\u00f6m-password',
      '\u0130stanbul-password',
      'P@ssw0rd!'.repeat(11),
      ...randomStrings(6, 150, PIECES, PRINTABLE),
    ];
    for (const password of passwords) {
      const dictionary = both(() => matching.dictionary_match(password));
      expect(dictionary.ours, password).toEqual(dictionary.own);
      // Beyond ASCII both run zxcvbn's own l33t_match (slowly): two short ones are enough to see it.
      if (/^[\x20-\x7e]*$/.test(password) || password.length < 20) {
        const l33t = both(() => matching.l33t_match(password), 'l33t_match');
        expect(l33t.ours, password).toEqual(l33t.own);
      }
    }
  });

  it('finds the l33t words zxcvbn\u2019s own finds in l33t-heavy text', () => {
    matching.set_user_input_dictionary(USER_INPUTS);
    const l33t = ['4', '@', '8', '(', '{', '[', '<', '3', '6', '9', '1', '!', '|', '0', '$', '5', '+', '7', '%', '2'];
    const passwords = [
      'p4$$w0rd',
      'P@ssw0rd!',
      '7r0ub4d0r&3',
      'c0rr3ct-h0rs3-b4tt3ry-st4pl3',
      '|1|7!|<3',
      '8ts01-8t5@dm1n',
      ...randomStrings(10, 80, PIECES, [...l33t, 'a', 'e', 's', 'o', 'r', 'd', 'w', 'p', 'x', '#']).map((text) =>
        text.replace(/[^\x20-\x7e]/g, ''),
      ),
    ];
    let found = 0;
    for (const password of passwords) {
      const { own, ours } = both(() => matching.l33t_match(password), 'l33t_match');
      expect(ours, password).toEqual(own);
      found += own.length;
    }
    expect(found).toBeGreaterThan(100);
  });

  it('does the same with dictionaries and a l33t table given to it', () => {
    const given: Dictionaries = {
      small: { 'sign-on': 1, a: 2, 'bts01.contoso.local': 3, 'x y': 4, Upper: 5 },
      bare: Object.assign(Object.create(null) as Record<string, number>, { constructor: 1, word: 2 }),
    };
    const table = { a: ['4', '@'], o: ['0'], s: ['5', '$'], i: ['1', '|'], l: ['1', '|'] };
    for (const password of ['a sign-on x y', 'constructor word __proto__', 'BTS01.Contoso.Local upper', 'aaaa', '5|gn-0n w0rd']) {
      const dictionary = both(() => matching.dictionary_match(password, given));
      expect(dictionary.ours, password).toEqual(dictionary.own);
      const l33t = both(() => matching.l33t_match(password, given, table));
      expect(l33t.ours, password).toEqual(l33t.own);
    }
  });

  it('gives zxcvbn\u2019s own estimate, feedback and match sequence', () => {
    const passwords = [
      'correct-Horse-battery-staple-94',
      'bts01admin!',
      'Tr0ub4dor&3',
      'p4$$w0rd-m0nk3y-dr4g0n',
      'BizTalkMasterSecret2024',
      ...randomStrings(7, 12, PIECES, PRINTABLE.slice(1)).map((password) => password.slice(0, 40)),
    ];
    for (const password of passwords) {
      const { own, ours } = both(() => result(password, USER_INPUTS));
      expect(ours, password).toEqual(own);
    }
  });

  it('looks up a small share of what zxcvbn\u2019s own looks up', () => {
    let lookups = 0;
    const words: Record<string, number> = { password: 1, dragon: 2, monkey: 3, qwerty: 4, a: 5 };
    const counted: Dictionaries = {
      words: new Proxy(words, {
        has: (target, key) => {
          lookups += 1;
          return key in target;
        },
      }),
    };
    const password = `${'Xq#7'.repeat(10)}password${'z9^K'.repeat(10)}dragon`;
    const counts = { own: 0, ours: 0 };
    const { own, ours } = both(() => {
      lookups = 0;
      const found = matching.dictionary_match(password, counted);
      counts[matching.dictionary_match === zxcvbnOwn.dictionary_match ? 'own' : 'ours'] = lookups;
      return found;
    });
    expect(ours).toEqual(own);
    expect(ours).toHaveLength(4); // password, dragon, and the a in each
    expect(counts.own).toBe((password.length * (password.length + 1)) / 2);
    expect(counts.ours).toBeLessThan(counts.own / 50);
  });
});

describe('the index before it is built', () => {
  it('runs zxcvbn\u2019s own matchers, whose lookups unindexedLookups counts', () => {
    let lookups = 0;
    const words: Record<string, number> = { password: 1, dragon: 2, monkey: 3, qwerty: 4, a: 5, drow: 6 };
    const counted: Dictionaries = {
      words: new Proxy(words, {
        has: (target, key) => {
          lookups += 1;
          return key in target;
        },
      }),
    };
    const passwords = ['password', 'P@ssw0rd-dr4g0n', 'x', '', '4@8({[<3691!|70$5%2+', ...randomStrings(12, 20, PIECES, PRINTABLE)];
    for (const password of passwords.map((text) => text.replace(/[^\x20-\x7e]/g, '').slice(0, 30))) {
      lookups = 0;
      const found = [
        unbuiltMatching.dictionary_match(password, counted),
        unbuiltMatching.reverse_dictionary_match(password, counted),
        unbuiltMatching.l33t_match(password, counted),
      ];
      expect(lookups, password).toBe(unbuilt.unindexedLookups(password));
      // zxcvbn's own, as they are on the built index's module (same results, by the tests above).
      expect(found[0], password).toEqual(matching.dictionary_match(password, counted));
      expect(found[2], password).toEqual(matching.l33t_match(password, counted));
    }
    expect(unbuilt.built()).toBe(false);
    expect(unbuilt.wordSpans('password')).toBeUndefined();
  });
});

describe('longestWord', () => {
  /** zxcvbn's dictionaries as its matchers see them (they hand them on to dictionary_match). */
  function zxcvbnDictionaries(): Dictionaries {
    let seen: Dictionaries = {};
    const own = matching.dictionary_match;
    matching.dictionary_match = (_password, dictionaries) => {
      seen = dictionaries ?? {};
      return [];
    };
    try {
      matching.reverse_dictionary_match('');
    } finally {
      matching.dictionary_match = own;
    }
    return seen;
  }

  it('knows the longest word of zxcvbn\u2019s lists, and any longer user input or inherited name', () => {
    let longest = 0;
    for (const [name, dictionary] of Object.entries(zxcvbnDictionaries())) {
      if (name === 'user_inputs') continue;
      for (const word in dictionary) longest = Math.max(longest, word.length);
    }
    expect(longest).toBe(LONGEST_LIST_WORD);
    expect(longestWord([])).toBe(LONGEST_LIST_WORD);
    expect(longestWord(['bts01', 'x'.repeat(40)])).toBe(40);
    expect(longestWord([])).toBeGreaterThanOrEqual('propertyIsEnumerable'.length);
  });
});

describe('WordFilter', () => {
  it('never says no to a word or to the start of one', () => {
    const words = randomStrings(8, 400, PIECES, PRINTABLE).filter((word) => word.length > 0);
    const filter = WordFilter.of(words);
    for (const word of words) {
      let hash = FNV_OFFSET;
      for (let k = 0; k < word.length; k += 1) {
        hash = hashStep(hash, word.charCodeAt(k));
        expect(filter.maybePrefix(hash)).toBe(true);
      }
      expect(filter.maybeWord(hash)).toBe(true);
    }
  });
});
