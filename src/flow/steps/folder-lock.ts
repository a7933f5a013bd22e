/**
 * One backup run at a time per host and folder. Two runs writing into the same folder at once (two admins, or a
 * runbook started twice) would pick the same name (SSO-<HOST>-<date>-<time>.bak, to the second), replace each
 * other's file or move it aside, and one could write a receipt for the other's file. So from the moment it acts
 * (after the final yes) until its copies and --keep are done, a run holds a lock file in the backup folder:
 *
 *   <folder>/.sso-backup-<HOST>.lock     {"pid":..., "host":..., "user":..., "startedAt":..., "file":..., "tool":...}
 *
 * A second run finds it and is refused (exit 6) before it changes anything. Other hosts backing up into the same
 * share take their own lock: their names differ, so they do not collide.
 *
 * The lock is made with an exclusive create, so of two runs exactly one gets it. A lock left by a run that was
 * killed (its process is gone) is stale and taken over; to take one over, a run must first make
 * `<lock>.break` exclusively and find the same stale lock still there, so two runs cannot both take it over.
 */
import { open, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { EXIT, SsoBackupError } from '../../errors.js';
import { hostPartOf } from '../../rules/backup-path.js';
import { uptime } from 'node:os';

export interface LockHolder {
  pid: number;
  host: string;
  user: string;
  startedAt: string;
  /** The backup file the run is making. */
  file: string;
  tool: string;
}

export interface LockDeps {
  pid: number;
  /** Is this process still running? (signal 0: ESRCH = gone, EPERM = running under another account) */
  isRunning(pid: number): boolean;
  now(): Date;
  /** When this machine last started: a lock from before then was left by a run the restart ended. */
  bootTime(): Date;
}

export const defaultLockDeps = (): LockDeps => ({
  pid: process.pid,
  isRunning: (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  now: () => new Date(),
  bootTime: () => new Date(Date.now() - uptime() * 1000),
});

/** A lock (or break file) that cannot be read this long after it was made was left half-written by a killed run. */
const UNREADABLE_GRACE_MS = 30_000;

/** The lock's path for this host: the host part of the name exactly as the backup's own name writes it. */
export function lockFileOf(folder: string, host: string): string {
  return path.join(folder, `.sso-backup-${hostPartOf(host)}.lock`);
}

export class FolderBusyError extends SsoBackupError {
  constructor(
    readonly lockFile: string,
    readonly holder: LockHolder | undefined,
  ) {
    const who = holder
      ? `another sso-backup run (process ${holder.pid}, ${holder.user || 'unknown user'}, since ${holder.startedAt}) is making ${holder.file}`
      : 'another sso-backup run is starting there';
    super(
      {
        what: `The backup folder ${path.dirname(lockFile)} is in use: ${who}.`,
        why: `Two runs in one folder at once could take the same file name or replace each other's backup; the lock ${lockFile} says one is running. Nothing was run or written.`,
        next: `Wait for that run to end, then run again (exit 6 means "try later"). If no sso-backup is running on this server, delete ${lockFile} and run again.`,
      },
      EXIT.busy,
    );
    this.name = 'FolderBusyError';
  }
}

export interface FolderLock {
  readonly file: string;
  /** Removes the lock if it is still this run's. Never throws: a lock left behind is stale once this process ends. */
  release(): Promise<void>;
}

export async function lockFolder(
  folder: string,
  holder: Omit<LockHolder, 'pid' | 'startedAt'>,
  deps: LockDeps = defaultLockDeps(),
): Promise<FolderLock> {
  const file = lockFileOf(folder, holder.host);
  const content = `${JSON.stringify({ ...holder, pid: deps.pid, startedAt: deps.now().toISOString() } satisfies LockHolder)}\n`;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (await createExclusive(file, content)) return heldLock(file, content);
    const existing = await readLock(file);
    if (existing === 'gone') continue;
    if (!(await isStale(file, existing, deps))) throw new FolderBusyError(file, existing === 'unreadable' ? undefined : existing.holder);
    if (!(await breakStale(file, existing, deps))) throw new FolderBusyError(file, undefined);
  }
  throw new FolderBusyError(file, undefined);
}

/**
 * Is the folder held now by a run that is still going? Asked before the password, so a person is not asked for
 * everything only to be refused at the end; the lock itself is still taken (and may still be refused) later.
 */
export async function folderBusy(folder: string, host: string, deps: LockDeps = defaultLockDeps()): Promise<FolderBusyError | undefined> {
  const file = lockFileOf(folder, host);
  const existing = await readLock(file);
  if (existing === 'gone' || existing === 'unreadable') return undefined;
  return (await isStale(file, existing, deps)) ? undefined : new FolderBusyError(file, existing.holder);
}

function heldLock(file: string, content: string): FolderLock {
  return {
    file,
    release: async () => {
      try {
        if ((await readFile(file, 'utf8')) === content) await rm(file, { force: true });
      } catch {
        // gone already, or unreadable: not ours to remove
      }
    },
  };
}

/** true if made; false if a file is there already. Other errors (a folder not writable) go on. */
async function createExclusive(file: string, content: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content);
  } catch (error) {
    // A full disk: an empty lock would hold the folder for others ("starting") until it is judged stale.
    await handle.close().catch(() => undefined);
    await rm(file, { force: true }).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return true;
}

type Existing = { raw: string; holder: LockHolder } | 'unreadable' | 'gone';

async function readLock(file: string): Promise<Existing> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unreadable';
  }
  try {
    const value = JSON.parse(raw) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || !Number.isInteger(value.pid) || value.pid <= 0) return 'unreadable';
    return {
      raw,
      holder: {
        pid: value.pid,
        host: String(value.host ?? ''),
        user: String(value.user ?? ''),
        startedAt: String(value.startedAt ?? ''),
        file: String(value.file ?? ''),
        tool: String(value.tool ?? ''),
      },
    };
  } catch {
    return 'unreadable';
  }
}

async function olderThan(file: string, ms: number, deps: LockDeps): Promise<boolean> {
  try {
    return deps.now().getTime() - (await stat(file)).mtimeMs > ms;
  } catch {
    return false;
  }
}

/**
 * Left by a run that is over: made before this machine last started (Windows soon gives its process id to another
 * process, so a restart would otherwise leave the folder held for good), or its process is gone, or it names this
 * very process (which runs one backup, and is only now taking the lock); or left half-written long ago.
 */
async function isStale(file: string, existing: Exclude<Existing, 'gone'>, deps: LockDeps): Promise<boolean> {
  if (existing === 'unreadable') return olderThan(file, UNREADABLE_GRACE_MS, deps);
  const made = Date.parse(existing.holder.startedAt);
  if (Number.isFinite(made) && made < deps.bootTime().getTime()) return true;
  return existing.holder.pid === deps.pid || !deps.isRunning(existing.holder.pid);
}

/**
 * Removes a stale lock, if this run is the one to do it and the lock is still the stale one it judged. A break
 * file left by a run killed while breaking is itself stale after the grace time.
 */
async function breakStale(file: string, judged: Exclude<Existing, 'gone'>, deps: LockDeps): Promise<boolean> {
  const breaker = `${file}.break`;
  if (!(await createExclusive(breaker, `${deps.pid}\n`))) {
    if (await olderThan(breaker, UNREADABLE_GRACE_MS, deps)) await rm(breaker, { force: true });
    return false;
  }
  try {
    const now = await readLock(file);
    if (now === 'gone') return true;
    const same =
      judged === 'unreadable'
        ? now === 'unreadable' && (await olderThan(file, UNREADABLE_GRACE_MS, deps))
        : now !== 'unreadable' && now.raw === judged.raw;
    if (!same) return false;
    await rm(file, { force: true });
    return true;
  } finally {
    await rm(breaker, { force: true });
  }
}
