/**
 * What the machine seam reports about the computer: facts, never verdicts. The checks (src/checks) turn them into
 * ok / warning / failed / skipped with reasons. `undefined` always means "could not be learned", which the checks
 * report as such instead of guessing.
 */

/** One group of the current token, from `whoami /groups /fo csv /nh` (names are localized; SIDs are not). */
export interface TokenGroup {
  name: string;
  sid: string;
  /** The attributes column as printed (localized free text: shown, never decided on). */
  attributes: string;
}

export interface TokenFacts {
  /** Mandatory integrity level SID of the token: S-1-16-12288 High, S-1-16-16384 System, S-1-16-8192 Medium. */
  integritySid?: string;
  groups: TokenGroup[];
}

export interface ServiceFacts {
  exists: boolean;
  /** SERVICE_STATE: 1 stopped, 2 start pending, 3 stop pending, 4 running, 7 paused. */
  state?: number;
  /** SERVICE_START_NAME from `sc qc`. */
  account?: string;
  /** Folder of the service's image path. */
  imageFolder?: string;
}

/** From `ssomanage -displaydb` (layout UNCONFIRMED: read by meaning). */
export interface SsoDatabaseFacts {
  masterSecretServer?: string;
  ssoAdministratorsGroup?: string;
  databaseServer?: string;
  databaseName?: string;
}

export interface ComputerNames {
  /** NetBIOS name. */
  netbios: string;
  /** Fully qualified DNS name, when known. */
  dns?: string;
}

export interface EntssoEvent {
  id: number;
  /** ISO 8601 UTC. */
  time: string;
  /** EventData/Data strings in order (for 10559/10560 the first is the file name). */
  data: string[];
}

export interface VolumeFacts {
  /** NTFS, ReFS, FAT32, exFAT... as Windows names it. */
  fileSystem?: string;
  /** Fixed, Removable, Network, CDRom, Ram, NoRootDirectory, Unknown (System.IO.DriveType). */
  driveType?: string;
  /** A UNC path (\\server\share\...). */
  unc: boolean;
}

export interface InstallFacts {
  /** ProductVersion from HKLM\SOFTWARE\Microsoft\ENTSSO, if present. */
  productVersion?: string;
  /** InstallPath from the registry (64-bit view), if present. */
  registryInstallPath?: string;
}
