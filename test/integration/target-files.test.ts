/** The files around the target: nothing is deleted before a verified backup stands in its place. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { asideName, TargetFiles } from '../../src/flow/steps/target-files.js';
import { tempDir } from '../support/machine.js';

const START = new Date('2026-11-22T04:30:00Z');
const target = (file: string, more: { createFolder?: boolean; replaceExisting?: boolean } = {}) => ({
  file,
  createFolder: false,
  replaceExisting: false,
  warnings: [],
  ...more,
});

describe('TargetFiles', () => {
  it('replace: the old file waits aside until commit, then goes', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'SSO.bak');
    writeFileSync(file, 'old');
    const files = await TargetFiles.prepare(target(file, { replaceExisting: true }), START);
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(asideName(file, 'replaced', START), 'utf8')).toBe('old');
    writeFileSync(file, 'new');
    expect(await files.commit()).toEqual([]);
    expect(readdirSync(dir)).toEqual(['SSO.bak']);
    expect(readFileSync(file, 'utf8')).toBe('new');
  });

  it('replace, then a failure: the new file is renamed, the old one comes back', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'SSO.bak');
    writeFileSync(file, 'old');
    const files = await TargetFiles.prepare(target(file, { replaceExisting: true }), START);
    writeFileSync(file, 'half a backup');
    const { notes } = await files.rollback('unverified');
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readFileSync(asideName(file, 'unverified', START), 'utf8')).toBe('half a backup');
    expect(notes.join(' ')).toMatch(/renamed to .*unverified.*is back at/);
  });

  it('a failure that left nothing: nothing renamed, nothing said about a file', async () => {
    const dir = tempDir();
    const files = await TargetFiles.prepare(target(path.join(dir, 'SSO.bak')), START);
    expect((await files.rollback('incomplete')).notes).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('creates the folder only at prepare', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'new', 'SSO.bak');
    const files = await TargetFiles.prepare(target(file, { createFolder: true }), START);
    expect(existsSync(path.dirname(file))).toBe(true);
    expect(await files.commit()).toEqual([]);
  });

  it('a rollback that cannot rename says so plainly', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'SSO.bak');
    const files = await TargetFiles.prepare(target(file), START);
    writeFileSync(file, 'half');
    mkdirSync(asideName(file, 'incomplete', START)); // a folder in the way of the rename
    writeFileSync(path.join(asideName(file, 'incomplete', START), 'x'), 'x');
    const { notes } = await files.rollback('incomplete');
    expect(notes.join(' ')).toMatch(/could not be renamed .* it is NOT a backup; delete it/);
  });

  it('replace, then a failure after the new receipt and manifest were written: the old ones come back, byte for byte', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'SSO.bak');
    writeFileSync(file, 'old');
    writeFileSync(`${file}.sha256`, 'old receipt');
    writeFileSync(`${file}.manifest.json`, 'old manifest');
    const files = await TargetFiles.prepare(target(file, { replaceExisting: true }), START);
    writeFileSync(file, 'new');
    writeFileSync(`${file}.sha256`, 'new receipt');
    writeFileSync(`${file}.manifest.json`, 'new manifest');
    await files.rollback('unverified');
    expect([file, `${file}.sha256`, `${file}.manifest.json`].map((f) => readFileSync(f, 'utf8'))).toEqual(['old', 'old receipt', 'old manifest']);
  });

  it('a stray receipt (no file beside it) is kept aside and comes back on a failure; commit removes it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'SSO.bak');
    writeFileSync(`${file}.sha256`, 'stray receipt');
    const failing = await TargetFiles.prepare(target(file), START);
    writeFileSync(file, 'new');
    writeFileSync(`${file}.sha256`, 'new receipt');
    await failing.rollback('unverified');
    expect(readFileSync(`${file}.sha256`, 'utf8')).toBe('stray receipt');

    const later = new Date(START.getTime() + 60_000);
    const succeeding = await TargetFiles.prepare(target(file), later);
    writeFileSync(file, 'newer');
    writeFileSync(`${file}.sha256`, 'newer receipt');
    expect(await succeeding.commit()).toEqual([]);
    expect(readdirSync(dir).filter((n) => n.includes('replaced'))).toEqual([]);
  });

  it('a prepare that fails half-way puts back what it moved, and changes nothing', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'SSO.bak');
    writeFileSync(file, 'old');
    writeFileSync(`${file}.sha256`, 'old receipt');
    writeFileSync(`${file}.manifest.json`, 'old manifest');
    mkdirSync(path.join(asideName(`${file}.manifest.json`, 'replaced', START), 'blocker'), { recursive: true }); // the rename onto it fails
    await expect(TargetFiles.prepare(target(file, { replaceExisting: true }), START)).rejects.toThrow();
    expect([file, `${file}.sha256`, `${file}.manifest.json`].map((f) => readFileSync(f, 'utf8'))).toEqual(['old', 'old receipt', 'old manifest']);
  });
});
