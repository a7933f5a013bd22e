/**
 * The command line: decides which command runs. Returns an exit code; only src/bin turns it into the process's.
 * Each command's modules are loaded only when that command runs: `--version` and `--help` load none of them
 * (inquirer, the console driver, the machine seam), and start almost as fast as Node itself (bench/).
 */
import { toolVersion, versionText } from './version.js';
import { EXIT, SsoBackupError } from '../errors.js';
import type { CommandIo } from './simulator-command.js';

export { toolVersion };

/** A failed backup whose ssoconfig run goes along (flow/backup-flow.ts BackupFailedError), known without loading it. */
function failedRunOf(error: unknown): { command: string; transcript: string } | undefined {
  if (!(error instanceof SsoBackupError) || !('failedRun' in error)) return undefined;
  const run = (error as SsoBackupError & { failedRun?: { facts: { command: string; transcript: string } } }).failedRun;
  return run?.facts;
}

export const HELP = `sso-backup: back up the ENTSSO master secret (BizTalk event 10589), checked and verified.

Usage:
  sso-backup [options]                   the backup, on the master secret server, elevated: guided in a
                                         terminal; unattended with --non-interactive, without a terminal, or CI
  sso-backup demo                        the same guided backup on a simulated machine, then a restore drill;
                                         unattended with the backup's flags (--yes, --password-env...;
                                         --json alone too): a rehearsal of a runbook
  sso-backup check [--sso-dir <dir>] [--file <path>]
                                         could a backup run here? every check as a table; changes nothing
  sso-backup verify <file> [--sso-dir <dir>] [--json]
                                         is a backup file whole? its receipt, manifest, reminder and age
  sso-backup simulator create|show|generate-secret <folder>, simulator rehearse
                                         a simulated ENTSSO machine to rehearse on (sso-backup simulator --help)
  sso-backup --version | --help

Where and how:
  --sso-dir <dir>        the ENTSSO install directory (found in the registry and the service if left out)
  --file <path>          the backup file (suggested: SSO-<HOST>-<date>-<time>.bak in a folder of yours)
  --folder <folder>      the backup gets the suggested name in this folder
  --min-score <0..4>     the least password strength accepted (zxcvbn score; default 3)
  --skip-check <name>    go past a failed required check (repeatable; see sso-backup check)

Unattended (runbooks: docs/runbooks.md):
  --non-interactive      ask nothing (also when stdin is not a terminal, or CI is set)
  --password-stdin       the password is the first line of stdin
  --password-env <NAME>  the password is in this environment variable (removed before anything runs)
  --password-file <path> the password is the first line of this file (warns when others can read it)
  --reminder <text>, --reminder-env <NAME>
                         the reminder (stored in the backup; it must not give the password away)
  --yes                  the final confirmation
  --create-folder, --replace, --allow-install-dir
                         answers to the questions about the folder, an existing file, the ENTSSO folder
  --json                 one JSON object on stdout at the end (docs/json-result.md); all else on stderr
  --dry-run              every check and the plan; runs nothing, writes nothing
  --if-older-than <30d>  do nothing if a verified backup of this host in the folder is newer and no
                         master secret was generated since (event 10525)
  --copy-to <folder>     a second copy, read back and compared by SHA-256 (repeatable; UNC paths too)
  --keep <n>             then keep only the newest n backups of this host made by sso-backup
  --vault-note <text>    where the password is kept, for the manifest (never the password itself)
  The password is never taken on the command line: --password and the like are refused.

Examples:
  sso-backup
  sso-backup --file D:\\SSO-Backups\\SSO-BTS01-20261122.bak
  sso-backup demo
  sso-backup verify D:\\SSO-Backups\\SSO-BTS01-20261122-101500.bak
  $pw | sso-backup --password-stdin --reminder "KeePass BizTalk/SSO" --folder D:\\SSO-Backups --yes --json

Exit codes:
  0  done (or nothing to do)     2  bad usage or input, or a missing answer
  1  ssoconfig failed            3  this machine cannot do the backup
  4  the backup not verified     5  backup verified, but a --copy-to copy failed
  6  another run holds the backup folder (try again later)
130  cancelled                  70  internal error (a defect in sso-backup: please report it)

Docs: docs/ in the package (start with docs/README.md).
`;

export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case '--version':
      case '-v':
        io.out(await versionText());
        return EXIT.ok;
      case '--help':
      case '-h':
      case '/?':
        io.out(HELP);
        return EXIT.ok;
      case 'simulator':
        return await (await import('./simulator-command.js')).runSimulatorCommand(rest, io);
      case 'demo':
        return await (await import('./backup-command.js')).runDemoCommand(rest, io);
      case 'check':
        return await (await import('./check-command.js')).runCheckCommand(rest, io);
      case 'verify':
        return await (await import('./verify-command.js')).runVerifyCommand(rest, io);
      default:
        return await (await import('./backup-command.js')).runBackupCommand(argv);
    }
  } catch (error) {
    const run = failedRunOf(error);
    if (run) {
      const transcript = run.transcript.split('\n').map((line) => `  | ${line}`).join('\n');
      io.err(`\nssoconfig transcript (${run.command}):\n${transcript}\n\n`);
    }
    const { asProblem } = await import('./problems.js');
    const problem = asProblem(error);
    if (problem) {
      io.err(`sso-backup: ${problem.what}\n  why:  ${problem.why}\n  next: ${problem.next}\n`);
      return problem.exitCode;
    }
    throw error;
  }
}
