/**
 * The rules a master-secret backup password must meet before sso-backup types it into ssoconfig: ssoconfig's own
 * length rules (so that it never refuses the password half-way through a backup), and ours, because the password
 * has to be typed again, perhaps years later, on another server, to restore the secret.
 */
import { SSOCONFIG_RULES } from '../entsso/facts.js';
import type { RuleProblem } from './rule.js';
import { measureStrength, type Strength } from './strength.js';

export type MinScore = 0 | 1 | 2 | 3 | 4;

/** zxcvbn's "safely unguessable": moderate protection against an offline attack on a stolen backup file. */
export const DEFAULT_MIN_SCORE: MinScore = 3;

export interface PasswordRulesContext {
  minScore: MinScore;
  /** Words an attacker would try first; see `contextWords`. */
  userInputs: readonly string[];
}

export interface PasswordCheck {
  ok: boolean;
  problems: RuleProblem[];
  /** Present when the strength was measured, whether or not it was enough. */
  strength?: Strength;
}

/** Words anyone attacking a BizTalk master-secret backup would try, whatever the server. */
const PRODUCT_WORDS = [
  'BizTalk',
  'SSO',
  'ENTSSO',
  'master',
  'secret',
  'backup',
  'password',
  'Microsoft',
  'Enterprise',
  'Single',
  'Sign-On',
] as const;

/** The separators in host, account and domain names: `.` (DNS), `\` (DOMAIN\user), `-`, `_` and spaces. */
const NAME_SEPARATORS = /[.\\\-_ ]+/;

/** Words that make a password guessable on this server: host, user, domain (and their parts split on . \ - _ and spaces), plus BizTalk, SSO, ENTSSO, master, secret, backup, password, Microsoft, Enterprise, Single, Sign-On. */
export function contextWords(names: { host: string; user: string; domain: string }): string[] {
  const words = new Set<string>();
  for (const name of [names.host, names.user, names.domain, ...PRODUCT_WORDS]) {
    const whole = name.trim().toLowerCase();
    if (whole.length === 0) continue;
    words.add(whole);
    for (const part of whole.split(NAME_SEPARATORS)) {
      if (part.length > 0) words.add(part);
    }
  }
  return [...words];
}

/** Printable ASCII: space (0x20) to tilde (0x7E). */
function isPrintableAscii(codePoint: number): boolean {
  return codePoint >= 0x20 && codePoint <= 0x7e;
}

function countNotPrintableAscii(text: string): number {
  let count = 0;
  for (const character of text) {
    if (!isPrintableAscii(character.codePointAt(0) ?? 0)) count += 1;
  }
  return count;
}

/**
 * Explains a strength below the minimum. zxcvbn's warning and suggestions are fixed sentences from its own list:
 * they never quote the password, so they are safe to show and to log.
 */
function strengthMessage(strength: Strength, minScore: MinScore): string {
  const parts = [
    `Its strength score is ${strength.score} of 4 and at least ${minScore} is needed: anyone who gets a copy of ` +
      'the backup file can try passwords against it offline, as fast as their hardware allows.',
  ];
  if (strength.warning.length > 0) parts.push(`${strength.warning}.`);
  for (const suggestion of strength.suggestions) parts.push(/[.!?]$/.test(suggestion) ? suggestion : `${suggestion}.`);
  if (strength.warning.length === 0 && strength.suggestions.length === 0) {
    parts.push('Make it longer, for example with a few more uncommon words that have nothing to do with this server.');
  }
  return parts.join(' ');
}

export function checkPassword(password: string, context: PasswordRulesContext): PasswordCheck {
  const problems: RuleProblem[] = [];

  // Lengths count UTF-16 code units, as Windows does; for printable ASCII that is the number of characters.
  if (password.length < SSOCONFIG_RULES.passwordMinLength) {
    problems.push({
      rule: 'min-length',
      message:
        `The password is shorter than ${SSOCONFIG_RULES.passwordMinLength} characters: ENTSSO refuses shorter ` +
        'ones (error 10836).',
    });
  }
  if (password.length > SSOCONFIG_RULES.passwordMaxLength) {
    problems.push({
      rule: 'max-length',
      message:
        `The password is longer than ${SSOCONFIG_RULES.passwordMaxLength} characters: ENTSSO refuses longer ones ` +
        '(error 10839).',
    });
  }

  const notPrintable = countNotPrintableAscii(password);
  if (notPrintable > 0) {
    const them = notPrintable === 1 ? '1 character that is' : `${notPrintable} characters that are`;
    problems.push({
      rule: 'printable-ascii',
      message:
        `The password has ${them} not printable ASCII (accented letters, other alphabets, tabs and control ` +
        'characters are not). It must be typed again at restore time, on whatever console and code page that ' +
        'server has, where such characters may not come out the same. Use letters A-Z and a-z, digits, ' +
        'punctuation and spaces.',
    });
  }

  if (password.startsWith(' ') || password.endsWith(' ')) {
    problems.push({
      rule: 'edge-space',
      message:
        'The password starts or ends with a space: a space at either end is easily lost when the password is ' +
        'copied into a password vault or typed again at restore time. Remove it, or move it inside.',
    });
  }

  // zxcvbn only when the password is otherwise acceptable: it is the slow rule, and measuring a 300-character
  // paste that is refused anyway would only cost time.
  let strength: Strength | undefined;
  const measurable = problems.every((p) => p.rule === 'edge-space');
  if (measurable) {
    strength = measureStrength(password, context.userInputs);
    if (strength.score < context.minScore) {
      problems.push({ rule: 'strength', message: strengthMessage(strength, context.minScore) });
    }
  }

  const check: PasswordCheck = { ok: problems.length === 0, problems };
  if (strength !== undefined) check.strength = strength;
  return check;
}
