/**
 * Before the password: can this machine do the backup? The checks (src/checks) as a table; a failed required
 * check stops here with exit 3, unless the person named it with --skip-check (then it is carried to the report).
 */
import { blockingFailures, runChecks, type CheckResult, type MachineReport } from '../../checks/checks.js';
import { gatherMachineReport } from '../../checks/gather.js';
import { EXIT, SsoBackupError } from '../../errors.js';
import { formatCheckTable } from '../../ui/check-table.js';
import type { FlowContext } from '../context.js';

export async function checkMachine(
  ctx: Pick<FlowContext, 'machine' | 'options' | 'out' | 'style' | 'record'>,
  installDir: string,
  file: string,
): Promise<{ results: CheckResult[]; report: MachineReport }> {
  const skip = ctx.options.skipChecks ?? [];
  const report = await gatherMachineReport(ctx.machine, { chosenInstallDir: installDir, file });
  const results = runChecks(report);
  ctx.record.checks = results.map((result) => ({ result, waived: result.status === 'failed' && skip.includes(result.name) }));
  ctx.out(`\n${ctx.style.bold('Checks')}\n${formatCheckTable(results, ctx.style, skip)}`);
  const failed = blockingFailures(results, skip);
  if (failed.length > 0) {
    throw new SsoBackupError(
      {
        what: `This machine cannot do the backup: ${failed.map((r) => `${r.title.toLowerCase()}: ${r.reason}`).join('; ')}.`,
        why: 'ssoconfig would fail here, or back up the wrong thing; nothing was run.',
        next: `${failed.map((r) => r.fix).filter(Boolean).join(' ')} If you know better, --skip-check ${failed.map((r) => r.name).join(' --skip-check ')} goes past it.`,
      },
      EXIT.machineNotFit,
    );
  }
  return { results, report };
}
