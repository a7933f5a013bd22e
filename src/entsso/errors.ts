/**
 * ENTSSO errors a master-secret backup can meet, as data.
 *
 * Source: ../shared/reference/entsso.md, sections 3 and 4 (the ENTSSO error list on learn.microsoft.com/biztalk).
 * HRESULTs follow the one documented data point, 0xC0002A24 = 0xC0000000 + event id 10788; the others are derived
 * the same way and not individually confirmed. The generic Win32 ones are as seen with SSO tools.
 *
 * Each entry carries what to do next, so every layer (simulator, console driver, wizard, JSON report) speaks
 * the same words for the same failure.
 */

export interface EntssoError {
  /** ENTSSO event/error id, when the error is ENTSSO's own. */
  readonly id?: number;
  readonly hresult: number;
  /** The message as ENTSSO prints it (with `%1` where it names a server or computer). */
  readonly message: string;
  /** What the administrator should do next. */
  readonly advice: string;
}

/** HRESULT of an ENTSSO error id: 0xC0000000 + id (derived; see the header). */
export function entssoHresult(id: number): number {
  return (0xc0000000 + id) >>> 0;
}

function entsso(id: number, message: string, advice: string): EntssoError {
  return { id, hresult: entssoHresult(id), message, advice };
}

export const ENTSSO_ERRORS = {
  notNtfs: entsso(
    10759,
    'The file specified for backup or restore of the master secrets must be on an NTFS file system or removable media.',
    'Choose a backup file on a local NTFS volume or on removable media, then copy it off the server.',
  ),
  incorrectPassword: entsso(
    10779,
    'An incorrect password was specified for the backup file.',
    'Use the password that was typed when this backup file was made; its reminder is stored in the file.',
  ),
  notMasterSecretServer: entsso(
    10766,
    'This function can only be performed on the master secret server.',
    'Run the backup on the master secret server (ssomanage -displaydb names it; on a cluster, use the SSO network name).',
  ),
  cannotContactServer: entsso(
    10767,
    "Could not contact the SSO server '%1'. Check that SSO is configured and that the SSO service is running on that server.",
    'Start the Enterprise Single Sign-On service (ENTSSO) on the master secret server and check it is reachable, then try again.',
  ),
  offline: entsso(
    10768,
    'Enterprise Single Sign-On is offline.',
    'Start the Enterprise Single Sign-On service (ENTSSO) and wait until it is running, then try again.',
  ),
  notLocalAdministrator: entsso(
    10771,
    'This function can only be performed by a local administrator.',
    'Open the command prompt with "Run as administrator" (elevated) as a member of the local Administrators group.',
  ),
  notSsoAdministrator: entsso(
    10772,
    'The user is not a member of the specified SSO Administrators account.',
    'Run as a member of the SSO Administrators group (ssomanage -displaydb names it); sign out and in after being added.',
  ),
  secretNotAvailable: entsso(
    10783,
    'Cannot perform encryption or decryption because the secret is not available from the master secret server. See the event log for related errors.',
    'Check the event log on the master secret server and that the ENTSSO service there is running.',
  ),
  cannotCreateFile: entsso(
    10784,
    'Could not create or open the specified file. Check the file name and access permissions.',
    'Check that the folder exists and that you may write to it, and that the file name is valid.',
  ),
  passwordTooShort: entsso(
    10836,
    'The specified password is too short, it must be at least 7 characters.',
    'Use a password of at least 7 characters.',
  ),
  passwordTooLong: entsso(
    10839,
    'The maximum password length is 256 characters.',
    'Use a password of at most 256 characters.',
  ),
  reminderTooLong: entsso(
    10840,
    'The maximum password reminder length is 512 characters.',
    'Use a reminder of at most 512 characters.',
  ),
  accessDeniedSeeLog: entsso(
    10842,
    "Access denied. See the event log (on computer '%1') for more details.",
    'Read the ENTSSO events in the Application log of that computer; usually a missing group membership or elevation.',
  ),
  rpcUnavailable: {
    hresult: 0x800706ba,
    message: 'The RPC server is unavailable.',
    advice: 'Start the Enterprise Single Sign-On service (ENTSSO) and wait until it is running (it can take about 3 minutes), then try again.',
  },
  accessDenied: {
    hresult: 0x80070005,
    message: 'Access is denied.',
    advice: 'Run elevated ("Run as administrator") as a member of SSO Administrators and of the local Administrators group.',
  },
  /** Win32 ERROR_FILE_EXISTS as an HRESULT: what a refusal to overwrite most plausibly prints (UNCONFIRMED). */
  fileExists: {
    hresult: 0x80070050,
    message: 'The file exists.',
    advice: 'Choose a new file name; an existing backup is never overwritten without an explicit choice.',
  },
  /** Win32 ERROR_INVALID_HANDLE: what a console read gives when there is no console (UNCONFIRMED for ssoconfig). */
  invalidHandle: {
    hresult: 0x80070006,
    message: 'The handle is invalid.',
    advice: 'ssoconfig needs a console to read the password from; run it from a console window or through sso-backup.',
  },
  /** Win32 ERROR_DISK_FULL. */
  diskFull: {
    hresult: 0x80070070,
    message: 'There is not enough space on the disk.',
    advice: 'Free space on the target volume or choose another one, then try again.',
  },
} as const satisfies Record<string, EntssoError>;

export type EntssoErrorName = keyof typeof ENTSSO_ERRORS;

const BY_HRESULT = new Map<number, EntssoError>(Object.values(ENTSSO_ERRORS).map((e) => [e.hresult, e]));

/** The known error with this HRESULT, if any. */
export function findEntssoError(hresult: number): EntssoError | undefined {
  return BY_HRESULT.get(hresult >>> 0);
}

/**
 * An HRESULT in ENTSSO's range (0xC0000000 + an ENTSSO event id, 10500-10999), known here or not. Those share
 * 0xC000xxxx with Windows' NTSTATUS crash codes (0xC0000005...), which stop far below it.
 */
export function isEntssoHresult(hresult: number): boolean {
  const code = hresult >>> 0;
  return code >= entssoHresult(10500) && code <= entssoHresult(10999);
}

/** `0xC0002A0E` style, as ssoconfig's sibling tools print it. */
export function formatHresult(hresult: number): string {
  return `0x${(hresult >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** The message with `%1` filled in. */
export function fillMessage(error: EntssoError, insert = ''): string {
  return error.message.replace('%1', insert);
}
