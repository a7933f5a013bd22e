/** Step 8: what was done, where, the hash, and what the admin must do now. */
import path from 'node:path';
import type { Receipt } from '../../receipts/receipt.js';
import { ENTSSO_EVENTS } from '../../entsso/facts.js';
import { restoreCommands } from '../../receipts/manifest.js';
import type { EntssoEvent } from '../../machine/facts.js';
import type { FlowContext } from '../context.js';
import type { CopyFacts } from '../../report/run-record.js';

/**
 * What ENTSSO logged about this run: 10559 for this file, or 10560 with its error code. `failed`: said after a
 * failed run, whose file is already renamed aside (so not "before relying on this file").
 */
export function describeRunEvents(events: readonly EntssoEvent[] | undefined, file: string, failed = false): string {
  if (events === undefined) return 'The Application log could not be read, so ENTSSO\'s own word on this backup (event 10559) is not known.';
  // The form ENTSSO records the name in is unconfirmed: compare normalised, without a \\?\ prefix, in any case.
  const normal = (name: string) => path.win32.normalize(name.replace(/^\\\\\?\\/, '')).toLowerCase();
  const forFile = (e: EntssoEvent) => normal(e.data[0] ?? '') === normal(file);
  const succeeded = events.find((e) => e.id === ENTSSO_EVENTS.backupSucceeded && forFile(e));
  if (succeeded) return `ENTSSO logged event 10559 ("The master secrets were successfully backed up") for this file at ${succeeded.time}.`;
  const failure = events.find((e) => e.id === ENTSSO_EVENTS.backupFailed);
  if (failure) {
    const said = `ENTSSO logged event 10560 (backup failed) with error code ${failure.data[4] ?? 'unknown'} at ${failure.time}`;
    return failed ? `${said}: its error code says why this run failed.` : `${said}: look into it before relying on this file.`;
  }
  return 'ENTSSO has not logged event 10559 for this file (yet): look in the Application log for ENTSSO events of this run.';
}

export const CONFIRM_10589_LATER =
  'wevtutil qe Application /q:"*[System[Provider[@Name=\'ENTSSO\'] and (EventID=10589)]]" /c:1 /rd:true /f:text';

export function report(
  ctx: Pick<FlowContext, 'out' | 'style' | 'machine'>,
  facts: {
    installDir: string;
    receipt: Receipt;
    manifest?: string | null;
    warnings: readonly string[];
    events?: readonly EntssoEvent[] | undefined;
    copies?: readonly CopyFacts[];
    removed?: readonly string[];
  },
): void {
  const { out, style } = ctx;
  const { receipt } = facts;
  // The same lines as the manifest's: one builder, so what is printed and what is kept never disagree.
  const commands = restoreCommands(facts.installDir, receipt.file, ctx.machine.pathFlavor);
  const restore = ctx.machine.pathFlavor === 'win32' ? `in cmd: ${commands.cmd}\n     in PowerShell: ${commands.powershell}` : commands.cmd;
  const lines = [
    '',
    `${style.ok(style.symbols.ok)} ${style.bold('The master secret is backed up, and the file is verified.')}`,
    `  file     ${receipt.file} (${receipt.size} bytes)`,
    `  SHA-256  ${receipt.sha256}`,
    `  receipt  ${receipt.receiptFile}`,
    `           check a copy with: sha256sum -c "${path.basename(receipt.receiptFile)}"   or, in PowerShell:`,
    `           (Get-FileHash -Algorithm SHA256 "${path.basename(receipt.file)}").Hash  (must equal the SHA-256 above)`,
    ...(facts.manifest ? [`  manifest ${facts.manifest}`, `           check the file any time with: sso-backup verify "${receipt.file}"`] : []),
    ...(facts.copies ?? []).map((c) =>
      c.ok ? `  ${style.ok(style.symbols.ok)} copy     ${c.file} (read back: same SHA-256)` : `  ${style.error(style.symbols.error)} copy     to ${c.destination} FAILED: ${c.error}`,
    ),
    ...(facts.removed ?? []).map((f) => `  removed  ${f} (older backup, --keep)`),
    ...facts.warnings.map((w) => `  ${style.warn(style.symbols.warn)} ${w}`),
    `  ${describeRunEvents(facts.events, receipt.file)}`,
    '  Event 10589 ("The master secret has not been backed up") should no longer appear. To confirm later, the newest one:',
    `     ${CONFIRM_10589_LATER}`,
    '',
    style.bold('Now, before you close this window:'),
    ...((facts.copies ?? []).some((c) => c.ok)
      ? ['  1. The copy is off this server only if the destination above is: make sure it is, and that only SSO Administrators can read it.']
      : [
          '  1. Copy the file and its receipt off this server, to storage only SSO Administrators can read.',
          '     A backup left only on the server is lost with the server.',
        ]),
    '  2. Put the password in your team\'s password vault and share it with a second administrator.',
    '     The file without its password is useless, and the password exists nowhere else.',
    `  3. To restore (on the master secret server, elevated): ${restore}`,
    '  4. Back up again after every new master secret, before changing the ENTSSO service account, and before upgrades.',
    '',
  ];
  out(lines.join('\n'));
}
