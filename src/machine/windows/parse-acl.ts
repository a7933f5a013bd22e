/**
 * Who else may read a file on Windows (for the `--password-file` warning): the script that prints the file's
 * DACL as JSON, its parser, and the rule that picks the readers worth warning about. Decided on SIDs only
 * (account names are localized: `Jeder`, `Tout le monde`); the names shown are the English well-known ones.
 * Pure: running the script is the machine's business.
 */
import { parsePowerShellJson } from './parse-powershell.js';
import { LOCAL_ADMINISTRATORS_SID } from './parse-whoami.js';

/** The environment variable that carries the path to FILE_ACL_SCRIPT, so the path is never quoted into a script. */
export const ACL_PATH_ENV = 'SSO_BACKUP_ACL_PATH';

/**
 * Windows PowerShell 5.1 script, run as `powershell -NoProfile -NonInteractive -InputFormat None -Command
 * <script>` (or -EncodedCommand) with the file's path in the environment variable ACL_PATH_ENV. One line without
 * double quotes, which Windows PowerShell 5.1 mangles on a command line. Prints one line, UTF-8 (with a BOM,
 * which parsePowerShellJson removes): `{"Owner":"S-1-5-21-...","Rules":[{"Sid":"S-1-1-0","Rights":1179785,
 * "Type":"Allow"}]}`. Rights is FileSystemRights as an int (so GENERIC_READ, 0x80000000, comes out negative).
 * `@($rules)` keeps Rules an array when there is one rule (PowerShell unrolls one-element arrays on the pipeline).
 * The rules are asked for with SecurityIdentifier references (`GetAccessRules(..., $sidType)`) rather than
 * through `.Access`, which looks every SID up as a name (slow when a domain controller is out of reach) only for us
 * to translate it back (`APPLICATION PACKAGE AUTHORITY\...` names fail to on some versions). The translation to a
 * SecurityIdentifier is kept, falling back to the reference's own value, so any reference still yields text.
 * A file that cannot be read ends the script with an error on stderr and a non-zero exit code.
 */
export const FILE_ACL_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  '[Console]::OutputEncoding = [Text.Encoding]::UTF8',
  '$sidType = [System.Security.Principal.SecurityIdentifier]',
  `$acl = Get-Acl -LiteralPath $env:${ACL_PATH_ENV}`,
  'function Get-SidText($ref) { try { $ref.Translate($sidType).Value } catch { $ref.Value } }',
  '$owner = $null; try { $owner = $acl.GetOwner($sidType).Value } catch { $owner = $null }',
  '$rules = @($acl.GetAccessRules($true, $true, $sidType) | ForEach-Object { [ordered]@{ ' +
    'Sid = (Get-SidText $_.IdentityReference); Rights = [int]$_.FileSystemRights; ' +
    'Type = $_.AccessControlType.ToString() } })',
  'ConvertTo-Json -Compress -Depth 4 -InputObject ([ordered]@{ Owner = $owner; Rules = @($rules) })',
].join('; ');

export interface AclRule {
  /** `S-1-...`, upper-case S; or the account name as printed when it could not be translated. */
  sid: string;
  /** FileSystemRights as an unsigned 32-bit mask. */
  rights: number;
  type: 'Allow' | 'Deny';
}

export interface FileAcl {
  owner?: string;
  rules: AclRule[];
}

/** A property by exact name, else by case-insensitive name (ConvertTo-Json keeps .NET's spelling; a human may not). */
function property(record: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(record, name)) return record[name];
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : record[key];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The items of what should be an array: an array; one object (PowerShell unrolled a one-element array); or
 * `{"value":[...],"Count":n}`, which Windows PowerShell 5.1 prints for an array wrapped in a PSObject.
 */
function itemsOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value as unknown[];
  if (!isRecord(value)) return [];
  const inner = property(value, 'value');
  if (Array.isArray(inner) && property(value, 'Count') !== undefined) return inner as unknown[];
  return [value];
}

/** A SID with an upper-case `S` (so comparisons need no care); other text as it is. */
function normalizeSid(text: string): string {
  const trimmed = text.trim();
  return /^s-1(?:-\d+)+$/i.test(trimmed) ? `S${trimmed.slice(1)}` : trimmed;
}

/** AccessControlType as its name ("Allow"/"Deny", any case) or, when .ToString() was left out, its value 0/1. */
function ruleType(value: unknown): AclRule['type'] | undefined {
  if (value === 0 || (typeof value === 'string' && value.trim().toLowerCase() === 'allow')) return 'Allow';
  if (value === 1 || (typeof value === 'string' && value.trim().toLowerCase() === 'deny')) return 'Deny';
  return undefined;
}

/** The rights as an unsigned mask: `[int]` prints GENERIC_READ (0x80000000) as -2147483648. */
function rightsMask(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) ? number >>> 0 : undefined;
}

/** One access rule, or undefined when a field is missing or malformed (such a rule is left out). */
function ruleOf(item: unknown): AclRule | undefined {
  if (!isRecord(item)) return undefined;
  const sid = property(item, 'Sid');
  const rights = rightsMask(property(item, 'Rights'));
  const type = ruleType(property(item, 'Type'));
  if (typeof sid !== 'string' || sid.trim() === '' || rights === undefined || type === undefined) return undefined;
  return { sid: normalizeSid(sid), rights, type };
}

/** What parseFileAcl throws, and all it throws: the output was not the JSON FILE_ACL_SCRIPT prints. */
export class AclOutputError extends Error {
  override readonly name = 'AclOutputError';
}

/**
 * Reads FILE_ACL_SCRIPT's output. Accepts `{Owner, Rules}` with Rules as an array, a single rule object or a
 * PSObject-wrapped array, and also a bare array (or a bare single rule) without owner. Malformed rules are left
 * out. Throws an AclOutputError when the output is not JSON at all (the script failed or something else printed);
 * nothing else.
 */
export function parseFileAcl(stdout: string): FileAcl {
  const json = parsePowerShellJson(stdout);
  if (json === undefined) {
    const size = `${stdout.length} characters`;
    throw new AclOutputError(`The file's access list could not be read: the PowerShell output is not JSON (${size}).`);
  }
  const top = itemsOf(json);
  const wrapper = top.length === 1 && isRecord(top[0]) && property(top[0], 'Rules') !== undefined ? top[0] : undefined;
  const items = wrapper === undefined ? top : itemsOf(property(wrapper, 'Rules'));
  const acl: FileAcl = { rules: items.map(ruleOf).filter((rule): rule is AclRule => rule !== undefined) };
  const owner = wrapper === undefined ? undefined : property(wrapper, 'Owner');
  if (typeof owner === 'string' && owner.trim() !== '') acl.owner = normalizeSid(owner);
  return acl;
}

/** Trusted anyway: they can read every file or take it over (SYSTEM, Administrators), or are the owner. */
const SYSTEM_SID = 'S-1-5-18';
const CREATOR_OWNER_SID = 'S-1-3-0';
/** OWNER RIGHTS: whoever owns the file, so the owner again. */
const OWNER_RIGHTS_SID = 'S-1-3-4';

/** Well-known SIDs named for people (learn.microsoft.com, "Well-known SIDs"). */
const WELL_KNOWN_READERS: Readonly<Record<string, string>> = {
  'S-1-1-0': 'Everyone',
  'S-1-5-11': 'Authenticated Users (every signed-in account)',
  'S-1-5-32-545': 'BUILTIN\\Users (every user of this machine)',
  'S-1-5-4': 'INTERACTIVE (anyone signed in at this machine)',
  'S-1-5-32-546': 'BUILTIN\\Guests',
};

/** FILE_READ_DATA, GENERIC_READ, GENERIC_ALL: any of them lets the holder read the contents. */
const READ_DATA_BITS = 0x1 | 0x80000000 | 0x10000000;

function canReadData(rule: AclRule): boolean {
  return rule.type === 'Allow' && (rule.rights & READ_DATA_BITS) !== 0;
}

/** The SID as shown in the warning. */
function readerName(sid: string): string {
  return WELL_KNOWN_READERS[sid] ?? `the account or group ${sid}`;
}

/**
 * Who, besides those who can read it anyway (SYSTEM, BUILTIN\Administrators, the owner, CREATOR OWNER, OWNER
 * RIGHTS and the current user), has an Allow rule that reads the file's contents; each named once, in ACL order.
 * Deny rules are ignored: a Deny that cancels an Allow makes us warn when we need not, which is the safe side,
 * and working out the effective access of group members is not possible from the ACL alone anyway.
 */
export function othersWhoCanRead(acl: FileAcl, context: { currentUserSid?: string } = {}): string[] {
  const trusted = new Set([SYSTEM_SID, LOCAL_ADMINISTRATORS_SID, CREATOR_OWNER_SID, OWNER_RIGHTS_SID]);
  if (acl.owner !== undefined) trusted.add(normalizeSid(acl.owner));
  if (context.currentUserSid !== undefined) trusted.add(normalizeSid(context.currentUserSid));
  const names: string[] = [];
  for (const rule of acl.rules) {
    const sid = normalizeSid(rule.sid); // an ACL built by hand need not have come through parseFileAcl
    if (!canReadData(rule) || trusted.has(sid)) continue;
    const name = readerName(sid);
    if (!names.includes(name)) names.push(name);
  }
  return names;
}
