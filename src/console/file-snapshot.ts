/** What the target file looks like at a moment: taken before and after ssoconfig runs. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

export type FileSnapshot =
  | { exists: false }
  | { exists: true; size: number; mtimeMs: number; sha256: string };

/** The file's SHA-256 in lowercase hex, read as a stream: a file given to `verify` by mistake may be large. */
export async function sha256OfFile(file: string, readSize?: number): Promise<string> {
  const hash = createHash('sha256');
  // Node's 64 KiB reads by default: a larger readSize hashes a big file faster (the exe, for --version), but each
  // read holds a buffer that size, so small files keep the default (1 MiB reads cost a backup run 30 MiB of RSS).
  await pipeline(createReadStream(file, readSize === undefined ? {} : { highWaterMark: readSize }), hash);
  return hash.digest('hex');
}

/** Master secret backups are a few kilobytes; anything past this is hashed as "too large to be one". */
const MAX_HASHED = 64 * 1024 * 1024;

export async function snapshotFile(file: string): Promise<FileSnapshot> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return { exists: true, size: info.size, mtimeMs: info.mtimeMs, sha256: 'not-a-file' };
    const sha256 = info.size > MAX_HASHED ? 'too-large' : await sha256OfFile(file);
    return { exists: true, size: info.size, mtimeMs: info.mtimeMs, sha256 };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { exists: false };
    throw error;
  }
}
