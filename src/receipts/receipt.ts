/**
 * The receipt beside a verified backup: `<file>.sha256` in the sha256sum format (`<hash>  <name>`), so
 * `sha256sum -c` checks it and PowerShell's `Get-FileHash` gives the same hash to compare. Written atomically:
 * a receipt is either whole or absent, never half a line.
 */
import { createHash } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface Receipt {
  file: string;
  receiptFile: string;
  sha256: string;
  size: number;
}

export async function hashFile(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

export function receiptPathOf(file: string): string {
  return `${file}.sha256`;
}

export function receiptLine(sha256: string, file: string): string {
  return `${sha256}  ${path.basename(file)}\n`;
}

export async function writeReceipt(file: string): Promise<Receipt> {
  const [sha256, info] = await Promise.all([hashFile(file), stat(file)]);
  const receiptFile = receiptPathOf(file);
  const temp = `${receiptFile}.${process.pid}.tmp`;
  try {
    await writeFile(temp, receiptLine(sha256, file));
    await rename(temp, receiptFile);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined); // the error below says what went wrong
    throw error;
  }
  return { file, receiptFile, sha256, size: info.size };
}
