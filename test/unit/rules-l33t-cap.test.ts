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
});
