/**
 * --copy-to: a second copy of the verified backup, its receipt and its manifest, in each folder named (a local
 * folder or a UNC path). Each file is copied under a temporary name, read back and compared by SHA-256, and only
 * then given its name: a copy that is not byte for byte the backup never looks like one. A failed copy is
 * reported (exit 5 at the end) and never touches the first file.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { sha256OfFile } from '../../console/file-snapshot.js';
import type { CopyFacts } from '../../report/run-record.js';
import type { FlowContext } from '../context.js';

export interface CopySource {
  file: string;
  sha256: string;
  /** The receipt and manifest, copied after the file. */
  companions: readonly string[];
}

type Ctx = Pick<FlowContext, 'copy' | 'out' | 'style'>;

/**
 * Copies the files into `folder` under temporary names and proves each by SHA-256; only when every one is proven
 * are they given their names, the backup last, so a folder never holds a new backup beside an older receipt.
 * Returns the backup's path in `folder`, or throws with what went wrong (the temporary files removed).
 */
async function copyProved(ctx: Ctx, files: readonly { from: string; sha256: string }[], folder: string): Promise<string> {
  const staged: { partial: string; to: string }[] = [];
  try {
    for (const { from, sha256 } of files) {
      const to = path.join(folder, path.basename(from));
      const partial = `${to}.partial-${process.pid}`;
      staged.push({ partial, to });
      await ctx.copy.copyFile(from, partial);
      const copied = await sha256OfFile(partial);
      if (copied !== sha256) {
        throw new Error(`the copy of ${path.basename(from)} read back differs from the original (SHA-256 ${copied}, expected ${sha256})`);
      }
    }
    // Companions first, the backup last: should a rename fail half-way, no new backup sits beside old companions.
    for (const { partial, to } of [...staged.slice(1), staged[0]!]) await rename(partial, to);
    return staged[0]!.to;
  } catch (error) {
    await Promise.all(staged.map(({ partial }) => rm(partial, { force: true }).catch(() => undefined))); // the error says what went wrong
    throw error;
  }
}

export async function copyOff(ctx: Ctx, source: CopySource, destinations: readonly string[]): Promise<CopyFacts[]> {
  const results: CopyFacts[] = [];
  for (const destination of destinations) {
    const folder = path.resolve(destination);
    try {
      await mkdir(folder, { recursive: true });
      const companions = await Promise.all(source.companions.map(async (from) => ({ from, sha256: await sha256OfFile(from) })));
      const file = await copyProved(ctx, [{ from: source.file, sha256: source.sha256 }, ...companions], folder);
      results.push({ destination, file, ok: true, sha256: source.sha256, error: null });
      ctx.out(`${ctx.style.ok(ctx.style.symbols.ok)} Copied to ${folder} and read back: the SHA-256 matches.\n`);
    } catch (error) {
      const message = (error as Error).message;
      results.push({ destination, file: null, ok: false, sha256: null, error: message });
      ctx.out(`${ctx.style.error(ctx.style.symbols.error)} The copy to ${folder} failed: ${message}\n`);
    }
  }
  return results;
}
