/**
 * `sso-backup verify <file>`: is a backup file still the one that was made? Facts first (size, SHA-256, what the
 * receipt and the manifest say, the reminder read back from the file, the age), then a verdict: `problems` make
 * it fail, `notes` are worth knowing but do not. What this cannot prove: that the password is known. Only a
 * restore proves that (docs/verify.md).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { sha256OfFile } from '../console/file-snapshot.js';
import type { Machine, ReminderReading } from '../machine/machine.js';
import { ManifestError, manifestPathOf, readManifest, type Manifest } from './manifest.js';
import { readReceipt, receiptPathOf } from './receipt.js';

export interface FileVerification {
  /** True when there is no problem (notes do not count). */
  ok: boolean;
  file: string;
  size?: number;
  sha256?: string;
  receipt: { file: string; sha256?: string; name?: string; problem?: string };
  manifest?: Manifest;
  /** Why the manifest beside the file could not be used (absent when there is none, or it is good). */
  manifestProblem?: string;
  /** When the backup was made, ISO 8601: from the manifest, else the file's modification time. */
  createdAt?: string;
  createdAtSource?: 'manifest' | 'file modification time';
  /** Days since createdAt, to one decimal (negative when createdAt is in the future). */
  ageDays?: number;
  reminder?: ReminderReading;
  problems: string[];
  notes: string[];
}

export interface VerifyDeps {
  machine: Machine;
  now: () => Date;
}

const DAY_MS = 86_400_000;
/** The docs suggest a monthly backup (entsso.md section 8). */
const OLD_AFTER_DAYS = 31;

const quote = (text: string): string => JSON.stringify(text);

export async function verifyBackupFile(file: string, deps: VerifyDeps): Promise<FileVerification> {
  const problems: string[] = [];
  const notes: string[] = [];
  const receiptFile = receiptPathOf(file);
  const result: FileVerification = { ok: false, file, receipt: { file: receiptFile }, problems, notes };
  const sameName =
    deps.machine.pathFlavor === 'win32' ? (a: string, b: string) => a.toLowerCase() === b.toLowerCase() : (a: string, b: string) => a === b;
  const baseName = path.basename(file);

  // The file itself.
  let mtime: Date;
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      problems.push(`${file} is not a file.`);
      return result;
    }
    result.size = info.size;
    mtime = info.mtime;
    if (info.size === 0) problems.push(`${file} is empty: no backup is in it.`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push(code === 'ENOENT' || code === 'ENOTDIR' ? `${file} does not exist.` : `${file} could not be examined: ${(error as Error).message}`);
    return result;
  }
  try {
    result.sha256 = await sha256OfFile(file);
  } catch (error) {
    problems.push(`${file} could not be read: ${(error as Error).message}`);
  }

  // The receipt.
  try {
    const line = await readReceipt(file);
    result.receipt.sha256 = line.sha256;
    result.receipt.name = line.name;
    if (!sameName(line.name, baseName)) {
      result.receipt.problem = `the receipt names another file, ${quote(line.name)}`;
      problems.push(`The receipt ${receiptFile} names another file, ${quote(line.name)}, not ${quote(baseName)}.`);
    } else if (result.sha256 !== undefined && line.sha256 !== result.sha256) {
      result.receipt.problem = 'the SHA-256 differs from the receipt';
      problems.push(
        `The file's SHA-256 differs from its receipt's (${line.sha256}): the file was changed after the receipt was written (cut short, damaged or tampered with).`,
      );
    }
  } catch (error) {
    result.receipt.problem = (error as Error).message;
    problems.push(`The receipt cannot be used: ${(error as Error).message}. Without it, nothing shows that this file is the one that was made.`);
  }

  // The manifest.
  try {
    const manifest = await readManifest(file);
    result.manifest = manifest;
    if (!sameName(manifest.file, baseName)) {
      problems.push(`The manifest names another file, ${quote(manifest.file)}, not ${quote(baseName)}.`);
    }
    if (result.size !== undefined && manifest.size !== result.size) {
      const shorter = manifest.size > result.size ? ` (${manifest.size - result.size} bytes shorter: cut short?)` : '';
      problems.push(`The file is ${result.size} bytes; its manifest says ${manifest.size}${shorter}.`);
    }
    if (result.sha256 !== undefined && manifest.sha256 !== result.sha256) {
      problems.push(`The file's SHA-256 differs from its manifest's (${manifest.sha256}).`);
    }
  } catch (error) {
    if (error instanceof ManifestError && error.kind === 'missing') {
      notes.push(`No manifest (${manifestPathOf(file)}): the file was perhaps made by hand or by an older sso-backup, so when and where it was made and its reminder are not on record.`);
    } else {
      result.manifestProblem = (error as Error).message;
      problems.push(`The manifest cannot be used: ${(error as Error).message}.`);
    }
  }

  // The reminder, read back from the file without the password.
  if (result.sha256 !== undefined && result.size !== 0) {
    let reading: ReminderReading;
    try {
      reading = await deps.machine.backupReminder(file);
    } catch (error) {
      reading = { ok: false, why: `reading it failed: ${(error as Error).message}` };
    }
    result.reminder = reading;
    if (reading.ok && result.manifest && reading.reminder !== result.manifest.reminder) {
      const differs = `The reminder read from the file (${quote(reading.reminder)}) differs from the manifest's (${quote(result.manifest.reminder)})`;
      // As in the backup (flow/steps/run-ssoconfig.ts): where reminders are not read exactly (Windows), a note;
      // the SHA-256 already ties file and manifest.
      if (deps.machine.remindersReadExactly) problems.push(`${differs}: the manifest belongs to another backup, or one of them was changed.`);
      else notes.push(`${differs}. Windows may give the reminder back changed; the SHA-256 matches, so this is the file the manifest describes. A restore drill proves the reminder.`);
    } else if (!reading.ok && deps.machine.remindersReadExactly) {
      problems.push(`The file is not a readable simulator backup: ${reading.why}`);
    } else if (!reading.ok) {
      notes.push(`The reminder could not be read from the file on this machine: ${reading.why}`);
    }
  }

  // The age.
  const created = result.manifest ? new Date(result.manifest.createdAt) : mtime;
  result.createdAt = created.toISOString();
  result.createdAtSource = result.manifest ? 'manifest' : 'file modification time';
  const ageMs = deps.now().getTime() - created.getTime();
  result.ageDays = Math.round((ageMs / DAY_MS) * 10) / 10;
  if (ageMs < -60_000) {
    notes.push(`It was made at ${result.createdAt} (${result.createdAtSource}), which is in the future: check this machine's clock.`);
  } else {
    const age = result.ageDays < 1 ? 'less than a day' : `${result.ageDays} days`;
    const old = result.ageDays > OLD_AFTER_DAYS ? ' Back up again regularly (monthly is the usual advice) and after every new master secret.' : '';
    notes.push(`It was made ${age} ago, at ${result.createdAt} (${result.createdAtSource}).${old}`);
  }

  result.ok = problems.length === 0;
  return result;
}
