/**
 * What sso-backup changes on zxcvbn 4.4.2's matching module (pinned to exactly 4.4.2 in package.json), installed
 * by strength.ts on the module instance zxcvbn itself uses:
 *
 * - a cap on its l33t enumeration (below), the one change that can alter an estimate;
 * - the same enumeration without its repeated sorting (`enumerateL33tSubsCapped`), and dictionary and l33t
 *   matches that look up only the substrings that can be words (`indexDictionaryMatch`): they give exactly
 *   zxcvbn's results, faster. Unit tests compare them with zxcvbn's own functions;
 * - and, for strength.ts, where dictionary matches may be, found without zxcvbn's matching (`WordSpans`), and
 *   how long they can be (`longestWord`).
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
  /** What zxcvbn's main function does first, at every measurement: the user inputs become a dictionary... */
  set_user_input_dictionary(orderedList: string[]): unknown;
  /** ...and every matcher runs over the password: */
  omnimatch(password: string): ZxcvbnMatchSpan[];
  /** zxcvbn's matchers but the dictionary ones (dictionary, reverse, l33t), in omnimatch's order. */
  spatial_match(password: string): ZxcvbnMatchSpan[];
  repeat_match(password: string): ZxcvbnMatchSpan[];
  sequence_match(password: string): ZxcvbnMatchSpan[];
  regex_match(password: string): ZxcvbnMatchSpan[];
  date_match(password: string): ZxcvbnMatchSpan[];
}

/** A match of zxcvbn's, as far as its kind and span. */
export interface ZxcvbnMatchSpan {
  pattern: string;
  i: number;
  j: number;
}

export function capL33tEnumeration(matching: ZxcvbnMatching): void {
  matching.enumerate_l33t_subs = (table) => enumerateL33tSubsCapped(table);
}

/**
 * zxcvbn's ranked dictionaries: for each name (passwords, english_wikipedia, ..., user_inputs), an object whose
 * keys are the words and whose values are their ranks. zxcvbn tests a word with `word in dictionary`.
 */
type RankedDictionaries = Record<string, Record<string, number>>;

/** zxcvbn's l33t table: for each letter, the characters that stand for it. */
type L33tTable = Record<string, readonly string[]>;

/** One match of zxcvbn's `dictionary_match` (and of `l33t_match`, with the l33t fields). */
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
  sub?: Record<string, string>;
  sub_display?: string;
}

/** What `indexDictionaryMatch` replaces on zxcvbn's matching module, and the zxcvbn functions it relies on. */
export interface ZxcvbnDictionaryMatching {
  dictionary_match(password: string, rankedDictionaries?: RankedDictionaries): DictionaryMatch[];
  reverse_dictionary_match(password: string, rankedDictionaries?: RankedDictionaries): DictionaryMatch[];
  l33t_match(password: string, rankedDictionaries?: RankedDictionaries, table?: L33tTable): DictionaryMatch[];
  relevant_l33t_subtable(password: string, table: L33tTable): L33tTable;
  enumerate_l33t_subs(table: L33tTable): Record<string, string>[];
  empty(object: object): boolean;
  sorted<T>(matches: T[]): T[];
}

/** The 32-bit FNV-1a hash a `WordFilter` takes: `FNV_OFFSET`, then `hashStep` for each character code. */
export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export const hashStep = (hash: number, code: number): number => Math.imul(hash ^ code, FNV_PRIME);

/** Where a hash falls in a filter of `mask + 1` bits. */
const slotOf = (hash: number, mask: number): number => (hash ^ (hash >>> 15)) & mask;

/**
 * A filter of words: for any string, `maybePrefix` and `maybeWord` are true when it is a prefix of one of the
 * words (a word included), respectively one of the words; they may also be true when it is not (two hashes that
 * meet), never false when it is. Bits in typed arrays, set from the words' characters; no strings kept.
 */
export class WordFilter {
  private readonly prefixes: Uint32Array;
  private readonly words: Uint32Array;
  private readonly mask: number;

  /** A filter of about `bits` bits (4 per character of the words it will hold keeps it selective). */
  constructor(bits: number) {
    let size = 64;
    while (size < bits && size < 2 ** 30) size *= 2;
    this.mask = size - 1;
    this.prefixes = new Uint32Array(size / 32);
    this.words = new Uint32Array(size / 32);
  }

  /** A filter of these lists of words. */
  static of(...lists: (readonly string[])[]): WordFilter {
    let characters = 0;
    for (const words of lists) for (const word of words) characters += word.length;
    const filter = new WordFilter(characters * 4);
    for (const words of lists) for (const word of words) filter.add(word);
    return filter;
  }

  /** Sets the bits of every prefix of the word, and of the word. */
  add(word: string): void {
    let hash = FNV_OFFSET;
    for (let k = 0; k < word.length; k += 1) {
      hash = hashStep(hash, word.charCodeAt(k));
      const slot = slotOf(hash, this.mask);
      this.prefixes[slot >>> 5] = (this.prefixes[slot >>> 5] ?? 0) | (1 << (slot & 31));
    }
    const slot = slotOf(hash, this.mask);
    this.words[slot >>> 5] = (this.words[slot >>> 5] ?? 0) | (1 << (slot & 31));
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

/**
 * The longest word of zxcvbn 4.4.2's word lists (its frequency lists: passwords, english_wikipedia, female_names,
 * surnames, us_tv_and_film, male_names), in characters: a unit test counts them in the lists zxcvbn loads.
 */
export const LONGEST_LIST_WORD = 23;

/**
 * The longest string any of zxcvbn's dictionary matchers (as typed, reversed, l33t) can match in an ASCII
 * password, with these user inputs (lower-cased, as zxcvbn keeps them): a word of its lists, a user input, or a
 * name every object inherits (zxcvbn's `in` finds those too). Each such match is a substring of the password as
 * long as the word (in ASCII, lower case and zxcvbn's l33t readings keep every character in its place).
 */
export function longestWord(userInputs: readonly string[]): number {
  let longest = LONGEST_LIST_WORD;
  for (const word of userInputs) longest = Math.max(longest, word.length);
  for (const name of inheritedNames(Object.prototype)) longest = Math.max(longest, name.length);
  return longest;
}

/** The filter of zxcvbn's word lists: 4,194,304 bits for their 700,000 characters (1 MB). */
const LISTS_FILTER_BITS = 2 ** 22;

/** Every property name a plain object inherits (`constructor`, `__proto__`...): `in` finds them too. */
function inheritedNames(prototype: object | null): string[] {
  const names: string[] = [];
  for (let p = prototype; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    names.push(...Object.getOwnPropertyNames(p));
  }
  return names;
}

/** Dictionaries ready to be searched: in zxcvbn's order, with filters that cover every word `in` can find. */
interface Indexed {
  dictionaries: [string, Record<string, number>][];
  lists: WordFilter;
  rest: WordFilter;
}

/** Whether a string, by its FNV-1a hash, may be the start of a word of one of the dictionaries. */
const mayGrow = (index: Indexed, hash: number): boolean => index.lists.maybePrefix(hash) || index.rest.maybePrefix(hash);

/**
 * zxcvbn's dictionary loops, each substring grown only while the filters allow it, from every start that
 * `startHere` allows (zxcvbn's: all). The matches come out by start, end, then dictionary: the order of zxcvbn's
 * list once through its own sort (stable, by start and end).
 */
function findWords(
  password: string,
  lower: string,
  index: Indexed,
  matches: DictionaryMatch[],
  startHere: (start: number) => boolean = () => true,
): void {
  for (let i = 0; i < password.length; i += 1) {
    if (!startHere(i)) continue;
    let hash = FNV_OFFSET;
    for (let j = i; j < password.length; j += 1) {
      hash = hashStep(hash, lower.charCodeAt(j));
      if (!mayGrow(index, hash)) break;
      if (!index.lists.maybeWord(hash) && !index.rest.maybeWord(hash)) continue;
      const word = lower.slice(i, j + 1);
      for (const [name, dictionary] of index.dictionaries) {
        if (word in dictionary) {
          matches.push({
            pattern: 'dictionary',
            i,
            j,
            token: password.slice(i, j + 1),
            matched_word: word,
            rank: dictionary[word] as number,
            dictionary_name: name,
            reversed: false,
            l33t: false,
          });
        }
      }
    }
  }
}

/** For each start, where the filters stop growing a substring of `lower` from it (its length when never). */
function stops(lower: string, index: Indexed): Int32Array {
  const stop = new Int32Array(lower.length);
  for (let i = 0; i < lower.length; i += 1) {
    let hash = FNV_OFFSET;
    let j = i;
    for (; j < lower.length; j += 1) {
      hash = hashStep(hash, lower.charCodeAt(j));
      if (!mayGrow(index, hash)) break;
    }
    stop[i] = j;
  }
  return stop;
}

/**
 * zxcvbn's `dictionary_match` and `l33t_match`, with the same results, without trying every substring.
 *
 * zxcvbn 4.4.2 looks up every substring of the password (n(n+1)/2 of them) in each of its seven dictionaries,
 * for the password, for it reversed and for each l33t reading (up to 32): at 100 characters that is about a
 * million lookups, 80% of a measurement. Most substrings start no word at all: after `#q` no word can follow.
 * So `WordFilter`s of the dictionaries' words (and of the names every object inherits, which zxcvbn's `in` also
 * finds) tell, one character at a time, when the substring grown from a position can no longer be the start of
 * any word, and the growing stops there; the substrings that may be a word are looked up in every dictionary
 * exactly as zxcvbn does (`word in dictionary`, rank `dictionary[word]`).
 *
 * Why the results are the same, match for match: a filter may say "perhaps" of a string that is no word's
 * prefix (the lookup then finds nothing, as zxcvbn's would), but never "no" of one that is, so every substring
 * zxcvbn would find in a dictionary is reached and found, in zxcvbn's order (`findWords`). `l33t_match` is
 * zxcvbn's, step for step (its readings, its translation, its test that a match holds a substituted character,
 * its fields, its filter and sort), except that it does not grow substrings from a start whose growth stops, in
 * the password as typed, before the first character the reading changes: up to there the reading is the
 * password, so every word found from that start would hold no substituted character, and zxcvbn drops those.
 * The estimate is the one zxcvbn gives, neither higher nor lower; unit tests compare the functions and whole
 * measurements with zxcvbn's own on many passwords.
 *
 * It relies on what zxcvbn does with its dictionaries: it builds each once, by assignment (`result[word] = rank`,
 * so a for-in or `Object.keys` lists every word), the user inputs as a new one for every measurement, and never
 * changes one afterwards. So the filter of its word lists is made once, when strength.ts asks for it (`build`:
 * 20 to 40 ms; before, zxcvbn's own functions run), any other dictionary goes into a second filter with the
 * inherited names, and a new user-input dictionary means a new second filter. zxcvbn's own functions still run
 * for any dictionary that is not a plain object, and for a password with characters beyond ASCII, whose lower
 * case may change its length or depend on the neighbouring characters.
 */
export function indexDictionaryMatch(matching: ZxcvbnDictionaryMatching): DictionaryIndex {
  const zxcvbnDictionaryMatch = matching.dictionary_match;
  const zxcvbnL33tMatch = matching.l33t_match;
  const zxcvbnRelevantSubtable = matching.relevant_l33t_subtable;

  // zxcvbn keeps its dictionaries and its l33t table to itself, but hands them on: reverse_dictionary_match
  // to dictionary_match, l33t_match to relevant_l33t_subtable.
  let rankedDictionaries: RankedDictionaries | undefined;
  let l33tTable: L33tTable | undefined;
  matching.dictionary_match = (_password, dictionaries) => {
    rankedDictionaries = dictionaries;
    return [];
  };
  matching.relevant_l33t_subtable = (_password, table) => {
    l33tTable = table;
    return {};
  };
  try {
    matching.reverse_dictionary_match('');
    matching.l33t_match('');
  } finally {
    matching.dictionary_match = zxcvbnDictionaryMatch;
    matching.relevant_l33t_subtable = zxcvbnRelevantSubtable;
  }
  const zxcvbnDictionaries = rankedDictionaries;
  const zxcvbnL33tTable = l33tTable;
  if (zxcvbnDictionaries === undefined || zxcvbnL33tTable === undefined) {
    return { build: () => undefined, built: () => false, wordSpans: () => undefined, unindexedLookups: () => 0 };
  }

  // One filter of every word of the dictionaries zxcvbn holds when it is built (its word lists, and the user
  // inputs of that measurement), and one of the rest: the dictionaries made since (the user inputs, anew at every
  // measurement) and the names every object inherits, read again every time.
  let lists: { dictionaries: Set<unknown>; filter: WordFilter } | undefined;
  const build = (): void => {
    if (lists !== undefined) return;
    // zxcvbn's own dictionaries, each word by a for-in (no array of all the words, no copy of them).
    const own = Object.values(zxcvbnDictionaries);
    const filter = new WordFilter(LISTS_FILTER_BITS);
    for (const dictionary of own) for (const word in dictionary) filter.add(word);
    lists = { dictionaries: new Set(own), filter };
  };
  let rest: { dictionaries: unknown[]; names: string; filter: WordFilter } | undefined;
  const isPlain = (dictionary: unknown): boolean => {
    if (typeof dictionary !== 'object' || dictionary === null) return false;
    const prototype = Object.getPrototypeOf(dictionary) as unknown;
    return prototype === Object.prototype || prototype === null;
  };

  /** The dictionaries and their filters, or undefined where zxcvbn's own functions must run. */
  const indexed = (password: string, dictionaries: RankedDictionaries): Indexed | undefined => {
    if (lists === undefined) return undefined;
    // eslint-disable-next-line no-control-regex
    if (!/^[\x00-\x7f]*$/.test(password)) return undefined;
    const entries: [string, Record<string, number>][] = [];
    for (const name in dictionaries) entries.push([name, dictionaries[name] as Record<string, number>]);
    if (!entries.every(([, dictionary]) => isPlain(dictionary))) return undefined;
    const others = entries.map(([, dictionary]) => dictionary).filter((d) => !(lists?.dictionaries.has(d) ?? false));
    const names = inheritedNames(Object.prototype).join('\n');
    if (
      rest === undefined ||
      rest.names !== names ||
      rest.dictionaries.length !== others.length ||
      rest.dictionaries.some((dictionary, k) => dictionary !== others[k])
    ) {
      const words = others.map((dictionary) => Object.keys(dictionary));
      rest = { dictionaries: others, names, filter: WordFilter.of(names.split('\n'), ...words) };
    }
    return { dictionaries: entries, lists: lists.filter, rest: rest.filter };
  };

  matching.dictionary_match = function (this: ZxcvbnDictionaryMatching, password, given) {
    const index = indexed(password, given ?? zxcvbnDictionaries);
    if (index === undefined) return zxcvbnDictionaryMatch.call(this, password, given);
    const matches: DictionaryMatch[] = [];
    findWords(password, password.toLowerCase(), index, matches);
    return this.sorted(matches);
  };

  matching.l33t_match = function (this: ZxcvbnDictionaryMatching, password, given, table) {
    const index = indexed(password, given ?? zxcvbnDictionaries);
    if (index === undefined) return zxcvbnL33tMatch.call(this, password, given, table);
    const lower = password.toLowerCase();
    const stop = stops(lower, index);
    const matches: DictionaryMatch[] = [];
    for (const sub of this.enumerate_l33t_subs(this.relevant_l33t_subtable(password, table ?? zxcvbnL33tTable))) {
      if (this.empty(sub)) break;
      // zxcvbn's translate, as a loop: each character its substitute, if it has one.
      let subbed = '';
      for (let k = 0; k < password.length; k += 1) {
        const chr = password.charAt(k);
        subbed += sub[chr] || chr;
      }
      const subbedLower = subbed.toLowerCase();
      // For each start, the first position at or after it where the reading differs from the password.
      const changed = new Int32Array(password.length + 1);
      changed[password.length] = password.length;
      for (let k = password.length - 1; k >= 0; k -= 1) {
        changed[k] = subbedLower.charCodeAt(k) === lower.charCodeAt(k) ? (changed[k + 1] ?? password.length) : k;
      }
      const found: DictionaryMatch[] = [];
      findWords(subbed, subbedLower, index, found, (start) => (stop[start] ?? 0) >= (changed[start] ?? 0));
      for (const match of found) {
        const token = password.slice(match.i, match.j + 1);
        if (token.toLowerCase() === match.matched_word) continue;
        const matchSub: Record<string, string> = {};
        for (const subbedChr in sub) {
          const chr = sub[subbedChr] as string;
          if (token.includes(subbedChr)) matchSub[subbedChr] = chr;
        }
        match.l33t = true;
        match.token = token;
        match.sub = matchSub;
        const display: string[] = [];
        for (const k in matchSub) display.push(`${k} -> ${matchSub[k]}`);
        match.sub_display = display.join(', ');
        matches.push(match);
      }
    }
    return this.sorted(matches.filter((match) => match.token.length > 1));
  };

  // For `WordSpans`: what each character may be read as, itself or a letter it stands for in zxcvbn's table.
  const readings = new Map<string, number[]>();
  for (const [letter, l33ts] of Object.entries(zxcvbnL33tTable)) {
    for (const l33t of l33ts) {
      const codes = readings.get(l33t) ?? [l33t.charCodeAt(0)];
      codes.push(letter.charCodeAt(0));
      readings.set(l33t, codes);
    }
  }

  // Each l33t character one symbol, the same in either case (zxcvbn's are): a reading per character of `lower`.
  const oneSymbol = (l33t: string): boolean => l33t.length === 1 && l33t.toLowerCase() === l33t.toUpperCase();
  const symbols = [...readings.keys()].every(oneSymbol);

  const wordSpans: WordSpans = (password) => {
    const index = indexed(password, zxcvbnDictionaries);
    if (index === undefined || !symbols) return undefined;
    const lower = password.toLowerCase();
    const spans: { i: number; j: number }[] = [];
    let steps = 0;
    // Every reading of the characters from `i` on, grown while the filters allow it.
    const grow = (i: number, j: number, hash: number): boolean => {
      if (j >= lower.length) return true;
      const chr = lower.charAt(j);
      for (const code of readings.get(chr) ?? [chr.charCodeAt(0)]) {
        steps += 1;
        if (steps > MAX_SPAN_STEPS) return false;
        const next = hashStep(hash, code);
        if (!mayGrow(index, next)) continue;
        if (index.lists.maybeWord(next) || index.rest.maybeWord(next)) spans.push({ i, j });
        if (!grow(i, j + 1, next)) return false;
      }
      return true;
    };
    for (let i = 0; i < lower.length; i += 1) if (!grow(i, i, FNV_OFFSET)) return undefined;
    // The reversed password, as typed (zxcvbn's reverse_dictionary_match reads no l33t).
    const reversed = [...lower].reverse().join('');
    for (let i = 0; i < reversed.length; i += 1) {
      let hash = FNV_OFFSET;
      for (let j = i; j < reversed.length; j += 1) {
        hash = hashStep(hash, reversed.charCodeAt(j));
        if (!mayGrow(index, hash)) break;
        if (index.lists.maybeWord(hash) || index.rest.maybeWord(hash)) {
          spans.push({ i: reversed.length - 1 - j, j: reversed.length - 1 - i });
        }
      }
    }
    return spans;
  };

  const unindexedLookups = (password: string): number => {
    let passes = 2; // dictionary_match, reverse_dictionary_match
    for (const sub of matching.enumerate_l33t_subs(matching.relevant_l33t_subtable(password, zxcvbnL33tTable))) {
      if (matching.empty(sub)) break;
      passes += 1;
    }
    return (passes * password.length * (password.length + 1)) / 2;
  };

  return { build, built: () => lists !== undefined, wordSpans, unindexedLookups };
}

/**
 * What `indexDictionaryMatch` gives strength.ts. The filter of zxcvbn's word lists is built on `build` only
 * (20 to 40 ms and about 3 MiB, for 94,000 words): until then zxcvbn's own dictionary and l33t matchers run (with
 * the l33t cap), and `wordSpans` says nothing. They cost little on a short password, and measuring one should
 * not pay for what only long ones need: `unindexedLookups` says what they would cost.
 */
export interface DictionaryIndex {
  build(): void;
  built(): boolean;
  wordSpans: WordSpans;
  /**
   * How many substrings zxcvbn's own dictionary, reverse and l33t matchers look up (in every dictionary) on
   * this password: all n(n + 1) / 2 of them, once as typed, once reversed, once for each l33t reading (capped).
   */
  unindexedLookups(password: string): number;
}

/** Beyond this many steps (a run of ambiguous l33t characters) `WordSpans` gives up, and zxcvbn measures. */
const MAX_SPAN_STEPS = 20_000;

/**
 * Where zxcvbn's dictionary matches (as typed, reversed or in any l33t reading) may be, for the password and
 * user inputs of the measurement under way: every span of the password that some reading of its characters
 * (each one itself, or a letter it stands for in zxcvbn's l33t table) makes a word of one of zxcvbn's
 * dictionaries, or may make one by the filters (a "perhaps" is a span too). Every match zxcvbn's dictionary,
 * reverse and l33t matchers can find is among them: a l33t match is a word in one reading (zxcvbn's readings
 * substitute some l33t characters, a subset of these), and a filter never says no to a word. `undefined` where
 * the index cannot say (characters beyond ASCII, dictionaries that are not plain objects, or too many readings).
 */
export type WordSpans = (password: string) => { i: number; j: number }[] | undefined;
