import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VARIANTS,
  FAILURE_SWITCHES,
  PROMPT_WORDINGS,
  VARIANT_CHOICES,
  eachSingleVariant,
  type Variants,
} from '../../src/simulator/variants.js';

const KEYS = Object.keys(VARIANT_CHOICES) as (keyof Variants)[];
/** The switches of unconfirmed behaviours: the matrix. `fault` only makes runs fail, so it is not walked there. */
const BEHAVIOURS = KEYS.filter((key) => !FAILURE_SWITCHES.includes(key));
const ROWS = eachSingleVariant();

/** The keys where a row's variants differ from the defaults. */
function changedKeys(variants: Variants): (keyof Variants)[] {
  return KEYS.filter((key) => variants[key] !== DEFAULT_VARIANTS[key]);
}

describe('VARIANT_CHOICES and DEFAULT_VARIANTS', () => {
  it('have the same keys', () => {
    expect(Object.keys(DEFAULT_VARIANTS).sort()).toEqual([...KEYS].sort());
  });

  it.each(KEYS)('%s: the default is one of the choices, and no choice is listed twice', (key) => {
    const choices: readonly string[] = VARIANT_CHOICES[key];
    expect(choices).toContain(DEFAULT_VARIANTS[key]);
    expect(new Set(choices).size).toBe(choices.length);
    expect(choices.length).toBeGreaterThanOrEqual(2);
  });

  it('offers every prompt wording of the simulator', () => {
    expect([...VARIANT_CHOICES.prompts].sort()).toEqual(Object.keys(PROMPT_WORDINGS).sort());
  });
});

describe('eachSingleVariant', () => {
  it('has one row per non-default value', () => {
    const expected = BEHAVIOURS.reduce((sum, key) => sum + VARIANT_CHOICES[key].length - 1, 0);
    expect(ROWS).toHaveLength(expected);
  });

  it.each(ROWS)('$name differs from the defaults in exactly that one key', ({ name, variants }) => {
    const changed = changedKeys(variants);
    expect(changed).toHaveLength(1);
    const key = changed[0]!;
    expect(name).toBe(`${key}=${variants[key]}`);
  });

  it.each(ROWS)('$name holds every key with an allowed value', ({ variants }) => {
    expect(Object.keys(variants).sort()).toEqual([...KEYS].sort());
    for (const key of KEYS) expect(VARIANT_CHOICES[key] as readonly string[]).toContain(variants[key]);
  });

  it('lists every non-default value of every key exactly once', () => {
    const seen = ROWS.map(({ variants }) => {
      const key = changedKeys(variants)[0]!;
      return `${key}=${variants[key]}`;
    });
    const expected = BEHAVIOURS.flatMap((key) =>
      VARIANT_CHOICES[key].filter((value) => value !== DEFAULT_VARIANTS[key]).map((value) => `${key}=${value}`),
    );
    expect([...seen].sort()).toEqual([...expected].sort());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('includes the variants the driver must survive', () => {
    const names = ROWS.map((row) => row.name);
    expect(names).toEqual(
      expect.arrayContaining(['prompts=terse', 'exitCodeOnError=zero', 'existingFile=ask', 'input=stdin', 'afterLastPrompt=hang']),
    );
  });

  it('leaves the failure switches at their defaults: no row of the matrix is a fault', () => {
    expect(FAILURE_SWITCHES).toEqual(['fault']);
    for (const row of ROWS) for (const key of FAILURE_SWITCHES) expect(row.variants[key]).toBe(DEFAULT_VARIANTS[key]);
  });

  it('gives each row its own object, so changing one leaves the defaults alone', () => {
    const rows = eachSingleVariant();
    const first = rows[0]!;
    expect(first.variants).not.toBe(DEFAULT_VARIANTS);
    (first.variants as { successText: string }).successText = 'none';
    expect(DEFAULT_VARIANTS.successText).toBe('shown');
    expect(eachSingleVariant()[0]!.variants).toEqual(ROWS[0]!.variants);
  });
});
