/**
 * How the receipt and the manifest are written: whole or not at all. The text goes to a temporary file of this
 * process beside the final name, which it then takes by a rename; a failure removes the temporary file.
 *
 * A write the run has given up on (`abandoned`: a stop came while the folder, a share that stopped answering, held
 * the write for seconds) must never take its name late: by then the run has put an earlier backup back under the
 * same name, and a late receipt would describe the wrong file. So the rename happens only if the run still waits.
 */
import { randomBytes } from 'node:crypto';
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export class AbandonedWriteError extends Error {
  constructor(file: string) {
    super(`The write of ${file} was given up: the run had stopped waiting for it.`);
    this.name = 'AbandonedWriteError';
  }
}

/** `<final>.<pid>-<random>.tmp`: this process's, and no other writer's. */
function tempNameOf(final: string): string {
  return `${final}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
}

export async function writeAtomically(final: string, content: string, abandoned?: AbortSignal): Promise<void> {
  const temp = tempNameOf(final);
  try {
    await writeFile(temp, content);
    if (abandoned?.aborted) throw new AbandonedWriteError(final);
    await rename(temp, final);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined); // the error below says what went wrong
    throw error;
  }
}

/** The temporary files this process may have left beside `finals` (a write still hanging, or cut off by a stop). */
export async function ownTempFiles(finals: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const final of finals) {
    const prefix = `${path.basename(final)}.${process.pid}-`;
    const names = await readdir(path.dirname(final)).catch(() => [] as string[]);
    for (const name of names) if (name.startsWith(prefix) && name.endsWith('.tmp')) found.push(path.join(path.dirname(final), name));
  }
  return found;
}
