/** Every wait of the console driver is bounded; these are the bounds. */
export interface DriverLimits {
  /** Output must be quiet this long after a prompt-like line before it is answered. */
  settleMs: number;
  /** An unrecognised prompt-like line that stays quiet this long stops the run. */
  unknownPromptMs: number;
  /** The longest wait for the next prompt (from the start, or after an answer). */
  promptTimeoutMs: number;
  /** The longest wait for ssoconfig to end after the last answer (it calls the SSO service then). */
  finishTimeoutMs: number;
  /** The longest the whole run may take, prompts included; also the limit of a handover run. */
  totalTimeoutMs: number;
  /** How long to read on after the exit for output that arrives late (node-pty issue #72). */
  drainMs: number;
}

export const DEFAULT_LIMITS: DriverLimits = {
  settleMs: 250,
  unknownPromptMs: 3_000,
  promptTimeoutMs: 60_000,
  finishTimeoutMs: 180_000,
  totalTimeoutMs: 300_000,
  drainMs: 250,
};

/** Columns of the pseudo-console: wide enough that a long path and a 256-character echo stay on one line. */
export const CONSOLE_COLUMNS = 400;
export const CONSOLE_ROWS = 50;
