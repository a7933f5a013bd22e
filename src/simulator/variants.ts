/**
 * Every behaviour of ssoconfig that ../shared/reference/entsso.md marks UNCONFIRMED is a switch here, so the
 * console driver can be proven against each plausible guess rather than one.
 */

export const PROMPT_WORDINGS = {
  /** A plain guess in the style of the documented restore transcript. */
  standard: {
    password: 'Enter the password for the backup file: ',
    confirm: 'Confirm the password: ',
    reminder: 'Enter a password reminder: ',
  },
  /** Terse, like the restore transcript's `Password : `; password and confirmation are worded the same. */
  terse: {
    password: 'Password : ',
    confirm: 'Password : ',
    reminder: 'Password reminder : ',
  },
  /** Long sentences that mention the password inside the reminder prompt too. */
  verbose: {
    password: 'Please type the password that will protect the master secret backup file (7 to 256 characters): ',
    confirm: 'Please type the same password again to confirm it: ',
    reminder:
      'Please type a reminder for this password. It is stored in the backup file and can be read without the password: ',
  },
  /** Another plausible family: "Re-enter", "hint", and a `>` instead of a colon. */
  hint: {
    password: 'New password> ',
    confirm: 'Re-enter new password> ',
    reminder: 'Password hint> ',
  },
} as const satisfies Record<string, { password: string; confirm: string; reminder: string }>;

export type PromptWording = keyof typeof PROMPT_WORDINGS;

export interface Variants {
  /** Wording of the three prompts (UNCONFIRMED). */
  prompts: PromptWording;
  /** Whether a success line is printed (UNCONFIRMED; restore prints "The operation completed successfully."). */
  successText: 'shown' | 'none';
  /** Exit code after an error: non-zero, or 0 as some Windows tools do (UNCONFIRMED). */
  exitCodeOnError: 'nonzero' | 'zero';
  /** An existing target file: overwritten silently, refused with an error, or a y/n question (UNCONFIRMED). */
  existingFile: 'overwrite' | 'refuse' | 'ask';
  /** Where the answers are read: the console one key at a time (likely), or lines of stdin (UNCONFIRMED). */
  input: 'console' | 'stdin';
  /** After the last prompt: finish, or hang for ever without writing (a stuck RPC call). */
  afterLastPrompt: 'finish' | 'hang';
  /** When machine checks (service, rights, master secret server) fail: before the first prompt or after the last. */
  checksAt: 'after-prompts' | 'before-prompts';
  /** The reminder echoed in clear (likely: it is no secret) or masked like the password. */
  reminderEcho: 'clear' | 'masked';
}

export const DEFAULT_VARIANTS: Variants = {
  prompts: 'standard',
  successText: 'shown',
  exitCodeOnError: 'nonzero',
  existingFile: 'overwrite',
  input: 'console',
  afterLastPrompt: 'finish',
  checksAt: 'after-prompts',
  reminderEcho: 'clear',
};

/** The allowed values of each switch, for validation, `--help` and tests that enumerate them. */
export const VARIANT_CHOICES: { readonly [K in keyof Variants]: readonly Variants[K][] } = {
  prompts: Object.keys(PROMPT_WORDINGS) as PromptWording[],
  successText: ['shown', 'none'],
  exitCodeOnError: ['nonzero', 'zero'],
  existingFile: ['overwrite', 'refuse', 'ask'],
  input: ['console', 'stdin'],
  afterLastPrompt: ['finish', 'hang'],
  checksAt: ['after-prompts', 'before-prompts'],
  reminderEcho: ['clear', 'masked'],
};

/** One variant changed from the defaults, for each value of each switch: the matrix the tests walk. */
export function eachSingleVariant(): { name: string; variants: Variants }[] {
  const rows: { name: string; variants: Variants }[] = [];
  for (const key of Object.keys(VARIANT_CHOICES) as (keyof Variants)[]) {
    for (const value of VARIANT_CHOICES[key]) {
      if (DEFAULT_VARIANTS[key] === value) continue;
      rows.push({ name: `${key}=${value}`, variants: { ...DEFAULT_VARIANTS, [key]: value } });
    }
  }
  return rows;
}
