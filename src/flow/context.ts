/** What the steps of the guided backup share. Each step takes only the part it needs (Pick<FlowContext, ...>). */
import type { BackupSecretRequest } from '../console/backup-secret.js';
import type { BackupOutcome } from '../console/outcome.js';
import type { Machine } from '../machine/machine.js';
import type { Prompter } from '../prompts/prompter.js';
import type { CheckName } from '../checks/checks.js';
import type { MinScore } from '../rules/password.js';
import type { Progress } from '../ui/spinner.js';
import type { Style } from '../ui/style.js';
import type { RunRecord } from '../report/run-record.js';

export interface BackupOptions {
  ssoDir?: string | undefined;
  file?: string | undefined;
  /** --folder: the backup gets the suggested name (SSO-<HOST>-<stamp>.bak) in this folder. */
  folder?: string | undefined;
  minScore: MinScore;
  /** Required checks the person chose to go past (--skip-check). */
  skipChecks?: readonly CheckName[];
  /** --dry-run: every check and the plan; nothing run, nothing written. */
  dryRun?: boolean;
  /** --if-older-than, in milliseconds: skip when a verified backup of this host is newer. */
  ifOlderThanMs?: number | undefined;
  /** --copy-to: folders (or UNC paths) that get a verified copy. */
  copyTo?: readonly string[];
  /** --keep: how many backups of this host made by sso-backup stay in each folder (the new one counts). */
  keep?: number | undefined;
  /** --vault-note: where the password is kept, for the manifest. */
  vaultNote?: string | undefined;
  /** No handover of ssoconfig's console to a person: nobody is at it, or stdout carries the --json result. */
  unattended?: boolean;
}

/** File operations the copy step needs; injectable so a copy that corrupts can be played in tests. */
export interface CopyDeps {
  copyFile(from: string, to: string): Promise<void>;
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
  /** What the run did, for --json. */
  record: RunRecord;
  copy: CopyDeps;
  /** The tool's version, for the manifest. */
  version: string;
}
