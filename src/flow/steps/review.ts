/** Step 5: one screen of what will happen, then a final yes (default no). Never the secret. */
import path from 'node:path';
import { windowsCommandLine } from '../../machine/windows/command-line.js';
import { SSOCONFIG } from '../../entsso/facts.js';
import { CancelledError } from '../../prompts/prompter.js';
import { manifestPathOf } from '../../receipts/manifest.js';
import { receiptPathOf } from '../../receipts/receipt.js';
import { goAheadQuestion } from '../../prompts/questions.js';
import type { FlowContext } from '../context.js';
import type { InstallDir } from './locate-install-dir.js';
import type { BackupTarget } from './choose-backup-file.js';

export interface ReviewFacts {
  install: InstallDir;
  target: BackupTarget;
  reminder: string;
  strength: string;
}

export function commandFor(installDir: string, file: string): string {
  return windowsCommandLine([path.join(installDir, SSOCONFIG.executable), SSOCONFIG.backupSwitch, file]);
}

/** The plan, then the final yes. A dry run shows the plan only (`ask: false`). */
export async function review(
  ctx: Pick<FlowContext, 'prompter' | 'out' | 'style' | 'machine' | 'options'>,
  facts: ReviewFacts,
  ask = true,
): Promise<void> {
  const { out, style, options } = ctx;
  const row = (label: string, value: string): string => `  ${style.dim(label.padEnd(17))}${value}\n`;
  out(`\n${style.bold(ask ? 'Ready to back up the master secret' : 'The plan (dry run: nothing will be run or written)')}\n`);
  out(row('machine', ctx.machine.describe()));
  out(row('ENTSSO directory', `${facts.install.dir} ${style.dim(`(${facts.install.source})`)}`));
  out(row('command', commandFor(facts.install.dir, facts.target.file)));
  out(row('backup file', facts.target.file));
  if (facts.target.createFolder) out(row('', style.dim(`the folder ${path.dirname(facts.target.file)} will be created`)));
  if (facts.target.replaceExisting) out(row('', style.warn('the existing file is kept aside until the new backup is verified, then removed')));
  out(row('receipt', `${receiptPathOf(facts.target.file)} and ${manifestPathOf(facts.target.file)}`));
  out(row('password', `${facts.strength}; typed into ssoconfig's console, never shown, logged or stored`));
  out(row('reminder', facts.reminder));
  if (options.vaultNote !== undefined) out(row('password kept', options.vaultNote));
  for (const folder of options.copyTo ?? []) out(row('copy to', `${folder} (read back and compared by SHA-256)`));
  if (options.keep !== undefined) out(row('keep', `the newest ${options.keep} backup(s) of this host made by sso-backup in each folder`));
  for (const warning of facts.target.warnings) out(`  ${style.warn(style.symbols.warn)} ${warning.message}\n`);
  out('\n');
  if (!ask) return;
  if (!(await ctx.prompter.confirm(goAheadQuestion()))) {
    throw new CancelledError('Nothing was run: you chose not to go ahead at the review.');
  }
}
