/** Asks the machine seam for every fact the checks read, at once. */
import { ENTSSO_EVENTS } from '../entsso/facts.js';
import type { Machine } from '../machine/machine.js';
import type { MachineReport } from './checks.js';

export interface GatherOptions {
  /** --sso-dir, already known to hold ssoconfig.exe. */
  chosenInstallDir?: string | undefined;
  /** A backup file to check the volume of. */
  file?: string | undefined;
}

export async function gatherMachineReport(machine: Machine, options: GatherOptions = {}): Promise<MachineReport> {
  const installDirs = await machine.findInstallDirs();
  const installDir = options.chosenInstallDir ?? installDirs.find((c) => c.hasSsoconfig)?.dir;
  const [names, install, token, service, ssoDatabase, secretKeyPresent, backupRequiredEvents, backupSucceededEvents, volume] =
    await Promise.all([
      machine.computerNames(),
      machine.install(),
      machine.token(),
      machine.service(),
      installDir ? machine.ssoDatabase(installDir) : Promise.resolve(undefined),
      machine.secretKeyPresent(),
      machine.events([ENTSSO_EVENTS.backupRequired]),
      machine.events([ENTSSO_EVENTS.backupSucceeded]),
      options.file ? machine.volume(options.file) : Promise.resolve(undefined),
    ]);
  return {
    platformNote: machine.unsupportedReason ? `not checked: ${machine.unsupportedReason}` : undefined,
    names,
    installDirs,
    chosenInstallDir: options.chosenInstallDir,
    install,
    token,
    service,
    ssoDatabase,
    secretKeyPresent,
    backupRequiredEvents,
    backupSucceededEvents,
    target: options.file ? { file: options.file, volume } : undefined,
  };
}
