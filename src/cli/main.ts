/**
 * The command line: decides which command runs. Returns an exit code; only src/bin turns it into the process's.
 */
import { readFileSync } from 'node:fs';
import { EXIT, SsoBackupError } from '../errors.js';
import { BackupFailedError } from '../flow/backup-flow.js';
import { SimulatorUnavailableError } from '../simulator/machine-layout.js';
import { MachineStateError } from '../simulator/machine-state.js';
import { runBackupCommand, runDemoCommand } from './backup-command.js';
import { runCheckCommand } from './check-command.js';
import { runSimulatorCommand, type CommandIo } from './simulator-command.js';

export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export const HELP = `sso-backup: back up the ENTSSO master secret (BizTalk event 10589), checked and verified.

Usage:
  sso-backup [--sso-dir <dir>] [--file <path>] [--min-score 0..4]
                                         the guided backup, on the master secret server, elevated
  sso-backup demo                        the same guided backup on a simulated machine, then a restore drill
  sso-backup check [--sso-dir <dir>] [--file <path>]
                                         could a backup run here? every check as a table; changes nothing
  sso-backup simulator create <folder>   make a simulated ENTSSO machine to rehearse on
  sso-backup simulator show <folder>     show a simulated machine and its ENTSSO events
  sso-backup simulator rehearse          rehearse ssoconfig -backupsecret and a restore on a new one
  sso-backup --version | --help

Options:
  --sso-dir <dir>      the ENTSSO install directory (found in the registry and the service if left out)
  --file <path>        the backup file (suggested: SSO-<HOST>-<date>-<time>.bak in a folder of yours)
  --min-score <0..4>   the least password strength accepted (zxcvbn score; default 3)

Examples:
  sso-backup
  sso-backup --file D:\\SSO-Backups\\SSO-BTS01-20261122.bak
  sso-backup demo
  sso-backup demo --prompts terse --exit-code-on-error zero

Exit codes:
  0  done                        2  bad usage or input
  1  ssoconfig failed            3  this machine cannot do the backup
  4  the backup not verified   130  cancelled
 70  internal error (a defect in sso-backup: please report it)

Docs: docs/ in the package (start with docs/README.md).
`;

export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case '--version':
      case '-v':
        io.out(`sso-backup ${toolVersion()} (Node.js ${process.versions.node})\n`);
        return EXIT.ok;
      case '--help':
      case '-h':
      case '/?':
        io.out(HELP);
        return EXIT.ok;
      case 'simulator':
        return await runSimulatorCommand(rest, io);
      case 'demo':
        return await runDemoCommand(rest, io);
      case 'check':
        return await runCheckCommand(rest, io);
      default:
        return await runBackupCommand(argv);
    }
  } catch (error) {
    if (error instanceof BackupFailedError && error.failedRun) {
      const run = error.failedRun.facts;
      const transcript = run.transcript.split('\n').map((line) => `  | ${line}`).join('\n');
      io.err(`\nssoconfig transcript (${run.command}):\n${transcript}\n\n`);
    }
    if (error instanceof MachineStateError) {
      io.err(`sso-backup: ${error.message}\n  why:  The simulated machine's state file was changed by hand or damaged.\n  next: Fix that field, or create a new machine with "sso-backup simulator create".\n`);
      return EXIT.usage;
    }
    if (error instanceof SimulatorUnavailableError) {
      io.err(`sso-backup: ${error.message}\n  why:  On Windows, the simulated ssoconfig.exe must be a real program, which only the packaged sso-backup.exe can provide.\n  next: Rehearse on Linux or macOS with Node.js ("npm ci && npm run demo"); on Windows, wait for the packaged sso-backup.exe.\n`);
      return EXIT.machineNotFit;
    }
    if (error instanceof SsoBackupError) {
      io.err(`sso-backup: ${error.what}\n  why:  ${error.why}\n  next: ${error.next}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
