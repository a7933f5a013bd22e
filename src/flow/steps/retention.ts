/**
 * --keep <n>: after a verified backup, older backups of this host made by sso-backup are removed from a folder,
 * so a daily runbook does not fill it. A file is one of ours only when all of these hold: its name is the one
 * sso-backup gives (SSO-<HOST>-<yyyyMMdd>-<HHmmss>.bak, this host), its receipt (<file>.sha256) names it and
 * matches its SHA-256, and its manifest (<file>.manifest.json) was written by sso-backup for this host, this file
 * and this SHA-256. Anything else is never touched;
 * a file that looks like ours but fails its receipt is left alone and reported.
 */
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { sha256OfFile } from '../../console/file-snapshot.js';
import { companionsOf } from '../../receipts/companions.js';
import { manifestPathOf, readManifest } from '../../receipts/manifest.js';
import { readReceipt, receiptPathOf } from '../../receipts/receipt.js';
import { hostPartOf } from '../../rules/backup-path.js';

export interface RetentionPlan {
  /** Backups to remove, oldest last; each with the receipt and manifest that go with it. */
  remove: { file: string; companions: string[] }[];
  /** Files that look like ours and are kept anyway, with why. */
  notes: string[];
}

/** The name pattern of this host's backups: the host part exactly as defaultBackupFileName writes it. */
export function backupNamePattern(host: string): RegExp {
  const prefix = `SSO-${hostPartOf(host)}-`;
  return new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d{8}-\\d{6})\\.bak$`, 'i');
}

async function isOurs(file: string, host: string): Promise<string | true> {
  const receipt = receiptPathOf(file);
  if (!existsSync(receipt)) return 'it has no receipt';
  let line;
  try {
    line = await readReceipt(receipt);
    if (line.name.toLowerCase() !== path.basename(file).toLowerCase()) return 'its receipt names another file';
    if (line.sha256 !== (await sha256OfFile(file))) return 'its SHA-256 does not match its receipt (changed or damaged?)';
  } catch (error) {
    return `its receipt cannot be read (${(error as Error).message})`;
  }
  // Every backup sso-backup makes has a manifest: one without, or whose manifest says otherwise, is not provably ours.
  if (!existsSync(manifestPathOf(file))) return 'it has no manifest';
  try {
    const manifest = await readManifest(manifestPathOf(file));
    if (manifest.host.toLowerCase() !== host.toLowerCase()) return `its manifest names another host (${manifest.host})`;
    if (manifest.file.toLowerCase() !== path.basename(file).toLowerCase()) return 'its manifest names another file';
    if (manifest.sha256 !== line.sha256) return 'its manifest gives another SHA-256';
    if (manifest.tool.name !== 'sso-backup') return 'its manifest was not written by sso-backup';
  } catch (error) {
    return `its manifest cannot be read (${(error as Error).message})`;
  }
  return true;
}

/** What --keep would remove from `folder`; `keep` counts the new backup, which is never removed. */
export async function planRetention(folder: string, host: string, keep: number, newBackup?: string): Promise<RetentionPlan> {
  const pattern = backupNamePattern(host);
  const exclude = newBackup === undefined ? undefined : path.basename(newBackup).toLowerCase();
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { remove: [], notes: [] }; // no folder yet: nothing to keep or remove
    return { remove: [], notes: [`${folder} could not be listed (${(error as Error).message}); nothing was removed there.`] };
  }
  const ours: { file: string; stamp: string }[] = [];
  const notes: string[] = [];
  for (const name of names) {
    const match = pattern.exec(name);
    if (!match || name.toLowerCase() === exclude) continue;
    const file = path.join(folder, name);
    const verdict = await isOurs(file, host);
    if (verdict === true) ours.push({ file, stamp: match[1]! });
    else notes.push(`${file} is kept: ${verdict}.`);
  }
  ours.sort((a, b) => (a.stamp < b.stamp ? 1 : a.stamp > b.stamp ? -1 : 0));
  const others = Math.max(0, keep - (newBackup === undefined ? 0 : 1));
  const remove = ours.slice(others).map(({ file }) => ({
    file,
    companions: companionsOf(file),
  }));
  return { remove, notes };
}

/** Removes what the plan names; returns every path removed, and notes on what could not be. */
export async function applyRetention(plan: RetentionPlan): Promise<{ removed: string[]; notes: string[] }> {
  const removed: string[] = [];
  const notes: string[] = [];
  for (const backup of plan.remove) {
    // The backup first: a receipt without its file is harmless; a backup without its receipt is not ours any more.
    for (const file of [backup.file, ...backup.companions]) {
      try {
        await rm(file);
        removed.push(file);
      } catch (error) {
        notes.push(`${file} could not be removed (${(error as Error).message}).`);
        break;
      }
    }
  }
  return { removed, notes };
}
