/**
 * The guided backup: ask first, then act. Every question is answered before anything is changed; then the
 * target is prepared, ssoconfig runs, the file is verified and the receipt written, and only then is anything
 * replaced for good. Any failure rolls the files back and says what became of each.
 */
import type { BackupOutcome } from '../console/outcome.js';
import { EXIT, SsoBackupError, type ExitCode, type ProblemText } from '../errors.js';
import { CancelledError } from '../prompts/prompter.js';
import type { Receipt } from '../receipts/receipt.js';
import { contextWords } from '../rules/password.js';
import type { FlowContext } from './context.js';
import { measureStrengthLabel } from './strength-label.js';
import { chooseBackupFile, type BackupTarget } from './steps/choose-backup-file.js';
import { collectPassword, collectReminder } from './steps/collect-secret.js';
import { locateInstallDir } from './steps/locate-install-dir.js';
import { checkMachine } from './steps/check-machine.js';
import { ENTSSO_EVENTS } from '../entsso/facts.js';
import { describeRunEvents, report } from './steps/report.js';
import { review } from './steps/review.js';
import { runSsoconfig } from './steps/run-ssoconfig.js';
import { TargetFiles } from './steps/target-files.js';
import { verifyBackup } from './steps/verify-backup.js';

export interface BackupResult {
  installDir: string;
  receipt: Receipt;
}

/** The backup failed; when ssoconfig itself failed, its run goes along for the transcript. */
export class BackupFailedError extends SsoBackupError {
  constructor(
    problem: ProblemText,
    exitCode: ExitCode,
    readonly failedRun?: Extract<BackupOutcome, { ok: false }>,
    options?: { cause?: unknown },
  ) {
    super(problem, exitCode, options);
    this.name = 'BackupFailedError';
  }
}

const withNotes = (next: string, notes: readonly string[]): string => [next, ...notes].join(' ');

const RUN_EVENTS = [ENTSSO_EVENTS.backupSucceeded, ENTSSO_EVENTS.backupFailed];

/** ENTSSO's own word on this run (10559, or 10560 with its error code), for a failure's message too. */
async function eventsOfRun(ctx: Pick<FlowContext, 'machine'>, file: string, startedAt: Date): Promise<string> {
  return describeRunEvents(await ctx.machine.events(RUN_EVENTS, startedAt).catch(() => undefined), file);
}

async function prepare(target: BackupTarget, startedAt: Date): Promise<TargetFiles> {
  try {
    return await TargetFiles.prepare(target, startedAt);
  } catch (error) {
    throw new SsoBackupError(
      {
        what: `The place for the backup file could not be prepared: ${(error as Error).message}`,
        why: 'The folder could not be created, or the existing file could not be moved aside. ssoconfig was not started.',
        next: 'Choose another folder or file name, or free the file (is it open elsewhere?), then run again.',
      },
      EXIT.usage,
      { cause: error },
    );
  }
}

export async function runBackupFlow(ctx: FlowContext): Promise<BackupResult> {
  const checkpoint = (): void => {
    if (ctx.signal.aborted) throw new CancelledError('Cancelled; nothing was run.');
  };
  const install = await locateInstallDir(ctx);
  checkpoint();
  const target = await chooseBackupFile(ctx, install.dir);
  checkpoint();
  const checks = await checkMachine(ctx, install.dir, target.file);
  const waived = checks.filter((r) => r.status === 'failed' && (ctx.options.skipChecks ?? []).includes(r.name));
  checkpoint();
  const rules = { minScore: ctx.options.minScore, userInputs: contextWords(await ctx.machine.names()) };
  const password = await collectPassword(ctx, rules);
  const reminder = await collectReminder(ctx, password, rules);
  checkpoint();
  await review(ctx, { install, target, reminder, strength: measureStrengthLabel(password, rules) });
  checkpoint();

  const startedAt = ctx.now();
  const files = await prepare(target, startedAt);
  let outcome: BackupOutcome;
  let verdict;
  try {
    outcome = await runSsoconfig(ctx, { installDir: install.dir, file: target.file, password, reminder });
    verdict = await verifyBackup(outcome, target.file, startedAt);
  } catch (error) {
    const { notes } = await files.rollback('incomplete');
    notes.push(await eventsOfRun(ctx, target.file, startedAt));
    throw new BackupFailedError(
      {
        what: `The backup run failed: ${(error as Error).message}`,
        why: 'Something outside ssoconfig went wrong while it ran or while the file was checked.',
        next: withNotes('Run again; if it repeats, report it with this text.', notes),
      },
      EXIT.ssoconfigFailed,
      undefined,
      { cause: error },
    );
  }
  if (!verdict.ok) {
    const { notes } = await files.rollback(verdict.exitCode === EXIT.notVerified ? 'unverified' : 'incomplete');
    notes.push(await eventsOfRun(ctx, target.file, startedAt));
    throw new BackupFailedError({ ...verdict.problem, next: withNotes(verdict.problem.next, notes) }, verdict.exitCode, verdict.failedRun);
  }
  const leftovers = await files.commit();
  const warnings = outcome.ok ? outcome.warnings : [];
  const skipped = waived.map((r) => `The failed check "${r.title}" was skipped with --skip-check ${r.name}: ${r.reason}.`);
  const events = await ctx.machine.events(RUN_EVENTS, startedAt);
  report(ctx, { installDir: install.dir, receipt: verdict.receipt, warnings: [...warnings, ...leftovers, ...skipped], events });
  return { installDir: install.dir, receipt: verdict.receipt };
}
