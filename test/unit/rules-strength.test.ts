import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const nodeRequire = createRequire(import.meta.url);
const zxcvbnDir = path.dirname(nodeRequire.resolve('zxcvbn/package.json')) + path.sep;
const zxcvbnLoaded = (): boolean => Object.keys(nodeRequire.cache).some((file) => file.startsWith(zxcvbnDir));

/** A fresh copy of the module, with zxcvbn out of Node's require cache. */
async function freshStrength(): Promise<typeof import('../../src/rules/strength.js')> {
  for (const file of Object.keys(nodeRequire.cache)) {
    if (file.startsWith(zxcvbnDir)) Reflect.deleteProperty(nodeRequire.cache, file);
  }
  vi.resetModules();
  return import('../../src/rules/strength.js');
}

describe('measureStrength', () => {
  it('loads zxcvbn on the first measurement, not on import', async () => {
    const { measureStrength } = await freshStrength();
    expect(zxcvbnLoaded()).toBe(false);
    measureStrength('correct-Horse-battery-staple-94', []);
    expect(zxcvbnLoaded()).toBe(true);
  });

  it('returns a score and zxcvbn\u2019s advice', async () => {
    const { measureStrength } = await freshStrength();
    const weak = measureStrength('password1', []);
    expect(weak.score).toBe(0);
    expect(weak.warning).toBe('This is a very common password');
    expect(weak.suggestions.length).toBeGreaterThan(0);

    const strong = measureStrength('correct-Horse-battery-staple-94', []);
    expect(strong.score).toBe(4);
    expect(strong.warning).toBe('');
    expect(strong.suggestions).toEqual([]);
  });

  it('counts the user inputs as easy to guess, whatever their case', async () => {
    const { measureStrength } = await freshStrength();
    expect(measureStrength('btsprod012024', []).score).toBe(4);
    expect(measureStrength('btsprod012024', ['BTSPROD01']).score).toBeLessThan(3);
    expect(measureStrength('btsprod012024', ['', 'BTSPROD01', 'btsprod01', ''])).toEqual(
      measureStrength('btsprod012024', ['btsprod01']),
    );
  });

  it('measures a 256-character password', async () => {
    const { measureStrength } = await freshStrength();
    for (const password of ['aB3$'.repeat(64), 'x'.repeat(256)]) {
      const { score } = measureStrength(password, []);
      expect([0, 1, 2, 3, 4]).toContain(score);
    }
  });

  it('measures the whole password, up to 256 characters', async () => {
    const { measureStrength } = await freshStrength();
    const strongTail = 'Vq-Lemon-Fjord-Quartz-Mbira-Tundra-Okapi-Zither-Glyph-Wombat-Kiln';
    expect(measureStrength('a'.repeat(32), []).score).toBe(0);
    expect(measureStrength(`${'a'.repeat(32)}${strongTail}`, []).score).toBe(4);
    // A weak start as long as ENTSSO allows but for the strong end: the end counts.
    expect(measureStrength('a'.repeat(190), []).score).toBeLessThan(3);
    expect(measureStrength(`${'a'.repeat(190)}${strongTail}`, []).score).toBe(4);
    // A long repeated pattern is still seen for what it is.
    expect(measureStrength('ab'.repeat(128), []).score).toBeLessThan(3);
  });

  it('builds the filter of zxcvbn\u2019s word lists only for a measurement that needs it', async () => {
    const { measureStrength } = await freshStrength();
    const inputs = ['bts01', 'btsadmin', 'contoso', 'biztalk', 'sso', 'master', 'secret', 'backup', 'password'];
    measureStrength('Bench-Quill-Harbor-7731', inputs);
    measureStrength('x7#Kq', inputs);
    // 90 characters, settled without a dictionary.
    measureStrength('Vq-Lemon-Fjord-Quartz-Mbira-Tundra-Okapi-Zither-Glyph-Wombat-Kiln-Ibex-Yurt-Cwm-Sphinx-Jowl', inputs);
    // Whether zxcvbn's dictionary matcher (as strength.ts left it on zxcvbn's module) looks up every substring.
    const matching = nodeRequire('zxcvbn/lib/matching') as {
      dictionary_match(password: string, dictionaries: Record<string, Record<string, number>>): unknown[];
    };
    const lookups = (): number => {
      let count = 0;
      const counted = new Proxy({ word: 1 } as Record<string, number>, {
        has: (target, key) => {
          count += 1;
          return key in target;
        },
      });
      matching.dictionary_match('zz#Qxq-x', { counted });
      return count;
    };
    expect(lookups()).toBe((8 * 9) / 2);
    // A weak 256: zxcvbn's own dictionary matchers would look up 33,000 substrings or more in each dictionary.
    expect(measureStrength('p4ssw0rd'.repeat(32), inputs).score).toBeLessThan(3);
    expect(lookups()).toBeLessThan(8);
  });
});
