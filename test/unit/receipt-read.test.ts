import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReceiptLine, readReceipt, ReceiptError, receiptLine, receiptPathOf, writeReceipt } from '../../src/receipts/receipt.js';
import { tempDir } from '../support/machine.js';

const HASH = '0123456789abcdef'.repeat(4);

describe('parseReceiptLine', () => {
  it('reads the text-mode line sso-backup writes (two spaces), with LF, CRLF or no line end', () => {
    for (const end of ['\n', '\r\n', '']) {
      expect(parseReceiptLine(`${HASH}  SSO-BTS01-20261122-101500.bak${end}`)).toEqual({ sha256: HASH, name: 'SSO-BTS01-20261122-101500.bak' });
    }
  });

  it('reads the binary-mode line (space, star) and keeps a name that starts with a star in text mode', () => {
    expect(parseReceiptLine(`${HASH} *a.bak\n`)).toEqual({ sha256: HASH, name: 'a.bak' });
    expect(parseReceiptLine(`${HASH}  *a.bak\n`)).toEqual({ sha256: HASH, name: '*a.bak' });
  });

  it('lowercases an uppercase hash (Get-FileHash prints one); keeps spaces inside the name', () => {
    expect(parseReceiptLine(`${HASH.toUpperCase()}  my backup.bak\n`)).toEqual({ sha256: HASH, name: 'my backup.bak' });
  });

  it('ignores a BOM and blank lines around the one line', () => {
    expect(parseReceiptLine(`\uFEFF\n${HASH}  a.bak\n\n`)).toEqual({ sha256: HASH, name: 'a.bak' });
  });

  it('reads the escaped form GNU sha256sum writes for a name with a backslash or a newline', () => {
    expect(parseReceiptLine(`\\${HASH}  a\\\\b\\nc.bak\n`)).toEqual({ sha256: HASH, name: 'a\\b\nc.bak' });
  });

  it('round trip with receiptLine', () => {
    expect(parseReceiptLine(receiptLine(HASH, '/x/y/SSO-A.bak'))).toEqual({ sha256: HASH, name: 'SSO-A.bak' });
  });

  const bad: [string, string, RegExp][] = [
    ['empty', '', /the receipt is empty/],
    ['only blank lines', '\r\n\n', /the receipt is empty/],
    ['two lines', `${HASH}  a.bak\n${HASH}  b.bak\n`, /has 2 lines; a receipt names one file/],
    ['a short hash', `${HASH.slice(0, 63)}  a.bak`, /64-digit SHA-256 \(63 hex digits\)/],
    ['a long hash', `${HASH}0  a.bak`, /64-digit SHA-256 \(65 hex digits\)/],
    ['no hash', 'my.bak', /64-digit SHA-256 \(no hex digits\)/],
    ['a name only, starting with a hex letter', 'a.bak', /64-digit SHA-256 \(1 hex digit\)/],
    ['no file name', `${HASH}  `, /not a sha256sum line|names no file/],
    ['no separator', `${HASH}`, /not a sha256sum line/],
    ['one space only', `${HASH} a.bak`, /not a sha256sum line/],
    ['BSD style', `SHA256 (a.bak) = ${HASH}`, /64-digit SHA-256/],
    ['a name of spaces', `${HASH}     `, /names no file/],
  ];
  it.each(bad)('refuses %s with a clear message', (_name, text, message) => {
    expect(() => parseReceiptLine(text)).toThrow(ReceiptError);
    expect(() => parseReceiptLine(text)).toThrow(message);
  });
});

describe('readReceipt', () => {
  it('reads what writeReceipt wrote, given the backup file or the receipt itself', async () => {
    const file = path.join(tempDir(), 'SSO-BTS01-20261122-101500.bak');
    writeFileSync(file, 'backup bytes');
    const written = await writeReceipt(file);
    const expected = { sha256: written.sha256, name: 'SSO-BTS01-20261122-101500.bak' };
    expect(await readReceipt(file)).toEqual(expected);
    expect(await readReceipt(receiptPathOf(file))).toEqual(expected);
  });

  it('missing: says there is no receipt and where it was looked for', async () => {
    const file = path.join(tempDir(), 'a.bak');
    await expect(readReceipt(file)).rejects.toThrow(`there is no receipt: ${file}.sha256 does not exist`);
  });

  it('unreadable content: the message names the receipt and the fault', async () => {
    const file = path.join(tempDir(), 'a.bak');
    writeFileSync(receiptPathOf(file), 'not a receipt\n');
    const error = (await readReceipt(file).catch((e: unknown) => e)) as ReceiptError;
    expect(error).toBeInstanceOf(ReceiptError);
    expect(error.message).toBe(`${file}.sha256: the receipt does not start with a 64-digit SHA-256 (no hex digits)`);
  });

  it('a folder in its place, or a huge file, is not a receipt', async () => {
    const dir = tempDir();
    mkdirSync(receiptPathOf(path.join(dir, 'a.bak')));
    await expect(readReceipt(path.join(dir, 'a.bak'))).rejects.toThrow(/is not a file/);
    writeFileSync(receiptPathOf(path.join(dir, 'b.bak')), 'x'.repeat(70_000));
    await expect(readReceipt(path.join(dir, 'b.bak'))).rejects.toThrow(/too large to be a receipt/);
  });
});
