/**
 * Reading a backup file's password reminder through the ENTSSO API with Windows PowerShell, and reading what
 * that script printed. The parser is pure and never throws.
 *
 * What the script is based on (../shared/reference/entsso.md sections 3 and 7):
 * - Microsoft's docs, `issoconfigss-getfilepasswordreminder-method.md` (MicrosoftDocs/biztalk-docs):
 *   `void GetFilePasswordReminder(string restoreFile, out string filePasswordReminder)`; "goes directly to the
 *   restore file ... the user must have read access to the restore file".
 * - The interop assembly's interface as published decompiled: `[ComImport, CoClass(typeof(SSOConfigOM))]
 *   interface ISSOConfigSS { ... void GetFilePasswordReminder(string restoreFile, out string filePasswordReminder); }`
 *   in `Microsoft.EnterpriseSingleSignOn.Interop`.
 * - skastberg/biztalkps, `ScriptedInstallWhitepaperExamples/SSOAdmin/SSOAdminOMWrapper.psm1`: loads the interop
 *   assembly with Add-Type, creates `Microsoft.EnterpriseSingleSignOn.Interop.SSOConfigOM` with New-Object and
 *   calls `[Microsoft.EnterpriseSingleSignOn.Interop.ISSOConfigSS].InvokeMember("BackupSecret", ...)`. Its own
 *   `Get-SSOFilePasswordReminder` returns early ("not implemented yet!") and passes `[ref]$reminder` in the
 *   argument array, which reflection cannot bind to an `out string`: that part is NOT copied.
 * - .NET reflection: `Type.InvokeMember` writes by-reference (out) results back into the `args` array; for a
 *   late-bound COM call a `ParameterModifier` marking the parameter by-reference is what asks for that. The
 *   script passes one, so either binding path returns the reminder in `$callArgs[1]`.
 *
 * UNCONFIRMED (never run against a real ENTSSO): that this call returns the reminder as written; whether it
 * needs the ENTSSO service running, SSO Administrators membership or elevation (the docs ask only for read
 * access to the file); the exception text and HRESULT for a file that is not a backup; whether a UNC path works.
 */
import { findEntssoError, formatHresult } from '../../entsso/errors.js';
import type { ReminderReading } from '../machine.js';
import { parsePowerShellJson } from './parse-powershell.js';

/** The interop assembly in the ENTSSO install directory (entsso.md section 7). */
export const ENTSSO_INTEROP_DLL = 'Microsoft.EnterpriseSingleSignOn.Interop.dll';

/** Environment variables the script reads its inputs from: paths never become part of the script's text. */
export const REMINDER_ENV = {
  file: 'SSO_BACKUP_REMINDER_FILE',
  installDir: 'SSO_BACKUP_ENTSSO_DIR',
} as const;

export const REMINDER_HOW = 'read with ISSOConfigSS.GetFilePasswordReminder (ENTSSO API, through Windows PowerShell)';

/**
 * The script (for `-EncodedCommand`). Prints one line of JSON: `{"reminder":"..."}`, or
 * `{"error":"...","hresult":"0x........"}` when anything failed (the innermost exception). The inputs come from
 * the environment variables in REMINDER_ENV.
 */
export const REMINDER_SCRIPT = [
  '[Console]::OutputEncoding=[Text.Encoding]::UTF8',
  "$ErrorActionPreference='Stop'",
  'try {',
  `  $dir=$env:${REMINDER_ENV.installDir}; $file=$env:${REMINDER_ENV.file}`,
  `  if (-not $dir -or -not $file) { throw '${REMINDER_ENV.installDir} and ${REMINDER_ENV.file} must be set.' }`,
  `  Add-Type -LiteralPath (Join-Path $dir '${ENTSSO_INTEROP_DLL}')`,
  "  $om=New-Object -TypeName 'Microsoft.EnterpriseSingleSignOn.Interop.SSOConfigOM'",
  "  $flags=[System.Reflection.BindingFlags]'InvokeMethod, Instance, Public'",
  '  $callArgs=[object[]]@([string]$file, $null)',
  '  $byRef=New-Object System.Reflection.ParameterModifier 2',
  '  $byRef[1]=$true',
  "  [void][Microsoft.EnterpriseSingleSignOn.Interop.ISSOConfigSS].InvokeMember('GetFilePasswordReminder', $flags, $null, $om, $callArgs, [System.Reflection.ParameterModifier[]]@($byRef), $null, $null)",
  '  ConvertTo-Json -Compress @{reminder=$callArgs[1]}',
  '} catch {',
  '  $e=$_.Exception; while ($e.InnerException) { $e=$e.InnerException }',
  "  ConvertTo-Json -Compress @{error=[string]$e.Message; hresult=('0x{0:X8}' -f $e.HResult)}",
  '}',
].join('\n');

/** What the script's process gave back, decoded. */
export interface ReminderScriptResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const MAX_WHY = 300;

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > MAX_WHY ? `${one.slice(0, MAX_WHY - 1)}…` : one;
}

/** The JSON object printed: the whole output, else its last non-empty line (anything printed before it ignored). */
function printedObject(stdout: string): Record<string, unknown> | undefined {
  const candidates = [stdout, stdout.split(/\r?\n/).filter((line) => line.trim() !== '').at(-1) ?? ''];
  for (const text of candidates) {
    const json = parsePowerShellJson(text);
    if (typeof json === 'object' && json !== null && !Array.isArray(json)) return json as Record<string, unknown>;
  }
  return undefined;
}

/** An HRESULT as the script prints it (`0xC0002A20`), or undefined. */
function hresultOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^0x[0-9a-f]{1,8}$/i.test(value.trim())) return undefined;
  return Number.parseInt(value.trim().slice(2), 16) >>> 0;
}

/**
 * Reads the output of REMINDER_SCRIPT. `{"reminder":"..."}` (an empty string is a reminder too) gives ok; an
 * `error` gives its message, with the HRESULT and, for a known ENTSSO error, its id; anything else says what was
 * printed instead.
 */
export function parseReminderOutput(result: ReminderScriptResult): ReminderReading {
  const printed = printedObject(result.stdout);
  if (printed !== undefined) {
    const reminder = printed['reminder'];
    if (typeof reminder === 'string') return { ok: true, reminder, how: REMINDER_HOW };
    const error = printed['error'];
    if (typeof error === 'string' || typeof printed['hresult'] === 'string') {
      const hresult = hresultOf(printed['hresult']);
      const known = hresult === undefined ? undefined : findEntssoError(hresult);
      // The id only: the table's advice is written for making a backup, not for reading one.
      const code = hresult === undefined ? '' : ` (${formatHresult(hresult)}${known?.id === undefined ? '' : `, ENTSSO error ${known.id}`})`;
      const text = typeof error === 'string' && error.trim() !== '' ? clip(error) : 'no message';
      return { ok: false, why: `The ENTSSO API could not read the reminder: ${text}${code}` };
    }
    if ('reminder' in printed) return { ok: false, why: 'The ENTSSO API returned no reminder for this file.' };
  }
  if (result.exitCode !== 0) {
    const said = clip(result.stderr) || clip(result.stdout);
    return { ok: false, why: `Windows PowerShell exited with code ${result.exitCode}${said ? `: ${said}` : ''}.` };
  }
  const said = clip(result.stdout);
  return { ok: false, why: said ? `Windows PowerShell printed something other than the expected JSON: ${said}` : 'Windows PowerShell printed nothing.' };
}
