/** Random but repeatable input for "never throws" properties: the same strings on every run. */

/** mulberry32: a small seeded PRNG, for the same cases on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Strings up to 60 parts long: known pieces of real output, characters of `alphabet`, and any UTF-16 unit. */
export function randomStrings(seed: number, count: number, pieces: readonly string[], alphabet: readonly string[]): string[] {
  const next = prng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) {
    let s = '';
    const length = Math.floor(next() * 60);
    for (let j = 0; j < length; j += 1) {
      const r = next();
      if (r < 0.15) s += pieces[Math.floor(next() * pieces.length)] ?? '';
      else if (r < 0.3) s += String.fromCharCode(Math.floor(next() * 0xffff));
      else s += alphabet[Math.floor(next() * alphabet.length)] ?? '';
    }
    out.push(s);
  }
  return out;
}

/** `unit` repeated, cut to exactly `length` characters (a cut mid-unit included). */
export const repeated = (unit: string, length: number): string => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
