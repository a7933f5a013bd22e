/**
 * The guided backup: ask first, then act. Every question is answered before anything is changed; then the
 * target is prepared, ssoconfig runs, the file is verified and the receipt written, and only then is anything
 * replaced for good. Any failure rolls the files back and says what became of each.
 */
import type { BackupOutcome } from '../console/outcome.js';
import { EXIT, SsoBackupError, type ExitCode, type ProblemText } from '../errors.js';
import { cancelledBy, stoppedBy } from '../prompts/prompter.js';
import type { Receipt } from '../receipts/receipt.js';
import { contextWords } from '../rules/password.js';
import { checkReminder } from '../rules/reminder.js';
import { RefusedAnswerError } from '../prompts/answer-sheet.js';
import type { FlowContext } from './context.js';
import { measureStrengthLabel } from './strength-label.js';
import { chooseBackupFile, type BackupTarget } from './steps/choose-backup-file.js';
import { collectPassword, collectReminder } from './steps/collect-secret.js';
import { locateInstallDir } from './steps/locate-install-dir.js';
import { checkMachine } from './steps/check-machine.js';
import { ENTSSO_EVENTS } from '../entsso/facts.js';
import { describeRunEvents, report } from './steps/report.js';
import { review } from './steps/review.js';
import { runSsoconfig } from './steps/run-ssoconfig.js';
import { TargetFiles } from './steps/target-files.js';
import { verifyBackup, type Verdict } from './steps/verify-backup.js';
import path from 'node:path';
import type { MachineReport } from '../checks/checks.js';
import type { MachineNames } from '../machine/machine.js';
import { buildManifest, writeManifest, type Manifest } from '../receipts/manifest.js';
import type { CopyFacts } from '../report/run-record.js';
import { copyOff, CopyCancelledError } from './steps/copy-off.js';
import { isDirectory, nearestExisting } from './steps/folders.js';
import { applyRetention, planRetention } from './steps/retention.js';
import { decideSkip } from './steps/skip-if-recent.js';
import { folderBusy, FolderBusyError, lockFolder, type FolderLock } from './steps/folder-lock.js';
import { mkdir } from 'node:fs/promises';

export type BackupResult =
  | { kind: 'made'; installDir: string; receipt: Receipt }
  | { kind: 'skipped'; installDir: string; existing: string }
  | { kind: 'planned'; installDir: string; file: string };

/** The backup failed; when ssoconfig itself failed, its run goes along for the transcript. */
export class BackupFailedError extends SsoBackupError {
  constructor(
    problem: ProblemText,
    exitCode: ExitCode,
    readonly failedRun?: Extract<BackupOutcome, { ok: false }>,
    options?: { cause?: unknown },
  ) {
    super(problem, exitCode, options);
    this.name = 'BackupFailedError';
  }
}

const withNotes = (next: string, notes: readonly string[]): string => [next, ...notes].join(' ');

const RUN_EVENTS = [ENTSSO_EVENTS.backupSucceeded, ENTSSO_EVENTS.backupFailed];

/** ENTSSO's own word on a failed run (10559, or 10560 with its error code): read once, kept for --json, said in the message. */
async function eventsOfFailedRun(ctx: Pick<FlowContext, 'machine' | 'record'>, file: string, startedAt: Date): Promise<string> {
  const events = await ctx.machine.events(RUN_EVENTS, startedAt).catch(() => undefined);
  ctx.record.events = events ?? [];
  return describeRunEvents(events, file, true);
}

async function prepare(target: BackupTarget, startedAt: Date): Promise<TargetFiles> {
  try {
    return await TargetFiles.prepare(target, startedAt);
  } catch (error) {
    throw new SsoBackupError(
      {
        what: `The place for the backup file could not be prepared: ${(error as Error).message}`,
        why: 'The folder could not be created, or the existing file could not be moved aside. ssoconfig was not started.',
        next: 'Choose another folder or file name, or free the file (is it open elsewhere?), then run again.',
      },
      EXIT.usage,
      { cause: error },
    );
  }
}

/** The backup is made and verified; a copy named with --copy-to is not. */
export class CopyFailedError extends SsoBackupError {
  constructor(failed: readonly CopyFacts[], file: string) {
    super(
      {
        what: `The backup is made and verified (${file}), but ${failed.length === 1 ? 'a copy' : `${failed.length} copies`} failed: ${failed.map((c) => `${c.destination}: ${c.error ?? 'unknown'}`).join('; ')}.`,
        why: 'A second copy off the server is part of the job: a backup left only on the server is lost with it. The first file is untouched.',
        next: 'Make the destination reachable and writable for this account, then copy the file, its .sha256 and .manifest.json by hand, or run sso-backup again. Older backups were not removed (--keep waits for good copies).',
      },
      EXIT.copyFailed,
    );
    this.name = 'CopyFailedError';
  }
}

/** The folder that --if-older-than and --keep look in: --folder, or the folder of --file. */
function backupFolder(options: FlowContext['options']): string | undefined {
  if (options.folder !== undefined) return path.resolve(options.folder);
  if (options.file !== undefined) return path.dirname(path.resolve(options.file));
  return undefined;
}

/** DOMAIN\\user, as Windows writes an account. */
function qualifiedUser(names: MachineNames): string {
  return names.domain && !names.user.includes('\\') ? `${names.domain}\\${names.user}` : names.user;
}

function manifestFor(
  ctx: Pick<FlowContext, 'machine' | 'options' | 'version'>,
  facts: { installDir: string; receipt: Receipt; reminder: string; names: MachineNames; report: MachineReport; createdAt: Date },
): Manifest {
  const { receipt, names, report } = facts;
  return buildManifest({
    file: receipt.file,
    size: receipt.size,
    sha256: receipt.sha256,
    createdAt: facts.createdAt,
    host: names.host,
    user: qualifiedUser(names),
    entsso: { version: report.install?.productVersion, installDir: facts.installDir, masterSecretServer: report.ssoDatabase?.masterSecretServer },
    reminder: facts.reminder,
    vaultNote: ctx.options.vaultNote,
    toolVersion: ctx.version,
    pathFlavor: ctx.machine.pathFlavor,
  });
}

export async function runBackupFlow(ctx: FlowContext): Promise<BackupResult> {
  const { record, options } = ctx;
  const checkpoint = (): void => stopIfAsked(ctx.signal);
  const names = await ctx.machine.names();
  record.host = names.host;
  record.machine = { kind: ctx.machine.kind, description: ctx.machine.describe() };
  const install = await record.timed('locate', () => locateInstallDir(ctx));
  record.installDir = install.dir;
  checkpoint();

  const folder = backupFolder(options);
  if (options.ifOlderThanMs !== undefined && folder !== undefined) {
    const decision = await decideSkip(ctx, folder, names.host, options.ifOlderThanMs, options.copyTo ?? []);
    if (decision.skip) {
      record.skipped = decision.facts;
      ctx.out(`${ctx.style.ok(ctx.style.symbols.ok)} Nothing to do. ${decision.facts.reason}\n  newest backup  ${decision.facts.existing.file}\n`);
      if (!options.dryRun) return { kind: 'skipped', installDir: install.dir, existing: decision.facts.existing.file };
      ctx.out('  (dry run: the plan below is what would run without --if-older-than)\n');
    } else {
      ctx.out(`${ctx.style.dim(`A backup is due: ${decision.why}.`)}\n`);
    }
  }

  const target = await record.timed('questions', () => chooseBackupFile(ctx, install.dir));
  record.target = target.file;
  const busy = await folderBusy(path.dirname(target.file), names.host);
  if (busy) throw busy;
  checkpoint();
  const { results: checks, report: machineReport } = await record.timed('checks', () => checkMachine(ctx, install.dir, target.file));
  const waived = checks.filter((r) => r.status === 'failed' && (options.skipChecks ?? []).includes(r.name));
  for (const r of waived) record.warn(`The failed check "${r.title}" was skipped with --skip-check ${r.name}: ${r.reason}.`);
  checkpoint();
  const rules = { minScore: options.minScore, userInputs: contextWords(names) };
  const { password, strength, reminder } = await record.timed('questions', async () => {
    const { password, strength } = await collectPassword(ctx, rules);
    return { password, strength, reminder: await collectReminder(ctx, password, rules) };
  });
  // The vault note goes into the manifest beside the file, like the reminder: it must not give the password away.
  const noteLeak = options.vaultNote === undefined ? undefined : checkReminder(options.vaultNote, password.reveal(), rules).problems.find((p) => p.rule === 'contains-password');
  if (noteLeak) throw new RefusedAnswerError('--vault-note', 'Where the password is kept', noteLeak.message.replace('The reminder', 'The vault note'), 'Say where the password is kept, not what it is.');
  checkpoint();
  const retentionFolders = [path.dirname(target.file), ...(options.copyTo ?? []).map((d) => path.resolve(d))];
  await review(ctx, { install, target, reminder, strength: measureStrengthLabel(password, rules, strength) }, !options.dryRun);
  if (options.dryRun) {
    if (options.keep !== undefined) {
      for (const dir of retentionFolders) {
        const plan = await planRetention(dir, names.host, options.keep, target.file);
        for (const old of plan.remove) {
          record.wouldRemove.push(old.file, ...old.companions);
          ctx.out(`  would remove  ${old.file} (--keep ${options.keep})\n`);
        }
        for (const note of plan.notes) record.warn(note);
      }
    }
    const unwritable = await unwritableDestinations(ctx, options.copyTo ?? []);
    if (unwritable.length > 0) {
      throw new SsoBackupError(
        {
          what: `Dry run: ${unwritable.join('; ')}.`,
          why: 'The copy would fail after the backup is made (exit 5).',
          next: 'Make the destination reachable and writable for the account that will run the backup (under PowerShell remoting, mind the second hop), then run the dry run again.',
        },
        EXIT.copyFailed,
      );
    }
    ctx.out(`${ctx.style.ok(ctx.style.symbols.ok)} Dry run: every check ran and the answers were accepted. Nothing was run or written.\n`);
    return { kind: 'planned', installDir: install.dir, file: target.file };
  }
  checkpoint();

  // From here on this run acts: one run at a time per host and folder (folder-lock.ts).
  const lock = await takeFolderLock(target, names);
  try {
    return await act(ctx, { install, target, names, machineReport, password, reminder });
  } finally {
    await lock.release();
  }
}

/** A stop asked for before anything was changed ends the run here: nothing was run. */
function stopIfAsked(signal: AbortSignal): void {
  if (signal.aborted) throw cancelledBy(signal, 'Cancelled; nothing was run.');
}

/** The lock lives in the backup folder: a folder still to be made (the person agreed) is made here, first. */
async function takeFolderLock(target: BackupTarget, names: MachineNames): Promise<FolderLock> {
  const folder = path.dirname(target.file);
  try {
    if (target.createFolder) await mkdir(folder, { recursive: true });
    return await lockFolder(folder, { host: names.host, user: qualifiedUser(names), file: target.file, tool: 'sso-backup' });
  } catch (error) {
    if (error instanceof FolderBusyError) throw error;
    throw new SsoBackupError(
      {
        what: `The backup folder ${folder} could not be locked for this run: ${(error as Error).message}`,
        why: 'sso-backup writes a small lock file there so that two runs do not use one folder at once; the folder could not be created or written. ssoconfig was not started.',
        next: 'Choose another folder, or give this account the right to write there, then run again.',
      },
      EXIT.usage,
      { cause: error },
    );
  }
}

interface Acting {
  install: { dir: string };
  target: BackupTarget;
  names: MachineNames;
  machineReport: MachineReport;
  password: Parameters<typeof runSsoconfig>[1]['password'];
  reminder: string;
}

/** Prepare the files, run ssoconfig, verify, commit or roll back, copy, keep, report: all under the folder's lock. */
async function act(ctx: FlowContext, { install, target, names, machineReport, password, reminder }: Acting): Promise<BackupResult> {
  const { record, options } = ctx;
  // A stop while the lock was taken: nothing is moved aside or started.
  stopIfAsked(ctx.signal);
  const startedAt = ctx.now();
  const files = await prepare(target, startedAt);
  let outcome: BackupOutcome;
  let verdict: Verdict;
  let manifestFile: string | null = null;
  try {
    outcome = await record.timed('ssoconfig', () => runSsoconfig(ctx, { installDir: install.dir, file: target.file, password, reminder }));
    const abandon = new AbortController();
    const verification = async (): Promise<Verdict> => {
      const checked = await verifyBackup(outcome, target.file, startedAt, abandon.signal);
      if (!checked.ok) return checked;
      try {
        manifestFile = await writeManifest(target.file, manifestFor(ctx, { installDir: install.dir, receipt: checked.receipt, reminder, names, report: machineReport, createdAt: startedAt }), abandon.signal);
      } catch (error) {
        return manifestNotWritten(error);
      }
      return checked;
    };
    verdict = await record.timed('verify', () => finishedOrAbandoned(ctx.signal, abandon, verification()));
  } catch (error) {
    const { notes } = await files.rollback('incomplete');
    notes.push(await eventsOfFailedRun(ctx, target.file, startedAt));
    throw new BackupFailedError(
      {
        what: `The backup run failed: ${(error as Error).message}`,
        why: 'Something outside ssoconfig went wrong while it ran or while the file was checked.',
        next: withNotes('Run again; if it repeats, report it with this text.', notes),
      },
      EXIT.ssoconfigFailed,
      undefined,
      { cause: error },
    );
  }
  if (!verdict.ok) {
    const { notes } = await files.rollback(verdict.exitCode === EXIT.notVerified ? 'unverified' : 'incomplete');
    notes.push(await eventsOfFailedRun(ctx, target.file, startedAt));
    throw new BackupFailedError({ ...verdict.problem, next: withNotes(verdict.problem.next, notes) }, verdict.exitCode, verdict.failedRun);
  }
  const receipt = verdict.receipt;
  record.backup = { file: receipt.file, size: receipt.size, sha256: receipt.sha256, receipt: receipt.receiptFile, manifest: manifestFile, createdAt: startedAt.toISOString() };
  // A file whose read-back is unconfirmed (Windows) stands, but nothing older goes on its word.
  const unconfirmed = outcome.ok ? outcome.unconfirmed : undefined;
  for (const w of outcome.ok ? outcome.warnings : []) record.warn(w);
  for (const note of unconfirmed === undefined ? await files.commit() : files.keepAside()) record.warn(note);
  const events = await ctx.machine.events(RUN_EVENTS, startedAt);
  record.events = events ?? [];

  const companions = [receipt.receiptFile, ...(manifestFile ? [manifestFile] : [])];
  record.copies = await record.timed('copies', () => copyOff(ctx, { file: receipt.file, sha256: receipt.sha256, companions }, options.copyTo ?? []));
  const failedCopies = record.copies.filter((c) => !c.ok);
  if (options.keep !== undefined) {
    // A stop after the copies: --keep does not start (it hashes every older backup, which is slow on a share).
    if (ctx.signal.aborted) throw new CopyCancelledError(receipt.file, ctx.signal.reason, record.copies, [], []);
    if (failedCopies.length > 0) {
      record.warn(`--keep ${options.keep}: nothing was removed, because a copy failed.`);
    } else if (unconfirmed !== undefined) {
      record.warn(`--keep ${options.keep}: nothing was removed, because the new file could not be confirmed by reading it back.`);
    } else {
      const folders = [path.dirname(receipt.file), ...record.copies.map((c) => path.dirname(c.file!))];
      await record.timed('retention', async () => {
        for (const dir of folders) {
          const newest = path.join(dir, path.basename(receipt.file));
          const plan = await planRetention(dir, names.host, options.keep!, newest);
          const done = await applyRetention(plan);
          record.removed.push(...done.removed);
          for (const note of [...plan.notes, ...done.notes]) record.warn(note);
        }
      });
    }
  }
  report(ctx, { installDir: install.dir, receipt, manifest: manifestFile, warnings: record.warnings, events, copies: record.copies, removed: record.removed });
  if (failedCopies.length > 0) throw new CopyFailedError(failedCopies, receipt.file);
  return { kind: 'made', installDir: install.dir, receipt };
}

/** --copy-to destinations this account could not create or write to (checked without writing: a dry run). */
async function unwritableDestinations(ctx: Pick<FlowContext, 'machine'>, destinations: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const destination of destinations) {
    const folder = nearestExisting(path.resolve(destination));
    if (!isDirectory(folder)) problems.push(`--copy-to ${destination}: ${folder} is not a folder that can be reached`);
    else if (!(await ctx.machine.canWrite(folder))) problems.push(`--copy-to ${destination}: this account may not write in ${folder}`);
  }
  return problems;
}

/** How long a check in progress may go on after a stop: it takes milliseconds on a folder that answers. */
const VERIFY_GRACE_MS = 2_000;

/**
 * The verification, finished: a stop while it runs lets it finish, so a good backup is kept. But a write that
 * hangs (a share that stopped answering) must not hold a stopped run for ever: VERIFY_GRACE_MS after the stop it
 * is given up (`abandon`: its receipt or manifest then never takes its name), and the run is cancelled.
 */
async function finishedOrAbandoned(signal: AbortSignal, abandon: AbortController, work: Promise<Verdict>): Promise<Verdict> {
  let timer: NodeJS.Timeout | undefined;
  let onStop = (): void => undefined;
  const givenUp = new Promise<'given up'>((resolve) => {
    onStop = () => {
      timer = setTimeout(() => resolve('given up'), VERIFY_GRACE_MS);
    };
    if (signal.aborted) onStop();
    else signal.addEventListener('abort', onStop, { once: true });
  });
  try {
    const result = await Promise.race([work, givenUp]);
    if (result !== 'given up') return result;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onStop);
  }
  abandon.abort();
  return {
    ok: false,
    exitCode: EXIT.cancelled,
    problem: {
      what: 'Cancelled while the new file was checked, and the check did not finish.',
      why: `The run was stopped by ${stoppedBy(signal.reason)}, and writing the receipt or the manifest was still not done ${VERIFY_GRACE_MS / 1000} s later (a folder or share that stopped answering?). A file that is not verified never keeps the backup's name.`,
      next: 'Make sure the folder answers, then run sso-backup again.',
    },
  };
}

function manifestNotWritten(error: unknown): Verdict {
  return {
    ok: false,
    exitCode: EXIT.notVerified,
    problem: {
      what: 'The backup file was written, but its manifest could not be.',
      why: `Writing the manifest failed: ${(error as Error).message}`,
      next: 'Free some space or fix the folder\'s permissions, then run again.',
    },
  };
}
