/** Whether a folder takes new files: the two ways the machine seam answers it. */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** POSIX: access(2) answers for the effective user. */
export async function canWriteByAccess(folder: string): Promise<boolean> {
  try {
    await access(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Windows: access() looks only at the read-only attribute, not at the ACL, so the one honest answer is to create
 * a file there and remove it at once (an empty file with an unmistakable name).
 */
export async function canWriteByProbe(folder: string): Promise<boolean> {
  const probe = path.join(folder, `.sso-backup-write-test-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(probe, '', { flag: 'wx' });
    await rm(probe, { force: true });
    return true;
  } catch {
    return false;
  }
}
