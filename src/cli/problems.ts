/**
 * Errors from below the CLI that are not SsoBackupError, as the problem (what / why / next) and exit code a person
 * and a runbook are told: one mapping for the human message (main.ts) and the --json result.
 */
import { EXIT, SsoBackupError } from '../errors.js';
import { SimulatorUnavailableError } from '../simulator/machine-layout.js';
import { MachineStateError } from '../simulator/machine-state.js';

export function asProblem(error: unknown): SsoBackupError | undefined {
  if (error instanceof SsoBackupError) return error;
  if (error instanceof MachineStateError) {
    return new SsoBackupError(
      {
        what: error.message,
        why: "The simulated machine's state file was changed by hand or damaged.",
        next: 'Fix that field, or create a new machine with "sso-backup simulator create".',
      },
      EXIT.usage,
      { cause: error },
    );
  }
  if (error instanceof SimulatorUnavailableError) {
    return new SsoBackupError(
      {
        what: error.message,
        why: 'On Windows, the simulated ssoconfig.exe must be a real program, which only the packaged sso-backup.exe can provide.',
        next:
          'On Windows, use the packaged exe: unzip the Windows download, sso-backup-<version>-win-x64.zip (built by ' +
          '"npm run package:windows" into build/; docs/packaging.md), and run "sso-backup.exe demo" in its folder. ' +
          'Or rehearse on Linux or macOS with Node.js ("npm ci && npm run demo").',
      },
      EXIT.machineNotFit,
      { cause: error },
    );
  }
  return undefined;
}
