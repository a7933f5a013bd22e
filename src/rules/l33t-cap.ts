/**
 * zxcvbn 4.4.2 tries every combination of its l33t substitutions (`enumerate_l33t_subs`), which grows
 * exponentially with the number of distinct l33t characters in a password: all 95 printable characters take it
 * about 13 s (dropbox/zxcvbn#316, open). zxcvbn-ts fixed the same code with a cap (`l33tMaxSubstitutions`, 512).
 * Each substitution costs a full dictionary pass over the password (about 10 ms at 100 characters here), so the
 * cap is 32: it still covers every reading of five ambiguous l33t characters (1, 7 and | each stand for two
 * letters), more than real passwords carry. This is zxcvbn's algorithm, unchanged but for that cap, installed on zxcvbn's own matching module (pinned to
 * exactly 4.4.2 in package.json). A capped enumeration tries fewer l33t readings of the longest passwords: it can
 * miss a word spelled in l33t deep inside a long one, never invent a weakness.
 */
export const MAX_L33T_SUBSTITUTIONS = 32;

type Pair = [l33t: string, letter: string];

/** zxcvbn's dedup: the same label, the same substitution. */
function dedup(subs: Pair[][]): Pair[][] {
  const seen = new Set<string>();
  const unique: Pair[][] = [];
  for (const sub of subs) {
    const assoc = sub.map((pair, index) => [pair, index] as const);
    assoc.sort();
    const label = assoc.map(([pair, index]) => `${String(pair)},${index}`).join('-');
    if (!seen.has(label)) {
      seen.add(label);
      unique.push(sub);
    }
  }
  return unique;
}

export function enumerateL33tSubsCapped(
  table: Record<string, readonly string[]>,
  max = MAX_L33T_SUBSTITUTIONS,
): Record<string, string>[] {
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
}

/** zxcvbn's matching module, which zxcvbn's own code reaches through `this`. */
export interface ZxcvbnMatching {
  enumerate_l33t_subs(table: Record<string, readonly string[]>): Record<string, string>[];
}

export function capL33tEnumeration(matching: ZxcvbnMatching): void {
  matching.enumerate_l33t_subs = (table) => enumerateL33tSubsCapped(table);
}
