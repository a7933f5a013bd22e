/** Step 8: what was done, where, the hash, and what the admin must do now. */
import path from 'node:path';
import { SSOCONFIG } from '../../entsso/facts.js';
import type { Receipt } from '../../receipts/receipt.js';
import type { FlowContext } from '../context.js';

export function report(ctx: Pick<FlowContext, 'out' | 'style' | 'machine'>, facts: { installDir: string; receipt: Receipt; warnings: string[] }): void {
  const { out, style } = ctx;
  const { receipt } = facts;
  const restore =
    ctx.machine.pathFlavor === 'win32'
      ? [
          `in cmd: cd /d "${facts.installDir}" && ssoconfig ${SSOCONFIG.restoreSwitch} "${receipt.file}"`,
          `     in PowerShell: Set-Location "${facts.installDir}"; .\\${SSOCONFIG.executable} ${SSOCONFIG.restoreSwitch} "${receipt.file}"`,
        ].join('\n')
      : `cd "${facts.installDir}" && ./${SSOCONFIG.executable} ${SSOCONFIG.restoreSwitch} "${receipt.file}"`;
  const lines = [
    '',
    `${style.ok(style.symbols.ok)} ${style.bold('The master secret is backed up, and the file is verified.')}`,
    `  file     ${receipt.file} (${receipt.size} bytes)`,
    `  SHA-256  ${receipt.sha256}`,
    `  receipt  ${receipt.receiptFile}`,
    `           check a copy with: sha256sum -c "${path.basename(receipt.receiptFile)}"   or, in PowerShell:`,
    `           (Get-FileHash -Algorithm SHA256 "${path.basename(receipt.file)}").Hash  (must equal the SHA-256 above)`,
    ...facts.warnings.map((w) => `  ${style.warn(style.symbols.warn)} ${w}`),
    '',
    style.bold('Now, before you close this window:'),
    '  1. Copy the file and its receipt off this server, to storage only SSO Administrators can read.',
    '     A backup left only on the server is lost with the server.',
    '  2. Put the password in your team\'s password vault and share it with a second administrator.',
    '     The file without its password is useless, and the password exists nowhere else.',
    `  3. To restore (on the master secret server, elevated): ${restore}`,
    '  4. Back up again after every new master secret, before changing the ENTSSO service account, and before upgrades.',
    '',
  ];
  out(lines.join('\n'));
}
