/**
 * `sso-backup check [--sso-dir <dir>] [--file <path>]`: every check, as a table, without changing anything.
 * Exit 3 when a required check failed, else 0; no questions, so a runbook can ask too.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { blockingFailures, runChecks } from '../checks/checks.js';
import { gatherMachineReport } from '../checks/gather.js';
import { SSOCONFIG } from '../entsso/facts.js';
import { EXIT, UsageError } from '../errors.js';
import { resolveMachine } from '../machine/resolve-machine.js';
import { formatCheckTable } from '../ui/check-table.js';
import { createStyle } from '../ui/style.js';
import { parseOrExplain, type CommandIo } from './simulator-command.js';

export async function runCheckCommand(args: readonly string[], io: CommandIo, stdout: NodeJS.WriteStream = process.stdout): Promise<number> {
  const { values, positionals } = parseOrExplain(args, { 'sso-dir': { type: 'string' }, file: { type: 'string' } }, 'sso-backup --help');
  if (positionals.length > 0) throw new UsageError('"check" takes no arguments, only --sso-dir and --file.', 'Run "sso-backup check".');
  const ssoDir = values['sso-dir'] === undefined ? undefined : path.resolve(String(values['sso-dir']));
  if (ssoDir && !existsSync(path.join(ssoDir, SSOCONFIG.executable))) {
    throw new UsageError(`--sso-dir ${ssoDir} has no ${SSOCONFIG.executable}.`, 'Pass the ENTSSO install directory, or leave --sso-dir out to have it found.');
  }
  const file = values['file'] === undefined ? undefined : path.resolve(String(values['file']));
  const machine = await resolveMachine({ ssoDir });
  const results = runChecks(await gatherMachineReport(machine, { chosenInstallDir: ssoDir, file }));
  const style = createStyle(stdout);
  io.out(`${style.bold(`Checks on ${machine.describe()}`)}\n${formatCheckTable(results, style)}`);
  const failed = blockingFailures(results);
  if (failed.length > 0) {
    io.out(`\n${style.error(`${failed.length} required check(s) failed: ${failed.map((r) => r.name).join(', ')}.`)} A backup here would stop (exit 3).\n`);
    return EXIT.machineNotFit;
  }
  io.out(`\n${style.ok('No required check failed.')}\n`);
  return EXIT.ok;
}
