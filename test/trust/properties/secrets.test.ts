/**
 * Bad input, the password and the reminder: checkPassword and checkReminder on generated text.
 *
 * Lengths are counted in UTF-16 code units. ENTSSO's bounds (../../../../shared/reference/entsso.md section 3:
 * 7..256 characters, reminder at most 512) are checked by ssoconfig on what it read from the console, and a
 * Windows console hands a program UTF-16 (ReadConsoleW); ssoconfig is .NET-free native code whose strings are
 * WCHARs, so an astral character is two of its "characters". The question is moot for an accepted password
 * (printable ASCII only, where units, code points and characters are the same), and a reminder counted in code
 * units is never longer for ENTSSO than we said.
 *
 * Properties: the checks never throw; the bounds hold exactly at 6/7/256/257 and 512/513; anything that is not
 * printable ASCII refuses the password and is counted right; spaces at either end are named; the reminder never
 * holds the password (any case, reversed); control characters never reach a reminder that ssoconfig is typed; no
 * message quotes the password (test/support/no-leak.ts); the strength is zxcvbn's own.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SSOCONFIG_RULES } from '../../../src/entsso/facts.js';
import { checkPassword, contextWords, type PasswordCheck, type PasswordRulesContext } from '../../../src/rules/password.js';
import { checkReminder, type ReminderCheck } from '../../../src/rules/reminder.js';
import { measureStrength } from '../../../src/rules/strength.js';
import { expectNoLeak } from '../../support/no-leak.js';
import { trial } from '../figures.js';

const require = createRequire(import.meta.url);
type Zxcvbn = typeof import('zxcvbn');

// zxcvbn as published, loaded before strength.ts loads (and changes) a copy of its own: as rules-strength-whole.test.ts.
const zxcvbnDir = path.dirname(require.resolve('zxcvbn/package.json')) + path.sep;
const published = require('zxcvbn') as Zxcvbn;
for (const file of Object.keys(require.cache)) {
  if (file.startsWith(zxcvbnDir)) Reflect.deleteProperty(require.cache, file);
}

const CONTEXT: PasswordRulesContext = {
  minScore: 3,
  userInputs: contextWords({ host: 'BTSPROD01', user: 'CONTOSO\\btsadmin', domain: 'contoso.local' }),
};
const SEED = 0x5ec2e7;
const { passwordMinLength: MIN, passwordMaxLength: MAX, reminderMaxLength: REMINDER_MAX } = SSOCONFIG_RULES;

const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
const printable = fc.constantFrom(...PRINTABLE);
/** Text that is not printable ASCII: astral, combining, right-to-left, NFD, controls, odd spaces, lone surrogates. */
const UNUSUAL = [
  '\uD83D\uDE00', '\uD800\uDC00', '\u0301', 'e\u0301', '\u00E9', '\u0627\u0644', '\u05D0', '\u202E', '\u200F', '\u200B',
  '\u00A0', '\u3000', '\t', '\n', '\r', '\u0000', '\u001B', '\u007F', '\u0085', '\u009B', '\uD800', '\uDFFF', '\uFEFF',
  '\u0130', '\u03A3', '\u00DF', '\uFB00',
];
const unusual = fc.constantFrom(...UNUSUAL);

/** Any text at all, its characters drawn from printable ASCII, the unusual ones, and any UTF-16 unit. */
const anyText = (maxLength: number): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof({ weight: 5, arbitrary: printable }, { weight: 2, arbitrary: unusual }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 2 }) }), { maxLength })
    .map((parts) => parts.join(''));

/** Printable ASCII of exactly `length` characters. */
const printableOf = (length: number): fc.Arbitrary<string> => fc.string({ unit: printable, minLength: length, maxLength: length });

/**
 * A run no message of ours or zxcvbn's holds, put somewhere in a generated password. expectNoLeak on the whole of
 * a generated password would see "leaks" that are only our own words: '' is in every message, and ' cha' of a
 * password of spaces and 'cHA' is in "characters". The canary stands for the password: a message that quoted the
 * password, or any 4 characters of it, would quote part of the canary for some of the passwords generated.
 */
const CANARY = 'Qj8Wv';
const canaried = (text: string, at: number): string => text.slice(0, at % (text.length + 1)) + CANARY + text.slice(at % (text.length + 1));

function passwordCheck(password: string): PasswordCheck {
  let result: PasswordCheck | undefined;
  expect(() => (result = checkPassword(password, CONTEXT)), JSON.stringify(password)).not.toThrow();
  const check = result as PasswordCheck;
  expect(check.ok).toBe(check.problems.length === 0);
  for (const p of check.problems) expect(p.message.length).toBeGreaterThan(20);
  if (password.includes(CANARY)) expectNoLeak(check.problems, CANARY);
  return check;
}

function reminderCheck(reminder: string, password: string): ReminderCheck {
  let result: ReminderCheck | undefined;
  expect(() => (result = checkReminder(reminder, password, CONTEXT)), JSON.stringify([reminder, password])).not.toThrow();
  const check = result as ReminderCheck;
  expect(check.ok).toBe(check.problems.length === 0);
  for (const p of check.problems) expect(p.message.length).toBeGreaterThan(20);
  if (password.includes(CANARY)) expectNoLeak(check.problems, CANARY);
  return check;
}

const rulesOf = (check: { problems: readonly { rule: string }[] }): string[] => check.problems.map((p) => p.rule);

/** Code points outside printable ASCII (a lone surrogate is one). */
const notPrintable = (text: string): number => [...text].filter((ch) => (ch.codePointAt(0) ?? 0) < 0x20 || (ch.codePointAt(0) ?? 0) > 0x7e).length;

describe('the password rules', () => {
  it('never throw, on any text up to 300 units, and never quote it', ({ task }) => {
    const runs = 1500;
    trial(task, 'input', runs);
    fc.assert(
      fc.property(anyText(300), fc.nat(), fc.boolean(), (text, at, canary) => {
        const password = canary ? canaried(text, at) : text;
        const check = passwordCheck(password);
        // Only a password with no problem but perhaps spaces at its ends is measured (zxcvbn is the slow rule).
        const measured = rulesOf(check).every((r) => r === 'edge-space' || r === 'strength');
        expect(check.strength !== undefined).toBe(measured);
      }),
      { numRuns: runs, seed: SEED },
    );
  });

  it('hold ENTSSO\u2019s bounds exactly: 6 and 257 refused, 7 and 256 not for their length', ({ task }) => {
    const runs = 240;
    trial(task, 'input', runs);
    fc.assert(
      fc.property(fc.constantFrom(MIN - 1, MIN, MAX, MAX + 1).chain(printableOf), (password) => {
        const rules = rulesOf(passwordCheck(password));
        expect(rules.includes('min-length'), `${password.length}`).toBe(password.length < MIN);
        expect(rules.includes('max-length'), `${password.length}`).toBe(password.length > MAX);
      }),
      { numRuns: runs, seed: SEED },
    );
  });

  it('never quote a password they measure and refuse as weak (zxcvbn’s advice included)', ({ task }) => {
    const runs = 150;
    trial(task, 'input', runs);
    const words = fc.constantFrom('password', 'dragon', 'qwerty', 'biztalk', 'Horse', '2024', '!', '1', 'a');
    fc.assert(
      fc.property(fc.array(fc.oneof(words, printable), { minLength: 1, maxLength: 6 }), fc.nat(), (parts, at) => {
        const check = passwordCheck(canaried(parts.join('').padEnd(2, 'x'), at));
        expect(check.strength).toBeDefined();
      }),
      { numRuns: runs, seed: SEED },
    );
  });

  it('count lengths in UTF-16 units, as the console hands them to ssoconfig (an astral character is two)', ({ task }) => {
    const runs = 600;
    trial(task, 'input', runs);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 140 }), fc.constantFrom('\uD83D\uDE00', '\u00E9', 'e\u0301', '\u0627'), fc.string({ unit: printable, maxLength: 3 }), (count, unit, tail) => {
        const password = unit.repeat(count) + tail;
        const rules = rulesOf(passwordCheck(password));
        expect(rules.includes('min-length')).toBe(password.length < MIN);
        expect(rules.includes('max-length')).toBe(password.length > MAX);
        if (count > 0) expect(rules).toContain('printable-ascii');
      }),
      { numRuns: runs, seed: SEED },
    );
  });

  it('refuse anything that is not printable ASCII (Unicode, control characters, tabs, odd spaces) and count it right', ({ task }) => {
    const runs = 1000;
    trial(task, 'input', runs);
    fc.assert(
      fc.property(printableOf(12), fc.array(fc.tuple(fc.nat(12), unusual), { minLength: 1, maxLength: 5 }), (base, inserts) => {
        let password = base;
        for (const [at, ch] of inserts) password = password.slice(0, at) + ch + password.slice(at);
        const check = passwordCheck(password);
        expect(check.ok).toBe(false);
        const message = check.problems.find((p) => p.rule === 'printable-ascii')?.message ?? '';
        const count = notPrintable(password);
        expect(message).toContain(count === 1 ? '1 character that is' : `${count} characters that are`);
        expect(check.strength).toBeUndefined();
      }),
      { numRuns: runs, seed: SEED },
    );
  });

  it('name a space at either end, and refuse a password of spaces only', ({ task }) => {
    const runs = 200;
    trial(task, 'input', runs);
    fc.assert(
      fc.property(printableOf(10), fc.constantFrom(' ', '  '), fc.constantFrom('start', 'end', 'both', 'only'), (inner, spaces, where) => {
        const password =
          where === 'only' ? ' '.repeat(inner.length) : where === 'start' ? spaces + inner : where === 'end' ? inner + spaces : spaces + inner + spaces;
        const check = passwordCheck(password);
        const edge = password.startsWith(' ') || password.endsWith(' ');
        expect(rulesOf(check).includes('edge-space')).toBe(edge);
        if (where === 'only') expect(check.ok).toBe(false);
      }),
      { numRuns: runs, seed: SEED },
    );
  });

  it('measure strength as zxcvbn does (the published zxcvbn, with the same user inputs), never higher', ({ task }) => {
    const runs = 150;
    trial(task, 'input', runs);
    const words = ['correct', 'Horse', 'battery', 'P@ssw0rd', 'contoso', 'BTSPROD01', 'biztalk', '2024', 'qwerty', 'dragon', '!', '-', '7', 'Zq'];
    const password = fc.array(fc.oneof(fc.constantFrom(...words), printableOf(1)), { minLength: 1, maxLength: 10 }).map((p) => p.join('').slice(0, 60));
    fc.assert(
      fc.property(password, (text) => {
        const ours = measureStrength(text, CONTEXT.userInputs).score;
        const theirs = published(text, [...CONTEXT.userInputs]).score;
        // With this server's names taken out, what is left is measured too, and the lower score kept (strength.ts).
        const leansOnNames = CONTEXT.userInputs.some((word) => word.length >= 4 && text.toLowerCase().includes(word));
        if (leansOnNames) expect(ours, text).toBeLessThanOrEqual(theirs);
        else expect(ours, text).toBe(theirs);
      }),
      { numRuns: runs, seed: SEED },
    );
  });
});

describe('the reminder rules', () => {
  it('never throw, whatever the reminder and the password, and never quote the password', ({ task }) => {
    const runs = 400;
    trial(task, 'input', runs);
    fc.assert(
      fc.property(anyText(80), anyText(40), fc.nat(), (reminder, text, at) => void reminderCheck(reminder, canaried(text, at))),
      { numRuns: runs, seed: SEED },
    );
  });

  it('refuse a reminder that holds the password (4 characters or more), in any letter case, forwards or backwards', ({ task }) => {
    const runs = 800;
    trial(task, 'input', runs);
    const casing = fc.constantFrom('same', 'upper', 'lower', 'mixed', 'reversed');
    fc.assert(
      fc.property(fc.string({ unit: printable, minLength: 4, maxLength: 40 }), fc.option(fc.nat(), { nil: undefined }), casing, fc.string({ unit: printable, maxLength: 20 }), fc.string({ unit: printable, maxLength: 20 }), (text, at, how, before, after) => {
        const password = at === undefined ? text : canaried(text, at);
        const shown =
          how === 'upper' ? password.toUpperCase()
          : how === 'lower' ? password.toLowerCase()
          : how === 'mixed' ? [...password].map((c, i) => (i % 2 === 0 ? c.toUpperCase() : c.toLowerCase())).join('')
          : how === 'reversed' ? [...password].reverse().join('')
          : password;
        expect(rulesOf(reminderCheck(before + shown + after, password))).toContain('contains-password');
      }),
      { numRuns: runs, seed: SEED },
    );
  });

  it('refuse a reminder that holds the password in any case, whatever its alphabet (Unicode passwords too)', ({ task }) => {
    const runs = 500;
    trial(task, 'input', runs);
    const letters = fc.constantFrom('\u03A3', '\u03C3', '\u03C2', '\u0130', 'i', 'I', '\u0131', '\u00DF', 'S', 'a', 'B', '\u00C9', '\u0301', '\uD801\uDC00', '\u1E9E', '\uFB00', ' ', '.');
    fc.assert(
      fc.property(fc.array(letters, { minLength: 4, maxLength: 12 }).map((l) => l.join('')), fc.constantFrom('upper', 'lower', 'same'), fc.constantFrom('', 'x', ' ', '\u03A3'), (password, how, around) => {
        const shown = how === 'upper' ? password.toUpperCase() : how === 'lower' ? password.toLowerCase() : password;
        expect(rulesOf(reminderCheck(`${around}${shown}${around}`, password))).toContain('contains-password');
      }),
      { numRuns: runs, seed: SEED },
    );
  });

  it('hold ENTSSO\u2019s 512 exactly (units), and refuse a reminder that says nothing', ({ task }) => {
    const runs = 120;
    trial(task, 'input', runs);
    const password = '4071-8826-%&/(-9315';
    const word = fc.constantFrom('vault', 'entry', 'under', 'BizTalk', 'PROD', 'ask', 'Anna', 'the', 'blue', 'folder', 'k\u00F6ln', '\uD83D\uDD11');
    fc.assert(
      fc.property(fc.constantFrom(REMINDER_MAX - 1, REMINDER_MAX, REMINDER_MAX + 1), fc.array(word, { minLength: 200, maxLength: 200 }), (length, words) => {
        const reminder = words.join(' ').slice(0, length).replace(/[\uD800-\uDBFF]$/, 'x');
        expect(reminder.length).toBe(length);
        const rules = rulesOf(reminderCheck(reminder, password));
        expect(rules.includes('max-length')).toBe(length > REMINDER_MAX);
      }),
      { numRuns: runs, seed: SEED },
    );
  });

  it('refuse a reminder of whitespace and invisible characters only', ({ task }) => {
    const runs = 300;
    trial(task, 'input', runs);
    const blank = fc.constantFrom(' ', '\t', '\u00A0', '\u3000', '\u2028', '\uFEFF', '\u200B', '\u200C', '\u200D', '\u2060', '\u180E');
    fc.assert(
      fc.property(fc.array(blank, { maxLength: 30 }), (chars) => {
        expect(rulesOf(reminderCheck(chars.join(''), 'Correct-Horse-94'))).toContain('required');
      }),
      { numRuns: runs, seed: SEED },
    );
  });

  it('refuse a control character: typed into ssoconfig, it would end, cut or change the reminder', ({ task }) => {
    const runs = 400;
    trial(task, 'input', runs);
    const control = fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.constant(0x7f), fc.integer({ min: 0x80, max: 0x9f })).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.constantFrom('the vault entry under PROD', 'ask Anna'), fc.nat(30), control, (text, at, ch) => {
        const reminder = text.slice(0, at) + ch + text.slice(at);
        const check = reminderCheck(reminder, 'Correct-Horse-94');
        expect(check.ok, JSON.stringify(reminder)).toBe(false);
        expect(rulesOf(check)).toContain('control-character');
      }),
      { numRuns: runs, seed: SEED },
    );
  });
});
