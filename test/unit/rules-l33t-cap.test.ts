import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { enumerateL33tSubsCapped, MAX_L33T_SUBSTITUTIONS } from '../../src/rules/l33t-cap.js';

const require = createRequire(import.meta.url);
// zxcvbn's own enumeration, untouched: this file never loads src/rules/strength.ts, which installs the cap.
const matching = require('zxcvbn/lib/matching') as {
  enumerate_l33t_subs(table: Record<string, string[]>): Record<string, string>[];
  relevant_l33t_subtable(password: string, table: Record<string, string[]>): Record<string, string[]>;
};
const L33T_TABLE = (require('zxcvbn/lib/matching') as { l33t_table?: Record<string, string[]> }).l33t_table ?? {
  a: ['4', '@'], b: ['8'], c: ['(', '{', '[', '<'], e: ['3'], g: ['6', '9'], i: ['1', '!', '|'],
  l: ['1', '|', '7'], o: ['0'], s: ['$', '5'], t: ['+', '7'], x: ['%'], z: ['2'],
};

describe('the capped l33t enumeration', () => {
  it.each(['p@$$w0rd', 'Tr0ub4dor&3', 'c0rr3ct-h0rs3-b4tt3ry-st4pl3', '1|7!', 'M4pl3-K3ttl3-0rb1t-73'])(
    'equals zxcvbn\'s own below the cap: %s',
    (password) => {
      const table = matching.relevant_l33t_subtable(password, L33T_TABLE);
      const original = matching.enumerate_l33t_subs(table);
      expect(original.length).toBeLessThanOrEqual(MAX_L33T_SUBSTITUTIONS);
      expect(enumerateL33tSubsCapped(table)).toEqual(original);
    },
  );

  it('stops at the cap where zxcvbn would enumerate hundreds (736 here, one dictionary pass each)', () => {
    const everyL33tCharacter = '4@8({[<3691!|70$5%2+';
    const table = matching.relevant_l33t_subtable(everyL33tCharacter, L33T_TABLE);
    expect(matching.enumerate_l33t_subs(table).length).toBeGreaterThan(MAX_L33T_SUBSTITUTIONS * 10);
    const capped = enumerateL33tSubsCapped(table);
    expect(capped).toHaveLength(MAX_L33T_SUBSTITUTIONS);
    for (const sub of capped) for (const [l33t, letter] of Object.entries(sub)) expect(L33T_TABLE[letter]).toContain(l33t);
  });

  it('lists what the first capped enumeration listed, built without sorting every label at every letter', () => {
    // The enumeration as first written here: zxcvbn's loop and dedup (labels sorted), then the cap at each letter.
    const firstWritten = (table: Record<string, string[]>, max: number): Record<string, string>[] => {
      type Pair = [string, string];
      const dedup = (subs: Pair[][]): Pair[][] => {
        const seen = new Set<string>();
        return subs.filter((sub) => {
          const assoc = sub.map((pair, index) => [pair, index] as const);
          assoc.sort();
          const label = assoc.map(([pair, index]) => `${String(pair)},${index}`).join('-');
          if (seen.has(label)) return false;
          seen.add(label);
          return true;
        });
      };
      let subs: Pair[][] = [[]];
      for (const letter of Object.keys(table)) {
        const next: Pair[][] = [];
        for (const l33t of table[letter] ?? []) {
          for (const sub of subs) {
            const duplicate = sub.findIndex(([chr]) => chr === l33t);
            if (duplicate === -1) {
              next.push([...sub, [l33t, letter]]);
            } else {
              const alternative = sub.slice();
              alternative.splice(duplicate, 1);
              alternative.push([l33t, letter]);
              next.push(sub, alternative);
            }
          }
        }
        subs = dedup(next).slice(0, max);
      }
      return subs.map((sub) => Object.fromEntries(sub));
    };
    const l33tCharacters = '4@8({[<3691!|70$5%2+';
    let seed = 7;
    for (let n = 0; n < 300; n += 1) {
      let password = '';
      const length = 1 + (n % 20);
      for (let i = 0; i < length; i += 1) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        password += l33tCharacters[seed % l33tCharacters.length] ?? '';
      }
      const table = matching.relevant_l33t_subtable(password, L33T_TABLE);
      for (const max of [1, 2, 5, MAX_L33T_SUBSTITUTIONS, 100]) {
        expect(enumerateL33tSubsCapped(table, max), `${password} (${max})`).toEqual(firstWritten(table, max));
      }
    }
  });
});
