/**
 * verifyBackupFile against a real simulated machine: the backup is made with the simulator's own format
 * (encryptBackup, with the machine's secret), the receipt and the manifest are written as a backup writes them,
 * then the file is damaged in the ways a copy meets: cut short, a byte changed, the receipt lost, a manifest of
 * another backup beside it.
 */
import { readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Machine } from '../../src/machine/machine.js';
import { OtherHost } from '../../src/machine/other-host.js';
import { SimulatedMachine } from '../../src/machine/simulated-machine.js';
import { buildManifest, manifestPathOf, writeManifest, type Manifest } from '../../src/receipts/manifest.js';
import { receiptPathOf, writeReceipt } from '../../src/receipts/receipt.js';
import { verifyBackupFile } from '../../src/receipts/verify-file.js';
import { encryptBackup } from '../../src/simulator/backup-file.js';
import { readMachineState } from '../../src/simulator/machine-state.js';
import { SIMULATED_REMINDER_HOW } from '../../src/simulator/reminder-reading.js';
import { makeMachine, type TestMachine } from '../support/machine.js';

const REMINDER = 'blue folder, second shelf';
const MADE = new Date('2026-11-22T10:15:00.000Z');
const NOW = new Date('2026-11-25T10:15:00.000Z');

interface Made {
  test: TestMachine;
  machine: SimulatedMachine;
  file: string;
  manifest: Manifest;
}

/** A simulated machine with one backup of its secret, its receipt and its manifest, as a backup leaves them. */
async function backedUp(options: { manifest?: boolean } = {}): Promise<Made> {
  const test = makeMachine();
  const machine = new SimulatedMachine(test.dir);
  const state = readMachineState(test.dir);
  const file = test.backupFile('SSO-SSOSIM01-20261122-101500.bak');
  writeFileSync(file, encryptBackup({ secretKey: state.secret.key, msid: state.secret.msid, reminder: REMINDER, password: 'correct horse battery', createdAt: MADE }));
  const receipt = await writeReceipt(file);
  const names = await machine.names();
  const manifest = buildManifest({
    file,
    size: receipt.size,
    sha256: receipt.sha256,
    createdAt: MADE,
    host: names.host,
    user: state.user,
    entsso: { version: state.entsso.productVersion, installDir: test.installDir, masterSecretServer: state.masterSecretServer },
    reminder: REMINDER,
    vaultNote: 'KeePass: BizTalk/SSO/SSOSIM01',
    toolVersion: '0.1.0',
    pathFlavor: 'posix',
  });
  if (options.manifest !== false) await writeManifest(file, manifest);
  return { test, machine, file, manifest };
}

const verify = (file: string, machine: Machine) => verifyBackupFile(file, { machine, now: () => NOW });

describe('verifyBackupFile on a simulated machine', () => {
  it('a good backup: ok, with its facts, the reminder read back from the file and its age from the manifest', async () => {
    const { machine, file, manifest } = await backedUp();
    const v = await verify(file, machine);

    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.file).toBe(file);
    expect(v.size).toBe(statSync(file).size);
    expect(v.sha256).toBe(manifest.sha256);
    expect(v.receipt).toEqual({ file: receiptPathOf(file), sha256: manifest.sha256, name: path.basename(file) });
    expect(v.manifest).toEqual(manifest);
    expect(v.manifestProblem).toBeUndefined();
    expect(v.reminder).toEqual({ ok: true, reminder: REMINDER, how: SIMULATED_REMINDER_HOW });
    expect(v.createdAt).toBe('2026-11-22T10:15:00.000Z');
    expect(v.createdAtSource).toBe('manifest');
    expect(v.ageDays).toBe(3);
    expect(v.notes).toEqual(['It was made 3 days ago, at 2026-11-22T10:15:00.000Z (manifest).']);
  });

  it('cut short: not ok, the hash differs from the receipt and the size from the manifest', async () => {
    const { machine, file, manifest } = await backedUp();
    truncateSync(file, manifest.size - 100);
    const v = await verify(file, machine);

    expect(v.ok).toBe(false);
    expect(v.receipt.problem).toBe('the SHA-256 differs from the receipt');
    expect(v.problems).toEqual([
      `The file's SHA-256 differs from its receipt's (${manifest.sha256}): the file was changed after the receipt was written (cut short, damaged or tampered with).`,
      `The file is ${manifest.size - 100} bytes; its manifest says ${manifest.size} (100 bytes shorter: cut short?).`,
      `The file's SHA-256 differs from its manifest's (${manifest.sha256}).`,
      expect.stringMatching(/^The file is not a readable simulator backup: Not a readable simulator backup file: it is not JSON/),
    ]);
  });

  it('one byte changed: not ok on the hash, though the size and the reminder are the same', async () => {
    const { machine, file } = await backedUp();
    const bytes = readFileSync(file);
    const at = bytes.indexOf('"ciphertext": "') + 20;
    bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41; // still base64, still JSON: only the hash can tell
    writeFileSync(file, bytes);
    const v = await verify(file, machine);

    expect(v.ok).toBe(false);
    expect(v.reminder).toMatchObject({ ok: true, reminder: REMINDER });
    expect(v.problems).toHaveLength(2);
    expect(v.problems[0]).toMatch(/^The file's SHA-256 differs from its receipt's/);
    expect(v.problems[1]).toMatch(/^The file's SHA-256 differs from its manifest's/);
  });

  it('the receipt missing: not ok, saying where it was looked for', async () => {
    const { machine, file } = await backedUp();
    rmSync(receiptPathOf(file));
    const v = await verify(file, machine);

    expect(v.ok).toBe(false);
    expect(v.receipt).toEqual({ file: receiptPathOf(file), problem: `there is no receipt: ${receiptPathOf(file)} does not exist` });
    expect(v.problems).toEqual([
      `The receipt cannot be used: there is no receipt: ${receiptPathOf(file)} does not exist. Without it, nothing shows that this file is the one that was made.`,
    ]);
  });

  it('a receipt of another file: not ok', async () => {
    const { machine, file, manifest } = await backedUp();
    writeFileSync(receiptPathOf(file), `${manifest.sha256}  SSO-SSOSIM01-20261001-090000.bak\n`);
    const v = await verify(file, machine);
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([`The receipt ${receiptPathOf(file)} names another file, "SSO-SSOSIM01-20261001-090000.bak", not "${path.basename(file)}".`]);
  });

  it("the manifest's reminder differs from the file's: not ok", async () => {
    const { machine, file, manifest } = await backedUp();
    await writeManifest(file, { ...manifest, reminder: 'the green folder' });
    const v = await verify(file, machine);

    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([
      `The reminder read from the file ("${REMINDER}") differs from the manifest's ("the green folder"): the manifest belongs to another backup, or one of them was changed.`,
    ]);
  });

  it("on Windows, a reminder given back changed is a note, as in the backup itself (what the API returns is unconfirmed)", async () => {
    const { machine, file } = await backedUp();
    const windows = new Proxy(machine, {
      get: (target, key) => (key === 'remindersReadExactly' ? false : key === 'backupReminder' ? () => Promise.resolve({ ok: true, reminder: `${REMINDER} `, how: 'test' }) : (Reflect.get(target, key) as unknown)),
    }) as unknown as Machine;
    const v = await verify(file, windows);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.notes.join(' ')).toMatch(/differs from the manifest's .*Windows may give the reminder back changed; the SHA-256 matches/);
  });

  it('a manifest that is not valid: not ok, with the reason', async () => {
    const { machine, file, manifest } = await backedUp();
    writeFileSync(manifestPathOf(file), JSON.stringify({ ...manifest, sha256: 42 }));
    const v = await verify(file, machine);
    expect(v.ok).toBe(false);
    expect(v.manifest).toBeUndefined();
    expect(v.manifestProblem).toBe(`${manifestPathOf(file)}: "sha256" must be a string (it is a number)`);
    expect(v.problems).toEqual([`The manifest cannot be used: ${manifestPathOf(file)}: "sha256" must be a string (it is a number).`]);
  });

  it('a manifest naming another file: not ok', async () => {
    const { machine, file, manifest } = await backedUp();
    await writeManifest(file, { ...manifest, file: 'other.bak' });
    const v = await verify(file, machine);
    expect(v.problems).toEqual([`The manifest names another file, "other.bak", not "${path.basename(file)}".`]);
  });

  it('no manifest: ok, with a note, the age from the file itself and the reminder still read from it', async () => {
    const { machine, file } = await backedUp({ manifest: false });
    const v = await verify(file, machine);

    expect(v.ok).toBe(true);
    expect(v.problems).toEqual([]);
    expect(v.manifest).toBeUndefined();
    expect(v.reminder).toMatchObject({ ok: true, reminder: REMINDER });
    expect(v.createdAtSource).toBe('file modification time');
    expect(v.createdAt).toBe(statSync(file).mtime.toISOString());
    expect(v.notes[0]).toBe(
      `No manifest (${manifestPathOf(file)}): the file was perhaps made by hand or by an older sso-backup, so when and where it was made and its reminder are not on record.`,
    );
    expect(v.notes[1]).toMatch(/^It was made .* \(file modification time\)\./);
  });

  it('not a simulator backup, though its receipt matches: not ok on the simulated machine', async () => {
    const { test, machine } = await backedUp();
    const file = test.backupFile('notes.bak');
    writeFileSync(file, 'these are not the backups you are looking for\n');
    await writeReceipt(file);
    const v = await verify(file, machine);
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([expect.stringMatching(/^The file is not a readable simulator backup: Not a readable simulator backup file: it is not JSON/)]);
    expect(v.notes[0]).toMatch(/^No manifest/);
  });

  it('missing, empty, a folder: not ok', async () => {
    const { test, machine } = await backedUp();
    const missing = test.backupFile('missing.bak');
    expect(await verify(missing, machine)).toMatchObject({ ok: false, problems: [`${missing} does not exist.`] });
    expect(await verify(test.backupsDir, machine)).toMatchObject({ ok: false, problems: [`${test.backupsDir} is not a file.`] });
    const empty = test.backupFile('empty.bak');
    writeFileSync(empty, '');
    await writeReceipt(empty);
    const v = await verify(empty, machine);
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([`${empty} is empty: no backup is in it.`]);
    expect(v.reminder).toBeUndefined();
  });

  it('old: a note says so, still ok', async () => {
    const { machine, file } = await backedUp();
    const v = await verifyBackupFile(file, { machine, now: () => new Date('2027-01-22T10:15:00.000Z') });
    expect(v.ok).toBe(true);
    expect(v.ageDays).toBe(61);
    expect(v.notes).toEqual([
      'It was made 61 days ago, at 2026-11-22T10:15:00.000Z (manifest). Back up again regularly (monthly is the usual advice) and after every new master secret.',
    ]);
  });
});

describe('verifyBackupFile on a host without ENTSSO', () => {
  it('reads a simulator backup all the same', async () => {
    const { file } = await backedUp();
    const v = await verify(file, new OtherHost());
    expect(v.ok).toBe(true);
    expect(v.reminder).toMatchObject({ ok: true, reminder: REMINDER });
  });

  it("another file's reminder cannot be read here: a note, not a problem", async () => {
    const { test } = await backedUp();
    const file = test.backupFile('real-entsso.bak');
    writeFileSync(file, Buffer.from([0x01, 0x02, 0x03, 0xff]));
    await writeReceipt(file);
    const v = await verify(file, new OtherHost());
    expect(v.ok).toBe(true);
    expect(v.reminder?.ok).toBe(false);
    expect(v.notes).toContainEqual(expect.stringMatching(/^The reminder could not be read from the file on this machine: .*only on Windows with ENTSSO installed\.$/));
  });
});
