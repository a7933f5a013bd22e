/**
 * zxcvbn 4.4.2 tries every combination of its l33t substitutions (`enumerate_l33t_subs`), which grows
 * exponentially with the number of distinct l33t characters in a password: all 95 printable characters take it
 * about 13 s (dropbox/zxcvbn#316, open). zxcvbn-ts fixed the same code with a cap (`l33tMaxSubstitutions`, 512).
 * Each substitution costs a dictionary pass over the password, so the cap is 32: it still covers every reading of
 * five ambiguous l33t characters (1, 7 and | each stand for two letters), more than real passwords carry. This is
 * zxcvbn's algorithm, unchanged but for that cap, installed on zxcvbn's own matching module (pinned to exactly 4.4.2
 * in package.json); `enumerateL33tSubsCapped` below says why its list is zxcvbn's. A capped enumeration tries fewer
 * l33t readings of the longest passwords: it never invents a weakness, but it can miss a word spelled in l33t deep
 * inside a long one.
 */
export const MAX_L33T_SUBSTITUTIONS = 32;

type Pair = [l33t: string, letter: string];

/**
 * A substitution and its label. zxcvbn's dedup labels a substitution by its pairs with their positions (sorted,
 * which only reorders them), so two are the same when they hold the same pairs at the same positions. Here the
 * label is the pairs in order, each as JSON (which says where each pair ends): for zxcvbn's table, whose entries
 * are single characters, the same relation. It is kept alongside, not sorted and joined again at every letter.
 */
interface Sub {
  pairs: Pair[];
  label: string;
}

const labelOf = (pairs: readonly Pair[]): string => pairs.map((pair) => JSON.stringify(pair)).join('');

/**
 * zxcvbn's `enumerate_l33t_subs`, keeping after each letter the first `max` distinct substitutions in zxcvbn's
 * order (zxcvbn's dedup, then the cap): the same list as deduplicating the whole of that letter's list and
 * keeping its first `max`, without building the rest.
 */
export function enumerateL33tSubsCapped(
  table: Record<string, readonly string[]>,
  max = MAX_L33T_SUBSTITUTIONS,
): Record<string, string>[] {
  let subs: Sub[] = [{ pairs: [], label: '' }];
  for (const letter of Object.keys(table)) {
    const next: Sub[] = [];
    const seen = new Set<string>();
    const keep = (sub: Sub): void => {
      if (next.length < max && !seen.has(sub.label)) {
        seen.add(sub.label);
        next.push(sub);
      }
    };
    for (const l33t of table[letter] ?? []) {
      for (const sub of subs) {
        if (next.length >= max) break;
        const pair: Pair = [l33t, letter];
        const duplicate = sub.pairs.findIndex(([chr]) => chr === l33t);
        if (duplicate === -1) {
          keep({ pairs: [...sub.pairs, pair], label: sub.label + JSON.stringify(pair) });
        } else {
          const alternative = sub.pairs.slice();
          alternative.splice(duplicate, 1);
          alternative.push(pair);
          keep(sub);
          keep({ pairs: alternative, label: labelOf(alternative) });
        }
      }
    }
    subs = next;
  }
  return subs.map((sub) => Object.fromEntries(sub.pairs));
}

/** zxcvbn's matching module, which zxcvbn's own code reaches through `this`. */
export interface ZxcvbnMatching {
  enumerate_l33t_subs(table: Record<string, readonly string[]>): Record<string, string>[];
}

export function capL33tEnumeration(matching: ZxcvbnMatching): void {
  matching.enumerate_l33t_subs = (table) => enumerateL33tSubsCapped(table);
}
