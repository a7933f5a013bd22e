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
});
