/**
 * Step 6: run ssoconfig through the console driver, with progress on screen: a line for each question
 * ssoconfig asks (the spinner stops before anything is typed), and no spinner at all while the console is handed
 * over to ssoconfig. A run the driver judged a success is then read back: the file's reminder, without the
 * password (ENTSSO's GetFilePasswordReminder; the simulator's own reader), must be the one typed. Exit code 0,
 * no error and a new file are not enough: a write that failed part-way and went unreported leaves just that.
 * The files around the target are target-files.ts's business.
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

type Ctx = Pick<FlowContext, 'backUp' | 'progress' | 'out' | 'style' | 'signal' | 'options' | 'machine'>;

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
  let outcome: BackupOutcome;
  try {
    outcome = await ctx.backUp({
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
  return outcome.ok ? readBack(ctx, outcome, plan) : outcome;
}

/**
 * The file of a run judged a success, read back: its reminder must be the one typed. Where the machine reads
 * reminders exactly (Machine.remindersReadExactly: the simulator) anything else fails the verification; elsewhere
 * (Windows, where the API's answer and its reach are UNCONFIRMED) a reading that fails or differs is a warning.
 */
async function readBack(
  ctx: Pick<Ctx, 'machine'>,
  outcome: Extract<BackupOutcome, { ok: true }>,
  plan: { file: string; reminder: string },
): Promise<BackupOutcome> {
  const reading = await ctx.machine
    .backupReminder(plan.file)
    .catch((error: unknown) => ({ ok: false as const, why: `reading it failed: ${(error as Error).message}` }));
  const trimmed = (text: string): string => text.replace(/[.\s]+$/, '');
  const problem = !reading.ok
    ? { failure: `${plan.file} does not open as a backup (${trimmed(reading.why)}): it was cut short or damaged as it was written.`, warning: `The reminder could not be read back from the new file (${trimmed(reading.why)}); only a restore proves it. Keep the earlier backups until then.` }
    : reading.reminder !== plan.reminder
      ? {
          failure: `${plan.file} holds another reminder than the one typed, so it is not the backup this run made.`,
          // Not quoted: in a handover the person typed the answers, and what the file holds may be the password.
          warning: `The reminder read back from the new file (${[...reading.reminder].length} characters) is not the one typed (${[...plan.reminder].length} characters); only a restore proves the file. Keep the earlier backups until then.`,
        }
      : undefined;
  if (problem === undefined) return outcome;
  if (ctx.machine.remindersReadExactly) return { ...outcome, notABackup: problem.failure };
  return { ...outcome, warnings: [...outcome.warnings, problem.warning], unconfirmed: problem.warning };
}
