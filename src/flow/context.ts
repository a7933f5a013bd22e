/** What the steps of the guided backup share. Each step takes only the part it needs (Pick<FlowContext, ...>). */
import type { BackupSecretRequest } from '../console/backup-secret.js';
import type { BackupOutcome } from '../console/outcome.js';
import type { Machine } from '../machine/machine.js';
import type { Prompter } from '../prompts/prompter.js';
import type { CheckName } from '../checks/checks.js';
import type { MinScore } from '../rules/password.js';
import type { Progress } from '../ui/spinner.js';
import type { Style } from '../ui/style.js';

export interface BackupOptions {
  ssoDir?: string | undefined;
  file?: string | undefined;
  minScore: MinScore;
  /** Required checks the person chose to go past (--skip-check). */
  skipChecks?: readonly CheckName[];
}

export interface FlowContext {
  options: BackupOptions;
  machine: Machine;
  prompter: Prompter;
  /** Human text, to the terminal. */
  out(text: string): void;
  style: Style;
  progress: Progress;
  now(): Date;
  /** The console driver. */
  backUp(request: BackupSecretRequest): Promise<BackupOutcome>;
  /** Aborted by Ctrl+C outside a question. */
  signal: AbortSignal;
}
