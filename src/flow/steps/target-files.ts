/**
 * The files around the backup target, as one small transaction: prepare (create the folder, move an existing
 * file the person chose to replace aside), then commit (remove what was moved aside) only once the new backup is
 * verified, or roll back (rename whatever the failed run left, put the old file back). Nothing is deleted before
 * a verified backup stands in its place, and a file that is not a verified backup never keeps the backup's name.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FileSnapshot } from '../../console/file-snapshot.js';
import { snapshotFile } from '../../console/file-snapshot.js';
import type { BackupTarget } from './choose-backup-file.js';
import { companionsOf } from '../../receipts/companions.js';
import { ownTempFiles } from '../../receipts/atomic-write.js';
import { manifestPathOf } from '../../receipts/manifest.js';
import { receiptPathOf } from '../../receipts/receipt.js';

export type AsideLabel = 'replaced' | 'incomplete' | 'unverified';

export function asideName(file: string, label: AsideLabel, date: Date): string {
  return `${file}.${label}-${date.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}`;
}

export interface RollbackReport {
  /** Sentences for the person: what happened to each file. */
  notes: string[];
}

export class TargetFiles {
  #aside: string | undefined;
  /** The receipt and manifest that were there before the run, moved aside: [where they were, where they are]. */
  #asideCompanions: [string, string][] = [];
  #before: FileSnapshot = { exists: false };

  private constructor(
    readonly file: string,
    private readonly startedAt: Date,
  ) {}

  /**
   * Creates the folder and moves aside an existing file (as the person chose at the review) and any receipt or
   * manifest already at the new ones' names, so a rollback can put them all back as they were. Should a move
   * fail, what was moved is put back before the error goes on: prepare changes nothing or everything.
   */
  static async prepare(target: BackupTarget, startedAt: Date): Promise<TargetFiles> {
    const files = new TargetFiles(target.file, startedAt);
    if (target.createFolder) await mkdir(path.dirname(target.file), { recursive: true });
    try {
      for (const companion of companionsOf(target.file)) {
        const aside = asideName(companion, 'replaced', startedAt);
        await rename(companion, aside);
        files.#asideCompanions.push([companion, aside]);
      }
      if (target.replaceExisting && existsSync(target.file)) {
        const aside = asideName(target.file, 'replaced', startedAt);
        await rename(target.file, aside);
        files.#aside = aside;
      }
    } catch (error) {
      await files.#putBackCompanions([]);
      throw error;
    }
    files.#before = await snapshotFile(target.file);
    return files;
  }

  async #putBackCompanions(notes: string[]): Promise<void> {
    for (const [original, aside] of this.#asideCompanions) {
      await rename(aside, original).catch((error: unknown) => notes.push(`${aside} could not be put back at ${original} (${(error as Error).message}).`));
    }
  }

  /** The new backup is verified: what was moved aside can go. */
  async commit(): Promise<string[]> {
    const notes: string[] = [];
    for (const aside of [...(this.#aside ? [this.#aside] : []), ...this.#asideCompanions.map(([, a]) => a)]) {
      try {
        await rm(aside, { force: true });
      } catch (error) {
        notes.push(`The replaced file ${aside} could not be removed (${(error as Error).message}); remove it by hand.`);
      }
    }
    return notes;
  }

  /**
   * The new backup is verified, but could not be confirmed by reading it back (Windows, where that reading is itself
   * unconfirmed): the file it replaced stays where it was moved aside, until a restore proves the new one.
   */
  keepAside(): string[] {
    return this.#aside ? [`The file this backup replaced is kept at ${this.#aside} until a restore proves the new one; remove it then.`] : [];
  }

  /** The run or its verification failed: nothing that is not a verified backup keeps the backup's name. */
  async rollback(label: Exclude<AsideLabel, 'replaced'>): Promise<RollbackReport> {
    const notes: string[] = [];
    // A receipt or manifest still being written when the run gave up on it (receipts/atomic-write.ts).
    for (const temp of await ownTempFiles([receiptPathOf(this.file), manifestPathOf(this.file)])) {
      await rm(temp, { force: true }).catch((error: unknown) => notes.push(`${temp} could not be removed (${(error as Error).message}): it is a half-written receipt or manifest; delete it.`));
    }
    // A receipt or manifest this run wrote describes a file that is not a backup: it must not stay beside the name.
    for (const companion of companionsOf(this.file)) {
      await rm(companion, { force: true }).catch((error: unknown) =>
        notes.push(`${companion} could not be removed (${(error as Error).message}): it describes no verified backup; delete it.`),
      );
    }
    await this.#putBackCompanions(notes);
    const now = await snapshotFile(this.file).catch(() => undefined);
    const changed = now === undefined || (now.exists && (!this.#before.exists || now.sha256 !== this.#before.sha256));
    if (changed && existsSync(this.file)) {
      const aside = asideName(this.file, label, this.startedAt);
      try {
        await rename(this.file, aside);
        notes.push(`The file the run left was renamed to ${aside}: it is not a backup.`);
      } catch (error) {
        notes.push(`The file the run left, ${this.file}, could not be renamed (${(error as Error).message}): it is NOT a backup; delete it.`);
        return { notes: this.#aside ? [...notes, `The earlier file is still at ${this.#aside}; put it back by hand.`] : notes };
      }
    }
    if (this.#aside) {
      try {
        await rename(this.#aside, this.file);
        notes.push(`The earlier file is back at ${this.file}, untouched.`);
      } catch (error) {
        notes.push(`The earlier file could not be put back (${(error as Error).message}): it is at ${this.#aside}.`);
      }
    }
    return { notes };
  }
}
