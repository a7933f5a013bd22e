/**
 * Step 6: run ssoconfig through the console driver, with progress on screen. Side effects happen only here and
 * after: the folder is created, an existing file the person chose to replace is moved aside (and put back if
 * the run fails), and a file a failed or cancelled run left behind is renamed so it cannot pass for a backup.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DriverEvent } from '../../console/events.js';
import type { BackupOutcome } from '../../console/outcome.js';
import type { PromptKind } from '../../console/prompt-recognition.js';
import type { Secret } from '../../console/secret.js';
import type { FlowContext } from '../context.js';
import type { BackupTarget } from './choose-backup-file.js';

export interface RunResult {
  outcome: BackupOutcome;
  startedAt: Date;
  /** Where a file left by a failed run was moved, if one was. */
  setAside?: string;
}

const ASKED: Record<PromptKind, string> = {
  password: 'ssoconfig asked for the password',
  confirm: 'ssoconfig asked for the password again',
  reminder: 'ssoconfig asked for the reminder',
  overwrite: 'ssoconfig asked whether to overwrite the file',
};

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
}

export async function runSsoconfig(
  ctx: Pick<FlowContext, 'backUp' | 'progress' | 'out' | 'style' | 'now' | 'signal'>,
  plan: { installDir: string; target: BackupTarget; password: Secret; reminder: string },
): Promise<RunResult> {
  const { target } = plan;
  const startedAt = ctx.now();
  if (target.createFolder) await mkdir(path.dirname(target.file), { recursive: true });
  let aside: string | undefined;
  if (target.replaceExisting && existsSync(target.file)) {
    aside = `${target.file}.replaced-${stamp(startedAt)}`;
    await rename(target.file, aside);
  }

  const onEvent = (event: DriverEvent): void => {
    switch (event.type) {
      case 'started':
        ctx.progress.start(event.mode === 'pty' ? 'ssoconfig is starting in its own console…' : 'ssoconfig is starting…');
        break;
      case 'prompt':
        ctx.progress.persist('info', ASKED[event.kind]);
        break;
      case 'answered':
        ctx.progress.start(event.answer === 'reminder' ? 'ssoconfig is backing up the master secret…' : 'answered; waiting for ssoconfig…');
        break;
      case 'handover':
        ctx.progress.stop();
        ctx.out(`\n${ctx.style.bold('ssoconfig will ask you directly')}\n${event.steps.map((s) => `  ${s}`).join('\n')}\n\n`);
        break;
      case 'stopping':
        ctx.progress.start('stopping ssoconfig…');
        break;
      case 'exited':
        ctx.progress.stop();
        break;
    }
  };
  const outcome = await ctx.backUp({
    installDir: plan.installDir,
    file: target.file,
    password: plan.password,
    reminder: plan.reminder,
    overwrite: false,
    onEvent,
    signal: ctx.signal,
  });
  ctx.progress.stop();

  if (outcome.ok) {
    if (aside) await rm(aside, { force: true });
    return { outcome, startedAt };
  }
  let setAside: string | undefined;
  if (outcome.facts.after.exists && outcome.facts.after.sha256 !== (outcome.facts.before.exists ? outcome.facts.before.sha256 : '')) {
    setAside = `${target.file}.incomplete-${stamp(startedAt)}`;
    await rename(target.file, setAside);
  }
  if (aside) await rename(aside, target.file);
  return { outcome, startedAt, ...(setAside ? { setAside } : {}) };
}
