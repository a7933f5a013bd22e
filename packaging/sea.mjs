#!/usr/bin/env node
// A Node.js single executable application (SEA) of sso-backup, built on this Linux machine for Linux or Windows:
//
//   node packaging/sea.mjs linux-x64   -> build/sea/linux-x64/sso-backup
//   node packaging/sea.mjs win-x64     -> build/sea/win-x64/sso-backup.exe
//
// The steps (Node's "Single executable applications" documentation, cross-building from Linux):
//  1. the bundle (packaging/bundle.mjs): one CommonJS file;
//  2. the official Node binary of the version in runtime.json, from its npm package (npm pack, integrity checked);
//  3. the SEA blob, made by the Linux Node binary of exactly that version (the blob format belongs to the version),
//     with the V8 code cache and the startup snapshot off: both are specific to the platform that makes them, and
//     the Windows blob is made on Linux. The Linux SEA is built the same way, so that it tests what Windows gets;
//  4. Windows only: the signature of node.exe removed (pe-signature.mjs, byte for byte what `osslsigncode
//     remove-signature` writes): injecting the blob would break it anyway, and a broken signature is worse than
//     none. Signing is left to the user's organisation (docs/packaging.md);
//  5. the blob injected as the NODE_SEA_BLOB resource (PE) or section (ELF) with postject, flipping Node's fuse.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundle, CHUNKS } from './bundle.mjs';
import { filesBelow } from './files.mjs';
import { removeSignature } from './pe-signature.mjs';

const root = path.resolve(import.meta.dirname, '..');
export const RUNTIME = JSON.parse(readFileSync(path.join(import.meta.dirname, 'runtime.json'), 'utf8'));
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const CACHE = path.join(root, 'build', 'cache');

export const seaExecutable = (target) => path.join(root, 'build', 'sea', target, target.startsWith('win') ? 'sso-backup.exe' : 'sso-backup');

const POSTJECT_CLI = path.join(root, 'node_modules', 'postject', 'dist', 'cli.js');

/** Runs a build step; its output is shown only when it fails. */
function quietly(command, args) {
  try {
    execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    fail(`${path.basename(command)} ${args.join(' ')} failed (${error.status === null ? error.signal : `exit ${error.status}`}).`, 'Read its output above.');
  }
}

function fail(what, next) {
  const error = new Error(`${what}\n  next: ${next}`);
  error.packaging = true;
  throw error;
}

/** The Node binary for `target`, unpacked from its npm package into build/cache (fetched once), checked every build. */
export function nodeBinary(target) {
  const spec = RUNTIME.packages[target];
  if (!spec) fail(`No Node.js package is known for ${target}.`, `Use one of: ${Object.keys(RUNTIME.packages).join(', ')}.`);
  const tarball = path.join(CACHE, `${spec.name}-${RUNTIME.version}.tgz`);
  const unpacked = path.join(CACHE, `${spec.name}-${RUNTIME.version}`);
  const binary = path.join(unpacked, spec.binary);
  const binaryIsRight = () => existsSync(binary) && createHash('sha256').update(readFileSync(binary)).digest('hex') === spec.binarySha256;
  if (binaryIsRight()) return binary;
  mkdirSync(CACHE, { recursive: true });
  if (!existsSync(tarball)) {
    try {
      execFileSync('npm', ['pack', `${spec.name}@${RUNTIME.version}`, '--pack-destination', CACHE, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
    } catch {
      fail(`npm could not fetch ${spec.name}@${RUNTIME.version}.`, 'Check that the npm registry can be reached (npm ping), then run the command again.');
    }
  }
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (integrity !== spec.integrity) {
    rmSync(tarball, { force: true });
    fail(`${path.basename(tarball)} does not match the integrity in packaging/runtime.json; it was deleted.`, 'Run the command again; if it fails again, do not use the package: find out why it changed.');
  }
  // Unpacked beside, then renamed: an interrupted unpack never leaves a truncated binary where a build looks.
  const partial = `${unpacked}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', partial, spec.binary]);
  rmSync(unpacked, { recursive: true, force: true });
  renameSync(partial, unpacked);
  if (!binaryIsRight()) fail(`${binary} does not match binarySha256 in packaging/runtime.json.`, 'Delete build/cache and run the command again; if it fails again, find out why the binary changed.');
  return binary;
}

export function nodePtyFiles(target) {
  const base = path.join(root, 'node_modules', 'node-pty');
  const files = ['package.json', 'LICENSE', ...filesBelow(base, 'lib', (rel) => rel.endsWith('.js') && !rel.endsWith('.test.js'))];
  // Windows: ConPTY (conpty.node, conpty/) and winpty (pty.node, winpty-agent.exe, winpty.dll), without their debug
  // symbols (.pdb, some 30 MB). Linux: the addon built by npm ci.
  const binaries = target === 'win-x64' ? 'prebuilds/win32-x64' : 'build/Release';
  if (!existsSync(path.join(base, binaries))) fail(`${path.join(base, binaries)} is missing.`, 'Run npm ci (it builds node-pty, and installs its Windows prebuilds).');
  files.push(...filesBelow(base, binaries, (rel) => !rel.endsWith('.pdb') && (target === 'win-x64' || rel.endsWith('.node'))));
  return { base, files };
}

/**
 * Copies node-pty beside the executable and returns the SHA-256 of every file: the manifest built into the exe,
 * which checks each file before node-pty is loaded (packaging/bundle.mjs, the banner's loader).
 */
function stageNodePty(target, dir) {
  const { base, files } = nodePtyFiles(target);
  const manifest = {};
  for (const rel of files) {
    const to = path.join(dir, 'node_modules', 'node-pty', rel);
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(path.join(base, rel), to);
    manifest[rel] = createHash('sha256').update(readFileSync(to)).digest('hex');
  }
  return manifest;
}

export async function buildSea(target) {
  const bundleFile = await bundle();
  const linuxNode = nodeBinary('linux-x64');
  const baseNode = nodeBinary(target);
  const out = seaExecutable(target);
  const dir = path.dirname(out);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const manifestFile = path.join(dir, 'node-pty.json');
  writeFileSync(manifestFile, JSON.stringify(stageNodePty(target, dir), null, 2));

  const blob = path.join(dir, 'sea-prep.blob');
  const config = path.join(dir, 'sea-config.json');
  writeFileSync(
    config,
    JSON.stringify({ main: bundleFile, output: blob, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false, assets: { ...CHUNKS, 'node-pty.json': manifestFile } }, null, 2),
  );
  quietly(linuxNode, ['--experimental-sea-config', config]);

  if (target.startsWith('win')) {
    writeFileSync(out, removeSignature(readFileSync(baseNode)));
  } else {
    copyFileSync(baseNode, out);
  }
  chmodSync(out, 0o755);
  // postject's own command line, in a child: its ELF library prints harmless warnings that would bury the result.
  quietly(process.execPath, [POSTJECT_CLI, out, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE]);
  rmSync(blob);
  rmSync(config);
  rmSync(manifestFile);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const target = process.argv[2] ?? 'linux-x64';
  try {
    const file = await buildSea(target);
    process.stdout.write(`sea: ${path.relative(process.cwd(), file)} (Node.js ${RUNTIME.version}, ${target})\n`);
  } catch (error) {
    if (!error.packaging) throw error;
    process.stderr.write(`sea: ${error.message}\n`);
    process.exitCode = 1;
  }
}
