/**
 * `sso-backup verify <file>` as built (dist/bin/sso-backup.js; `npm run build` first), run without a terminal
 * as a runbook would: exit 0 for a whole backup, 4 for one cut short or changed, 2 for a usage error; the
 * report shows the hash and the reminder read back from the file. Without --sso-dir on Linux the machine is a
 * host without ENTSSO, which still reads simulator files; with --sso-dir it is the simulated machine.
 */
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { buildManifest, writeManifest } from '../../src/receipts/manifest.js';
import { writeReceipt } from '../../src/receipts/receipt.js';
import { encryptBackup } from '../../src/simulator/backup-file.js';
import { makeMachine, tempDir } from '../support/machine.js';
import { cli } from '../support/target.js';

const REMINDER = 'blue folder, second shelf';

/** A simulator backup with its receipt and manifest in `dir`. */
async function backup(dir: string, name = 'SSO-SSOSIM01-20261122-101500.bak'): Promise<{ file: string; sha256: string; size: number }> {
  const file = path.join(dir, name);
  writeFileSync(file, encryptBackup({ secretKey: 'k'.repeat(44), msid: '{5C6A3B02-7A6E-4B5B-9E0D-2D1C9E5F1A11}', reminder: REMINDER, password: 'correct horse battery' }));
  const receipt = await writeReceipt(file);
  await writeManifest(
    file,
    buildManifest({
      file,
      size: receipt.size,
      sha256: receipt.sha256,
      createdAt: new Date(),
      host: 'SSOSIM01',
      user: 'CONTOSO\\btsadmin',
      entsso: { installDir: '/opt/entsso' },
      reminder: REMINDER,
      toolVersion: '0.1.0',
      pathFlavor: 'posix',
    }),
  );
  return { file, sha256: receipt.sha256, size: receipt.size };
}

/** The built CLI, no terminal (stdin ignored, output piped), no colours. */
function sso(args: string[]) {
  return execa(...cli(...args), { reject: false, stdin: 'ignore', env: { NO_COLOR: '1' }, timeout: 20_000 });
}

describe('sso-backup verify (built CLI, no terminal)', () => {
  it('a whole backup: exit 0; the SHA-256, the receipt match and the reminder read from the file', async () => {
    const { file, sha256, size } = await backup(tempDir());
    const run = await sso(['verify', file]);

    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`Verifying ${file}`);
    expect(run.stdout).toContain(`${size} bytes`);
    expect(run.stdout).toContain(`SHA-256   ${sha256}`);
    expect(run.stdout).toContain('matches the receipt');
    expect(run.stdout).toContain(`reminder  "${REMINDER}"`);
    expect(run.stdout).toContain('read from the simulated backup file');
    expect(run.stdout).toContain('Verified:');
    expect(run.stdout).toContain('only a restore does');
    expect(run.stdout).not.toContain('\u001b['); // no colours without a terminal
  });

  it('a relative path is taken from the working directory', async () => {
    const dir = tempDir();
    await backup(dir, 'rel.bak');
    const run = await execa(...cli('verify', 'rel.bak'), { reject: false, stdin: 'ignore', cwd: dir, env: { NO_COLOR: '1' } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`Verifying ${path.join(dir, 'rel.bak')}`);
  });

  it('cut short: exit 4, the hash problem shown', async () => {
    const { file, size } = await backup(tempDir());
    truncateSync(file, size - 50);
    const run = await sso(['verify', file]);

    expect(run.exitCode).toBe(4);
    expect(run.stdout).toContain("The file's SHA-256 differs from its receipt's");
    expect(run.stdout).toContain('50 bytes shorter: cut short?');
    expect(run.stdout).toContain('NOT verified');
  });

  it('one byte changed: exit 4', async () => {
    const { file } = await backup(tempDir());
    const bytes = readFileSync(file);
    const at = bytes.indexOf('"ciphertext": "') + 20;
    bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
    writeFileSync(file, bytes);
    const run = await sso(['verify', file]);

    expect(run.exitCode).toBe(4);
    expect(run.stdout).toContain("The file's SHA-256 differs from its receipt's");
    expect(run.stdout).toContain(`reminder  "${REMINDER}"`);
  });

  it('on a simulated machine (--sso-dir): exit 0 for its backup', async () => {
    const machine = makeMachine();
    const { file } = await backup(machine.backupsDir);
    const run = await sso(['verify', file, '--sso-dir', machine.installDir]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`reminder  "${REMINDER}"`);
  });

  it('usage errors: exit 2 without a file, with two files, with an unknown option', async () => {
    const none = await sso(['verify']);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('"verify" needs the backup file to check.');
    expect(none.stdout).toBe('');

    const two = await sso(['verify', 'a.bak', 'b.bak']);
    expect(two.exitCode).toBe(2);
    expect(two.stderr).toContain('"verify" checks one file, and was given 2.');

    const unknown = await sso(['verify', 'a.bak', '--nope']);
    expect(unknown.exitCode).toBe(2);
  });

  it('--help lists verify', async () => {
    const run = await sso(['--help']);
    expect(run.stdout).toContain('sso-backup verify <file> [--sso-dir <dir>]');
  });
});
