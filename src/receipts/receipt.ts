/**
 * The receipt beside a verified backup: `<file>.sha256` in the sha256sum format (`<hash>  <name>`), so
 * `sha256sum -c` checks it and PowerShell's `Get-FileHash` gives the same hash to compare. Written atomically:
 * a receipt is either whole or absent, never half a line. readReceipt reads one back (`sso-backup verify`).
 */
import { readFile, stat } from 'node:fs/promises';
import { writeAtomically } from './atomic-write.js';
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

/** `abandoned`: see atomic-write.ts; a receipt the run gave up waiting for never takes its name. */
export async function writeReceipt(file: string, abandoned?: AbortSignal): Promise<Receipt> {
  const [sha256, info] = await Promise.all([sha256OfFile(file), stat(file)]);
  const receiptFile = receiptPathOf(file);
  await writeAtomically(receiptFile, receiptLine(sha256, file), abandoned);
  return { file, receiptFile, sha256, size: info.size };
}

/** A receipt that is missing or cannot be read as a sha256sum line; the message says which. */
export class ReceiptError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReceiptError';
  }
}

/** What a receipt says: the SHA-256 (lowercase) and the name of the file it is for. */
export interface ReceiptLine {
  sha256: string;
  name: string;
}

/** A receipt is one line; anything much longer is not one. */
const MAX_RECEIPT_BYTES = 64 * 1024;

/**
 * One sha256sum line: `<64 hex>  <name>` (text mode) or `<64 hex> *<name>` (binary mode), with a CRLF or LF end
 * or none; hex in either case (Get-FileHash prints uppercase), returned lowercase. A line that starts with `\`
 * has an escaped name (GNU coreutils: `\\`, `\n`, `\r`). Blank lines around it are ignored; two lines are not a
 * receipt of one file. Throws ReceiptError saying what is wrong.
 */
export function parseReceiptLine(text: string): ReceiptLine {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0) throw new ReceiptError('the receipt is empty');
  if (lines.length > 1) throw new ReceiptError(`the receipt has ${lines.length} lines; a receipt names one file`);
  const line = lines[0]!;
  const escaped = line.startsWith('\\');
  const match = /^([0-9a-fA-F]{64}) ([ *])(.+)$/.exec(escaped ? line.slice(1) : line);
  if (match === null) {
    const hex = /^[0-9a-fA-F]+/.exec(line.replace(/^\\/, ''))?.[0] ?? '';
    const digits = hex.length === 0 ? 'no hex digits' : hex.length === 1 ? '1 hex digit' : `${hex.length} hex digits`;
    if (hex.length !== 64) throw new ReceiptError(`the receipt does not start with a 64-digit SHA-256 (${digits})`);
    throw new ReceiptError('the receipt is not a sha256sum line ("<SHA-256>  <file name>")');
  }
  const [, sha256 = '', , rawName = ''] = match;
  let name = rawName;
  if (escaped) {
    name = rawName.replace(/\\(.)/g, (whole, c: string) => ({ '\\': '\\', n: '\n', r: '\r' })[c] ?? whole);
  }
  if (name.trim() === '') throw new ReceiptError('the receipt names no file');
  return { sha256: sha256.toLowerCase(), name };
}

/**
 * Reads the receipt of a backup file. `file` is the backup file (its receipt is `<file>.sha256`); a path that
 * already ends in `.sha256` is read as the receipt itself. Throws ReceiptError when the receipt is missing,
 * unreadable or not one sha256sum line.
 */
export async function readReceipt(file: string): Promise<ReceiptLine> {
  const receiptFile = /\.sha256$/i.test(file) ? file : receiptPathOf(file);
  let text: string;
  try {
    const info = await stat(receiptFile);
    if (!info.isFile()) throw new ReceiptError(`${receiptFile} is not a file`);
    if (info.size > MAX_RECEIPT_BYTES) throw new ReceiptError(`${receiptFile} is ${info.size} bytes, too large to be a receipt`);
    text = await readFile(receiptFile, 'utf8');
  } catch (error) {
    if (error instanceof ReceiptError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ReceiptError(`there is no receipt: ${receiptFile} does not exist`, { cause: error });
    throw new ReceiptError(`${receiptFile} could not be read: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parseReceiptLine(text);
  } catch (error) {
    throw new ReceiptError(`${receiptFile}: ${(error as Error).message}`, { cause: error });
  }
}
