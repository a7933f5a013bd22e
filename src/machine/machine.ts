/**
 * The machine seam: everything the program asks of the computer it runs on. Two real implementations: Windows
 * (windows/windows-machine.ts, through reg.exe, sc.exe and the environment) and a simulated machine
 * (simulated-machine.ts). A host that is neither (Linux without a simulated machine) has no ENTSSO at all.
 * The full checks (elevation, service, master secret server, events) are the next step; this is what the
 * guided backup needs now.
 */
import type { PathFlavor } from '../rules/backup-path.js';

export interface InstallDirCandidate {
  dir: string;
  /** Where it was found, for the person: "registry InstallPath (64-bit view)". */
  source: string;
  hasSsoconfig: boolean;
}

export interface MachineNames {
  host: string;
  user: string;
  domain: string;
}

export interface Machine {
  readonly kind: 'windows' | 'simulator' | 'other';
  /** How paths are written on this machine. */
  readonly pathFlavor: PathFlavor;
  /** Why ENTSSO cannot be on this machine at all (only for kind "other"). */
  readonly unsupportedReason?: string;
  /** A one-line description for the review screen: "simulated machine SSOSIM01 in /tmp/...". */
  describe(): string;
  names(): Promise<MachineNames>;
  /** Where ENTSSO might be installed, most trusted first, duplicates removed. */
  findInstallDirs(): Promise<InstallDirCandidate[]>;
  /** A folder for backups that is not the ENTSSO install directory and is private to the user. */
  defaultBackupFolder(): string;
  /** Whether this user may create files in an existing folder. */
  canWrite(folder: string): Promise<boolean>;
}
