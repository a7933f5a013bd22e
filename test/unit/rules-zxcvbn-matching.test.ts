import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  capL33tEnumeration,
  FNV_OFFSET,
  hashStep,
  indexDictionaryMatch,
  WordFilter,
  type ZxcvbnMatching,
} from '../../src/rules/l33t-cap.js';
import { randomStrings } from '../support/random-strings.js';

const require = createRequire(import.meta.url);
type Zxcvbn = typeof import('zxcvbn');
type Dictionaries = Record<string, Record<string, number>>;
type Matching = ZxcvbnMatching & {
  set_user_input_dictionary(words: string[]): void;
  dictionary_match(password: string, dictionaries?: Dictionaries): object[];
};

// This file's own zxcvbn: the test process loads it here first, and keeps zxcvbn's dictionary_match beside ours.
const zxcvbn = require('zxcvbn') as Zxcvbn;
const matching = require('zxcvbn/lib/matching') as Matching;
const zxcvbnOwn = matching.dictionary_match;
capL33tEnumeration(matching);
indexDictionaryMatch(matching);
const indexed = matching.dictionary_match;

/** Runs `measure` with zxcvbn's own dictionary_match in place, then with ours, and returns both results. */
function both<T>(measure: () => T): { own: T; ours: T } {
  matching.dictionary_match = zxcvbnOwn;
  try {
    const own = measure();
    matching.dictionary_match = indexed;
    return { own, ours: measure() };
  } finally {
    matching.dictionary_match = indexed;
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

describe('the indexed dictionary match', () => {
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
      const { own, ours } = both(() => matching.dictionary_match(password));
      expect(ours, password).toEqual(own);
    }
  });

  it('does the same with dictionaries given to it, as zxcvbn\u2019s l33t and reverse matching give them', () => {
    const given: Dictionaries = {
      small: { 'sign-on': 1, a: 2, 'bts01.contoso.local': 3, 'x y': 4, Upper: 5 },
      bare: Object.assign(Object.create(null) as Record<string, number>, { constructor: 1, word: 2 }),
    };
    for (const password of ['a sign-on x y', 'constructor word __proto__', 'BTS01.Contoso.Local upper', 'aaaa']) {
      const { own, ours } = both(() => matching.dictionary_match(password, given));
      expect(ours, password).toEqual(own);
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
      counts[matching.dictionary_match === zxcvbnOwn ? 'own' : 'ours'] = lookups;
      return found;
    });
    expect(ours).toEqual(own);
    expect(ours).toHaveLength(4); // password, dragon, and the a in each
    expect(counts.own).toBe((password.length * (password.length + 1)) / 2);
    expect(counts.ours).toBeLessThan(counts.own / 50);
  });
});

describe('WordFilter', () => {
  it('never says no to a word or to the start of one', () => {
    const words = randomStrings(8, 400, PIECES, PRINTABLE).filter((word) => word.length > 0);
    const filter = new WordFilter(words);
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
