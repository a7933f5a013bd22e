/**
 * Step 6: run ssoconfig through the console driver, with progress on screen: a line for each question
 * ssoconfig asks (the spinner stops before anything is typed), and no spinner at all while the console is handed
 * over to ssoconfig. The files around the target are target-files.ts's business.
 */
import type { DriverEvent } from '../../console/events.js';
import type { BackupOutcome } from '../../console/outcome.js';
import type { PromptKind } from '../../console/prompt-recognition.js';
import type { Secret } from '../../console/secret.js';
import type { FlowContext } from '../context.js';

const ASKED: Record<PromptKind, string> = {
  password: 'ssoconfig asked for the password',
  confirm: 'ssoconfig asked for the password again',
  reminder: 'ssoconfig asked for the reminder',
  overwrite: 'ssoconfig asked whether to overwrite the file',
};

type Ctx = Pick<FlowContext, 'backUp' | 'progress' | 'out' | 'style' | 'signal' | 'options'>;

/** What the person sees for each thing the driver reports. */
export function showDriverEvents(ctx: Pick<FlowContext, 'progress' | 'out' | 'style'>): (event: DriverEvent) => void {
  let handedOver = false;
  return (event) => {
    switch (event.type) {
      case 'handover':
        handedOver = true;
        ctx.progress.stop();
        ctx.out(`\n${ctx.style.bold('ssoconfig will ask you directly')}\n${event.steps.map((s) => `  ${s}`).join('\n')}\n\n`);
        break;
      case 'started':
        // In a handover ssoconfig writes its questions to this very screen: nothing may spin over them.
        if (!handedOver) ctx.progress.start('ssoconfig is starting in its own console…');
        break;
      case 'prompt':
        ctx.progress.persist('info', ASKED[event.kind]);
        break;
      case 'answered':
        ctx.progress.start(event.answer === 'reminder' ? 'ssoconfig is backing up the master secret…' : 'answered; waiting for ssoconfig…');
        break;
      case 'stopping':
        if (!handedOver) ctx.progress.start('stopping ssoconfig…');
        break;
      case 'exited':
        ctx.progress.stop();
        break;
    }
  };
}

export async function runSsoconfig(
  ctx: Ctx,
  plan: { installDir: string; file: string; password: Secret; reminder: string },
): Promise<BackupOutcome> {
  try {
    return await ctx.backUp({
      installDir: plan.installDir,
      file: plan.file,
      password: plan.password,
      reminder: plan.reminder,
      overwrite: false,
      onEvent: showDriverEvents(ctx),
      signal: ctx.signal,
      allowHandover: ctx.options.unattended !== true,
    });
  } finally {
    ctx.progress.stop();
  }
}
