/**
 * copyOff (--copy-to) on real folders: each file is copied under a temporary name, read back, compared by SHA-256
 * and only then given its name. A copier that corrupts, a destination that cannot be a folder, and an older copy
 * of the same name show that nothing unproven ever looks like a backup, and that the source is never touched.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { sha256OfFile } from '../../src/console/file-snapshot.js';
import type { CopyDeps } from '../../src/flow/context.js';
import { copyOff, CopyCancelledError, type CopySource } from '../../src/flow/steps/copy-off.js';
import { receiptLine, writeReceipt } from '../../src/receipts/receipt.js';
import { createStyle } from '../../src/ui/style.js';
import { tempDir } from '../support/machine.js';

const NAME = 'SSO-SSOSIM01-20261122-101500.bak';
const plainStyle = createStyle(new PassThrough(), {}, 'linux');

/** A verified backup in a folder of its own: the file, its receipt and a manifest-like companion. */
async function source(): Promise<CopySource & { dir: string; bytes: Buffer }> {
  const dir = tempDir();
  const file = path.join(dir, NAME);
  const bytes = Buffer.from(`simulated backup ${'x'.repeat(300)}\n`);
  writeFileSync(file, bytes);
  const receipt = await writeReceipt(file);
  const manifest = `${file}.manifest.json`;
  writeFileSync(manifest, '{"schema":"sso-backup/manifest/1"}\n');
  return { dir, bytes, file, sha256: receipt.sha256, companions: [receipt.receiptFile, manifest] };
}

function context(copy: CopyDeps = { copyFile: (from, to) => copyFile(from, to) }): { ctx: Parameters<typeof copyOff>[0]; said: string[] } {
  const said: string[] = [];
  return { said, ctx: { copy, out: (text) => said.push(text), style: plainStyle } };
}

/** Copies, then flips the first byte of the copy: what a bad network path or disk does. */
const corrupting: CopyDeps = {
  copyFile: async (from, to) => {
    await copyFile(from, to);
    const bytes = await readFile(to);
    bytes[0] = bytes[0]! ^ 0xff;
    await writeFile(to, bytes);
  },
};

const listing = (dir: string): string[] => readdirSync(dir).sort();

describe('copyOff', () => {
  it('a good copy: the file and its companions, byte for byte, nothing temporary left', async () => {
    const src = await source();
    const share = path.join(tempDir(), 'share', 'SSOSIM01');
    const { ctx, said } = context();

    const results = await copyOff(ctx, src, [share]);

    expect(results).toEqual([{ destination: share, file: path.join(share, NAME), ok: true, sha256: src.sha256, error: null }]);
    expect(listing(share)).toEqual([NAME, `${NAME}.manifest.json`, `${NAME}.sha256`]);
    for (const name of listing(share)) expect(readFileSync(path.join(share, name))).toEqual(readFileSync(path.join(src.dir, name)));
    expect(said.join('')).toContain(`Copied to ${share} and read back: the SHA-256 matches.`);
  });

  it('a copier that corrupts: not ok, the SHA-256 mismatch named, nothing left there, the source untouched', async () => {
    const src = await source();
    const share = path.join(tempDir(), 'share');
    const before = listing(src.dir);
    const { ctx, said } = context(corrupting);

    const [result, ...rest] = await copyOff(ctx, src, [share]);

    expect(rest).toEqual([]);
    expect(result).toMatchObject({ destination: share, file: null, ok: false, sha256: null });
    expect(result!.error).toMatch(new RegExp(`^the copy of ${path.basename(src.file)} read back differs from the original \\(SHA-256 [0-9a-f]{64}, expected ${src.sha256}\\)$`));
    expect(listing(share)).toEqual([]);
    expect(listing(src.dir)).toEqual(before);
    expect(readFileSync(src.file)).toEqual(src.bytes);
    expect(said.join('')).toContain(`The copy to ${share} failed: the copy of ${path.basename(src.file)} read back differs`);
  });

  it('a destination under a regular file: not ok, with the file system\'s reason', async () => {
    const src = await source();
    const blocker = path.join(tempDir(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const destination = path.join(blocker, 'sub');

    const results = await copyOff(context().ctx, src, [destination]);

    expect(results).toEqual([{ destination, file: null, ok: false, sha256: null, error: expect.stringMatching(/ENOTDIR|EEXIST/) }]);
    expect(readFileSync(blocker, 'utf8')).toBe('not a folder');
  });

  it('two destinations, the first failing: both reported, in order, and the second made', async () => {
    const src = await source();
    const blocker = path.join(tempDir(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const bad = path.join(blocker, 'sub');
    const good = path.join(tempDir(), 'good');

    const results = await copyOff(context().ctx, src, [bad, good]);

    expect(results.map((r) => [r.destination, r.ok])).toEqual([
      [bad, false],
      [good, true],
    ]);
    expect(results[1]!.file).toBe(path.join(good, NAME));
    expect(readFileSync(path.join(good, NAME))).toEqual(src.bytes);
  });

  it('an older copy of the same name is kept while the new one is unproven, and replaced once it is proven', async () => {
    const src = await source();
    const share = tempDir();
    const old = path.join(share, NAME);
    writeFileSync(old, 'an older copy');

    const [failed] = await copyOff(context(corrupting).ctx, src, [share]);
    expect(failed!.ok).toBe(false);
    expect(readFileSync(old, 'utf8')).toBe('an older copy');
    expect(listing(share)).toEqual([NAME]);

    const seenDuringCopy: string[] = [];
    const watching: CopyDeps = {
      copyFile: async (from, to) => {
        if (path.basename(from) === NAME) seenDuringCopy.push(readFileSync(old, 'utf8'));
        await copyFile(from, to);
      },
    };
    const [made] = await copyOff(context(watching).ctx, src, [share]);
    expect(made!.ok).toBe(true);
    expect(seenDuringCopy).toEqual(['an older copy']);
    expect(readFileSync(old)).toEqual(src.bytes);
  });

  it('an older copy of the same name is not replaced when the new copy\'s receipt fails: the .bak there still matches its receipt', async () => {
    // A fixed --file name copied daily (--file D:\SSO\sso.bak --replace --copy-to \\share\sso) meets this.
    const src = await source();
    const share = tempDir();
    const oldBak = path.join(share, NAME);
    writeFileSync(oldBak, 'yesterday\'s backup');
    const oldReceipt = await writeReceipt(oldBak);
    const receiptCorrupted: CopyDeps = {
      copyFile: (from, to) => (from === src.file ? copyFile(from, to) : corrupting.copyFile(from, to)),
    };

    const [result] = await copyOff(context(receiptCorrupted).ctx, src, [share]);

    expect(result!.ok).toBe(false);
    expect(readFileSync(oldReceipt.receiptFile, 'utf8')).toBe(receiptLine(oldReceipt.sha256, oldBak));
    expect(await sha256OfFile(oldBak), 'the .bak in the destination no longer matches the receipt beside it').toBe(oldReceipt.sha256);
    expect(readFileSync(oldBak, 'utf8')).toBe('yesterday\'s backup');
  });

  it('the destination folder is created when missing', async () => {
    const src = await source();
    const share = path.join(tempDir(), 'a', 'b', 'c');
    const [result] = await copyOff(context().ctx, src, [share]);
    expect(result!.ok).toBe(true);
    expect(existsSync(path.join(share, `${NAME}.sha256`))).toBe(true);
  });

  it('a companion that fails its read-back: the destination is reported failed', async () => {
    const src = await source();
    const share = tempDir();
    const companionsCorrupted: CopyDeps = {
      copyFile: (from, to) => (from === src.file ? copyFile(from, to) : corrupting.copyFile(from, to)),
    };
    const [result] = await copyOff(context(companionsCorrupted).ctx, src, [share]);
    expect(result).toMatchObject({ ok: false, file: null });
    expect(result!.error).toContain('read back differs from the original');
    expect(listing(share).filter((n) => n.includes('.partial-'))).toEqual([]);
  });
});

describe('the message of a stop among the copies', () => {
  it('speaks of a copy cut short only when one was under way', () => {
    const before = new CopyCancelledError('/b/SSO-X.bak', 'SIGTERM', [], ['/share'], []);
    expect(before.what).toContain('Not copied to: /share.');
    expect(before.what).not.toContain('cut short');
    const during = new CopyCancelledError('/b/SSO-X.bak', 'SIGTERM', [], ['/share'], [], true);
    expect(during.what).toContain('Not copied to: /share (a copy cut short was removed).');
    expect(during.why).toContain('SIGTERM');
  });
});
