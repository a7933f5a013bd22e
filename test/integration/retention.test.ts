/**
 * --keep on real folders: planRetention removes only this host's backups made by sso-backup (its name, a receipt
 * that names it and matches, a manifest naming this host, file and hash), newest kept by the stamp in the
 * name; every look-alike is left alone with a note. applyRetention removes the .bak first, then its companions.
 */
import { mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyRetention, backupNamePattern, planRetention } from '../../src/flow/steps/retention.js';
import { buildManifest, manifestPathOf, writeManifest } from '../../src/receipts/manifest.js';
import { receiptLine, receiptPathOf, writeReceipt } from '../../src/receipts/receipt.js';
import { tempDir } from '../support/machine.js';

const HOST = 'SSOSIM01';

interface Options {
  /** good: written by writeReceipt; none; 'other-name': a correct hash naming another file; 'mismatch': the file changed after. */
  receipt?: 'good' | 'none' | 'other-name' | 'mismatch';
  /** The host the manifest names (default: this host, as sso-backup writes one for every backup); null: no manifest. */
  manifestHost?: string | null;
}

/** A backup file in `folder` with its receipt and (optionally) its manifest; returns its path. */
async function backup(folder: string, name: string, options: Options = {}): Promise<string> {
  const file = path.join(folder, name);
  writeFileSync(file, `backup ${name}\n`);
  const receipt = options.receipt ?? 'good';
  if (receipt !== 'none') {
    const written = await writeReceipt(file);
    if (receipt === 'other-name') writeFileSync(receiptPathOf(file), receiptLine(written.sha256, path.join(folder, 'SSO-SSOSIM01-20990101-000000.bak')));
    const manifestHost = options.manifestHost === undefined ? HOST : options.manifestHost;
    if (manifestHost !== null) {
      const manifest = buildManifest({
        file,
        size: written.size,
        sha256: written.sha256,
        createdAt: new Date('2026-01-01T00:00:00.000Z'),
        host: manifestHost,
        user: 'CONTOSO\\btsadmin',
        entsso: { installDir: '/opt/entsso' },
        reminder: 'the blue folder',
        toolVersion: '0.1.0',
        pathFlavor: 'posix',
      });
      await writeManifest(file, manifest);
    }
    if (receipt === 'mismatch') writeFileSync(file, 'changed after its receipt\n');
  }
  return file;
}

const name = (stamp: string, host = HOST): string => `SSO-${host}-${stamp}.bak`;
const removedFiles = (plan: Awaited<ReturnType<typeof planRetention>>): string[] => plan.remove.map((r) => path.basename(r.file));

describe('backupNamePattern', () => {
  it('matches this host\'s names, the stamp captured', () => {
    expect(backupNamePattern(HOST).exec('SSO-SSOSIM01-20261122-101500.bak')?.[1]).toBe('20261122-101500');
  });

  it.each(['SSO-SSOSIM01-20261122-101500.bak.sha256', 'SSO-SSOSIM01-20261122-101500.bak.manifest.json', 'SSO-SSOSIM01-20261122-101500.bak.partial-42', 'SSO-SSOSIM01-test.bak', 'x-SSO-SSOSIM01-20261122-101500.bak', 'SSO-SSOSIM01-2026112-101500.bak'])(
    'not %s',
    (other) => {
      expect(backupNamePattern(HOST).test(other)).toBe(false);
    },
  );

  it('a host that is a prefix of another matches neither way', () => {
    expect(backupNamePattern('SSOSIM0').test('SSO-SSOSIM01-20261122-101500.bak')).toBe(false);
    expect(backupNamePattern('SSOSIM01').test('SSO-SSOSIM0-20261122-101500.bak')).toBe(false);
  });

  it('a host with a dot: the host part as the file name writes it', () => {
    const pattern = backupNamePattern('bts01.contoso');
    expect(pattern.source.startsWith('^SSO-BTS01-CONTOSO-')).toBe(true);
    expect(pattern.test('SSO-BTS01-CONTOSO-20261122-101500.bak')).toBe(true);
    expect(pattern.test('SSO-BTS01-20261122-101500.bak')).toBe(false);
  });

  it('ignores case, as Windows file names do', () => {
    expect(backupNamePattern(HOST).test('sso-ssosim01-20261122-101500.bak')).toBe(true);
  });
});

describe('planRetention', () => {
  it('keep counts the new backup: keep 2 leaves the new one and the newest older one', async () => {
    const folder = tempDir();
    for (const stamp of ['20260101-000000', '20260201-000000', '20260301-000000']) await backup(folder, name(stamp));
    const newest = await backup(folder, name('20260401-000000'));

    const plan = await planRetention(folder, HOST, 2, newest);

    expect(removedFiles(plan)).toEqual([name('20260201-000000'), name('20260101-000000')]);
    expect(plan.notes).toEqual([]);
  });

  it('the new backup is never in the plan, even with keep 1', async () => {
    const folder = tempDir();
    await backup(folder, name('20260101-000000'));
    const newest = await backup(folder, name('20260401-000000'));
    expect(removedFiles(await planRetention(folder, HOST, 1, newest))).toEqual([name('20260101-000000')]);
  });

  it('without a new backup, keep counts what is there', async () => {
    const folder = tempDir();
    for (const stamp of ['20260101-000000', '20260201-000000', '20260301-000000']) await backup(folder, name(stamp));
    expect(removedFiles(await planRetention(folder, HOST, 2))).toEqual([name('20260101-000000')]);
  });

  it('newest by the stamp in the name, not by the file times', async () => {
    const folder = tempDir();
    const older = await backup(folder, name('20250101-000000'));
    const newer = await backup(folder, name('20260101-000000'));
    utimesSync(older, new Date('2030-01-01'), new Date('2030-01-01'));
    utimesSync(newer, new Date('2001-01-01'), new Date('2001-01-01'));
    expect(removedFiles(await planRetention(folder, HOST, 1))).toEqual([name('20250101-000000')]);
  });

  it('each backup goes with its receipt and manifest; one without a manifest is not provably ours', async () => {
    const folder = tempDir();
    const withManifest = await backup(folder, name('20260101-000000'));
    const without = await backup(folder, name('20260102-000000'), { manifestHost: null });
    const plan = await planRetention(folder, HOST, 0);
    expect(plan.remove).toEqual([{ file: withManifest, companions: [receiptPathOf(withManifest), manifestPathOf(withManifest)] }]);
    expect(plan.notes).toEqual([`${without} is kept: it has no manifest.`]);
  });

  it('other hosts\' backups are not ours: untouched, without a note', async () => {
    const folder = tempDir();
    await backup(folder, name('20200101-000000', 'BTS02'), { manifestHost: 'BTS02' });
    const prefixHost = await backup(folder, name('20200101-000000', 'SSOSIM0'), { manifestHost: 'SSOSIM0' });
    await backup(folder, name('20200101-000000', 'SSOSIM011'), { manifestHost: 'SSOSIM011' });
    expect(await planRetention(folder, HOST, 1)).toEqual({ remove: [], notes: [] });
    expect(await planRetention(folder, 'SSOSIM0', 0)).toEqual({
      remove: [{ file: prefixHost, companions: [receiptPathOf(prefixHost), manifestPathOf(prefixHost)] }],
      notes: [],
    });
  });

  it('a host with a dot: its SSO-BTS01-CONTOSO- backups are its own, SSO-BTS01- ones are not', async () => {
    const folder = tempDir();
    await backup(folder, name('20200101-000000', 'BTS01-CONTOSO'), { manifestHost: 'bts01.contoso' });
    await backup(folder, name('20200101-000000', 'BTS01'), { manifestHost: 'BTS01' });
    const newest = await backup(folder, name('20260101-000000', 'BTS01-CONTOSO'), { manifestHost: 'bts01.contoso' });
    const plan = await planRetention(folder, 'bts01.contoso', 1, newest);
    expect(removedFiles(plan)).toEqual([name('20200101-000000', 'BTS01-CONTOSO')]);
    expect(plan.notes).toEqual([]);
  });

  it.each([
    ['it has no receipt', { receipt: 'none' }],
    ['its receipt names another file', { receipt: 'other-name' }],
    ['its SHA-256 does not match its receipt (changed or damaged?)', { receipt: 'mismatch' }],
    ['its manifest names another host (BTS02)', { manifestHost: 'BTS02' }],
    ['it has no manifest', { manifestHost: null }],
  ] as const)('a look-alike is kept with a note: %s', async (why, options) => {
    const folder = tempDir();
    const file = await backup(folder, name('20200101-000000'), options);
    const plan = await planRetention(folder, HOST, 0);
    expect(plan).toEqual({ remove: [], notes: [`${file} is kept: ${why}.`] });
  });

  it('a receipt that cannot be read, or a manifest that cannot: kept with a note saying so', async () => {
    const folder = tempDir();
    const badReceipt = await backup(folder, name('20200101-000000'));
    writeFileSync(receiptPathOf(badReceipt), 'not a sha256sum line\n');
    const badManifest = await backup(folder, name('20200102-000000'));
    writeFileSync(manifestPathOf(badManifest), '{ cut short');
    const plan = await planRetention(folder, HOST, 0);
    expect(plan.remove).toEqual([]);
    expect(plan.notes.sort()).toEqual([
      expect.stringMatching(new RegExp(`^${badReceipt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is kept: its receipt cannot be read \\(.*\\)\\.$`)),
      expect.stringMatching(new RegExp(`^${badManifest.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is kept: its manifest cannot be read \\(.*is not JSON.*\\)\\.$`)),
    ]);
  });

  it('a folder that does not exist (yet: a dry run before the first backup): nothing to remove, nothing to say', async () => {
    expect(await planRetention(path.join(tempDir(), 'gone'), HOST, 1)).toEqual({ remove: [], notes: [] });
  });

  it.each([['a file', (dir: string) => (writeFileSync(path.join(dir, 'f'), ''), path.join(dir, 'f'))]])(
    'a folder that cannot be listed (%s): nothing removed, a note',
    async (_kind, make) => {
    const folder = make(tempDir());
    const plan = await planRetention(folder, HOST, 1);
    expect(plan.remove).toEqual([]);
    expect(plan.notes).toEqual([expect.stringMatching(new RegExp(`could not be listed \\(.*\\); nothing was removed there\\.$`))]);
    expect(plan.notes[0]!.startsWith(folder)).toBe(true);
  },
  );

  it('a name in another case (sso-ssosim01-…) with a good receipt is taken as ours and removed like any other', async () => {
    const folder = tempDir();
    const lower = await backup(folder, 'sso-ssosim01-20200101-000000.bak');
    const newest = await backup(folder, name('20260101-000000'));
    const plan = await planRetention(folder, HOST, 1, newest);
    expect(plan.remove).toEqual([{ file: lower, companions: [receiptPathOf(lower), manifestPathOf(lower)] }]);
  });

  it('the new backup named in another case is still the new backup', async () => {
    const folder = tempDir();
    const newest = await backup(folder, name('20260101-000000'));
    expect(removedFiles(await planRetention(folder, HOST, 1, newest.toLowerCase().replace(folder.toLowerCase(), folder)))).toEqual([]);
  });
});

describe('applyRetention', () => {
  it('removes the .bak first, then its receipt and manifest', async () => {
    const folder = tempDir();
    const old = await backup(folder, name('20200101-000000'), { manifestHost: HOST });
    const newest = await backup(folder, name('20260101-000000'), { manifestHost: HOST });
    const done = await applyRetention(await planRetention(folder, HOST, 1, newest));
    expect(done).toEqual({ removed: [old, receiptPathOf(old), manifestPathOf(old)], notes: [] });
    expect(readdirSync(folder).sort()).toEqual([path.basename(newest), path.basename(manifestPathOf(newest)), path.basename(receiptPathOf(newest))].sort());
  });

  it('a .bak that cannot be removed: its receipt and manifest stay, a note, and the next backup is still done', async () => {
    const folder = tempDir();
    const stuck = await backup(folder, name('20200102-000000'), { manifestHost: HOST });
    const next = await backup(folder, name('20200101-000000'), { manifestHost: HOST });
    const plan = await planRetention(folder, HOST, 0);
    expect(removedFiles(plan)).toEqual([path.basename(stuck), path.basename(next)]);
    // Between plan and removal the .bak became something rm will not remove (a folder).
    rmSync(stuck);
    mkdirSync(stuck);

    const done = await applyRetention(plan);

    expect(done.removed).toEqual([next, receiptPathOf(next), manifestPathOf(next)]);
    expect(done.notes).toEqual([expect.stringMatching(new RegExp(`^${stuck.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} could not be removed \\(.+\\)\\.$`))]);
    expect(readdirSync(folder).sort()).toEqual([path.basename(stuck), path.basename(manifestPathOf(stuck)), path.basename(receiptPathOf(stuck))].sort());
  });
});
