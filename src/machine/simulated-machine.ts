/** The machine seam over a simulated machine folder (src/simulator). */
import { canWriteByAccess } from './can-write.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SSOCONFIG } from '../entsso/facts.js';
import { backupsDirOf, installDirOf, isSimulatedMachine } from '../simulator/machine-layout.js';
import { readMachineState } from '../simulator/machine-state.js';
import type { InstallDirCandidate, Machine, MachineNames } from './machine.js';

export class SimulatedMachine implements Machine {
  readonly kind = 'simulator';
  readonly pathFlavor = process.platform === 'win32' ? 'win32' : 'posix';

  constructor(readonly machineDir: string) {}

  describe(): string {
    return `simulated machine ${readMachineState(this.machineDir).computerName} in ${this.machineDir}`;
  }

  async names(): Promise<MachineNames> {
    const state = readMachineState(this.machineDir);
    const [domain = '', user = state.user] = state.user.includes('\\') ? state.user.split('\\') : ['', state.user];
    return { host: state.computerName, user, domain: domain || state.dnsDomain };
  }

  async findInstallDirs(): Promise<InstallDirCandidate[]> {
    const dir = installDirOf(this.machineDir);
    return [{ dir, source: 'simulated registry InstallPath', hasSsoconfig: existsSync(path.join(dir, SSOCONFIG.executable)) }];
  }

  defaultBackupFolder(): string {
    return backupsDirOf(this.machineDir);
  }

  canWrite(folder: string): Promise<boolean> {
    return canWriteByAccess(folder);
  }
}

/** The simulated machine a directory belongs to, if any: the install directory sits three levels down. */
export function simulatedMachineOf(dir: string): SimulatedMachine | undefined {
  let current = path.resolve(dir);
  for (let i = 0; i < 4; i++) {
    if (isSimulatedMachine(current) && path.resolve(installDirOf(current)) === path.resolve(dir)) return new SimulatedMachine(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return undefined;
}
