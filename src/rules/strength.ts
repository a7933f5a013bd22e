/**
 * Password strength, measured by zxcvbn. zxcvbn is loaded on the first measurement only: its dictionaries are
 * several megabytes of JavaScript, and commands that never ask for a password must not pay for them at start-up.
 */
import { capL33tEnumeration, indexDictionaryMatch } from './l33t-cap.js';
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
 * How much of the password is measured. zxcvbn's matching grows faster than linearly with length, and a
 * 256-character password (ENTSSO's maximum) takes it several hundred milliseconds. Measuring a prefix is safe:
 * for guessing purposes a password is at least as strong as any prefix of it (an attacker has to guess the rest
 * too), so the estimate can only be too low, never too high; and a repeated pattern, the usual way to make a
 * long weak password, already shows within the prefix.
 */
const MEASURED_LENGTH = 100;

/**
 * A shorter prefix measured first. By the same argument, when it already scores 4 (the top score) so does the
 * whole password, and the longer measurement is skipped. It matters for generated passwords: zxcvbn 4.4.2 tries
 * every combination of its l33t substitutions (dropbox/zxcvbn#316), so 100 random printable characters take it
 * about half a second, often two, where their first 32 take a few milliseconds.
 */
const FIRST_MEASURED_LENGTH = 32;

let loaded: Zxcvbn | undefined;

function loadZxcvbn(): Zxcvbn {
  if (!loaded) {
    const { zxcvbn, matching } = loader.requireZxcvbn();
    loaded = zxcvbn;
    // The same module instance zxcvbn itself required: bound its l33t enumeration, and look up only the
    // substrings that can be words (l33t-cap.ts says why, and why the second changes no result).
    capL33tEnumeration(matching);
    indexDictionaryMatch(matching);
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

function zxcvbnScore(zxcvbn: Zxcvbn, password: string, inputs: string[]) {
  let result = zxcvbn(password.slice(0, FIRST_MEASURED_LENGTH), inputs);
  if (result.score < 4 && password.length > FIRST_MEASURED_LENGTH) {
    result = zxcvbn(password.slice(0, MEASURED_LENGTH), inputs);
  }
  return result;
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
  let result = zxcvbnScore(zxcvbn, password, inputs);
  let leansOnContext = false;
  const rest = withoutUserInputs(password, inputs);
  if (rest !== password && result.score > 0) {
    const restResult = zxcvbnScore(zxcvbn, rest, inputs);
    if (restResult.score < result.score) {
      result = restResult;
      leansOnContext = true;
    }
  }
  return {
    score: result.score,
    warning: leansOnContext
      ? 'Most of it is words an attacker tries first on this server (its names, its users, its domain)'
      : result.feedback.warning,
    suggestions: [...result.feedback.suggestions],
  };
}
