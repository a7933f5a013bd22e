/**
 * The machine seam: everything the program asks of the computer it runs on. Two real implementations: Windows
 * (windows/windows-machine.ts, through reg.exe, sc.exe and the environment) and a simulated machine
 * (simulated-machine.ts). A host that is neither (Linux without a simulated machine) has no ENTSSO at all.
 * The full checks (elevation, service, master secret server, events) are the next step; this is what the
 * guided backup needs now.
 */
import type { PathFlavor } from '../rules/backup-path.js';
import type { ComputerNames, EntssoEvent, InstallFacts, ServiceFacts, SsoDatabaseFacts, TokenFacts, VolumeFacts } from './facts.js';

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

/**
 * The password reminder read back from a written backup file, without the password (ENTSSO's
 * ISSOConfigSS.GetFilePasswordReminder, ../shared/reference/entsso.md sections 3 and 7). `how` says by which
 * route it was read; `why` says why it could not be.
 */
export type ReminderReading = { ok: true; reminder: string; how: string } | { ok: false; why: string };

export interface Machine {
  readonly kind: 'windows' | 'simulator' | 'other';
  /**
   * Whether backupReminder gives back exactly the reminder the backup was made with, so that a reading that fails
   * or differs proves the file is not that backup: true of the simulator's own reader; on Windows what
   * GetFilePasswordReminder gives back is UNCONFIRMED (trimmed? cut? another code page?), so there a reading that
   * fails or differs is only a warning (the backup's read-back, sso-backup verify).
   */
  readonly remindersReadExactly: boolean;
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

  // Facts for the checks (src/checks). Each resolves to undefined when it cannot be learned here.
  computerNames(): Promise<ComputerNames | undefined>;
  install(): Promise<InstallFacts | undefined>;
  token(): Promise<TokenFacts | undefined>;
  service(): Promise<ServiceFacts | undefined>;
  /** `ssomanage -displaydb`, run from the install directory. */
  ssoDatabase(installDir: string): Promise<SsoDatabaseFacts | undefined>;
  /** Whether HKLM\SOFTWARE\Microsoft\ENTSSO\SSOSS exists: only on the master secret server. */
  secretKeyPresent(): Promise<boolean | undefined>;
  /** ENTSSO events with these ids from the Application log, newest first; `since` keeps later ones only. */
  events(ids: readonly number[], since?: Date): Promise<EntssoEvent[] | undefined>;
  volume(file: string): Promise<VolumeFacts | undefined>;
  /** The reminder stored in a backup file, read without its password; never throws for an unreadable file. */
  backupReminder(file: string): Promise<ReminderReading>;
  /** Who besides this user may read a file (for --password-file); undefined when it cannot be learned. */
  othersWhoCanRead(file: string): Promise<string[] | undefined>;
}
