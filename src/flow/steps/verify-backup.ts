/**
 * Step 7: prove the file. The driver must have judged the run a success; the file must exist, not be empty,
 * have been written after the run started, and have read back as the backup just made (run-ssoconfig.ts reads
 * its reminder back: ssoconfig may exit 0 without a word after a write that failed part-way). Then the receipt
 * is written beside it. The verdict says what is wrong; what happens to the files then is target-files.ts's
 * business.
 */
import { stat } from 'node:fs/promises';
import type { BackupOutcome } from '../../console/outcome.js';
import { EXIT, type ExitCode, type ProblemText } from '../../errors.js';
import { writeReceipt, type Receipt } from '../../receipts/receipt.js';

export type Verdict =
  | { ok: true; receipt: Receipt }
  /** `failedRun` when ssoconfig itself failed: its transcript goes with the message. */
  | { ok: false; problem: ProblemText; exitCode: ExitCode; failedRun?: Extract<BackupOutcome, { ok: false }> };

/** File systems keep times coarser than the clock (FAT: 2 s); allow that much. */
const CLOCK_SLACK_MS = 2_000;

/** `abandoned`: the run gave up waiting (see receipts/atomic-write.ts); the receipt then never takes its name. */
export async function verifyBackup(outcome: BackupOutcome, file: string, startedAt: Date, abandoned?: AbortSignal): Promise<Verdict> {
  if (!outcome.ok) {
    const { what, why, next, kind } = outcome.failure;
    return {
      ok: false,
      problem: { what, why, next },
      exitCode: kind === 'cancelled' ? EXIT.cancelled : outcome.failure.machineNotFit ? EXIT.machineNotFit : EXIT.ssoconfigFailed,
      failedRun: outcome,
    };
  }
  const notVerified = (why: string): Verdict => ({
    ok: false,
    exitCode: EXIT.notVerified,
    problem: {
      what: 'ssoconfig reported success, but the backup file could not be verified.',
      why,
      next: 'Do not rely on that file. Check the folder and the ENTSSO events (10559 or 10560), then run again.',
    },
  });
  let info;
  try {
    info = await stat(file);
  } catch {
    return notVerified(`${file} does not exist.`);
  }
  if (!info.isFile()) return notVerified(`${file} is not a file.`);
  if (info.size === 0) return notVerified(`${file} is empty.`);
  if (info.mtimeMs < startedAt.getTime() - CLOCK_SLACK_MS) {
    return notVerified(`${file} was last written at ${info.mtime.toISOString()}, before this run started.`);
  }
  if (outcome.notABackup !== undefined) return notVerified(outcome.notABackup);
  try {
    return { ok: true, receipt: await writeReceipt(file, abandoned) };
  } catch (error) {
    return notVerified(`The receipt could not be written: ${(error as Error).message}`);
  }
}
