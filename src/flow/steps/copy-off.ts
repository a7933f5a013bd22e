/**
 * --copy-to: a second copy of the verified backup, its receipt and its manifest, in each folder named (a local
 * folder or a UNC path). Each file is copied under a temporary name, read back and compared by SHA-256, and only
 * then given its name: a copy that is not byte for byte the backup never looks like one. A failed copy is
 * reported (exit 5 at the end) and never touches the first file.
 *
 * A stop (Ctrl+C, SIGTERM, the terminal closed) that comes once the backup is made is honoured here: the copy in
 * progress is abandoned, even one that hangs on a share, and its temporary files removed; nothing further is done
 * (no other copy, and --keep removes nothing); the backup itself stands, and CopyCancelledError (exit 130) says
 * where it is and what was not copied.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { sha256OfFile } from '../../console/file-snapshot.js';
import { CancelledError, stoppedBy, untilStopped } from '../../prompts/prompter.js';
import type { CopyFacts } from '../../report/run-record.js';
import type { FlowContext } from '../context.js';

export interface CopySource {
  file: string;
  sha256: string;
  /** The receipt and manifest, copied after the file. */
  companions: readonly string[];
}

/** The run's stop signal: without one (a caller that cannot be stopped), nothing stops the copies. */
type Ctx = Pick<FlowContext, 'copy' | 'out' | 'style'> & Partial<Pick<FlowContext, 'signal'>>;

const NEVER = new AbortController().signal;

/** How long a stopped copy may take to let go of its temporary file before it is removed anyway. */
const SETTLE_MS = 1_000;
/** How long the removal of a temporary file may take (a share that hangs) before it is given up and said. */
const REMOVE_MS = 5_000;

/** The run was stopped once the backup was made and verified: it stands; copies not made are named. */
export class CopyCancelledError extends CancelledError {
  constructor(
    file: string,
    reason: unknown,
    readonly copies: readonly CopyFacts[],
    notCopied: readonly string[],
    leftBehind: readonly string[],
    /** A copy was under way (its temporary files removed, or listed in leftBehind). */
    cutShort = false,
  ) {
    const made = copies.filter((c) => c.ok).map((c) => c.file!);
    const failed = copies.filter((c) => !c.ok).map((c) => `${c.destination} (${c.error ?? 'failed'})`);
    super(
      [
        `Cancelled after the backup was made and verified: ${file} (its .sha256 receipt and .manifest.json beside it).`,
        made.length > 0 ? `Copied and read back: ${made.join(', ')}.` : '',
        failed.length > 0 ? `The copy failed to: ${failed.join('; ')}.` : '',
        notCopied.length > 0 ? `Not copied to: ${notCopied.join(', ')}${cutShort && leftBehind.length === 0 ? ' (a copy cut short was removed)' : ''}.` : '',
        ...leftBehind.map((f) => `${f} could not be removed: it is NOT a backup; delete it.`),
      ]
        .filter((part) => part !== '')
        .join(' '),
      {
        why: `The run was stopped by ${stoppedBy(reason)} after ssoconfig had written the backup: the backup is kept, and nothing further was done (--keep removed nothing).`,
        next: [
          notCopied.length + failed.length > 0
            ? 'Copy the file, its .sha256 and .manifest.json to each folder not copied to by hand, or run sso-backup again.'
            : 'Nothing else is missing.',
          "Put the password in your team's password vault; the file without it is useless.",
        ].join(' '),
      },
    );
    this.name = 'CopyCancelledError';
  }
}

/** The stop, as the rejection of a race. */
class Stopped extends Error {}

/** Waits for `work` for at most `ms`: true when it settled. */
async function settledWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A copy was stopped; its temporary files that could not be removed are on it. */
class CopyStopped extends Error {
  constructor(readonly leftBehind: string[]) {
    super('stopped');
  }
}

/**
 * Copies the files into `folder` under temporary names and proves each by SHA-256; only when every one is proven
 * are they given their names, the backup last, so a folder never holds a new backup beside an older receipt.
 * Returns the backup's path in `folder`, or throws with what went wrong (the temporary files removed). A stop
 * abandons the operation in progress (given a moment to let go of its file) and throws CopyStopped; once the
 * renames have begun they are finished, so a stop never leaves companions without their backup.
 */
async function copyProved(ctx: Ctx, files: readonly { from: string; sha256: string }[], folder: string): Promise<string> {
  const staged: { partial: string; to: string }[] = [];
  let inFlight: Promise<unknown> = Promise.resolve();
  const step = <T>(work: Promise<T>): Promise<T> => {
    inFlight = work;
    return untilStopped(ctx.signal ?? NEVER, work, () => new Stopped());
  };
  try {
    for (const { from, sha256 } of files) {
      const to = path.join(folder, path.basename(from));
      const partial = `${to}.partial-${process.pid}`;
      staged.push({ partial, to });
      await step(ctx.copy.copyFile(from, partial));
      const copied = await step(sha256OfFile(partial));
      if (copied !== sha256) {
        throw new Error(`the copy of ${path.basename(from)} read back differs from the original (SHA-256 ${copied}, expected ${sha256})`);
      }
    }
    // Companions first, the backup last: should a rename fail half-way, no new backup sits beside old companions.
    for (const { partial, to } of [...staged.slice(1), staged[0]!]) await rename(partial, to);
    return staged[0]!.to;
  } catch (error) {
    if (!(error instanceof Stopped)) {
      await Promise.all(staged.map(({ partial }) => rm(partial, { force: true }).catch(() => undefined))); // the error says what went wrong
      throw error;
    }
    // A copy still writing would make its file again after the removal: let it finish or fail first, if it will.
    await settledWithin(inFlight, SETTLE_MS);
    const leftBehind: string[] = [];
    for (const { partial } of staged) {
      const removal = rm(partial, { force: true });
      const removed = await settledWithin(removal, REMOVE_MS);
      if (!removed || !(await removal.then(() => true, () => false))) leftBehind.push(partial);
    }
    throw new CopyStopped(leftBehind);
  }
}

export async function copyOff(ctx: Ctx, source: CopySource, destinations: readonly string[]): Promise<CopyFacts[]> {
  const signal = ctx.signal ?? NEVER;
  const results: CopyFacts[] = [];
  const stopped = (cut?: CopyStopped): CopyCancelledError => {
    const done = new Set(results.map((r) => r.destination));
    const notCopied = destinations.filter((d) => !done.has(d)).map((d) => path.resolve(d));
    return new CopyCancelledError(source.file, signal.reason, results, notCopied, cut?.leftBehind ?? [], cut !== undefined);
  };
  for (const destination of destinations) {
    if (signal.aborted) throw stopped();
    const folder = path.resolve(destination);
    try {
      await untilStopped(signal, mkdir(folder, { recursive: true }), () => new Stopped());
      const companions = await Promise.all(source.companions.map(async (from) => ({ from, sha256: await sha256OfFile(from) })));
      const file = await copyProved(ctx, [{ from: source.file, sha256: source.sha256 }, ...companions], folder);
      results.push({ destination, file, ok: true, sha256: source.sha256, error: null });
      ctx.out(`${ctx.style.ok(ctx.style.symbols.ok)} Copied to ${folder} and read back: the SHA-256 matches.\n`);
    } catch (error) {
      if (error instanceof Stopped) throw stopped();
      if (error instanceof CopyStopped) throw stopped(error);
      const message = (error as Error).message;
      results.push({ destination, file: null, ok: false, sha256: null, error: message });
      ctx.out(`${ctx.style.error(ctx.style.symbols.error)} The copy to ${folder} failed: ${message}\n`);
    }
  }
  // A stop during the last copy, or with none to make: nothing further (--keep) is done.
  if (signal.aborted) throw stopped();
  return results;
}
