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

/**
 * A failure injected on purpose, at a point of `-backupsecret` where a real console program can fail. Not a guess
 * about ssoconfig (those are the switches above it): a rehearsal of what sso-backup must survive. Each ends as a
 * Windows console program ends there (docs/simulator.md, "Faults"):
 * - `exit-before-prompts`, `exit-between-prompts` (after the password), `exit-after-prompts` (after the last
 *   answer, nothing written): it ends without a word, with its error exit code (`exitCodeOnError`);
 * - `truncated-file`: half the file written, then it ends without a word, with its error exit code (a write that
 *   failed part-way and went unreported: with `exitCodeOnError` zero, a bad file and exit code 0);
 * - `disk-full`: part of the file written, then `ERROR: 0x80070070: There is not enough space on the disk.`, event
 *   10560, its error exit code;
 * - `crash`: after the last answer, an access violation: nothing printed, nothing written, exit code 0xC0000005
 *   on Windows (3221225477; elsewhere the process dies of SIGSEGV, as a crash does there);
 * - `hang-before-prompts`: stuck before the first prompt (a service call that never returns), until killed;
 * - `hang-after-write`: the whole file written and event 10559 logged, then stuck (no success line, no exit).
 * A hang after the last prompt without writing is `afterLastPrompt: hang`; an error with exit code 0 is
 * `exitCodeOnError: zero`; a folder where writing is refused is `storage.denied` in machine.json.
 */
export type Fault =
  | 'none'
  | 'exit-before-prompts'
  | 'exit-between-prompts'
  | 'exit-after-prompts'
  | 'truncated-file'
  | 'disk-full'
  | 'crash'
  | 'hang-before-prompts'
  | 'hang-after-write';

export const FAULTS: readonly Fault[] = [
  'none',
  'exit-before-prompts',
  'exit-between-prompts',
  'exit-after-prompts',
  'truncated-file',
  'disk-full',
  'crash',
  'hang-before-prompts',
  'hang-after-write',
];

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
  /** A failure injected on purpose (see `Fault`); `none` plays a working ssoconfig. */
  fault: Fault;
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
  fault: 'none',
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
  fault: FAULTS,
};

/** Switches that only make a run fail: left out of the matrix of behaviours a run must succeed in. */
export const FAILURE_SWITCHES: readonly (keyof Variants)[] = ['fault'];

/**
 * One variant changed from the defaults, for each value of each switch of an unconfirmed behaviour: the matrix
 * the tests walk (a backup must work in each, but for `afterLastPrompt: hang`). `fault` is not in it: every
 * fault fails the run on purpose (test/trust/faults.test.ts walks those).
 */
export function eachSingleVariant(): { name: string; variants: Variants }[] {
  const rows: { name: string; variants: Variants }[] = [];
  for (const key of Object.keys(VARIANT_CHOICES) as (keyof Variants)[]) {
    if (FAILURE_SWITCHES.includes(key)) continue;
    for (const value of VARIANT_CHOICES[key]) {
      if (DEFAULT_VARIANTS[key] === value) continue;
      rows.push({ name: `${key}=${value}`, variants: { ...DEFAULT_VARIANTS, [key]: value } });
    }
  }
  return rows;
}
