/**
 * The rules a password reminder must meet. The reminder is stored in the backup file in clear: anyone who can
 * read the file can read it (ISSOConfigSS.GetFilePasswordReminder needs no password), and restore prints it first.
 * So it must help the person who chose the password, and nobody else.
 */
import { SSOCONFIG_RULES } from '../entsso/facts.js';
import type { PasswordRulesContext } from './password.js';
import type { RuleProblem } from './rule.js';
import { measureStrength } from './strength.js';

export interface ReminderCheck {
  ok: boolean;
  problems: RuleProblem[];
}

/** ENTSSO refuses longer reminders (error 10840). */
export const REMINDER_MAX_LENGTH = SSOCONFIG_RULES.reminderMaxLength;

/** A run this long, shared by password and reminder, tells too much. */
const TELLING_RUN = 4;

/** Every run of `TELLING_RUN` consecutive characters of `text` (the whole text when it is shorter). */
function runsOf(text: string): string[] {
  if (text.length === 0) return [];
  if (text.length <= TELLING_RUN) return [text];
  const runs: string[] = [];
  for (let i = 0; i + TELLING_RUN <= text.length; i += 1) runs.push(text.slice(i, i + TELLING_RUN));
  return runs;
}

const reversed = (text: string): string => [...text].reverse().join('');

/**
 * Case taken out, one character at a time (so the same text folds the same wherever it stands: `toLowerCase` on
 * a whole string writes a Greek capital sigma at the end of a word as ς, elsewhere as σ), and through upper case
 * and back, so that ß, ẞ and SS, ς and σ, ſ and s, ﬀ and ff fold alike.
 */
function folded(text: string): string {
  let out = '';
  for (const ch of text) out += ch.toLowerCase().toUpperCase().toLowerCase();
  return out;
}

/**
 * True when the reminder contains a telling part of the password: 4 or more characters in a row of it, in any
 * case, forwards or backwards, also once spaces and punctuation are taken out of the password.
 */
function sharesRun(reminder: string, password: string): boolean {
  const haystack = folded(reminder);
  for (const needle of tellingRuns(password)) {
    if (haystack.includes(needle)) return true;
  }
  return false;
}

/** The needles sharesRun looks for: every telling run of the password, in every form it is looked for in. */
function tellingRuns(password: string): Set<string> {
  const lower = folded(password);
  const compact = lower.replace(/[^a-z0-9]/g, '');
  const needles = new Set<string>();
  for (const form of [lower, reversed(lower), compact, reversed(compact)]) {
    for (const run of runsOf(form)) needles.add(run);
  }
  return needles;
}

/**
 * The reminder as it may be shown on screen: every character that is part of a telling run of the password (the
 * run `checkReminder` refuses) shown as `*`. A person who types the password into the reminder field by mistake
 * then does not leave it on the screen, in its scrollback or in a screen recording, after the refusal or Ctrl+C.
 */
export function maskTellingRuns(reminder: string, password: string): string {
  const chars = [...reminder];
  // The folded reminder, and for each of its UTF-16 units the character of the reminder it came from.
  let haystack = '';
  const from: number[] = [];
  chars.forEach((ch, index) => {
    const f = folded(ch);
    haystack += f;
    for (let k = 0; k < f.length; k += 1) from.push(index);
  });
  const hidden = new Set<number>();
  for (const needle of tellingRuns(password)) {
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
      for (let k = at; k < at + needle.length; k += 1) hidden.add(from[k]!);
    }
  }
  return hidden.size === 0 ? reminder : chars.map((ch, index) => (hidden.has(index) ? '*' : ch)).join('');
}

/** The reminder as zxcvbn user inputs: its words and the whole of it. */
function reminderWords(reminder: string): string[] {
  return [...reminder.split(/[^A-Za-z0-9]+/), reminder.trim()].filter((word) => word.length > 0);
}

/**
 * Characters that are not text to type: C0 controls (Enter, Tab, Escape, Ctrl+C...), DEL and C1 controls. Typed
 * into ssoconfig's console, one would end the reminder early, erase part of it, or be taken for a key or an
 * escape sequence by the pseudo-console.
 */
const CONTROL = /\p{Cc}/gu; // U+0000-U+001F, U+007F-U+009F
/** Half of a surrogate pair on its own: no character at all, written to the console as U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Nothing anyone can read: white space, invisible format characters (zero-width space, joiners, BOM), controls. */
const SAYS_NOTHING = /^[\s\p{Cf}\p{Cc}]*$/u;

function codeOf(unit: string): string {
  return `U+${(unit.charCodeAt(0)).toString(16).toUpperCase().padStart(4, '0')}`;
}

export function checkReminder(reminder: string, password: string, context: PasswordRulesContext): ReminderCheck {
  const problems: RuleProblem[] = [];

  const blank = SAYS_NOTHING.test(reminder);
  if (blank) {
    problems.push({
      rule: 'required',
      message:
        'The reminder is empty. It is stored in the backup file and is the only hint you will have at restore ' +
        'time, perhaps years from now, when nobody remembers the password.',
    });
  }

  const unfit = [...new Set([...(reminder.match(CONTROL) ?? []), ...(reminder.match(LONE_SURROGATE) ?? [])])];
  if (unfit.length > 0) {
    const shown = unfit.slice(0, 5).map(codeOf).join(', ') + (unfit.length > 5 ? `, and ${unfit.length - 5} more` : '');
    problems.push({
      rule: 'control-character',
      message:
        `The reminder has ${unfit.length === 1 ? 'a character' : 'characters'} that cannot be typed as text ` +
        `(${shown}: a control character such as a line break, tab or escape, or half of a character): typed into ` +
        'ssoconfig, it would end the reminder early or change it, so the backup file would hold another reminder ' +
        'than this one. Write the reminder on one line, as plain text.',
    });
  }

  if (reminder.length > REMINDER_MAX_LENGTH) {
    problems.push({
      rule: 'max-length',
      message: `The reminder is longer than ${REMINDER_MAX_LENGTH} characters: ENTSSO refuses longer ones (error 10840).`,
    });
  }

  const containsPassword = sharesRun(reminder, password);
  if (containsPassword) {
    problems.push({
      rule: 'contains-password',
      message:
        `The reminder gives the password away: it contains ${TELLING_RUN} or more characters in a row from the ` +
        'password (in any case, forwards or backwards). The reminder is stored in the backup file where anyone ' +
        'who can read the file can read it. Write a hint only you can follow, such as where the password is kept.',
    });
  }

  // zxcvbn again, this time with the reminder's words as things an attacker knows. Skipped when the reminder
  // already quotes the password (the answer is obvious) or says nothing.
  if (!containsPassword && !blank) {
    const withReminder = measureStrength(password, [...context.userInputs, ...reminderWords(reminder)]);
    // Blame the reminder only when it is what makes the difference: a password too weak on its own is the
    // password rule's problem, and saying the reminder caused it would be false.
    if (withReminder.score < context.minScore) {
      const alone = measureStrength(password, context.userInputs);
      if (alone.score >= context.minScore) {
        problems.push({
          rule: 'gives-away',
          message:
            `The reminder makes the password guessable: for someone who reads it, the strength score drops to ` +
            `${withReminder.score} of 4 (at least ${context.minScore} is needed), because it describes the ` +
            'password. Write a reminder that helps only you: where the password is kept, or a hint to a memory ' +
            'that nobody else shares.',
        });
      }
    }
  }

  return { ok: problems.length === 0, problems };
}
