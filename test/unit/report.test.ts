/** The final report's restore lines are the manifest's: one builder, so the screen and the file never disagree. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Machine } from '../../src/machine/machine.js';
import { describeRunEvents, report } from '../../src/flow/steps/report.js';
import { restoreCommands } from '../../src/receipts/manifest.js';
import { createStyle } from '../../src/ui/style.js';

const INSTALL = 'C:\\Program Files\\Common Files\\Enterprise Single Sign-On';
const FILE = 'D:\\$backups\\SSO-BTS01-20261122-101500.bak';

function printed(flavor: 'win32' | 'posix'): string {
  let text = '';
  const machine = { pathFlavor: flavor } as Machine;
  const receipt = { file: FILE, receiptFile: `${FILE}.sha256`, sha256: 'a'.repeat(64), size: 600 };
  report({ out: (t) => (text += t), style: createStyle(new PassThrough(), {}, 'linux'), machine }, { installDir: INSTALL, receipt, warnings: [] });
  return text;
}

describe('report: how to restore', () => {
  it('on Windows: the cmd and PowerShell lines of the manifest, so a $ in a path stays literal in PowerShell', () => {
    const { cmd, powershell } = restoreCommands(INSTALL, FILE, 'win32');
    const text = printed('win32');
    expect(text).toContain(`in cmd: ${cmd}`);
    expect(text).toContain(`in PowerShell: ${powershell}`);
    expect(powershell).toContain("'D:\\$backups\\SSO-BTS01-20261122-101500.bak'");
  });

  it('elsewhere (the simulator): the one shell line', () => {
    expect(printed('posix')).toContain(`To restore (on the master secret server, elevated): ${restoreCommands(INSTALL, FILE, 'posix').cmd}`);
  });
});

describe("describeRunEvents: ENTSSO's word on the run", () => {
  const failedEvent = { id: 10560, time: '2026-11-22T10:15:02Z', data: [FILE, '{MSID}', '', 'CONTOSO\\btsadmin', '0x80070070'] };

  it('after a failed run (its file already renamed aside) it gives the error code, and does not speak of relying on the file', () => {
    const text = describeRunEvents([failedEvent], FILE, true);
    expect(text).toContain('10560');
    expect(text).toContain('0x80070070');
    expect(text).not.toMatch(/relying on this file/);
  });

  it('beside a verified file, a 10560 is a reason to look before relying on it', () => {
    expect(describeRunEvents([failedEvent], FILE)).toMatch(/look into it before relying on this file/);
  });

  it('a 10559 for this file, in any case and with a \\\\?\\ prefix, is named', () => {
    const ok = { id: 10559, time: '2026-11-22T10:15:02Z', data: [`\\\\?\\${FILE.toUpperCase()}`] };
    expect(describeRunEvents([ok], FILE)).toContain('event 10559');
  });
});
