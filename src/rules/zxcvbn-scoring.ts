/**
 * zxcvbn 4.4.2's search for the most guessable sequence of matches (lib/scoring.js,
 * `most_guessable_match_sequence`), step for step, without its cost: installed by strength.ts on the scoring
 * module instance zxcvbn itself uses (its main function and its repeat matcher both call it there).
 *
 * zxcvbn's search is a dynamic programme over (position k, number of pieces l). At each position it tries a
 * brute-forced run from every earlier position after every stored sequence, so its work grows with the square of
 * the length times the pieces stored: and each of those tries makes a new match object (a slice of the
 * password), calls `estimate_guesses` on it, recomputes l! by a loop and walks the stored entries by for-in with
 * parseInt. At 256 characters of a repeated word that is 100 to 160 ms. Here the same tries, in the same order,
 * with the same arithmetic (each product and sum taken in zxcvbn's order, so every value is the same double),
 * cost a few array reads: a brute-forced run's guesses depend only on its length and are read from a table, l!
 * and 10^4^(l - 1) too, and the one brute-force match object kept at each stored entry is made when the best
 * sequence is unwound, through zxcvbn's own `estimate_guesses` (same fields, same values). Tries that zxcvbn is
 * bound to refuse are skipped (`extend` says why a refusal is certain and changes nothing): 1 to 10 ms at 256.
 *
 * Same decisions: an entry (k, l) is stored exactly when zxcvbn stores it (no stored entry at k with l' <= l
 * and g' <= g, `<=` and NaN as zxcvbn compares them), overwriting as zxcvbn overwrites; the sequence unwound is
 * the one zxcvbn unwinds (the least l among the least g at the end). Every other match gets zxcvbn's own
 * `estimate_guesses` once, as zxcvbn's first call does (later calls return the value it stored on the match).
 * Unit tests compare the result, sequence and fields, with zxcvbn's own on real and made-up matches.
 */

/** A match as zxcvbn's scoring reads it: its span, its kind (a brute-forced run is made here). */
export interface ScoredMatch {
  pattern: string;
  i: number;
  j: number;
  token?: string;
  guesses?: number;
}

export interface MatchSequence {
  password: string;
  guesses: number;
  guesses_log10: number;
  sequence: ScoredMatch[];
}

/** What this replaces on zxcvbn's scoring module, and the functions of it that it calls. */
export interface ZxcvbnScoring {
  most_guessable_match_sequence(password: string, matches: ScoredMatch[], excludeAdditive?: boolean): MatchSequence;
  estimate_guesses(match: ScoredMatch, password: string): number;
  factorial(n: number): number;
  log10(n: number): number;
}

/** zxcvbn 4.4.2's constants (lib/scoring.js). */
const MIN_GUESSES_BEFORE_GROWING_SEQUENCE = 10000;
const BRUTEFORCE_CARDINALITY = 10;
const MIN_SUBMATCH_GUESSES_SINGLE_CHAR = 10;
const MIN_SUBMATCH_GUESSES_MULTI_CHAR = 50;

/**
 * zxcvbn's `estimate_guesses` of a brute-forced run `length` characters long in a text `textLength` long:
 * `bruteforce_guesses` (10^length, Number.MAX_VALUE for Infinity, at least 11 or 51), then at least the floor of
 * a piece shorter than the text (10 or 50).
 */
export function bruteforceGuesses(length: number, textLength: number): number {
  let guesses = Math.pow(BRUTEFORCE_CARDINALITY, length);
  if (guesses === Number.POSITIVE_INFINITY) guesses = Number.MAX_VALUE;
  guesses = Math.max(guesses, length === 1 ? MIN_SUBMATCH_GUESSES_SINGLE_CHAR + 1 : MIN_SUBMATCH_GUESSES_MULTI_CHAR + 1);
  let minGuesses = 1;
  if (length < textLength) minGuesses = length === 1 ? MIN_SUBMATCH_GUESSES_SINGLE_CHAR : MIN_SUBMATCH_GUESSES_MULTI_CHAR;
  return Math.max(guesses, minGuesses);
}

/** A brute-forced run, as zxcvbn's `make_bruteforce_match` makes one. */
function bruteforceMatch(password: string, i: number, j: number): ScoredMatch {
  return { pattern: 'bruteforce', token: password.slice(i, +j + 1 || 9e9), i, j };
}

/**
 * The entries stored at one position k: for each number of pieces l (ascending in `ls`, as zxcvbn's for-in over
 * integer keys visits them), the estimate g, the product pi, and the last piece: a match, or the start of a
 * brute-forced run (a number). `least[l]`, for l from 1 to k + 1 (no sequence of k + 1 characters has more
 * pieces), is the least g stored with l pieces or fewer, NaN while there is none (a g of NaN is left out: zxcvbn's
 * `<=` is false for it, as for NaN here): zxcvbn's test, whether any stored entry with as many pieces or fewer is
 * as good, is `least[l] <= g`.
 */
interface Entries {
  ls: number[];
  g: number[];
  pi: number[];
  last: (ScoredMatch | number)[];
  least: Float64Array;
  /** Once k is done, for `extend`: its entries in zxcvbn's order, all of them and those a brute-forced run may follow. */
  all: Extendable;
  beforeRun: Extendable;
}

/** Entries to extend: their l and pi, and the least pi (NaN if one is NaN, Infinity if there are none). */
interface Extendable {
  ls: Int32Array;
  pi: Float64Array;
  leastPi: number;
}

const NOTHING: Extendable = { ls: new Int32Array(0), pi: new Float64Array(0), leastPi: Infinity };

/** The entries of a position whose entries are all stored, to extend: all of them, or those not ending in a run. */
function extendable(at: Entries, beforeRun: boolean): Extendable {
  const ls: number[] = [];
  const pis: number[] = [];
  let leastPi = Infinity;
  for (const l of at.ls) {
    const last = at.last[l] as ScoredMatch | number;
    if (beforeRun && (typeof last === 'number' || last.pattern === 'bruteforce')) continue;
    const pi = at.pi[l] as number;
    ls.push(l);
    pis.push(pi);
    leastPi = Math.min(leastPi, pi); // NaN once one is NaN
  }
  return { ls: Int32Array.from(ls), pi: Float64Array.from(pis), leastPi };
}

/** `least` counted from the entries (see `Entries`). */
function leastAgain(at: Entries): void {
  const { least, ls, g } = at;
  least.fill(NaN);
  for (const l of ls) {
    const value = g[l] as number;
    if (Number.isNaN(value)) continue;
    for (let more = l; more < least.length && !((least[more] as number) <= value); more += 1) least[more] = value;
  }
}

export function fastMostGuessableMatchSequence(scoring: ZxcvbnScoring): ZxcvbnScoring['most_guessable_match_sequence'] {
  // l! as zxcvbn's `factorial` computes it (a product from 2 up), and 10^4^(l - 1), for each l, made as needed.
  const factorials: number[] = [];
  const additive: number[] = [];
  const factorial = (l: number): number => (factorials[l] ??= scoring.factorial(l));
  const additiveOf = (l: number): number => (additive[l] ??= Math.pow(MIN_GUESSES_BEFORE_GROWING_SEQUENCE, l - 1));

  return function mostGuessableMatchSequence(password, matches, excludeAdditive = false) {
    const n = password.length;
    const matchesByJ: ScoredMatch[][] = [];
    for (let k = 0; k < n; k += 1) matchesByJ.push([]);
    for (const m of matches) (matchesByJ[m.j] as ScoredMatch[]).push(m);
    for (const list of matchesByJ) list.sort((m1, m2) => m1.i - m2.i);

    // For l pieces (no more than n + 1 here): l!, the growth term (none when left out), and the least g any
    // candidate with l pieces can have when every factor is at least 1 (see `extend`).
    const factor = new Float64Array(n + 2);
    const growth = new Float64Array(n + 2);
    const bound = new Float64Array(n + 2);
    for (let l = 1; l <= n + 1; l += 1) {
      factor[l] = factorial(l);
      growth[l] = excludeAdditive ? 0 : additiveOf(l);
      bound[l] = excludeAdditive ? factorial(l) : additiveOf(l);
    }

    const optimal: Entries[] = [];
    for (let k = 0; k < n; k += 1) {
      const least = new Float64Array(k + 2).fill(NaN);
      optimal.push({ ls: [], g: [], pi: [], last: [], least, all: NOTHING, beforeRun: NOTHING });
    }

    // zxcvbn's `update`: the candidate ending at k with l pieces, its product pi.
    const update = (at: Entries, l: number, pi: number, last: ScoredMatch | number): void => {
      let g = (factor[l] as number) * pi;
      if (!excludeAdditive) g += growth[l] as number;
      const { least } = at;
      if ((least[l] as number) <= g) return;
      if (at.last[l] === undefined) {
        const { ls } = at;
        let index = ls.length;
        while (index > 0 && (ls[index - 1] as number) > l) index -= 1;
        ls.splice(index, 0, l);
      }
      const replaced = at.g[l];
      at.g[l] = g;
      at.last[l] = last;
      at.pi[l] = pi;
      if (Number.isNaN(g)) {
        // A g of NaN passes every test and replaces what was stored with l pieces: count the rest again.
        if (replaced !== undefined && !Number.isNaN(replaced)) leastAgain(at);
        return;
      }
      // Stored: less than every g with l pieces or fewer, so the least from l on is g until one already as low.
      for (let more = l; more < least.length && !((least[more] as number) <= g); more += 1) least[more] = g;
    };

    // Each candidate that extends an entry of an earlier position by a piece of `guesses`, in zxcvbn's order (l
    // ascending), but for those zxcvbn is bound to refuse. Such a candidate has l + 1 >= 2 pieces and, where
    // every factor is at least 1 (all zxcvbn's estimates are), a g of at least 2 x guesses x pi (l! >= 2) and at
    // least `bound` of its number of pieces. zxcvbn refuses a candidate when a stored entry with as many pieces
    // or fewer is as good, and a refusal changes nothing; the least stored only goes down as it goes on. So when
    // the least stored with 2 pieces is already as low as 2 x guesses x the least pi, every candidate is refused;
    // and from the first l where the least stored with l + 1 pieces is as low as its `bound` (which only grows
    // with l), every further one is.
    const extend = (at: Entries, before: Extendable, guesses: number, last: ScoredMatch | number): void => {
      const { least } = at;
      const bounded = guesses >= 1 && before.leastPi >= 1;
      if (bounded && (least[2] as number) <= 2 * (guesses * before.leastPi)) return;
      const { ls, pi } = before;
      for (let q = 0; q < ls.length; q += 1) {
        const l = (ls[q] as number) + 1;
        if (bounded && (least[l] as number) <= (bound[l] as number)) return;
        update(at, l, guesses * (pi[q] as number), last);
      }
    };

    const bruteforce = new Float64Array(n + 1);
    for (let length = 1; length <= n; length += 1) bruteforce[length] = bruteforceGuesses(length, n);

    for (let k = 0; k < n; k += 1) {
      const at = optimal[k] as Entries;
      // zxcvbn's for-in sees the keys as they are when it starts; updates at k never add one at an earlier place.
      for (const m of matchesByJ[k] as ScoredMatch[]) {
        const guesses = scoring.estimate_guesses(m, password);
        if (m.i > 0) extend(at, (optimal[m.i - 1] as Entries).all, guesses, m);
        else update(at, 1, guesses, m);
      }
      // zxcvbn's `bruteforce_update`: a brute-forced run from the start, then from every later place, after every
      // entry whose last piece is not one.
      update(at, 1, bruteforce[k + 1] as number, 0);
      for (let i = 1; i <= k; i += 1) {
        extend(at, (optimal[i - 1] as Entries).beforeRun, bruteforce[k - i + 1] as number, i);
      }
      at.all = extendable(at, false);
      at.beforeRun = extendable(at, true);
    }

    // zxcvbn's `unwind`.
    const sequence: ScoredMatch[] = [];
    let k = n - 1;
    let l: number | undefined;
    let g = Infinity;
    const end = optimal[k];
    for (const candidateL of end?.ls ?? []) {
      const candidateG = end?.g[candidateL] as number;
      if (candidateG < g) {
        l = candidateL;
        g = candidateG;
      }
    }
    while (k >= 0) {
      const at = optimal[k] as Entries;
      const last = at.last[l as number];
      if (last === undefined) throw new TypeError('zxcvbn scoring: no sequence to unwind');
      let m: ScoredMatch;
      if (typeof last === 'number') {
        m = bruteforceMatch(password, last, k);
        scoring.estimate_guesses(m, password);
      } else {
        m = last;
      }
      sequence.unshift(m);
      k = m.i - 1;
      l = (l as number) - 1;
    }
    const guesses = n === 0 ? 1 : ((optimal[n - 1] as Entries).g[sequence.length] as number);
    return { password, guesses, guesses_log10: scoring.log10(guesses), sequence };
  };
}

/** Installs the search above on zxcvbn's scoring module (the instance its main function and matching use). */
export function installFastScoring(scoring: ZxcvbnScoring): void {
  scoring.most_guessable_match_sequence = fastMostGuessableMatchSequence(scoring);
}
