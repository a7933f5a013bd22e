import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildManifest,
  MANIFEST_SCHEMA,
  ManifestError,
  manifestPathOf,
  readManifest,
  restoreCommands,
  validateManifest,
  writeManifest,
  type Manifest,
  type ManifestInput,
} from '../../src/receipts/manifest.js';
import { tempDir } from '../support/machine.js';

const INSTALL = 'C:\\Program Files\\Common Files\\Enterprise Single Sign-On';
const BACKUP = 'D:\\SSO-Backups\\SSO-BTS01-20261122-101500.bak';
const SHA = 'a'.repeat(64);

function input(overrides: Partial<ManifestInput> = {}): ManifestInput {
  return {
    file: BACKUP,
    size: 1234,
    sha256: SHA,
    createdAt: new Date('2026-11-22T10:15:00.000Z'),
    host: 'BTS01',
    user: 'CONTOSO\\btsadmin',
    entsso: { version: '10.0.2242.0', installDir: INSTALL, masterSecretServer: 'BTS01' },
    reminder: 'the blue folder, second shelf',
    vaultNote: 'KeePass: BizTalk/SSO/BTS01',
    toolVersion: '0.1.0',
    pathFlavor: 'win32',
    ...overrides,
  };
}

const GOOD: Manifest = {
  schema: 'sso-backup/manifest/1',
  tool: { name: 'sso-backup', version: '0.1.0' },
  file: 'SSO-BTS01-20261122-101500.bak',
  size: 1234,
  sha256: SHA,
  createdAt: '2026-11-22T10:15:00.000Z',
  host: 'BTS01',
  user: 'CONTOSO\\btsadmin',
  entsso: { version: '10.0.2242.0', installDir: INSTALL, masterSecretServer: 'BTS01' },
  reminder: 'the blue folder, second shelf',
  vaultNote: 'KeePass: BizTalk/SSO/BTS01',
  restore: {
    cmd: `cd /d "${INSTALL}" && ssoconfig -restoresecret "${BACKUP}"`,
    powershell: `Set-Location -LiteralPath '${INSTALL}'; .\\ssoconfig.exe -restoresecret '${BACKUP}'`,
  },
};

type Json = Record<string, unknown>;
type Edit = (json: Json, part: (key: 'tool' | 'entsso' | 'restore') => Json) => void;

/** A copy of GOOD as plain JSON with one change made by `edit` (`part` gives a nested object to change). */
function variant(edit: Edit): unknown {
  const json = structuredClone(GOOD) as unknown as Json;
  edit(json, (key) => json[key] as Json);
  return json;
}

function invalid(value: unknown): ManifestError {
  try {
    validateManifest(value, 'm.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).kind).toBe('invalid');
    return error as ManifestError;
  }
  throw new Error('expected a ManifestError');
}

describe('restoreCommands', () => {
  it('win32: cmd as the final report prints it; PowerShell with literal single-quoted paths', () => {
    expect(restoreCommands(INSTALL, BACKUP, 'win32')).toEqual(GOOD.restore);
  });

  it("win32: a quote in a path is doubled for PowerShell, and a $ stays literal", () => {
    const r = restoreCommands("C:\\ENTSSO's", 'D:\\$backups\\a.bak', 'win32');
    expect(r.powershell).toBe("Set-Location -LiteralPath 'C:\\ENTSSO''s'; .\\ssoconfig.exe -restoresecret 'D:\\$backups\\a.bak'");
    expect(r.cmd).toBe('cd /d "C:\\ENTSSO\'s" && ssoconfig -restoresecret "D:\\$backups\\a.bak"');
  });

  it('posix (the simulator): the same shell line in both fields', () => {
    const line = 'cd "/tmp/m/install" && ./ssoconfig.exe -restoresecret "/tmp/m/b/x.bak"';
    expect(restoreCommands('/tmp/m/install', '/tmp/m/b/x.bak', 'posix')).toEqual({ cmd: line, powershell: line });
  });
});

describe('buildManifest', () => {
  it('fills the schema, the tool, the base name, UTC time and the restore lines', () => {
    expect(buildManifest(input())).toEqual(GOOD);
  });

  it('unknown ENTSSO facts and no vault note become null; the hash is lowercased', () => {
    const m = buildManifest(input({ entsso: { installDir: INSTALL }, vaultNote: '  ', sha256: SHA.toUpperCase() }));
    expect(m.entsso).toEqual({ version: null, installDir: INSTALL, masterSecretServer: null });
    expect(m.vaultNote).toBeNull();
    expect(m.sha256).toBe(SHA);
  });

  it('refuses what readManifest would refuse (an invalid date, a negative size)', () => {
    expect(() => buildManifest(input({ createdAt: new Date('nope') }))).toThrow(ManifestError);
    expect(() => buildManifest(input({ size: -1 }))).toThrow(/"size" must be a whole number/);
  });
});

describe('validateManifest: every field, strictly', () => {
  it('accepts the good one and returns a clean copy without fields outside the schema', () => {
    expect(validateManifest(GOOD)).toEqual(GOOD);
    expect(validateManifest({ ...GOOD, extra: 1, password: 'x' })).toEqual(GOOD);
    expect(validateManifest({ ...GOOD, entsso: { version: null, installDir: INSTALL, masterSecretServer: null }, vaultNote: null }).vaultNote).toBeNull();
    expect(validateManifest({ ...GOOD, reminder: '' }).reminder).toBe('');
  });

  const cases: [string, Edit, RegExp][] = [
    ['wrong schema', (j) => (j['schema'] = 'sso-backup/manifest/2'), /schema is "sso-backup\/manifest\/2", not "sso-backup\/manifest\/1"/],
    ['no schema', (j) => delete j['schema'], /schema is missing/],
    ['tool not an object', (j) => (j['tool'] = 'sso-backup'), /"tool" must be an object \(it is a string\)/],
    ['another tool', (_j, p) => (p('tool')['name'] = 'other'), /"tool.name" must be "sso-backup"/],
    ['no tool version', (_j, p) => delete p('tool')['version'], /"tool.version" must be a string \(it is missing\)/],
    ['file with a folder', (j) => (j['file'] = 'D:\\x\\a.bak'), /"file" must be a base name/],
    ['file with a slash', (j) => (j['file'] = 'x/a.bak'), /"file" must be a base name/],
    ['empty file name', (j) => (j['file'] = ''), /"file" is empty/],
    ['size as text', (j) => (j['size'] = '1234'), /"size" must be a whole number of bytes, 0 or more \(it is a string\)/],
    ['fractional size', (j) => (j['size'] = 12.5), /"size" must be a whole number/],
    ['negative size', (j) => (j['size'] = -1), /"size" must be a whole number/],
    ['uppercase hash', (j) => (j['sha256'] = SHA.toUpperCase()), /"sha256" must be 64 lowercase hex digits/],
    ['short hash', (j) => (j['sha256'] = 'abc'), /"sha256" must be 64 lowercase hex digits/],
    ['hash as a number', (j) => (j['sha256'] = 12), /"sha256" must be a string \(it is a number\)/],
    ['local time', (j) => (j['createdAt'] = '2026-11-22T10:15:00'), /"createdAt" must be a UTC time/],
    ['impossible date', (j) => (j['createdAt'] = '2026-02-30T10:15:00.000Z'), /"createdAt" must be a UTC time/],
    ['date as a number', (j) => (j['createdAt'] = 1795342500000), /"createdAt" must be a string/],
    ['no host', (j) => delete j['host'], /"host" must be a string \(it is missing\)/],
    ['user null', (j) => (j['user'] = null), /"user" must be a string \(it is null\)/],
    ['entsso an array', (j) => (j['entsso'] = []), /"entsso" must be an object \(it is an array\)/],
    ['entsso version a number', (_j, p) => (p('entsso')['version'] = 10), /"entsso.version" must be a string or null \(it is a number\)/],
    ['entsso version missing', (_j, p) => delete p('entsso')['version'], /"entsso.version" must be a string or null \(it is missing\)/],
    ['entsso version empty', (_j, p) => (p('entsso')['version'] = ''), /"entsso.version" is empty/],
    ['no install dir', (_j, p) => (p('entsso')['installDir'] = null), /"entsso.installDir" must be a string/],
    ['master secret server a boolean', (_j, p) => (p('entsso')['masterSecretServer'] = true), /"entsso.masterSecretServer" must be a string or null \(it is a boolean\)/],
    ['reminder missing', (j) => delete j['reminder'], /"reminder" must be a string \(it is missing\)/],
    ['reminder too long', (j) => (j['reminder'] = 'r'.repeat(513)), /"reminder" is 513 characters long, more than 512/],
    ['vault note missing', (j) => delete j['vaultNote'], /"vaultNote" must be a string or null \(it is missing\)/],
    ['vault note a number', (j) => (j['vaultNote'] = 1), /"vaultNote" must be a string or null/],
    ['restore missing', (j) => delete j['restore'], /"restore" must be an object \(it is missing\)/],
    ['restore cmd missing', (_j, p) => delete p('restore')['cmd'], /"restore.cmd" must be a string/],
    ['restore powershell empty', (_j, p) => (p('restore')['powershell'] = ' '), /"restore.powershell" is empty/],
  ];
  it.each(cases)('%s', (_name, edit, message) => {
    const error = invalid(variant(edit));
    expect(error.message).toMatch(/^m\.json: /);
    expect(error.message).toMatch(message);
  });

  it('a manifest that is not an object', () => {
    for (const value of [null, [], 'x', 42]) expect(invalid(value).message).toMatch(/must be an object/);
  });
});

describe('writeManifest / readManifest', () => {
  it('round trip: written beside the file as <file>.manifest.json, read back equal; read by either path', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'SSO-BTS01-20261122-101500.bak');
    const manifest = buildManifest(input({ file, pathFlavor: 'posix' }));
    const written = await writeManifest(file, manifest);
    expect(written).toBe(manifestPathOf(file));
    expect(written).toBe(`${file}.manifest.json`);
    expect(await readManifest(file)).toEqual(manifest);
    expect(await readManifest(written)).toEqual(manifest);
    const json = JSON.parse(readFileSync(written, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['schema', 'tool', 'file', 'size', 'sha256', 'createdAt', 'host', 'user', 'entsso', 'reminder', 'vaultNote', 'restore']);
    expect(json['schema']).toBe(MANIFEST_SCHEMA);
    expect(readFileSync(written, 'utf8').endsWith('}\n')).toBe(true);
  });

  it('never writes fields outside the schema (a password slipped in is dropped)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.bak');
    await writeManifest(file, { ...buildManifest(input({ file, pathFlavor: 'posix' })), password: 'Secret123!' } as Manifest);
    expect(readFileSync(manifestPathOf(file), 'utf8')).not.toContain('Secret123!');
  });

  it('atomic: no temp file is left, and a second write replaces the first whole', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.bak');
    writeFileSync(file, 'x');
    await writeManifest(file, buildManifest(input({ file, pathFlavor: 'posix' })));
    await writeManifest(file, buildManifest(input({ file, pathFlavor: 'posix', reminder: 'second' })));
    expect(readdirSync(dir).sort()).toEqual(['a.bak', 'a.bak.manifest.json']);
    expect((await readManifest(file)).reminder).toBe('second');
  });

  it('atomic: a failed rename leaves no temp file and no manifest', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.bak');
    mkdirSync(manifestPathOf(file)); // a folder in the way: the rename fails
    await expect(writeManifest(file, buildManifest(input({ file, pathFlavor: 'posix' })))).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['a.bak.manifest.json']);
    expect(readdirSync(manifestPathOf(file))).toEqual([]);
  });

  it('an invalid manifest is refused before anything is written', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.bak');
    await expect(writeManifest(file, { ...GOOD, sha256: 'nope' })).rejects.toThrow(ManifestError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('missing: kind "missing", naming the path', async () => {
    const file = path.join(tempDir(), 'a.bak');
    const error = await readManifest(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).kind).toBe('missing');
    expect((error as ManifestError).message).toBe(`there is no manifest: ${file}.manifest.json does not exist`);
  });

  it('not JSON (cut short): kind "invalid"', async () => {
    const file = path.join(tempDir(), 'a.bak');
    writeFileSync(manifestPathOf(file), JSON.stringify(GOOD).slice(0, 40));
    const error = (await readManifest(file).catch((e: unknown) => e)) as ManifestError;
    expect(error.kind).toBe('invalid');
    expect(error.message).toMatch(/a\.bak\.manifest\.json is not JSON/);
  });

  it('wrong schema and wrong field type in a file: kind "invalid", the message names the file and the field', async () => {
    const file = path.join(tempDir(), 'a.bak');
    writeFileSync(manifestPathOf(file), JSON.stringify({ ...GOOD, schema: 'x' }));
    await expect(readManifest(file)).rejects.toThrow(/a\.bak\.manifest\.json: the schema is "x"/);
    writeFileSync(manifestPathOf(file), JSON.stringify({ ...GOOD, size: '12' }));
    await expect(readManifest(file)).rejects.toThrow(/a\.bak\.manifest\.json: "size" must be a whole number/);
  });

  it('a BOM (a manifest saved by Notepad) is accepted', async () => {
    const file = path.join(tempDir(), 'a.bak');
    writeFileSync(manifestPathOf(file), `\uFEFF${JSON.stringify(GOOD)}`);
    expect(await readManifest(file)).toEqual(GOOD);
  });

  it('a folder where the manifest should be: kind "unreadable"', async () => {
    const file = path.join(tempDir(), 'a.bak');
    mkdirSync(manifestPathOf(file));
    const error = (await readManifest(file).catch((e: unknown) => e)) as ManifestError;
    expect(error.kind).toBe('unreadable');
    expect(error.message).toMatch(/is not a file/);
  });
});
