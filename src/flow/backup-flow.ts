/**
 * The guided backup: ask first, then act. Every question is answered before anything is changed; then
 * ssoconfig runs, the file is verified and the receipt written, and the report says what to do now.
 */
import type { Receipt } from '../receipts/receipt.js';
import { contextWords } from '../rules/password.js';
import { measureStrengthLabel } from './strength-label.js';
import type { FlowContext } from './context.js';
import { chooseBackupFile } from './steps/choose-backup-file.js';
import { collectPassword, collectReminder } from './steps/collect-secret.js';
import { locateInstallDir } from './steps/locate-install-dir.js';
import { report } from './steps/report.js';
import { review } from './steps/review.js';
import { runSsoconfig } from './steps/run-ssoconfig.js';
import { verifyBackup } from './steps/verify-backup.js';
import { CancelledError } from '../prompts/prompter.js';

export interface BackupResult {
  installDir: string;
  receipt: Receipt;
}

export async function runBackupFlow(ctx: FlowContext): Promise<BackupResult> {
  const checkpoint = (): void => {
    if (ctx.signal.aborted) throw new CancelledError('Cancelled; nothing was run.');
  };
  const install = await locateInstallDir(ctx);
  checkpoint();
  const target = await chooseBackupFile(ctx, install.dir);
  checkpoint();
  const rules = { minScore: ctx.options.minScore, userInputs: contextWords(await ctx.machine.names()) };
  const password = await collectPassword(ctx, rules);
  const reminder = await collectReminder(ctx, password, rules);
  checkpoint();
  await review(ctx, { install, target, reminder, strength: measureStrengthLabel(password, rules) });
  checkpoint();

  const run = await runSsoconfig(ctx, { installDir: install.dir, target, password, reminder });
  const receipt = await verifyBackup(run, target.file);
  const warnings = run.outcome.ok ? run.outcome.warnings : [];
  report(ctx, { installDir: install.dir, receipt, warnings });
  return { installDir: install.dir, receipt };
}
