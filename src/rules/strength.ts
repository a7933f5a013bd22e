/**
 * Password strength, measured by zxcvbn. zxcvbn is loaded on the first measurement only: its dictionaries are
 * several megabytes of JavaScript, and commands that never ask for a password must not pay for them at start-up.
 */
import { SSOCONFIG_RULES } from '../entsso/facts.js';
import {
  capL33tEnumeration,
  indexDictionaryMatch,
  longestWord,
  type DictionaryIndex,
  type ZxcvbnMatching,
} from './l33t-cap.js';
import { installFastScoring } from './zxcvbn-scoring.js';
import loader from './zxcvbn-loader.cjs';

type Zxcvbn = typeof import('zxcvbn');

export interface Strength {
  /** zxcvbn's score: 0 too guessable .. 4 very unguessable (at least 10^10 guesses). */
  score: 0 | 1 | 2 | 3 | 4;
  /** zxcvbn's warning, or '' when it has none. A fixed English sentence: it never quotes the password. */
  warning: string;
  /** zxcvbn's suggestions, possibly none. Fixed English sentences: they never quote the password. */
  suggestions: string[];
}

/**
 * How much of the password is measured: all of it, up to the 256 characters ENTSSO accepts (checkPassword
 * refuses a longer one before measuring it; this bounds the time spent on one given here anyway). Not less:
 * zxcvbn does not rate a prefix lower than the whole. A repeated pattern cut in the middle of a period counts as
 * more pieces, and each piece adds to its estimate: `abaseballbaseball` repeated to 256 characters scores 2 on
 * the whole, 4 on its first 100. So every score here is zxcvbn's on the whole password, or a 4 that zxcvbn's
 * would be too (`surelyScoresFour`), and never more than zxcvbn's.
 */
const MEASURED_LENGTH = SSOCONFIG_RULES.passwordMaxLength;

/**
 * Up to this many substrings looked up (in every dictionary, see `DictionaryIndex.unindexedLookups`), zxcvbn's own
 * dictionary matchers run, without the filter of its word lists: a few milliseconds at most (every password of
 * 10 characters, any of 20 with few l33t readings), less than building the filter (20 to 40 ms, 3 MiB) that
 * only longer ones need.
 */
const UNINDEXED_LOOKUPS = 2000;

/** zxcvbn 4.4.2's constants (lib/scoring.js, lib/time_estimates.js), for `surelyScoresFour`. */
const ZXCVBN = {
  /** guesses_to_score: 4 from 10^10 + 5 guesses. */
  scoreFourGuesses: 1e10 + 5,
  /** Each piece after the first adds a factor of this to the estimate (MIN_GUESSES_BEFORE_GROWING_SEQUENCE). */
  perPiece: 1e4,
  /** The least estimate of a piece that is not the whole password: one character, more (MIN_SUBMATCH_GUESSES). */
  minSingle: 10,
  minMulti: 50,
  /** Guesses per brute-forced character (BRUTEFORCE_CARDINALITY). */
  bruteforceBase: 10,
} as const;

/** What `surelyScoresFour` reads of one of zxcvbn's matches (lib/matching.js). */
export interface ZxcvbnMatch {
  pattern: string;
  i: number;
  j: number;
  rank?: unknown;
  base_guesses?: unknown;
  repeat_count?: unknown;
}

/** zxcvbn's floor for a piece `length` characters long of a text `textLength` long (estimate_guesses). */
function pieceFloor(length: number, textLength: number): number {
  if (length >= textLength) return 1;
  return length === 1 ? ZXCVBN.minSingle : ZXCVBN.minMulti;
}

/** At most zxcvbn's estimate for one match: its floor, or more where the match carries the numbers. */
function leastGuesses(match: ZxcvbnMatch, textLength: number): number {
  const floor = pieceFloor(match.j - match.i + 1, textLength);
  const number = (value: unknown): number => (typeof value === 'number' && value > 0 ? value : 0);
  // dictionary (also reversed and l33t): rank x upper-case x l33t x reversed variations, each at least 1.
  if (match.pattern === 'dictionary') return Math.max(number(match.rank), floor);
  // repeat: exactly base_guesses x repeat_count.
  if (match.pattern === 'repeat') return Math.max(number(match.base_guesses) * number(match.repeat_count), floor);
  return floor;
}

/**
 * Whether zxcvbn's score for a text of `textLength` characters is 4, known without zxcvbn's scoring (most of a
 * measurement at 100 characters), from `matches`: zxcvbn's own (omnimatch), or any list that holds a piece
 * with the same span for each of them (`piecesOf`).
 *
 * zxcvbn's estimate is the value of one sequence of pieces covering the text, each piece one of its matches or a
 * brute-forced run: l! x (the product of the pieces' guesses) + 10^4^(l - 1) for l pieces. Every such value is
 * at least the one computed here for the same pieces with each piece's guesses replaced by a floor that zxcvbn's
 * own estimate never goes below (`leastGuesses`: zxcvbn's least for a piece of that length, or the match's own
 * numbers; a brute-forced run: 11 for one character, 10^length for more, zxcvbn's own numbers). Four pieces or
 * more already give 10^12; so when every cover by one, two or three pieces is still at 10^10 + 5 or more (kept
 * with a 1% margin, far beyond any rounding), every sequence zxcvbn could choose is, and its score is 4: the same
 * score, warning ('') and suggestions (none) that zxcvbn gives for any 4. When this says no, zxcvbn measures.
 */
export function surelyScoresFour(textLength: number, matches: readonly ZxcvbnMatch[]): boolean {
  const n = textLength;
  if (n === 0) return false;
  const endingAt: ZxcvbnMatch[][] = Array.from({ length: n + 1 }, () => []);
  for (const match of matches) endingAt[match.j + 1]?.push(match);
  const singleBruteforce = Math.max(ZXCVBN.minSingle + 1, pieceFloor(1, n));
  // least[k]: the least product of guesses of `pieces` pieces covering the first k characters.
  let least = Array.from({ length: n + 1 }, (_, k) => (k === 0 ? 1 : Infinity));
  let factorial = 1;
  for (let pieces = 1; pieces <= 3; pieces += 1) {
    const next = Array.from({ length: n + 1 }, () => Infinity);
    // A run of 2+ brute-forced characters from `start` to k costs 10^(k - start): keep the least of
    // least[start] / 10^start over the starts seen so far, and multiply by 10^k.
    let leastScaled = Infinity;
    for (let k = 1; k <= n; k += 1) {
      if (k >= 2) leastScaled = Math.min(leastScaled, (least[k - 2] ?? Infinity) / ZXCVBN.bruteforceBase ** (k - 2));
      let best = Math.min((least[k - 1] ?? Infinity) * singleBruteforce, leastScaled * ZXCVBN.bruteforceBase ** k);
      for (const match of endingAt[k] ?? []) {
        best = Math.min(best, (least[match.i] ?? Infinity) * leastGuesses(match, n));
      }
      next[k] = best;
    }
    least = next;
    factorial *= pieces;
    const estimate = factorial * (least[n] ?? Infinity) + ZXCVBN.perPiece ** (pieces - 1);
    if (!(estimate >= ZXCVBN.scoreFourGuesses * 1.01)) return false;
  }
  return true;
}

/**
 * The length of the longest run of `text` longer than `longer` characters, else 0: a run is a stretch with a
 * period p (each character equal to the one p further on) at least 2p long, and every repeat match of zxcvbn's
 * (a base token repeated, `/(.+)\1+/`) lies inside one. For each period, only stretches of equal characters long
 * enough to matter are looked for, by testing every so many places (any such stretch holds one): for a random
 * text a few hundred comparisons, not zxcvbn's two regular expressions tried from every start.
 */
export function longestRun(text: string, longer: number): number {
  const n = text.length;
  let longest = 0;
  for (let period = 1; 2 * period <= n; period += 1) {
    // A run of this period is `stretch + period` long: longer than `longer` from this stretch on, and a run at all
    // from `period` on.
    const enough = Math.max(period, longer - period + 1);
    for (let x = enough - 1; x + period < n; x += enough) {
      if (text.charCodeAt(x) !== text.charCodeAt(x + period)) continue;
      let first = x;
      while (first > 0 && text.charCodeAt(first - 1) === text.charCodeAt(first - 1 + period)) first -= 1;
      let last = x;
      while (last + 1 + period < n && text.charCodeAt(last + 1) === text.charCodeAt(last + 1 + period)) last += 1;
      if (last - first + 1 >= enough) longest = Math.max(longest, last - first + 1 + period);
      x = last; // the next test after this stretch
    }
  }
  return longest;
}

/**
 * Whether zxcvbn's score for this text is 4, known without a dictionary: no match of zxcvbn's is longer than
 * `longest` characters (its dictionary matches: `longestWord`; a repeat match: the longest run; the other four
 * matchers' matches, zxcvbn's own, their lengths), so with a text more than three times that long no three
 * matches cover it. A sequence of three pieces or fewer then holds at most two matches, and brute-forced runs of
 * more than `longest` >= 23 characters in all, at 10 guesses a character or more (zxcvbn's `bruteforce_guesses`):
 * over 10^23 with every other piece at 1 guess or more. Four pieces or more are above 10^12 on their own
 * (10^4^(l - 1)). So zxcvbn's estimate is above 10^10 + 5, its score 4, as `surelyScoresFour` would say, for a
 * sliver of the cost: it settles a long random password (70 characters or more).
 */
function surelyScoresFourWithoutWords(matching: ZxcvbnMatching, text: string, longest: number): boolean {
  const n = text.length;
  const threeCover = (length: number): boolean => 3 * length >= n;
  if (threeCover(longest)) return false;
  let longestPiece = Math.max(longest, longestRun(text, longest));
  for (const matcher of [matching.spatial_match, matching.sequence_match, matching.regex_match, matching.date_match]) {
    if (threeCover(longestPiece)) return false;
    for (const match of matcher.call(matching, text)) longestPiece = Math.max(longestPiece, match.j - match.i + 1);
  }
  return !threeCover(longestPiece);
}

interface Loaded {
  zxcvbn: Zxcvbn;
  matching: ZxcvbnMatching;
  index: DictionaryIndex;
  /** Whether zxcvbn's main function has run (Node compiled it and what it calls). */
  measured: boolean;
}

let loaded: Loaded | undefined;

function loadZxcvbn(): Loaded {
  if (!loaded) {
    const { zxcvbn, matching, scoring } = loader.requireZxcvbn();
    // The same module instances zxcvbn itself required: bound its l33t enumeration, look up only the substrings
    // that can be words once the filter is built (l33t-cap.ts says why, and why the second changes no result),
    // and search for the best sequence of matches faster (zxcvbn-scoring.ts, same result).
    capL33tEnumeration(matching);
    installFastScoring(scoring);
    loaded = { zxcvbn, matching, index: indexDictionaryMatch(matching), measured: false };
  }
  return loaded;
}

/** Lower-cased, de-duplicated, without empty entries: the form zxcvbn's user-input dictionary matches against. */
function normaliseUserInputs(userInputs: readonly string[]): string[] {
  const words = new Set<string>();
  for (const input of userInputs) {
    const word = input.toLowerCase();
    if (word.length > 0) words.add(word);
  }
  return [...words];
}

/** Context words this long or longer are taken out for the second measurement; shorter ones match by chance. */
const MIN_REMOVED_WORD = 4;

/** The password with every user input of 4+ characters taken out, longest first, in any case. */
function withoutUserInputs(password: string, inputs: readonly string[]): string {
  let rest = password;
  for (const word of [...inputs].filter((w) => w.length >= MIN_REMOVED_WORD).sort((a, b) => b.length - a.length)) {
    rest = rest.replace(new RegExp(word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '');
  }
  return rest;
}

/** The matches of zxcvbn's five matchers that need no dictionary, its own, in omnimatch's order. */
function otherMatches(matching: ZxcvbnMatching, text: string): ZxcvbnMatch[] {
  return [
    ...matching.spatial_match(text),
    ...matching.repeat_match(text),
    ...matching.sequence_match(text),
    ...matching.regex_match(text),
    ...matching.date_match(text),
  ];
}

/**
 * What `surelyScoresFour` needs to know of a text, for less than zxcvbn's own matching (omnimatch): every place
 * one of its three dictionary matchers (as typed, reversed, l33t) may find a word, with nothing but the span
 * (`WordSpans`, from the filter of zxcvbn's word lists), and the matches of its five other matchers, its own.
 * undefined where the word spans cannot be had.
 */
function piecesOf({ matching, index }: Loaded, text: string): ZxcvbnMatch[] | undefined {
  const words = index.wordSpans(text);
  if (words === undefined) return undefined;
  return [...words.map(({ i, j }) => ({ pattern: 'word', i, j })), ...otherMatches(matching, text)];
}

/**
 * The pieces `surelyScoresFour` is given for a text and user inputs once the filter of zxcvbn's word lists is
 * built (this builds it): what the shortcut knows of zxcvbn's matches (exported for the test that compares them
 * with zxcvbn's own).
 */
export function shortcutPieces(text: string, userInputs: readonly string[]): ZxcvbnMatch[] | undefined {
  const zxcvbn = loadZxcvbn();
  zxcvbn.index.build();
  zxcvbn.matching.set_user_input_dictionary(normaliseUserInputs(userInputs));
  return piecesOf(zxcvbn, text);
}

/** zxcvbn's score 4, and its feedback for any 4. */
const SCORE_FOUR = { score: 4, feedback: { warning: '', suggestions: [] } } as const;

/**
 * zxcvbn's measurement of the password (all of it, up to `MEASURED_LENGTH`), or its result known in advance
 * (`surelyScoresFour`). The user inputs are set as zxcvbn's main function sets them first.
 *
 * The shortcut, for an ASCII text of more than 10 characters (up to 10, brute-forcing the whole text is at most
 * 10^10 guesses: never a sure 4), in two steps. First without any dictionary (`surelyScoresFourWithoutWords`):
 * it settles a long random password, 70 characters or more. Then, where that fails, with the spans the filter
 * of zxcvbn's word lists allows (`WordSpans`, `surelyScoresFour`): the filter is built the first time a text
 * would cost zxcvbn's own dictionary matchers more than `UNINDEXED_LOOKUPS` lookups, so that measuring a short
 * password never pays for it.
 */
function zxcvbnScore(zxcvbn: Loaded, password: string, inputs: string[]) {
  const text = password.slice(0, MEASURED_LENGTH);
  // In ASCII only: lower case keeps every character in its place, so a dictionary match is as long as its word.
  // eslint-disable-next-line no-control-regex
  if (text.length > 10 && /^[\x00-\x7f]*$/.test(text)) {
    zxcvbn.matching.set_user_input_dictionary(inputs);
    if (surelyScoresFourWithoutWords(zxcvbn.matching, text, longestWord(inputs))) return SCORE_FOUR;
    const { index } = zxcvbn;
    if (!index.built() && index.unindexedLookups(text) > UNINDEXED_LOOKUPS) index.build();
    if (index.built()) {
      const pieces = piecesOf(zxcvbn, text);
      if (pieces !== undefined && surelyScoresFour(text.length, pieces)) return SCORE_FOUR;
    }
  }
  zxcvbn.measured = true;
  return zxcvbn.zxcvbn(text, inputs);
}

/**
 * Measures how guessable a password is. `userInputs` are words an attacker would try first (host, user, domain,
 * product names, the reminder): zxcvbn counts any of them in the password as easy to guess.
 *
 * It also measures what is left with those words taken out, and keeps the lower score: zxcvbn adds 10^4 guesses
 * for every piece it cuts a password into, so `bts01admin!` (nothing but this server's host and user names) would
 * otherwise score 3. An attacker who knows the server tries its names first; the rest must hold on its own.
 */
export function measureStrength(password: string, userInputs: readonly string[]): Strength {
  const zxcvbn = loadZxcvbn();
  const inputs = normaliseUserInputs(userInputs);
  let result: { score: Strength['score']; feedback: { warning: string; suggestions: readonly string[] } } =
    zxcvbnScore(zxcvbn, password, inputs);
  let leansOnContext = false;
  const rest = withoutUserInputs(password, inputs);
  if (rest !== password && result.score > 0) {
    const restResult = zxcvbnScore(zxcvbn, rest, inputs);
    if (restResult.score < result.score) {
      result = restResult;
      leansOnContext = true;
    }
  }
  if (!zxcvbn.measured) {
    // A first measurement settled by the shortcut alone (a long random password): zxcvbn measures a short one
    // once, so that compiling its functions (a few milliseconds) is part of this first check, not of the next
    // one, which may well need them (a short or weak password). Otherwise nothing is measured ahead of need.
    zxcvbnScore(zxcvbn, 'Passw0rd1', []);
  }
  return {
    score: result.score,
    warning: leansOnContext
      ? 'Most of it is words an attacker tries first on this server (its names, its users, its domain)'
      : result.feedback.warning,
    suggestions: [...result.feedback.suggestions],
  };
}
