/**
 * The shape every input rule reports in. Rules never throw for a refused input: they return problems, and the
 * caller decides whether to ask again or to stop with an SsoBackupError.
 */

/** One reason a rule refused an input, or warns about it. `message` says what is wrong and why, for a person. It never contains the password or any part of it. */
export interface RuleProblem {
  rule: string;
  message: string;
}
