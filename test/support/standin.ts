/** An install directory whose ssoconfig.exe is one of the stand-ins in test/fixtures/standins. */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './machine.js';

const STANDINS = path.resolve(import.meta.dirname, '../fixtures/standins');

export function standInInstallDir(name: string): { installDir: string; backupFile: string } {
  const root = tempDir();
  const installDir = path.join(root, 'Enterprise Single Sign-On');
  mkdirSync(installDir);
  const script = path.join(STANDINS, `${name}.mjs`);
  const launcher = path.join(installDir, 'ssoconfig.exe');
  writeFileSync(launcher, `#!/bin/sh\nexec '${process.execPath}' '${script}' "$@"\n`);
  chmodSync(launcher, 0o755);
  return { installDir, backupFile: path.join(root, 'backup.bak') };
}
