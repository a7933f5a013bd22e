/**
 * `sso-backup verify <file> [--sso-dir <dir>]`: checks a backup file against its receipt and manifest and reads
 * its reminder back (src/receipts/verify-file.ts), then prints a report. Exit 0 when verified, 4 when not; no
 * questions, so a runbook can ask. It cannot prove the password: only a restore does (docs/verify.md).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SSOCONFIG } from '../entsso/facts.js';
import { EXIT, SsoBackupError, UsageError } from '../errors.js';
import { resultJson, type ResultJson } from '../report/json-result.js';
import { RunRecord } from '../report/run-record.js';
import { toolVersion } from './version.js';
import { resolveMachine } from '../machine/resolve-machine.js';
import { manifestPathOf } from '../receipts/manifest.js';
import { verifyBackupFile, type FileVerification } from '../receipts/verify-file.js';
import { createStyle, type Style } from '../ui/style.js';
import { parseOrExplain, type CommandIo } from './simulator-command.js';

export type { FileVerification } from '../receipts/verify-file.js';

/** The options `verify` takes (node:util parseArgs); add one here and read it in parseVerifyArgs. */
export const VERIFY_OPTIONS = {
  'sso-dir': { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies Record<string, { type: 'string' | 'boolean' }>;

export interface VerifyArgs {
  /** The backup file, resolved to an absolute path. */
  file: string;
  /** The ENTSSO install directory, resolved; picks a simulated machine when it is one's. */
  ssoDir?: string;
}

export function parseVerifyArgs(args: readonly string[]): VerifyArgs {
  const { values, positionals } = parseOrExplain(args, { ...VERIFY_OPTIONS }, 'sso-backup --help');
  if (positionals.length === 0) throw new UsageError('"verify" needs the backup file to check.', 'Run "sso-backup verify <file>".');
  if (positionals.length > 1) {
    throw new UsageError(`"verify" checks one file, and was given ${positionals.length}.`, 'Run "sso-backup verify <file>" once per file (quote a path with spaces).');
  }
  const parsed: VerifyArgs = { file: path.resolve(positionals[0]!) };
  const ssoDir = values['sso-dir'];
  if (ssoDir !== undefined) {
    parsed.ssoDir = path.resolve(String(ssoDir));
    if (!existsSync(path.join(parsed.ssoDir, SSOCONFIG.executable))) {
      throw new UsageError(`--sso-dir ${parsed.ssoDir} has no ${SSOCONFIG.executable}.`, 'Pass the ENTSSO install directory, or leave --sso-dir out.');
    }
  }
  return parsed;
}

/** The human report of a verification, ending in a newline. */
export function formatVerification(v: FileVerification, style: Style): string {
  const { symbols } = style;
  const lines: string[] = [style.bold(`Verifying ${v.file}`)];
  lines.push(`  file      ${v.size === undefined ? 'not found' : `${v.size} bytes`}`);
  if (v.sha256 !== undefined) {
    const receipt =
      v.receipt.problem === undefined && v.receipt.sha256 !== undefined
        ? style.ok(`${symbols.ok} matches the receipt`)
        : style.error(`${symbols.error} ${v.receipt.problem ?? 'no receipt'}`);
    lines.push(`  SHA-256   ${v.sha256}`, `            ${receipt} (${v.receipt.file})`);
  }
  if (v.manifest) {
    const m = v.manifest;
    lines.push(`  manifest  ${manifestPathOf(v.file)}`, `            made by ${m.tool.name} ${m.tool.version} on ${m.host} as ${m.user}`);
  } else if (v.manifestProblem !== undefined) {
    lines.push(`  manifest  ${style.error(`${symbols.error} cannot be used`)}`);
  } else if (v.size !== undefined) {
    lines.push('  manifest  none');
  }
  if (v.reminder?.ok) {
    lines.push(`  reminder  ${JSON.stringify(v.reminder.reminder)}`, `            ${style.dim(v.reminder.how)}`);
  } else if (v.reminder) {
    lines.push(`  reminder  ${style.warn('not read from the file')}${v.manifest ? `; the manifest says ${JSON.stringify(v.manifest.reminder)}` : ''}`);
  } else if (v.manifest) {
    lines.push(`  reminder  ${JSON.stringify(v.manifest.reminder)} (from the manifest)`);
  }
  if (v.manifest?.vaultNote) lines.push(`  password  kept in: ${v.manifest.vaultNote}`);
  if (v.manifest) {
    const { cmd, powershell } = v.manifest.restore;
    if (powershell === cmd) lines.push(`  restore   ${cmd}`);
    else lines.push(`  restore   in cmd: ${cmd}`, `            in PowerShell: ${powershell}`);
  }
  lines.push('');
  for (const problem of v.problems) lines.push(`${style.error(symbols.error)} ${problem}`);
  for (const note of v.notes) lines.push(`${style.dim(symbols.info)} ${note}`);
  lines.push('');
  if (v.ok) {
    lines.push(
      `${style.ok(symbols.ok)} ${style.bold('Verified:')} the file is whole and is the one its receipt${v.manifest ? ' and manifest' : ''} describe${v.manifest ? '' : 's'}.`,
      '  This does not prove the password: only a restore does. Keep the password with the file\'s location in your vault.',
    );
  } else {
    lines.push(
      `${style.error(symbols.error)} ${style.bold(`NOT verified: ${v.problems.length} problem(s) above.`)} Do not rely on this file;`,
      '  make a new backup (sso-backup) if the original cannot be found whole.',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The --json result of a verification (docs/json-result.md): the same schema as a backup's, command "verify". */
export function verificationJson(v: FileVerification, record: RunRecord, version: string): ResultJson {
  if (v.size !== undefined && v.size > 0 && v.sha256 !== undefined) {
    record.backup = {
      file: v.file,
      size: v.size,
      sha256: v.sha256,
      receipt: v.receipt.file,
      manifest: v.manifest ? manifestPathOf(v.file) : null,
      createdAt: v.createdAt ?? null,
      reminder: v.reminder?.ok ? v.reminder.reminder : (v.manifest?.reminder ?? null),
      ageDays: v.ageDays ?? null,
    };
  }
  record.target = v.file;
  record.notes.push(...v.notes);
  const error = v.ok
    ? undefined
    : { what: `${v.file} is NOT verified.`, why: v.problems.join(' '), next: 'Do not rely on this file; make a new backup (sso-backup) if the original cannot be found whole.' };
  return resultJson(record, { command: 'verify', status: v.ok ? 'succeeded' : 'failed', exitCode: v.ok ? EXIT.ok : EXIT.notVerified, dryRun: false, version, ...(error ? { error } : {}) });
}

export async function runVerifyCommand(args: readonly string[], io: CommandIo, stdout: NodeJS.WriteStream = process.stdout): Promise<number> {
  const json = args.includes('--json');
  const record = new RunRecord();
  try {
    const { file, ssoDir } = parseVerifyArgs(args);
    const machine = await resolveMachine({ ssoDir });
    record.host = (await machine.names()).host;
    record.machine = { kind: machine.kind, description: machine.describe() };
    const verification = await verifyBackupFile(file, { machine, now: () => new Date() });
    if (json) {
      io.err(formatVerification(verification, createStyle(process.stderr)));
      io.out(`${JSON.stringify(verificationJson(verification, record, toolVersion()), null, 2)}\n`);
    } else {
      io.out(formatVerification(verification, createStyle(stdout)));
    }
    return verification.ok ? EXIT.ok : EXIT.notVerified;
  } catch (error) {
    if (json && error instanceof SsoBackupError) {
      const result = resultJson(record, { command: 'verify', status: 'failed', exitCode: error.exitCode, dryRun: false, version: toolVersion(), error });
      io.out(`${JSON.stringify(result, null, 2)}\n`);
    }
    throw error;
  }
}
