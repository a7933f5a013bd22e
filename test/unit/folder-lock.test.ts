/** The backup folder's lock (src/flow/steps/folder-lock.ts): one run per host and folder, stale locks taken over. */
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { folderBusy, FolderBusyError, lockFileOf, lockFolder, type LockDeps } from '../../src/flow/steps/folder-lock.js';
import { tempDir } from '../support/machine.js';

const folder = tempDir;

const HOLDER = { host: 'BTS01', user: 'CONTOSO\\btsadmin', file: 'D:\\Backups\\SSO-BTS01-20261122-101500.bak', tool: 'sso-backup' };
/** A process `pid` on a machine where `running` are the live processes, at `now`. */
const deps = (pid: number, running: number[] = [pid], now = new Date(), bootTime = new Date(0)): LockDeps => ({
  pid,
  isRunning: (p) => running.includes(p),
  now: () => now,
  bootTime: () => bootTime,
});

describe('lockFolder', () => {
  it('names the lock after the host as the backup names write it', () => {
    expect(path.basename(lockFileOf('/x', 'bts01'))).toBe('.sso-backup-BTS01.lock');
    expect(path.basename(lockFileOf('/x', 'Bé ts.01'))).toBe('.sso-backup-BE-TS-01.lock');
  });

  it('one run holds it; a second, running, is refused with exit 6, who holds it, and what to do; release frees it', async () => {
    const dir = folder();
    const first = await lockFolder(dir, HOLDER, deps(100, [100, 200]));
    const written = JSON.parse(readFileSync(first.file, 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({ pid: 100, host: 'BTS01', user: 'CONTOSO\\btsadmin', file: HOLDER.file });

    const refused = await lockFolder(dir, HOLDER, deps(200, [100, 200])).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FolderBusyError);
    const error = refused as FolderBusyError;
    expect(error.exitCode).toBe(EXIT.busy);
    expect(error.what).toContain('process 100');
    expect(error.what).toContain(HOLDER.file);
    expect(error.next).toContain(first.file);
    expect(error.why).toContain('Nothing was run or written');

    await first.release();
    expect(existsSync(first.file)).toBe(false);
    const second = await lockFolder(dir, HOLDER, deps(200, [100, 200]));
    await second.release();
  });

  it('other hosts take locks of their own in a shared folder', async () => {
    const dir = folder();
    const a = await lockFolder(dir, HOLDER, deps(1, [1, 2]));
    const b = await lockFolder(dir, { ...HOLDER, host: 'BTS02' }, deps(2, [1, 2]));
    expect(a.file).not.toBe(b.file);
  });

  it('a lock whose process is gone (a killed run) is taken over', async () => {
    const dir = folder();
    await lockFolder(dir, HOLDER, deps(100, [100]));
    const next = await lockFolder(dir, HOLDER, deps(200, [200]));
    expect(JSON.parse(readFileSync(next.file, 'utf8'))).toMatchObject({ pid: 200 });
    expect(existsSync(`${next.file}.break`)).toBe(false);
  });

  it('a lock made before this machine last started is stale, even if its process id now belongs to another process', async () => {
    const dir = folder();
    await lockFolder(dir, HOLDER, deps(100, [100]));
    // Restarted since: process 100 is now something else, running.
    const next = await lockFolder(dir, HOLDER, deps(200, [100, 200], new Date(), new Date(Date.now() + 1_000)));
    expect(JSON.parse(readFileSync(next.file, 'utf8'))).toMatchObject({ pid: 200 });
  });

  it('a lock naming this very process is stale (one process runs one backup)', async () => {
    const dir = folder();
    await lockFolder(dir, HOLDER, deps(100, [100]));
    const again = await lockFolder(dir, HOLDER, deps(100, [100]));
    expect(JSON.parse(readFileSync(again.file, 'utf8'))).toMatchObject({ pid: 100 });
  });

  it('release leaves a lock that is no longer this run\'s', async () => {
    const dir = folder();
    const mine = await lockFolder(dir, HOLDER, deps(100, [100]));
    const theirs = await lockFolder(dir, HOLDER, deps(200, [200])); // 100 is gone: taken over
    await mine.release();
    expect(JSON.parse(readFileSync(theirs.file, 'utf8'))).toMatchObject({ pid: 200 });
  });

  it('a half-written lock is a run starting (busy) for 30 s, then stale', async () => {
    const dir = folder();
    const file = lockFileOf(dir, HOLDER.host);
    writeFileSync(file, '');
    await expect(lockFolder(dir, HOLDER, deps(200))).rejects.toBeInstanceOf(FolderBusyError);
    const later = new Date(Date.now() + 60_000);
    const lock = await lockFolder(dir, HOLDER, deps(200, [200], later));
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: 200 });
  });

  it('while another run breaks a stale lock, this one is refused; a break file left by a killed run is cleared', async () => {
    const dir = folder();
    const file = lockFileOf(dir, HOLDER.host);
    await lockFolder(dir, HOLDER, deps(100, [100]));
    writeFileSync(`${file}.break`, '300\n');
    await expect(lockFolder(dir, HOLDER, deps(200, [200]))).rejects.toBeInstanceOf(FolderBusyError);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.break`, old, old);
    await expect(lockFolder(dir, HOLDER, deps(200, [200]))).rejects.toBeInstanceOf(FolderBusyError);
    expect(existsSync(`${file}.break`)).toBe(false);
    const lock = await lockFolder(dir, HOLDER, deps(200, [200]));
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: 200 });
  });

  it('of many runs at once, exactly one gets it, also over a stale lock', async () => {
    for (const stale of [false, true]) {
      const dir = folder();
      if (stale) await lockFolder(dir, HOLDER, deps(1, [1]));
      const pids = Array.from({ length: 24 }, (_, i) => 1000 + i);
      const results = await Promise.allSettled(pids.map((pid) => lockFolder(dir, HOLDER, deps(pid, pids))));
      const held = results.filter((r) => r.status === 'fulfilled');
      expect(held).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(FolderBusyError);
    }
  });

  it('a folder that is not there is an error of its own, not "busy"', async () => {
    const missing = path.join(folder(), 'no', 'such');
    const error = await lockFolder(missing, HOLDER, deps(1)).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(FolderBusyError);
    expect((error as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});

describe('folderBusy (asked before the password)', () => {
  it('says busy only for a lock whose run is still going', async () => {
    const dir = folder();
    expect(await folderBusy(dir, 'BTS01', deps(2))).toBeUndefined();
    const lock = await lockFolder(dir, HOLDER, deps(1, [1, 2]));
    expect(await folderBusy(dir, 'BTS01', deps(2, [1, 2]))).toBeInstanceOf(FolderBusyError);
    expect(await folderBusy(dir, 'BTS02', deps(2, [1, 2]))).toBeUndefined();
    expect(await folderBusy(dir, 'BTS01', deps(2, [2]))).toBeUndefined(); // its process is gone: stale
    writeFileSync(lock.file, '');
    expect(await folderBusy(dir, 'BTS01', deps(2, [1, 2]))).toBeUndefined(); // being written: the lock itself decides
  });
});
