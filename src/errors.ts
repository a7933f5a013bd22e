/**
 * The one error type that crosses layers. Deep code throws it; only the entry point turns `exitCode` into the
 * process exit code. Every instance says what happened, why, and what to do next.
 */

/** Exit codes, documented in docs/exit-codes.md and in `--help`. */
export const EXIT = {
  ok: 0,
  ssoconfigFailed: 1,
  usage: 2,
  machineNotFit: 3,
  notVerified: 4,
  /** The backup is made and verified, but a --copy-to copy failed. */
  copyFailed: 5,
  /** Another sso-backup run holds the backup folder (its lock file); nothing was run. Try again later. */
  busy: 6,
  cancelled: 130,
  /** A defect in sso-backup itself (EX_SOFTWARE). */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface ProblemText {
  /** What happened, one sentence. */
  readonly what: string;
  /** Why it happened, as far as we know. */
  readonly why: string;
  /** What the user should do next. */
  readonly next: string;
}

export class SsoBackupError extends Error implements ProblemText {
  readonly what: string;
  readonly why: string;
  readonly next: string;
  readonly exitCode: ExitCode;

  constructor(problem: ProblemText, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(`${problem.what} ${problem.why}`.trim(), options);
    this.name = 'SsoBackupError';
    this.what = problem.what;
    this.why = problem.why;
    this.next = problem.next;
    this.exitCode = exitCode;
  }
}

export class UsageError extends SsoBackupError {
  constructor(what: string, next: string) {
    super({ what, why: 'The command line is not one sso-backup understands.', next }, EXIT.usage);
    this.name = 'UsageError';
  }
}
