/**
 * What sso-backup changes on zxcvbn 4.4.2's matching module (pinned to exactly 4.4.2 in package.json), installed
 * by strength.ts on the module instance zxcvbn itself uses:
 *
 * - a cap on its l33t enumeration (below), the one change that can alter an estimate;
 * - the same enumeration without its repeated sorting (`enumerateL33tSubsCapped`), and a dictionary match that
 *   looks up only the substrings that can be words (`indexDictionaryMatch`): both give exactly zxcvbn's result,
 *   faster. Unit tests compare them with zxcvbn's own functions.
 *
 * zxcvbn 4.4.2 tries every combination of its l33t substitutions (`enumerate_l33t_subs`), which grows
 * exponentially with the number of distinct l33t characters in a password: all 95 printable characters take it
 * about 13 s (dropbox/zxcvbn#316, open). zxcvbn-ts fixed the same code with a cap (`l33tMaxSubstitutions`, 512).
 * Each substitution costs a dictionary pass over the password, so the cap is 32: it still covers every reading of
 * five ambiguous l33t characters (1, 7 and | each stand for two letters), more than real passwords carry. This is
 * zxcvbn's algorithm, unchanged but for that cap. A capped enumeration tries fewer l33t readings of the longest
 * passwords: it never invents a weakness, but it can miss a word spelled in l33t deep inside a long one.
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
export interface ZxcvbnMatching extends ZxcvbnDictionaryMatching {
  enumerate_l33t_subs(table: Record<string, readonly string[]>): Record<string, string>[];
}

export function capL33tEnumeration(matching: ZxcvbnMatching): void {
  matching.enumerate_l33t_subs = (table) => enumerateL33tSubsCapped(table);
}

/**
 * zxcvbn's ranked dictionaries: for each name (passwords, english_wikipedia, ..., user_inputs), an object whose
 * keys are the words and whose values are their ranks. zxcvbn tests a word with `word in dictionary`.
 */
type RankedDictionaries = Record<string, Record<string, number>>;

/** One match of zxcvbn's `dictionary_match`. */
export interface DictionaryMatch {
  pattern: 'dictionary';
  i: number;
  j: number;
  token: string;
  matched_word: string;
  rank: number;
  dictionary_name: string;
  reversed: boolean;
  l33t: boolean;
}

/** What `indexDictionaryMatch` replaces on zxcvbn's matching module, and the zxcvbn functions it relies on. */
export interface ZxcvbnDictionaryMatching {
  dictionary_match(password: string, rankedDictionaries?: RankedDictionaries): DictionaryMatch[];
  reverse_dictionary_match(password: string, rankedDictionaries?: RankedDictionaries): DictionaryMatch[];
  sorted<T>(matches: T[]): T[];
}

/** The 32-bit FNV-1a hash a `WordFilter` takes: `FNV_OFFSET`, then `hashStep` for each character code. */
export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export const hashStep = (hash: number, code: number): number => Math.imul(hash ^ code, FNV_PRIME);

/** Where a hash falls in a filter of `mask + 1` bits. */
const slotOf = (hash: number, mask: number): number => (hash ^ (hash >>> 15)) & mask;

/** Sets the bits of every prefix of every word, and of every word (a plain loop: it runs over 700,000 characters). */
function fill(words: readonly string[], prefixes: Uint32Array, ends: Uint32Array, mask: number): void {
  for (const word of words) {
    let hash = FNV_OFFSET;
    for (let k = 0; k < word.length; k += 1) {
      hash = hashStep(hash, word.charCodeAt(k));
      const slot = slotOf(hash, mask);
      prefixes[slot >>> 5] = (prefixes[slot >>> 5] ?? 0) | (1 << (slot & 31));
    }
    const slot = slotOf(hash, mask);
    ends[slot >>> 5] = (ends[slot >>> 5] ?? 0) | (1 << (slot & 31));
  }
}

/**
 * A filter over a set of words: for any string, `maybePrefix` and `maybeWord` are true when it is a prefix of one
 * of the words (a word included), respectively one of the words; they may also be true when it is not (two hashes
 * that meet), never false when it is. Bits in typed arrays, filled from the words' characters: about 4 bits per
 * character, no strings kept.
 */
export class WordFilter {
  private readonly prefixes: Uint32Array;
  private readonly words: Uint32Array;
  private readonly mask: number;

  constructor(words: readonly string[]) {
    let characters = 0;
    for (const word of words) characters += word.length;
    let size = 64;
    while (size < characters * 4 && size < 2 ** 30) size *= 2;
    this.mask = size - 1;
    this.prefixes = new Uint32Array(size / 32);
    this.words = new Uint32Array(size / 32);
    fill(words, this.prefixes, this.words, this.mask);
  }

  private has(bits: Uint32Array, hash: number): boolean {
    const slot = slotOf(hash, this.mask);
    return ((bits[slot >>> 5] ?? 0) & (1 << (slot & 31))) !== 0;
  }

  /** `hash` is the FNV-1a hash of the string, as `hashStep` builds it from `FNV_OFFSET`. */
  maybePrefix(hash: number): boolean {
    return this.has(this.prefixes, hash);
  }

  maybeWord(hash: number): boolean {
    return this.has(this.words, hash);
  }
}

/** Every property name a plain object inherits (`constructor`, `__proto__`...): `in` finds them too. */
function inheritedNames(prototype: object | null): string[] {
  const names: string[] = [];
  for (let p = prototype; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    names.push(...Object.getOwnPropertyNames(p));
  }
  return names;
}

/**
 * zxcvbn's `dictionary_match`, with the same result, without trying every substring.
 *
 * zxcvbn 4.4.2 looks up every substring of the password (n(n+1)/2 of them) in each of its seven dictionaries,
 * for the password, for it reversed and for each l33t reading (up to 32): at 100 characters that is about a
 * million lookups, 80% of a measurement. Most substrings start no word at all: after `#q` no word can follow.
 * So, for each dictionary, a `WordFilter` of its words (and of the names every object inherits, which zxcvbn's
 * `in` also finds) tells, one character at a time, when the substring grown from a position can no longer be
 * the start of any word, and the growing stops there; the substrings that may be a word are looked up exactly as
 * zxcvbn does (`word in dictionary`, rank `dictionary[word]`).
 *
 * Why the result is the same, match for match: the filter may say "perhaps" of a string that is no word's
 * prefix (the lookup then finds nothing, as zxcvbn's would), but never "no" of one that is, so every substring
 * zxcvbn would find in a dictionary is reached and found; the loops run in zxcvbn's order (dictionary, start,
 * end) and the matches go through zxcvbn's own sort. The estimate is the one zxcvbn gives, neither higher nor
 * lower; a unit test compares the two functions on many passwords.
 *
 * It relies on what zxcvbn does with its dictionaries: it builds each once, by assignment (`result[word] = rank`,
 * so `Object.keys` lists every word), the user inputs as a new one for every measurement, and never changes one
 * afterwards; so a filter is made once per dictionary object (the first measurement pays for the big ones, about
 * 20 ms). zxcvbn's own function still runs for any dictionary that is not a plain object, and for a password
 * whose lower case has another length (some characters beyond ASCII), where zxcvbn's loops do something else.
 */
export function indexDictionaryMatch(matching: ZxcvbnDictionaryMatching): void {
  const zxcvbnDictionaryMatch = matching.dictionary_match;

  // zxcvbn keeps its dictionaries to itself, but reverse_dictionary_match hands them on to dictionary_match.
  let rankedDictionaries: RankedDictionaries | undefined;
  matching.dictionary_match = (_password, dictionaries) => {
    rankedDictionaries = dictionaries;
    return [];
  };
  try {
    matching.reverse_dictionary_match('');
  } finally {
    matching.dictionary_match = zxcvbnDictionaryMatch;
  }
  const zxcvbnDictionaries = rankedDictionaries;
  if (zxcvbnDictionaries === undefined) return;

  const filters = new WeakMap<object, WordFilter>();
  let inherited = { names: '', filter: new WordFilter([]) };
  const isPlain = (dictionary: unknown): dictionary is Record<string, number> =>
    typeof dictionary === 'object' &&
    dictionary !== null &&
    [Object.prototype, null].includes(Object.getPrototypeOf(dictionary) as object | null);

  matching.dictionary_match = function (this: ZxcvbnDictionaryMatching, password, given) {
    const dictionaries = given ?? zxcvbnDictionaries;
    const lower = password.toLowerCase();
    const entries: [string, unknown][] = [];
    for (const name in dictionaries) entries.push([name, dictionaries[name]]);
    if (lower.length !== password.length || !entries.every(([, dictionary]) => isPlain(dictionary))) {
      return zxcvbnDictionaryMatch.call(this, password, given);
    }
    const names = inheritedNames(Object.prototype).join('\n');
    if (names !== inherited.names) inherited = { names, filter: new WordFilter(names.split('\n')) };

    const matches: DictionaryMatch[] = [];
    for (const [dictionaryName, entry] of entries) {
      const dictionary = entry as Record<string, number>;
      let own = filters.get(dictionary);
      if (own === undefined) {
        own = new WordFilter(Object.keys(dictionary));
        filters.set(dictionary, own);
      }
      const ofObject = Object.getPrototypeOf(dictionary) === null ? undefined : inherited.filter;
      for (let i = 0; i < password.length; i += 1) {
        let hash = FNV_OFFSET;
        for (let j = i; j < password.length; j += 1) {
          hash = hashStep(hash, lower.charCodeAt(j));
          if (!own.maybePrefix(hash) && !ofObject?.maybePrefix(hash)) break;
          if (!own.maybeWord(hash) && !ofObject?.maybeWord(hash)) continue;
          const word = lower.slice(i, j + 1);
          if (word in dictionary) {
            matches.push({
              pattern: 'dictionary',
              i,
              j,
              token: password.slice(i, j + 1),
              matched_word: word,
              rank: dictionary[word] as number,
              dictionary_name: dictionaryName,
              reversed: false,
              l33t: false,
            });
          }
        }
      }
    }
    return this.sorted(matches);
  };
}
