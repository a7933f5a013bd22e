/**
 * decideSkip (--if-older-than) against a real simulated machine, with backups made in the simulator's format and
 * their receipt and manifest written as the flow writes them, and an injected clock. Skipped only for a
 * verified backup of this host, newer than the duration, with no master secret generated since (event 10525).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENTSSO_EVENTS } from '../../src/entsso/facts.js';
import { decideSkip } from '../../src/flow/steps/skip-if-recent.js';
import type { Machine } from '../../src/machine/machine.js';
import { SimulatedMachine } from '../../src/machine/simulated-machine.js';
import { buildManifest, writeManifest } from '../../src/receipts/manifest.js';
import { writeReceipt } from '../../src/receipts/receipt.js';
import { defaultBackupFileName } from '../../src/rules/backup-path.js';
import { encryptBackup } from '../../src/simulator/backup-file.js';
import { appendEvent } from '../../src/simulator/event-log.js';
import { generateSecret } from '../../src/simulator/generate-secret.js';
import { readMachineState } from '../../src/simulator/machine-state.js';
import { makeMachine, type TestMachine } from '../support/machine.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const THIRTY_DAYS = 30 * DAY;
const NOW = new Date('2026-11-22T10:00:00.000Z');
const REMINDER = 'blue folder, second shelf';

/** A backup of the machine's secret made at `createdAt`, with its receipt and manifest, as the flow leaves them. */
async function backedUp(test: TestMachine, createdAt: Date, options: { host?: string; name?: string } = {}): Promise<{ file: string; sha256: string }> {
  const state = readMachineState(test.dir);
  const file = test.backupFile(options.name ?? defaultBackupFileName(state.computerName, createdAt));
  writeFileSync(file, encryptBackup({ secretKey: state.secret.key, msid: state.secret.msid, reminder: REMINDER, password: 'correct horse battery', createdAt }));
  const receipt = await writeReceipt(file);
  const manifest = buildManifest({
    file,
    size: receipt.size,
    sha256: receipt.sha256,
    createdAt,
    host: options.host ?? state.computerName,
    user: state.user,
    entsso: { version: state.entsso.productVersion, installDir: test.installDir, masterSecretServer: state.masterSecretServer },
    reminder: REMINDER,
    toolVersion: '0.1.0',
    pathFlavor: 'posix',
  });
  await writeManifest(file, manifest);
  return { file, sha256: receipt.sha256 };
}

function setUp(): { test: TestMachine; machine: SimulatedMachine } {
  const test = makeMachine();
  return { test, machine: new SimulatedMachine(test.dir) };
}

const at = (now: Date) => () => now;

/** The simulated machine with an Application log that cannot be read. */
function withoutEventLog(machine: Machine): Machine {
  return new Proxy(machine, {
    get: (target, key, receiver) => (key === 'events' ? async () => undefined : Reflect.get(target, key, receiver)),
  });
}

describe('decideSkip', () => {
  it('no backup in the folder: not skipped, saying so', async () => {
    const { test, machine } = setUp();
    const decision = await decideSkip({ machine, now: at(NOW) }, test.backupsDir, 'SSOSIM01', THIRTY_DAYS);
    expect(decision).toEqual({ skip: false, why: `there is no verified backup of SSOSIM01 made by sso-backup in ${test.backupsDir}` });
  });

  it('a verified backup newer than the duration, no secret since: skipped, with its facts', async () => {
    const { test, machine } = setUp();
    const made = new Date(NOW.getTime() - 3 * DAY - 4 * HOUR);
    const { file, sha256 } = await backedUp(test, made);

    const decision = await decideSkip({ machine, now: at(NOW) }, test.backupsDir, 'SSOSIM01', THIRTY_DAYS);

    expect(decision).toEqual({
      skip: true,
      facts: {
        reason: `A verified backup of SSOSIM01 made 3 days 4 hours ago is in ${test.backupsDir}, newer than --if-older-than 30 days, and no master secret was generated since (no event 10525).`,
        existing: { file, createdAt: made.toISOString(), sha256 },
      },
    });
  });

  it('the host is compared without regard to case', async () => {
    const { test, machine } = setUp();
    await backedUp(test, new Date(NOW.getTime() - DAY));
    expect((await decideSkip({ machine, now: at(NOW) }, test.backupsDir, 'ssosim01', THIRTY_DAYS)).skip).toBe(true);
  });

  it('older than the duration: not skipped, with its age', async () => {
    const { test, machine } = setUp();
    const { file } = await backedUp(test, new Date(NOW.getTime() - 31 * DAY));
    const decision = await decideSkip({ machine, now: at(NOW) }, test.backupsDir, 'SSOSIM01', THIRTY_DAYS);
    expect(decision).toEqual({ skip: false, why: `the newest verified backup, ${file}, is 31 days old (--if-older-than 30 days)` });
  });

  it('a 10525 event after the backup: not skipped, the event\'s time in why', async () => {
    const { test, machine } = setUp();
    const made = new Date(NOW.getTime() - 2 * DAY);
    const { file } = await backedUp(test, made);
    const generatedAt = new Date(made.getTime() + HOUR).toISOString();
    appendEvent(test.dir, { time: generatedAt, log: 'Application', source: ENTSSO_EVENTS.source, id: ENTSSO_EVENTS.secretGenerated, level: 'Information', message: 'A new master secret was generated.', data: {} });

    const decision = await decideSkip({ machine, now: at(NOW) }, test.backupsDir, 'SSOSIM01', THIRTY_DAYS);

    expect(decision).toEqual({ skip: false, why: `a new master secret was generated at ${generatedAt} (event 10525), after the newest backup ${file}` });
  });

  it('a secret generated by the simulator after the backup: not skipped', async () => {
    const { test, machine } = setUp();
    const realNow = new Date();
    await backedUp(test, new Date(realNow.getTime() - HOUR));
    const { event } = generateSecret(test.dir);

    const decision = await decideSkip({ machine, now: () => new Date() }, test.backupsDir, 'SSOSIM01', THIRTY_DAYS);

    expect(decision.skip).toBe(false);
    expect(!decision.skip && decision.why).toContain(`generated at ${event.time} (event 10525)`);
  });

  it('a 10525 event before the backup does not count', async () => {
    const { test, machine } = setUp();
    const made = new Date(NOW.getTime() - 2 * DAY);
    appendEvent(test.dir, { time: new Date(made.getTime() - HOUR).toISOString(), log: 'Application', source: ENTSSO_EVENTS.source, id: ENTSSO_EVENTS.secretGenerated, level: 'Information', message: 'A new master secret was generated.', data: {} });
    await backedUp(test, made);
    expect((await decideSkip({ machine, now: at(NOW) }, test.backupsDir, 'SSOSIM01', THIRTY_DAYS)).skip).toBe(true);
  });

  it('the Application log cannot be read: not skipped, because a new secret cannot be ruled out', async () => {
    const { test, machine } = setUp();
    await backedUp(test, new Date(NOW.getTime() - DAY));
    const decision = await decideSkip({ machine: withoutEventLog(machine), now: at(NOW) }, test.backupsDir, 'SSOSIM01', THIRTY_DAYS);
    expect(decision).toEqual({
      skip: false,
      why: 'the Application log could not be read, so a master secret generated since the last backup (event 10525) cannot be ruled out',
    });
  });

  it('a backup whose manifest names another host is not this host\'s', async () => {
    const { test, machine } = setUp();
    await backedUp(test, new Date(NOW.getTime() - DAY), { host: 'BTS02' });
    const decision = await decideSkip({ machine, now: at(NOW) }, test.backupsDir, 'SSOSIM01', THIRTY_DAYS);
    expect(decision).toEqual({ skip: false, why: `there is no verified backup of SSOSIM01 made by sso-backup in ${test.backupsDir}` });
  });

  it.each([
    ['named newest first', 'A-newer.bak', 'B-older.bak'],
    ['named newest last', 'B-newer.bak', 'A-older.bak'],
  ])('two backups (%s): the newest is the one reported', async (_order, newerName, olderName) => {
    const { test, machine } = setUp();
    await backedUp(test, new Date(NOW.getTime() - 3 * DAY), { name: olderName });
    const newer = await backedUp(test, new Date(NOW.getTime() - DAY), { name: newerName });
    const decision = await decideSkip({ machine, now: at(NOW) }, test.backupsDir, 'SSOSIM01', THIRTY_DAYS);
    expect(decision.skip && decision.facts.existing).toEqual({ file: newer.file, createdAt: new Date(NOW.getTime() - DAY).toISOString(), sha256: newer.sha256 });
  });

  it('a recent backup whose file no longer matches its receipt: not skipped', async () => {
    const { test, machine } = setUp();
    const { file } = await backedUp(test, new Date(NOW.getTime() - DAY));
    writeFileSync(file, 'damaged\n');
    const decision = await decideSkip({ machine, now: at(NOW) }, test.backupsDir, 'SSOSIM01', THIRTY_DAYS);
    expect(decision).toEqual({ skip: false, why: `there is no verified backup of SSOSIM01 made by sso-backup in ${test.backupsDir}` });
  });

  it('a damaged newest backup does not hide an older verified one', async () => {
    const { test, machine } = setUp();
    const older = await backedUp(test, new Date(NOW.getTime() - 3 * DAY));
    const newer = await backedUp(test, new Date(NOW.getTime() - DAY));
    writeFileSync(newer.file, 'damaged\n');
    const decision = await decideSkip({ machine, now: at(NOW) }, test.backupsDir, 'SSOSIM01', THIRTY_DAYS);
    expect(decision.skip && path.basename(decision.facts.existing.file)).toBe(path.basename(older.file));
  });

  it('a folder that does not exist: not skipped', async () => {
    const { test, machine } = setUp();
    const folder = path.join(test.dir, 'no-such-folder');
    const decision = await decideSkip({ machine, now: at(NOW) }, folder, 'SSOSIM01', THIRTY_DAYS);
    expect(decision).toEqual({ skip: false, why: `there is no verified backup of SSOSIM01 made by sso-backup in ${folder}` });
  });
});
