/** A host that is not Windows and not a simulated machine: ENTSSO cannot be here; --sso-dir still works. */
import { posixOthersWhoCanRead } from '../secrets/password-sources.js';
import { canWriteByAccess } from './can-write.js';
import { homedir, hostname, userInfo } from 'node:os';
import path from 'node:path';
import { readSimulatedReminder } from '../simulator/reminder-reading.js';
import type { InstallDirCandidate, Machine, MachineNames, ReminderReading } from './machine.js';

export class OtherHost implements Machine {
  readonly kind = 'other';
  /** It reads only simulator files, for `verify` here: not the machine the backup was made on. */
  readonly remindersReadExactly = false;
  readonly pathFlavor = 'posix';
  readonly unsupportedReason = `ENTSSO runs only on Windows, and this is ${process.platform}.`;

  describe(): string {
    return `${hostname()} (${process.platform}, no ENTSSO)`;
  }

  async names(): Promise<MachineNames> {
    return { host: hostname().split('.')[0] ?? hostname(), user: userInfo().username, domain: hostname().split('.').slice(1).join('.') };
  }

  async findInstallDirs(): Promise<InstallDirCandidate[]> {
    return [];
  }

  async computerNames(): Promise<undefined> {
    return undefined;
  }
  async install(): Promise<undefined> {
    return undefined;
  }
  async token(): Promise<undefined> {
    return undefined;
  }
  async service(): Promise<undefined> {
    return undefined;
  }
  async ssoDatabase(): Promise<undefined> {
    return undefined;
  }
  async secretKeyPresent(): Promise<undefined> {
    return undefined;
  }
  async events(): Promise<undefined> {
    return undefined;
  }
  async volume(): Promise<undefined> {
    return undefined;
  }

  defaultBackupFolder(): string {
    return path.join(homedir(), 'SSO-Backups');
  }

  canWrite(folder: string): Promise<boolean> {
    return canWriteByAccess(folder);
  }

  /**
   * Without ENTSSO only a simulator backup can be read. A real ENTSSO file's format is not public: its reminder
   * is read through the ENTSSO API, on Windows with ENTSSO installed.
   */
  /** From the file's mode bits (secrets/password-sources.ts). */
  othersWhoCanRead(file: string): Promise<string[] | undefined> {
    return posixOthersWhoCanRead(file);
  }

  async backupReminder(file: string): Promise<ReminderReading> {
    const reading = await readSimulatedReminder(file);
    if (reading.ok) return reading;
    const why = /[.!?]$/.test(reading.why) ? reading.why : `${reading.why}.`;
    return { ok: false, why: `${why} A real ENTSSO backup's reminder can be read only on Windows with ENTSSO installed.` };
  }
}
