/**
 * The receipt beside a verified backup: `<file>.sha256` in the sha256sum format (`<hash>  <name>`), so
 * `sha256sum -c` checks it and PowerShell's `Get-FileHash` gives the same hash to compare. Written atomically:
 * a receipt is either whole or absent, never half a line.
 */
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { sha256OfFile } from '../console/file-snapshot.js';
import path from 'node:path';

export interface Receipt {
  file: string;
  receiptFile: string;
  sha256: string;
  size: number;
}

export function receiptPathOf(file: string): string {
  return `${file}.sha256`;
}

export function receiptLine(sha256: string, file: string): string {
  return `${sha256}  ${path.basename(file)}\n`;
}

export async function writeReceipt(file: string): Promise<Receipt> {
  const [sha256, info] = await Promise.all([sha256OfFile(file), stat(file)]);
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
