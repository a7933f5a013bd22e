import { describe, expect, it } from 'vitest';
import { parseReminderOutput, REMINDER_ENV, REMINDER_HOW, REMINDER_SCRIPT } from '../../src/machine/windows/parse-reminder.js';
import { randomStrings } from '../support/random-strings.js';

const BOM = '\uFEFF';
const ok = (stdout: string, exitCode = 0, stderr = '') => parseReminderOutput({ exitCode, stdout, stderr });

describe('parseReminderOutput', () => {
  it('reads the reminder from compressed JSON with a BOM and CRLF', () => {
    expect(ok(`${BOM}{"reminder":"the blue folder, second shelf"}\r\n`)).toEqual({ ok: true, reminder: 'the blue folder, second shelf', how: REMINDER_HOW });
  });

  it('keeps an empty reminder, non-ASCII text and the \\u escapes Windows PowerShell 5.1 writes', () => {
    expect(ok('{"reminder":""}')).toEqual({ ok: true, reminder: '', how: REMINDER_HOW });
    expect(ok('{"reminder":"Sesi\u00f3n \\u003cB\\u0026Q\\u003e \\u0027x\\u0027"}')).toMatchObject({ ok: true, reminder: "Sesión <B&Q> 'x'" });
  });

  it('ignores lines printed before the JSON (a warning on stdout)', () => {
    expect(ok(`WARNING: something\r\n${BOM}{"reminder":"r"}\r\n`)).toMatchObject({ ok: true, reminder: 'r' });
  });

  it('an ENTSSO error: its message, HRESULT and ENTSSO error id', () => {
    const out = '{"error":"Could not create or open the specified file. Check the file name and access permissions.","hresult":"0xC0002A20"}';
    expect(ok(out)).toEqual({
      ok: false,
      why: 'The ENTSSO API could not read the reminder: Could not create or open the specified file. Check the file name and access permissions. (0xC0002A20, ENTSSO error 10784)',
    });
  });

  it('another error: its message and HRESULT (lowercase hex accepted), no id', () => {
    expect(ok('{"hresult":"0x80070002","error":"The system cannot find the file specified."}')).toEqual({
      ok: false,
      why: 'The ENTSSO API could not read the reminder: The system cannot find the file specified. (0x80070002)',
    });
    expect(ok('{"error":"Cannot find type [Microsoft.EnterpriseSingleSignOn.Interop.SSOConfigOM]","hresult":"0x80131509"}').ok).toBe(false);
    expect(ok('{"error":"","hresult":"0xc0002a0f"}')).toEqual({
      ok: false,
      why: 'The ENTSSO API could not read the reminder: no message (0xC0002A0F, ENTSSO error 10767)',
    });
  });

  it('an error with an unreadable HRESULT still gives the message', () => {
    expect(ok('{"error":"boom","hresult":"E_FAIL"}')).toEqual({ ok: false, why: 'The ENTSSO API could not read the reminder: boom' });
  });

  it('a null reminder is not a reminder', () => {
    expect(ok('{"reminder":null}')).toEqual({ ok: false, why: 'The ENTSSO API returned no reminder for this file.' });
  });

  it('PowerShell failed without JSON: its exit code and what it said on stderr', () => {
    expect(ok('', 1, 'powershell.exe : The term is not recognized\r\n  + CategoryInfo')).toEqual({
      ok: false,
      why: 'Windows PowerShell exited with code 1: powershell.exe : The term is not recognized + CategoryInfo.',
    });
    expect(ok('', -1, '')).toEqual({ ok: false, why: 'Windows PowerShell exited with code -1.' });
  });

  it('nothing, or something else, printed', () => {
    expect(ok('')).toEqual({ ok: false, why: 'Windows PowerShell printed nothing.' });
    expect(ok(`${BOM}\r\n`)).toEqual({ ok: false, why: 'Windows PowerShell printed nothing.' });
    expect(ok('#< CLIXML')).toEqual({ ok: false, why: 'Windows PowerShell printed something other than the expected JSON: #< CLIXML' });
    expect(ok('[{"reminder":"x"}]').ok).toBe(false);
    expect(ok('{"reminder":42}').ok).toBe(false);
  });

  it('a long message is cut to one short line', () => {
    const reading = ok(`{"error":"${'x'.repeat(1000)}\\r\\nmore"}`);
    expect(reading.ok).toBe(false);
    if (!reading.ok) expect(reading.why.length).toBeLessThan(400);
  });

  it('never throws, whatever is printed', () => {
    const pieces = ['{"reminder":', '{"error":', '"hresult":"0x', 'null', '}', '\r\n', BOM, '"', '\\u00'];
    for (const s of randomStrings(7, 500, pieces, ['a', '1', ' ', ',', ':', '{', '}'])) {
      expect(() => parseReminderOutput({ exitCode: s.length % 3, stdout: s, stderr: s })).not.toThrow();
    }
  });
});

describe('REMINDER_SCRIPT', () => {
  it('takes the file and the install directory from the environment, never from its own text', () => {
    expect(REMINDER_SCRIPT).toContain(`$env:${REMINDER_ENV.file}`);
    expect(REMINDER_SCRIPT).toContain(`$env:${REMINDER_ENV.installDir}`);
    expect(REMINDER_SCRIPT).not.toMatch(/\$\{|%s|\{0\}\\/);
  });

  it('calls ISSOConfigSS.GetFilePasswordReminder on SSOConfigOM with the out parameter marked by-reference', () => {
    expect(REMINDER_SCRIPT).toContain("Add-Type -LiteralPath (Join-Path $dir 'Microsoft.EnterpriseSingleSignOn.Interop.dll')");
    expect(REMINDER_SCRIPT).toContain("New-Object -TypeName 'Microsoft.EnterpriseSingleSignOn.Interop.SSOConfigOM'");
    expect(REMINDER_SCRIPT).toContain("[Microsoft.EnterpriseSingleSignOn.Interop.ISSOConfigSS].InvokeMember('GetFilePasswordReminder'");
    expect(REMINDER_SCRIPT).toContain('$byRef[1]=$true');
    expect(REMINDER_SCRIPT).toContain('@{reminder=$callArgs[1]}');
  });

  it('prints UTF-8 JSON, and an error as JSON too', () => {
    expect(REMINDER_SCRIPT.startsWith('[Console]::OutputEncoding=[Text.Encoding]::UTF8')).toBe(true);
    expect(REMINDER_SCRIPT).toMatch(/catch \{[\s\S]*ConvertTo-Json -Compress @\{error=/);
  });
});
