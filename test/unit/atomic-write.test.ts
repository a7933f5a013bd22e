/** Receipts and manifests are written whole or not at all, and never late (src/receipts/atomic-write.ts). */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AbandonedWriteError, ownTempFiles, writeAtomically } from '../../src/receipts/atomic-write.js';
import { tempDir } from '../support/machine.js';

const folder = tempDir;

describe('writeAtomically', () => {
  it('writes the whole text under the name, and leaves no temporary file', async () => {
    const dir = folder();
    const file = path.join(dir, 'x.bak.sha256');
    await writeAtomically(file, 'abc  x.bak\n');
    expect(readFileSync(file, 'utf8')).toBe('abc  x.bak\n');
    expect(readdirSync(dir)).toEqual(['x.bak.sha256']);
  });

  it('a write the run gave up on never takes its name, and its temporary file goes', async () => {
    const dir = folder();
    const file = path.join(dir, 'x.bak.sha256');
    writeFileSync(file, 'the earlier receipt, put back\n');
    const abandoned = new AbortController();
    abandoned.abort();
    await expect(writeAtomically(file, 'a late receipt\n', abandoned.signal)).rejects.toBeInstanceOf(AbandonedWriteError);
    expect(readFileSync(file, 'utf8')).toBe('the earlier receipt, put back\n');
    expect(readdirSync(dir)).toEqual(['x.bak.sha256']);
  });

  it("ownTempFiles finds this process's temporary files beside the names, and no one else's", async () => {
    const dir = folder();
    const receipt = path.join(dir, 'x.bak.sha256');
    const mine = `${receipt}.${process.pid}-0a1b2c3d.tmp`;
    const theirs = `${receipt}.${process.pid + 1}-0a1b2c3d.tmp`;
    writeFileSync(mine, 'half');
    writeFileSync(theirs, 'half');
    expect(await ownTempFiles([receipt, path.join(dir, 'x.bak.manifest.json')])).toEqual([mine]);
    expect(existsSync(theirs)).toBe(true);
  });
});
