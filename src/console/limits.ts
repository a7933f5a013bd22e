/**
 * Every wait of the console driver is bounded; these are the bounds, each with why it is what it is.
 *
 * What is known of ssoconfig's console (../shared/reference/entsso.md section 2): it asks for the password, its
 * confirmation and a reminder, in that order, reading keys from the console; its wording, its timing and how
 * its output is cut into writes are UNCONFIRMED. Between our keys and its output stand a pseudo-console
 * (ConPTY on Windows, which paints the screen in frames; winpty before Windows 10 1809 / Server 2019; a pty
 * elsewhere) and node-pty. Two kinds of wait follow from that: quiet times, which decide when a prompt is
 * complete enough to answer, and limits, which decide when a run has gone wrong.
 */
export interface DriverLimits {
  /**
   * Quiet time before a recognised prompt is answered: its line ends like a prompt (`:`, `?`, `>`, `(Y/N)`),
   * its meaning is known, the order of the prompts says what to type, and the cursor sits right after it.
   *
   * Why short is safe there: a prompt cut off part-way (`Enter the pass`, `Password reminder (stored`) does
   * not end like a prompt, so it falls to `settleMs`; and keys typed a little early are not lost or misread,
   * they wait in the console's input buffer until the program reads them (a ConPTY or winpty console echoes
   * them only when they are read, so early keys never show in clear there either). The quiet only has to
   * outlast the gap between two pieces of one prompt written in one go, as the pseudo-console delivers them.
   * On Linux those come in one read. On Windows, ConPTY's conhost paints the screen in frames and sleeps 8 ms
   * between frames (microsoft/terminal RenderThread), which Windows' default 15.6 ms timer tick rounds up; winpty
   * (Windows before build 18309, so Server 2016) scrapes the console every 25 ms (its Agent's poll interval),
   * about 31 ms once rounded to ticks. 40 ms outlasts one scrape and two frames. A prompt cut by a scrape or a
   * frame is cut where the program's writes were cut, and a piece that ends like a prompt before the whole
   * prompt does is not in any wording we know; if one came, its keys would still wait for the real read.
   */
  promptSettleMs: number;
  /**
   * Quiet time before anything else is decided about a prompt-like line: a line that is a prompt only by its
   * meaning (`Password`, which may still be growing), a prompt on the line above the cursor (a program that ends
   * its prompts with a newline), an unrecognised one (which starts `unknownPromptMs`), and every decision that
   * stops the run (asked again, unclear). A mistake there types the password where it does not belong or stops
   * a good run, so the quiet is long: 250 ms is some fifteen conhost frames or eight winpty scrapes, longer
   * than a program writing a prompt pauses between its pieces, and still short against the prompt limit.
   */
  settleMs: number;
  /**
   * An unrecognised prompt-like line that stays quiet this long stops the run (it is never answered). Long
   * after `settleMs`, so a line still being written or repainted has had its chance to become a known prompt
   * (or to scroll away); short enough that an unattended run fails in seconds instead of waiting out the
   * prompt limit in front of a question nobody will answer.
   */
  unknownPromptMs: number;
  /**
   * The longest wait for the next prompt (from the start, or after an answer). ssoconfig may check the SSO
   * service and the caller's rights before its first prompt (a simulator variant plays that), which is a call
   * to a Windows service that can wait on RPC and SQL timeouts of tens of seconds; a cold start of a server
   * tool after a reboot is slow too. A minute covers those; past it, nothing is coming.
   */
  promptTimeoutMs: number;
  /**
   * The longest wait for ssoconfig to end after the last answer. It then calls the SSO service, which reads the
   * master secret (from SQL Server, through the master secret server) and encrypts it into the file; a stuck
   * service or a hung RPC would wait for ever (a simulator variant plays that hang). Three minutes is far
   * beyond a working backup, which takes seconds, and short enough for a runbook to report the hang.
   */
  finishTimeoutMs: number;
  /**
   * The longest the whole run may take, prompts included; also the limit of a handover run, where a person
   * types. The prompt and finish limits add up to four minutes; one more minute for a person reading the
   * instructions of a handover.
   */
  totalTimeoutMs: number;
  /**
   * After the exit, how long output must be quiet before the run's output is taken as complete, when the
   * pseudo-console cannot say that its output has ended. Not used with node-pty 1.x, whose exit is reported
   * only once the output stream has closed (`LoadedPty.exitEndsOutput`): there nothing can come after it.
   * For any other pseudo-console (node-pty issue #72: data after exit), 250 ms, like `settleMs`: longer than a
   * program's last writes are spread, still short against a run.
   */
  drainMs: number;
}

export const DEFAULT_LIMITS: DriverLimits = {
  promptSettleMs: 40,
  settleMs: 250,
  unknownPromptMs: 3_000,
  promptTimeoutMs: 60_000,
  finishTimeoutMs: 180_000,
  totalTimeoutMs: 300_000,
  drainMs: 250,
};

/**
 * After the driver kills the process tree, the longest wait for the exit to be reported before the run ends
 * without it. A killed process is reported within milliseconds; taskkill on Windows is itself a process start
 * (a few hundred ms on a busy server). Five seconds is ample, and a stuck handle cannot keep the run.
 */
export const KILL_WAIT_MS = 5_000;

/**
 * The longest timed drain (`drainMs`) in all: a program whose children keep writing to the console after it
 * has exited cannot hold the run for ever. Eight quiet times of 250 ms.
 */
export const DRAIN_MAX_MS = 2_000;

/** Columns of the pseudo-console: wide enough that a long path and a 256-character echo stay on one line. */
export const CONSOLE_COLUMNS = 400;
export const CONSOLE_ROWS = 50;
