/**
 * Which build of sso-backup the end-to-end tests run, chosen by SSO_BACKUP_TEST_TARGET (set by vitest.config.ts
 * for each project, never by production code):
 *   dist    Node running the TypeScript build, dist/bin/sso-backup.js (the default)
 *   bundle  Node running the single-file CommonJS bundle that goes into the exe, build/bundle/sso-backup.cjs
 *   sea     the Linux single executable built the same way as the Windows exe, build/sea/linux-x64/sso-backup
 * The same tests run against each; a simulated machine's ssoconfig.exe is played by the same target.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SimulatorLauncher } from '../../src/simulator/machine-layout.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

export type TargetName = 'dist' | 'bundle' | 'sea';

export interface CliTarget {
  name: TargetName;
  /** The program to start, and the arguments before sso-backup's own. */
  command: string;
  args: string[];
  /** What to build when it is missing. */
  builtBy: string;
  /** The file that must exist. */
  file: string;
  /** The version of Node.js it runs on. */
  node: string;
}

const runtime = JSON.parse(readFileSync(path.join(ROOT, 'packaging', 'runtime.json'), 'utf8')) as { version: string };
export const TOOL_VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export function cliTarget(name: string | undefined = process.env['SSO_BACKUP_TEST_TARGET']): CliTarget {
  switch (name ?? 'dist') {
    case 'dist': {
      const file = path.join(ROOT, 'dist', 'bin', 'sso-backup.js');
      return { name: 'dist', command: process.execPath, args: [file], file, builtBy: 'npm run build', node: process.versions.node };
    }
    case 'bundle': {
      const file = path.join(ROOT, 'build', 'bundle', 'sso-backup.cjs');
      return { name: 'bundle', command: process.execPath, args: [file], file, builtBy: 'npm run bundle', node: process.versions.node };
    }
    case 'sea': {
      const file = path.join(ROOT, 'build', 'sea', 'linux-x64', 'sso-backup');
      return { name: 'sea', command: file, args: [], file, builtBy: 'npm run package:linux', node: runtime.version };
    }
    default:
      throw new Error(`SSO_BACKUP_TEST_TARGET=${name}: expected dist, bundle or sea.`);
  }
}

export const TARGET = cliTarget();

/** The newest modification time of the files below a folder. */
function newestBelow(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const stats = statSync(path.join(dir, entry));
    if (stats.isFile()) newest = Math.max(newest, stats.mtimeMs);
  }
  return newest;
}

let checked = false;

/** The command and arguments that run sso-backup with `args`, on the target under test. */
export function cli(...args: string[]): [string, string[]] {
  if (!checked) {
    if (!existsSync(TARGET.file)) throw new Error(`${TARGET.file} is missing: run \`${TARGET.builtBy}\` (npm test does).`);
    // A build older than the sources would test yesterday's code: refuse it rather than pass on it.
    const sources = Math.max(newestBelow(path.join(ROOT, 'src')), TARGET.name === 'dist' ? 0 : newestBelow(path.join(ROOT, 'packaging')));
    if (statSync(TARGET.file).mtimeMs < sources) throw new Error(`${TARGET.file} is older than the sources: run \`${TARGET.builtBy}\` (npm test does).`);
    checked = true;
  }
  return [TARGET.command, [...TARGET.args, ...args]];
}

/** The target playing a simulated machine's ssoconfig.exe, as its own `simulator create` would make it. */
export function targetLauncher(): SimulatorLauncher {
  const [command, args] = cli('simulator', 'ssoconfig');
  return { kind: 'script', command, args };
}
