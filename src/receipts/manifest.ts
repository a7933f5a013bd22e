/**
 * The manifest beside a verified backup: `<file>.manifest.json`, a small JSON record of what the file is (name,
 * size, SHA-256), when, where and by whom it was made, its reminder, where the password is kept (if the user
 * said) and how to restore it. Never the password. Written atomically like the receipt (temp file + rename);
 * read back strictly: a manifest is either valid in every field or reported as broken, never half-trusted.
 *
 * Fields not in the schema are ignored when read (a later version may add some under the same schema); a
 * change to a field's meaning or type needs a new schema string.
 */
import { readFile, stat } from 'node:fs/promises';
import { writeAtomically } from './atomic-write.js';
import path from 'node:path';
import { SSOCONFIG, SSOCONFIG_RULES } from '../entsso/facts.js';

export const MANIFEST_SCHEMA = 'sso-backup/manifest/1';
export const MANIFEST_TOOL_NAME = 'sso-backup';
export const MANIFEST_SUFFIX = '.manifest.json';

export interface Manifest {
  schema: typeof MANIFEST_SCHEMA;
  tool: { name: typeof MANIFEST_TOOL_NAME; version: string };
  /** The backup file's base name (the manifest sits beside it). */
  file: string;
  size: number;
  /** 64 lowercase hex digits. */
  sha256: string;
  /** When the backup was made, ISO 8601 in UTC with milliseconds (Date.toISOString). */
  createdAt: string;
  host: string;
  user: string;
  entsso: { version: string | null; installDir: string; masterSecretServer: string | null };
  reminder: string;
  /** Where the password is kept, in the user's words ("KeePass: BizTalk/SSO/BTS01"); null when not said. */
  vaultNote: string | null;
  /** The restore command lines, for cmd and for PowerShell, naming the file where it was written. */
  restore: { cmd: string; powershell: string };
}

export type ManifestProblemKind = 'missing' | 'unreadable' | 'invalid';

/** A manifest that is missing (`kind` "missing"), cannot be read, or is not valid; the message says which. */
export class ManifestError extends Error {
  constructor(
    message: string,
    readonly kind: ManifestProblemKind,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ManifestError';
  }
}

export function manifestPathOf(file: string): string {
  return `${file}${MANIFEST_SUFFIX}`;
}

/** A PowerShell single-quoted literal: every quote character (PowerShell also takes ‘ ’ ‚ ‛) is doubled. */
function powershellLiteral(text: string): string {
  return `'${text.replace(/['\u2018\u2019\u201A\u201B]/g, '$&$&')}'`;
}

/**
 * The restore command lines for a backup `file` (a full path) and the ENTSSO install directory. On Windows, cmd
 * as the final report prints it (cd /d, then ssoconfig), and PowerShell with literal (single-quoted) paths so a
 * `$` in a path is not expanded. On other hosts (the simulator) the same POSIX shell line in both.
 */
export function restoreCommands(installDir: string, file: string, flavor: 'win32' | 'posix'): Manifest['restore'] {
  if (flavor === 'posix') {
    const line = `cd "${installDir}" && ./${SSOCONFIG.executable} ${SSOCONFIG.restoreSwitch} "${file}"`;
    return { cmd: line, powershell: line };
  }
  return {
    cmd: `cd /d "${installDir}" && ssoconfig ${SSOCONFIG.restoreSwitch} "${file}"`,
    powershell: `Set-Location -LiteralPath ${powershellLiteral(installDir)}; .\\${SSOCONFIG.executable} ${SSOCONFIG.restoreSwitch} ${powershellLiteral(file)}`,
  };
}

export interface ManifestInput {
  /** The backup file, a full path: its base name goes in `file`, the full path in the restore commands. */
  file: string;
  size: number;
  sha256: string;
  createdAt: Date;
  host: string;
  user: string;
  entsso: { version?: string | undefined; installDir: string; masterSecretServer?: string | undefined };
  reminder: string;
  vaultNote?: string | undefined;
  toolVersion: string;
  pathFlavor: 'win32' | 'posix';
}

/** A manifest from what the backup knows; throws ManifestError when a value would not pass readManifest. */
export function buildManifest(input: ManifestInput): Manifest {
  const base = input.pathFlavor === 'win32' ? path.win32.basename(input.file) : path.posix.basename(input.file);
  const manifest: Manifest = {
    schema: MANIFEST_SCHEMA,
    tool: { name: MANIFEST_TOOL_NAME, version: input.toolVersion },
    file: base,
    size: input.size,
    sha256: input.sha256.toLowerCase(),
    createdAt: Number.isNaN(input.createdAt.getTime()) ? 'Invalid Date' : input.createdAt.toISOString(),
    host: input.host,
    user: input.user,
    entsso: {
      version: input.entsso.version || null,
      installDir: input.entsso.installDir,
      masterSecretServer: input.entsso.masterSecretServer || null,
    },
    reminder: input.reminder,
    vaultNote: input.vaultNote?.trim() ? input.vaultNote.trim() : null,
    restore: restoreCommands(input.entsso.installDir, input.file, input.pathFlavor),
  };
  return validateManifest(manifest, 'the new manifest');
}

// ------------------------------------------------------------------------------------------ validation
type Json = Record<string, unknown>;

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'missing';
  return `a ${typeof value}`;
}

class Fields {
  constructor(private readonly source: string) {}

  fail(field: string, wanted: string, value: unknown): never {
    const is = value === undefined ? 'it is missing' : `it is ${describeType(value)}`;
    throw new ManifestError(`${this.source}: "${field}" must be ${wanted} (${is})`, 'invalid');
  }

  object(value: unknown, field: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(field, 'an object', value);
    return value as Json;
  }

  text(record: Json, key: string, field: string, options: { empty?: boolean; max?: number } = {}): string {
    const value = record[key];
    if (typeof value !== 'string') this.fail(field, 'a string', value);
    if (!options.empty && value.trim() === '') throw new ManifestError(`${this.source}: "${field}" is empty`, 'invalid');
    if (options.max !== undefined && value.length > options.max) {
      throw new ManifestError(`${this.source}: "${field}" is ${value.length} characters long, more than ${options.max}`, 'invalid');
    }
    return value;
  }

  textOrNull(record: Json, key: string, field: string): string | null {
    const value = record[key];
    if (value === null) return null;
    if (typeof value !== 'string') this.fail(field, 'a string or null', value);
    if (value.trim() === '') throw new ManifestError(`${this.source}: "${field}" is empty (null says "not known")`, 'invalid');
    return value;
  }
}

/** Checks every field of a parsed manifest; returns a clean copy (known fields only) or throws ManifestError. */
export function validateManifest(value: unknown, source = 'the manifest'): Manifest {
  const f = new Fields(source);
  const root = f.object(value, '(the whole manifest)');
  if (root['schema'] !== MANIFEST_SCHEMA) {
    const said = typeof root['schema'] === 'string' ? `"${root['schema']}"` : describeType(root['schema']);
    throw new ManifestError(`${source}: the schema is ${said}, not "${MANIFEST_SCHEMA}" (made by another tool or version?)`, 'invalid');
  }
  const tool = f.object(root['tool'], 'tool');
  if (tool['name'] !== MANIFEST_TOOL_NAME) f.fail('tool.name', `"${MANIFEST_TOOL_NAME}"`, tool['name']);
  const version = f.text(tool, 'version', 'tool.version');

  const file = f.text(root, 'file', 'file');
  if (/[\\/]/.test(file) || file === '.' || file === '..') {
    throw new ManifestError(`${source}: "file" must be a base name without a folder (it is "${file}")`, 'invalid');
  }
  const size = root['size'];
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) f.fail('size', 'a whole number of bytes, 0 or more', size);
  const sha256 = f.text(root, 'sha256', 'sha256');
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new ManifestError(`${source}: "sha256" must be 64 lowercase hex digits`, 'invalid');
  const createdAt = f.text(root, 'createdAt', 'createdAt');
  const when = new Date(createdAt);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(createdAt) || Number.isNaN(when.getTime()) || when.toISOString() !== createdAt) {
    throw new ManifestError(`${source}: "createdAt" must be a UTC time like 2026-11-22T10:15:00.000Z (it is "${createdAt}")`, 'invalid');
  }
  const host = f.text(root, 'host', 'host');
  const user = f.text(root, 'user', 'user');

  const entsso = f.object(root['entsso'], 'entsso');
  const entssoFacts = {
    version: f.textOrNull(entsso, 'version', 'entsso.version'),
    installDir: f.text(entsso, 'installDir', 'entsso.installDir'),
    masterSecretServer: f.textOrNull(entsso, 'masterSecretServer', 'entsso.masterSecretServer'),
  };
  const reminder = f.text(root, 'reminder', 'reminder', { empty: true, max: SSOCONFIG_RULES.reminderMaxLength });
  const vaultNote = f.textOrNull(root, 'vaultNote', 'vaultNote');
  const restore = f.object(root['restore'], 'restore');
  const restoreLines = { cmd: f.text(restore, 'cmd', 'restore.cmd'), powershell: f.text(restore, 'powershell', 'restore.powershell') };

  return {
    schema: MANIFEST_SCHEMA,
    tool: { name: MANIFEST_TOOL_NAME, version },
    file,
    size: size as number,
    sha256,
    createdAt,
    host,
    user,
    entsso: entssoFacts,
    reminder,
    vaultNote,
    restore: restoreLines,
  };
}

// ------------------------------------------------------------------------------------ write and read
/** A manifest is under a kilobyte or two; a reminder is at most 512 characters. */
const MAX_MANIFEST_BYTES = 256 * 1024;

/**
 * Writes `<file>.manifest.json` beside the backup `file`, atomically (a temp file renamed over it), after checking
 * the manifest as readManifest would. Returns the manifest's path. `abandoned`: see atomic-write.ts.
 */
export async function writeManifest(file: string, manifest: Manifest, abandoned?: AbortSignal): Promise<string> {
  const clean = validateManifest(manifest, 'the manifest to write');
  const manifestFile = manifestPathOf(file);
  await writeAtomically(manifestFile, `${JSON.stringify(clean, null, 2)}\n`, abandoned);
  return manifestFile;
}

/**
 * Reads and checks the manifest of a backup. `file` is the backup file (its manifest is `<file>.manifest.json`);
 * a path that already ends in `.manifest.json` is read as the manifest itself. Throws ManifestError: kind
 * "missing" when there is none, "unreadable" when it cannot be read, "invalid" when it is not JSON or a field is
 * wrong.
 */
export async function readManifest(file: string): Promise<Manifest> {
  const manifestFile = file.toLowerCase().endsWith(MANIFEST_SUFFIX) ? file : manifestPathOf(file);
  let text: string;
  try {
    const info = await stat(manifestFile);
    if (!info.isFile()) throw new ManifestError(`${manifestFile} is not a file`, 'unreadable');
    if (info.size > MAX_MANIFEST_BYTES) throw new ManifestError(`${manifestFile} is ${info.size} bytes, too large to be a manifest`, 'invalid');
    text = await readFile(manifestFile, 'utf8');
  } catch (error) {
    if (error instanceof ManifestError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ManifestError(`there is no manifest: ${manifestFile} does not exist`, 'missing', { cause: error });
    throw new ManifestError(`${manifestFile} could not be read: ${(error as Error).message}`, 'unreadable', { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    throw new ManifestError(`${manifestFile} is not JSON (cut short or edited by hand?)`, 'invalid', { cause: error });
  }
  return validateManifest(json, manifestFile);
}
