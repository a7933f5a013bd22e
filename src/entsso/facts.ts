/**
 * Named ENTSSO facts other than errors: events, rules, names, paths.
 * Source: ../shared/reference/entsso.md (section named on each fact).
 */

/** Application log events, source `ENTSSO` (section 5). */
export const ENTSSO_EVENTS = {
  source: 'ENTSSO',
  log: 'Application',
  /** SSO_ERROR_BACKUP_SECRET_REQUIRED: "The master secret has not been backed up..." */
  backupRequired: 10589,
  /** "The master secrets were successfully backed up." Data: File Name, Current MSID, Previous MSID, Client User, Client Computer. */
  backupSucceeded: 10559,
  /** "Failed to back up the master secrets." Data: File Name, Current MSID, Previous MSID, Client User, Error Code. */
  backupFailed: 10560,
  /** Backup target not NTFS or removable. */
  backupTargetNotNtfs: 10561,
  restoreSucceeded: 10523,
  restoreFailed: 10524,
  secretGenerated: 10525,
  isMasterSecretServer: 10534,
} as const;

/** Password and reminder rules ssoconfig itself enforces (section 3). */
export const SSOCONFIG_RULES = {
  passwordMinLength: 7,
  passwordMaxLength: 256,
  reminderMaxLength: 512,
} as const;

/** The executable and its switches (section 2). Case-insensitive matching is likely but UNCONFIRMED. */
export const SSOCONFIG = {
  executable: 'ssoconfig.exe',
  backupSwitch: '-backupsecret',
  restoreSwitch: '-restoresecret',
} as const;

/** Default install directory under the 64-bit Common Files folder (section 2). */
export const DEFAULT_INSTALL_DIR_NAME = 'Enterprise Single Sign-On';

/** The ENTSSO service (section 6). */
export const ENTSSO_SERVICE = {
  name: 'ENTSSO',
  displayName: 'Enterprise Single Sign-On Service',
  image: 'ENTSSO.exe',
} as const;
