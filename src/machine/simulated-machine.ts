/** The machine seam over a simulated machine folder (src/simulator). */
import { posixOthersWhoCanRead } from '../secrets/password-sources.js';
import { canWriteByAccess } from './can-write.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ENTSSO_EVENTS, SSOCONFIG } from '../entsso/facts.js';
import { backupsDirOf, installDirOf, isSimulatedMachine } from '../simulator/machine-layout.js';
import { readMachineState } from '../simulator/machine-state.js';
import { readEvents } from '../simulator/event-log.js';
import { readSimulatedReminder } from '../simulator/reminder-reading.js';
import type { ComputerNames, EntssoEvent, InstallFacts, ServiceFacts, SsoDatabaseFacts, TokenFacts, TokenGroup, VolumeFacts } from './facts.js';
import { LOCAL_ADMINISTRATORS_SID } from './windows/parse-whoami.js';

/** A made-up domain SID for the simulated SSO Administrators group. */
const SIMULATED_SSO_GROUP_SID = 'S-1-5-21-1004336348-1177238915-682003330-1104';
import type { InstallDirCandidate, Machine, MachineNames, ReminderReading } from './machine.js';

export class SimulatedMachine implements Machine {
  readonly kind = 'simulator';
  readonly remindersReadExactly = true;
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

  async computerNames(): Promise<ComputerNames> {
    const state = readMachineState(this.machineDir);
    return { netbios: state.computerName, dns: `${state.computerName}.${state.dnsDomain}` };
  }

  async install(): Promise<InstallFacts> {
    const state = readMachineState(this.machineDir);
    return { productVersion: state.entsso.productVersion, registryInstallPath: `${installDirOf(this.machineDir)}${path.sep}` };
  }

  /** The token whoami would show: the integrity label, Administrators (filtered without UAC elevation), the SSO group. */
  async token(): Promise<TokenFacts> {
    const state = readMachineState(this.machineDir);
    const domain = state.user.includes('\\') ? state.user.split('\\')[0] : undefined;
    const groups: TokenGroup[] = [{ name: 'Everyone', sid: 'S-1-1-0', attributes: 'Mandatory group, Enabled by default, Enabled group' }];
    if (domain) groups.push({ name: `${domain}\\Domain Users`, sid: 'S-1-5-21-1004336348-1177238915-682003330-513', attributes: 'Mandatory group, Enabled by default, Enabled group' });
    if (state.localAdministrator) {
      groups.push({
        name: 'BUILTIN\\Administrators',
        sid: LOCAL_ADMINISTRATORS_SID,
        attributes: state.elevated ? 'Mandatory group, Enabled by default, Enabled group, Group owner' : 'Group used for deny only',
      });
    }
    if (state.ssoAdministrator) {
      groups.push({ name: state.ssoAdministratorsGroup, sid: SIMULATED_SSO_GROUP_SID, attributes: 'Mandatory group, Enabled by default, Enabled group' });
    }
    return { integritySid: state.elevated ? 'S-1-16-12288' : 'S-1-16-8192', groups };
  }

  async service(): Promise<ServiceFacts> {
    const state = readMachineState(this.machineDir);
    // not-responding: running, as sc sees it, but not answering RPC calls.
    const code = { running: 4, stopped: 1, 'start-pending': 2, 'not-responding': 4 }[state.service.state];
    return { exists: true, state: code, account: state.service.account, imageFolder: installDirOf(this.machineDir) };
  }

  async ssoDatabase(): Promise<SsoDatabaseFacts> {
    const state = readMachineState(this.machineDir);
    return {
      masterSecretServer: state.masterSecretServer,
      ssoAdministratorsGroup: state.ssoAdministratorsGroup,
      databaseServer: 'SQL01',
      databaseName: 'SSODB',
    };
  }

  /** The SSOSS key exists only on the master secret server. */
  async secretKeyPresent(): Promise<boolean> {
    const names = await this.computerNames();
    const server = readMachineState(this.machineDir).masterSecretServer.toLowerCase();
    return server === names.netbios.toLowerCase() || server === names.dns?.toLowerCase();
  }

  async events(ids: readonly number[], since?: Date): Promise<EntssoEvent[]> {
    return readEvents(this.machineDir)
      .filter((event) => event.source === ENTSSO_EVENTS.source && ids.includes(event.id))
      .filter((event) => since === undefined || new Date(event.time) >= since)
      .map((event) => ({ id: event.id, time: event.time, data: Object.values(event.data) }))
      .reverse();
  }

  async volume(file: string): Promise<VolumeFacts> {
    const state = readMachineState(this.machineDir);
    const resolved = path.resolve(file);
    const notNtfs = state.storage.notNtfs.some((prefix) => {
      const relative = path.relative(path.resolve(prefix), resolved);
      return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
    });
    return { fileSystem: notNtfs ? 'FAT32' : 'NTFS', driveType: 'Fixed', unc: false };
  }

  canWrite(folder: string): Promise<boolean> {
    return canWriteByAccess(folder);
  }

  /** From the file's mode bits (secrets/password-sources.ts). */
  othersWhoCanRead(file: string): Promise<string[] | undefined> {
    return posixOthersWhoCanRead(file);
  }

  /** A backup file in the simulator's format gives its reminder; any other file cannot be one of this machine's. */
  backupReminder(file: string): Promise<ReminderReading> {
    return readSimulatedReminder(file);
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
