/**
 * The reminder of a backup file in the simulator's format (backup-file.ts), read without the password as
 * ENTSSO's GetFilePasswordReminder does (../shared/reference/entsso.md section 7). Shared by the simulated
 * machine and by a host without ENTSSO (which can still read simulator files, never real ones). Never throws.
 */
import { readFile, stat } from 'node:fs/promises';
import type { ReminderReading } from '../machine/machine.js';
import { BackupFileFormatError, readBackupReminder } from './backup-file.js';

export const SIMULATED_REMINDER_HOW = 'read from the simulated backup file';

/** Simulator backups are a few kilobytes; a larger file is not one, and is not read into memory. */
const MAX_SIMULATED_BACKUP_BYTES = 1024 * 1024;

export async function readSimulatedReminder(file: string): Promise<ReminderReading> {
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (!info.isFile()) return { ok: false, why: `${file} is not a file.` };
    if (info.size > MAX_SIMULATED_BACKUP_BYTES) return { ok: false, why: `Not a readable simulator backup file: it is larger (${info.size} bytes) than any simulator backup.` };
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, why: code === 'ENOENT' ? `${file} does not exist.` : `${file} could not be read: ${(error as Error).message}` };
  }
  try {
    return { ok: true, reminder: readBackupReminder(bytes).reminder, how: SIMULATED_REMINDER_HOW };
  } catch (error) {
    if (error instanceof BackupFileFormatError) return { ok: false, why: error.message };
    throw error;
  }
}
