/**
 * Parsers for `sc.exe qc <service>` and `sc.exe query <service>`. The labels (BINARY_PATH_NAME, STATE, ...) are
 * field names and are not localized; the words after the numbers are, so numbers are read and words ignored.
 * Nothing here throws: text that does not look like sc output (e.g. `[SC] OpenService FAILED 1060:`) gives {}.
 */
import path from 'node:path';

export interface ScQc {
  binaryPathName?: string;
  serviceStartName?: string;
  displayName?: string;
  startType?: number;
}

export interface ScQuery {
  state?: number;
  win32ExitCode?: number;
}

/** `        LABEL   : value` (value may be empty). Continuation lines (`   : RPCSS`) have no label and do not match. */
const FIELD_LINE = /^[ \t]*([A-Z][A-Z0-9_]*)[ \t]*:[ \t]?(.*)$/;

/** First occurrence of each label; values trimmed. */
function fields(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of stdout.split(/\r\n|\r|\n/)) {
    const m = FIELD_LINE.exec(line);
    if (m === null) continue;
    const [, label, value] = m;
    if (label === undefined || out.has(label)) continue;
    out.set(label, (value ?? '').trim());
  }
  return out;
}

/** The number before the words: `4  RUNNING` -> 4, `0  (0x0)` -> 0, a bare `0x435` -> 1077. */
function leadingNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const hex = /^0[xX]([0-9a-fA-F]+)\b/.exec(value);
  if (hex?.[1] !== undefined) return Number.parseInt(hex[1], 16);
  const dec = /^(\d+)\b/.exec(value);
  if (dec?.[1] !== undefined) return Number.parseInt(dec[1], 10);
  return undefined;
}

/** The fields of `sc.exe qc <service>` that sso-backup uses; absent or empty fields are left out. */
export function parseScQc(stdout: string): ScQc {
  const f = fields(stdout);
  const result: ScQc = {};
  const binaryPathName = f.get('BINARY_PATH_NAME');
  if (binaryPathName) result.binaryPathName = binaryPathName;
  const serviceStartName = f.get('SERVICE_START_NAME');
  if (serviceStartName) result.serviceStartName = serviceStartName;
  const displayName = f.get('DISPLAY_NAME');
  if (displayName) result.displayName = displayName;
  const startType = leadingNumber(f.get('START_TYPE'));
  if (startType !== undefined) result.startType = startType;
  return result;
}

/** STATE and WIN32_EXIT_CODE of `sc.exe query <service>` (STATE: 1 stopped, 2 start pending, 3 stop pending, 4 running, 7 paused). */
export function parseScQuery(stdout: string): ScQuery {
  const f = fields(stdout);
  const result: ScQuery = {};
  const state = leadingNumber(f.get('STATE'));
  if (state !== undefined) result.state = state;
  const win32ExitCode = leadingNumber(f.get('WIN32_EXIT_CODE'));
  if (win32ExitCode !== undefined) result.win32ExitCode = win32ExitCode;
  return result;
}

/**
 * The folder of the executable in a service image path: quoted or unquoted, with or without arguments, e.g.
 * `"C:\Program Files\Common Files\Enterprise Single Sign-On\ENTSSO.exe"` or `C:\Program Files\...\ENTSSO.exe -service`.
 * Undefined when no .exe is found, or when the executable has no folder part. Uses path.win32.
 */
export function imagePathFolder(binaryPathName: string): string | undefined {
  const text = binaryPathName.trim();
  let exe: string | undefined;
  if (text.startsWith('"')) {
    const end = text.indexOf('"', 1);
    const quoted = end === -1 ? text.slice(1) : text.slice(1, end);
    // An unterminated quote: take up to the first .exe that ends a word.
    exe = end === -1 ? /^(.*?\.exe)(?=\s|$)/i.exec(quoted)?.[1] : quoted.trim();
  } else {
    // Unquoted: the first ".exe" followed by whitespace, a quote or the end.
    exe = /^(.*?\.exe)(?=[\s"]|$)/i.exec(text)?.[1];
  }
  if (exe === undefined || !/\.exe$/i.test(exe)) return undefined;
  const dir = path.win32.dirname(exe);
  return dir === '.' || dir === '' ? undefined : dir;
}
