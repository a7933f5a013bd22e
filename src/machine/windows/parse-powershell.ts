/**
 * Reading what a PowerShell one-liner printed as JSON (`[Console]::OutputEncoding=[Text.Encoding]::UTF8` makes
 * Windows PowerShell 5.1 start its output with a UTF-8 byte order mark; lines end in CRLF). Property names and
 * enum names come from .NET and are not localized. Nothing here throws.
 */
import type { VolumeFacts } from '../facts.js';

/** The JSON value printed, ignoring a leading BOM and surrounding whitespace; undefined when it is not JSON. */
export function parsePowerShellJson(stdout: string): unknown {
  const text = (stdout.startsWith('\uFEFF') ? stdout.slice(1) : stdout).trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A PowerShell single-quoted string literal: every quote character (PowerShell also takes ‘ ’ ‚ ‛) is doubled. */
function singleQuoted(text: string): string {
  return `'${text.replace(/['\u2018\u2019\u201A\u201B]/g, '$&$&')}'`;
}

/**
 * The script (for `-EncodedCommand`) that prints `{"DriveFormat":"NTFS","DriveType":3}` for the volume of `root`
 * (e.g. `D:\`); DriveType is System.IO.DriveType as a number. `root` is quoted here; pass it as given.
 */
export const DRIVE_INFO_SCRIPT = (root: string): string =>
  `[Console]::OutputEncoding=[Text.Encoding]::UTF8; $d=New-Object System.IO.DriveInfo(${singleQuoted(root)}); ` +
  `ConvertTo-Json -Compress @{DriveFormat=$d.DriveFormat; DriveType=[int]$d.DriveType}`;

/** System.IO.DriveType, by value. */
const DRIVE_TYPES = ['Unknown', 'NoRootDirectory', 'Removable', 'Fixed', 'Network', 'CDRom', 'Ram'] as const;

/** A property by exact name, else by case-insensitive name. */
function property(record: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(record, name)) return record[name];
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : record[key];
}

/** A DriveType as a number 0..6 (also as a digit string) or as its enum name in any case; else undefined. */
function driveTypeName(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value.trim() : undefined;
  const number = typeof value === 'number' ? value : text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
  if (number !== undefined) return Number.isInteger(number) ? DRIVE_TYPES[number] : undefined;
  return text === undefined ? undefined : DRIVE_TYPES.find((t) => t.toLowerCase() === text.toLowerCase());
}

/**
 * Reads the output of DRIVE_INFO_SCRIPT. Undefined when the output is not a JSON object (a one-element array
 * holding one is accepted). In the object, a missing, null or empty DriveFormat (a drive that is not ready) leaves
 * `fileSystem` out, and a DriveType that is neither 0..6 nor one of their names leaves `driveType` out. `unc` is
 * always false: the script is only run for drive roots, and the caller knows whether the path is UNC.
 */
export function parseDriveInfo(stdout: string): VolumeFacts | undefined {
  let json = parsePowerShellJson(stdout);
  if (Array.isArray(json) && json.length === 1) json = json[0] as unknown;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const record = json as Record<string, unknown>;
  const facts: VolumeFacts = { unc: false };
  const format = property(record, 'DriveFormat');
  if (typeof format === 'string' && format.trim() !== '') facts.fileSystem = format.trim();
  const driveType = driveTypeName(property(record, 'DriveType'));
  if (driveType !== undefined) facts.driveType = driveType;
  return facts;
}
