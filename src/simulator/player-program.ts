/**
 * The simulated ssoconfig.exe as a program. The one executable plays it in two ways:
 * - `sso-backup simulator ssoconfig <ssoconfig's arguments>`, with the machine folder in
 *   SSO_BACKUP_SIMULATOR_MACHINE: what the launcher script in a simulated install directory runs (Linux, macOS,
 *   and the bundle run by Node);
 * - the packaged sso-backup.exe linked or copied into a simulated install directory as ssoconfig.exe (Windows,
 *   where a launcher must be a real .exe): it sees its own name, and its machine is three folders up.
 */
import path from 'node:path';
import { SSOCONFIG } from '../entsso/facts.js';
import { isSimulatedMachine, MACHINE_ENV } from './machine-layout.js';
import { MachineStateError } from './machine-state.js';
import { defaultPlayerIo, playSsoconfig, STATUS_ACCESS_VIOLATION } from './ssoconfig-player.js';

/** What the process does next: exit with this code, or stay alive and silent until killed (a hung service call). */
export type ProgramEnd = number | 'hang';

export const NO_MACHINE_MESSAGE =
  'This is the sso-backup simulator of ssoconfig.exe. Run it through a simulated machine: ' +
  '`sso-backup simulator create <folder>` writes one, with ssoconfig.exe in its install directory.\n';

/** The machine whose install directory holds this executable, when it runs there as ssoconfig.exe. */
export function machineOfExecutable(executable: string): string | undefined {
  if (path.basename(executable).toLowerCase() !== SSOCONFIG.executable.toLowerCase()) return undefined;
  // <machine>/Program Files/Common Files/Enterprise Single Sign-On/ssoconfig.exe
  const machine = path.resolve(path.dirname(executable), '..', '..', '..');
  return isSimulatedMachine(machine) ? machine : undefined;
}

export function machineOfEnvironment(env: NodeJS.ProcessEnv): string | undefined {
  return env[MACHINE_ENV] || undefined;
}

/**
 * How this process ends as a crashed Windows console program: on Windows, with the exit code 0xC0000005 (an
 * access violation), which src/bin sets as any other. Elsewhere an exit code keeps only its low 8 bits
 * (0xC0000005 would read as 5, an ordinary error), so the process dies as a crash does there, of SIGSEGV, at once
 * (a core file only where the system's own settings, `ulimit -c`, ask for one); should the signal be caught, it
 * ends with 139, the shell's code for a death by SIGSEGV.
 */
export function crash(platform: NodeJS.Platform = process.platform, kill: (pid: number, signal: NodeJS.Signals) => void = (pid, signal) => process.kill(pid, signal)): number {
  if (platform === 'win32') return STATUS_ACCESS_VIOLATION;
  kill(process.pid, 'SIGSEGV');
  return 128 + 11;
}

export async function playSimulatedSsoconfig(args: readonly string[], machineDir: string | undefined): Promise<ProgramEnd> {
  if (!machineDir) {
    process.stderr.write(NO_MACHINE_MESSAGE);
    return 1;
  }
  try {
    const result = await playSsoconfig(args, machineDir, defaultPlayerIo());
    if ('crash' in result) return crash();
    return 'hang' in result ? 'hang' : result.exitCode;
  } catch (error) {
    if (error instanceof MachineStateError) {
      process.stderr.write(`${error.message}\nFix the file or create a new machine with \`sso-backup simulator create\`.\n`);
      return 1;
    }
    throw error;
  }
}
