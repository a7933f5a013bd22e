/**
 * Step 7: prove the file. The driver must have judged the run a success; the file must exist, not be empty,
 * and have been written after the run started. Then the receipt is written beside it. Any doubt: no receipt,
 * and the file is set aside so it cannot pass for a good backup.
 */
import { stat, rename } from 'node:fs/promises';
import type { BackupOutcome } from '../../console/outcome.js';
import { EXIT, SsoBackupError } from '../../errors.js';
import { writeReceipt, type Receipt } from '../../receipts/receipt.js';
import type { RunResult } from './run-ssoconfig.js';

/** ssoconfig failed: the driver's what/why/next, and the transcript to show. */
export class SsoconfigFailedError extends SsoBackupError {
  constructor(
    readonly outcome: Extract<BackupOutcome, { ok: false }>,
    setAside: string | undefined,
  ) {
    const failure = outcome.failure;
    const aside = setAside ? ` The file it left was renamed to ${setAside}; it is not a backup.` : '';
    super(
      { what: failure.what, why: failure.why, next: `${failure.next}${aside}` },
      failure.kind === 'cancelled' ? EXIT.cancelled : EXIT.ssoconfigFailed,
    );
    this.name = 'SsoconfigFailedError';
  }
}

/** File systems keep times coarser than the clock (FAT: 2 s); allow that much. */
const CLOCK_SLACK_MS = 2_000;

export async function verifyBackup(run: RunResult, file: string): Promise<Receipt> {
  if (!run.outcome.ok) throw new SsoconfigFailedError(run.outcome, run.setAside);
  const notVerified = async (why: string): Promise<never> => {
    const aside = `${file}.unverified`;
    await rename(file, aside).catch(() => undefined);
    throw new SsoBackupError(
      {
        what: 'ssoconfig reported success, but the backup file could not be verified.',
        why,
        next: `Do not rely on it (renamed to ${aside} if it existed). Check the folder and the ENTSSO events (10559/10560), then run again.`,
      },
      EXIT.notVerified,
    );
  };
  let info;
  try {
    info = await stat(file);
  } catch {
    return notVerified(`${file} does not exist.`);
  }
  if (!info.isFile()) return notVerified(`${file} is not a file.`);
  if (info.size === 0) return notVerified(`${file} is empty.`);
  if (info.mtimeMs < run.startedAt.getTime() - CLOCK_SLACK_MS) {
    return notVerified(`${file} was last written at ${info.mtime.toISOString()}, before this run started.`);
  }
  try {
    return await writeReceipt(file);
  } catch (error) {
    return notVerified(`The receipt could not be written: ${(error as Error).message}`);
  }
}
