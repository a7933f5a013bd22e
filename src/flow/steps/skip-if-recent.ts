/**
 * --if-older-than <duration>: a runbook may run daily and back up only when needed. Nothing is done when the
 * folder already holds a backup of this host made by sso-backup that (1) verifies against its receipt and
 * manifest, (2) is newer than the duration, and (3) has no newer master secret than itself: ENTSSO logs event
 * 10525 when a secret is generated, and every generation needs a new backup. When the events cannot be read,
 * (3) cannot be known, and the backup is made.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ENTSSO_EVENTS } from '../../entsso/facts.js';
import { sha256OfFile } from '../../console/file-snapshot.js';
import { MANIFEST_SUFFIX, readManifest } from '../../receipts/manifest.js';
import { verifyBackupFile } from '../../receipts/verify-file.js';
import type { SkipFacts } from '../../report/run-record.js';
import { describeDuration } from '../../rules/duration.js';
import type { FlowContext } from '../context.js';

/** How far a manifest's time may be ahead of this clock and still count (clocks of one domain drift a little). */
const CLOCK_SLACK_MS = 5 * 60_000;

export type SkipDecision = { skip: true; facts: SkipFacts } | { skip: false; why: string };

type Ctx = Pick<FlowContext, 'machine' | 'now'>;

/** The newest backup of `host` in `folder` that verifies, with when it was made. */
async function newestVerified(ctx: Ctx, folder: string, host: string): Promise<{ file: string; createdAt: Date; sha256: string } | undefined> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return undefined;
  }
  let best: { file: string; createdAt: Date; sha256: string } | undefined;
  for (const name of names.filter((n) => n.toLowerCase().endsWith(MANIFEST_SUFFIX))) {
    const file = path.join(folder, name.slice(0, -MANIFEST_SUFFIX.length));
    const manifest = await readManifest(file).catch(() => undefined);
    if (!manifest || manifest.host.toLowerCase() !== host.toLowerCase()) continue;
    const createdAt = new Date(manifest.createdAt);
    // A manifest from the future (a wrong clock then or now) proves nothing about age: it never counts.
    if (createdAt.getTime() > ctx.now().getTime() + CLOCK_SLACK_MS) continue;
    if (best && createdAt <= best.createdAt) continue;
    const verification = await verifyBackupFile(file, { machine: ctx.machine, now: ctx.now });
    if (verification.ok && verification.sha256) best = { file, createdAt, sha256: verification.sha256 };
  }
  return best;
}

/** The copies --copy-to asks for must be there too, the same bytes: or the run after a failed copy would skip it. */
async function missingCopy(file: string, sha256: string, copyTo: readonly string[]): Promise<string | undefined> {
  for (const destination of copyTo) {
    const copy = path.join(path.resolve(destination), path.basename(file));
    const copied = await sha256OfFile(copy).catch(() => undefined);
    if (copied !== sha256) return `${copy} (--copy-to) ${copied === undefined ? 'is missing' : 'differs from the backup'}`;
  }
  return undefined;
}

export async function decideSkip(ctx: Ctx, folder: string, host: string, maxAgeMs: number, copyTo: readonly string[] = []): Promise<SkipDecision> {
  const newest = await newestVerified(ctx, folder, host);
  if (!newest) return { skip: false, why: `there is no verified backup of ${host} made by sso-backup in ${folder}` };
  const age = ctx.now().getTime() - newest.createdAt.getTime();
  if (age > maxAgeMs) {
    return { skip: false, why: `the newest verified backup, ${newest.file}, is ${describeDuration(age)} old (--if-older-than ${describeDuration(maxAgeMs)})` };
  }
  const copyProblem = await missingCopy(newest.file, newest.sha256, copyTo);
  if (copyProblem !== undefined) return { skip: false, why: `the newest verified backup is recent, but ${copyProblem}` };
  const generated = await ctx.machine.events([ENTSSO_EVENTS.secretGenerated], newest.createdAt).catch(() => undefined);
  if (generated === undefined) {
    return { skip: false, why: 'the Application log could not be read, so a master secret generated since the last backup (event 10525) cannot be ruled out' };
  }
  if (generated.length > 0) {
    return { skip: false, why: `a new master secret was generated at ${generated[0]!.time} (event 10525), after the newest backup ${newest.file}` };
  }
  return {
    skip: true,
    facts: {
      reason: `A verified backup of ${host} made ${describeDuration(age)} ago is in ${folder}, newer than --if-older-than ${describeDuration(maxAgeMs)}, and no master secret was generated since (no event 10525).`,
      existing: { file: newest.file, createdAt: newest.createdAt.toISOString(), sha256: newest.sha256 },
    },
  };
}
