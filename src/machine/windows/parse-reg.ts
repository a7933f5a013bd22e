/**
 * Parser for `reg.exe query` output. reg.exe prints value NAMES and TYPES as stored (not localized); only the
 * unnamed value's label is printed by reg.exe itself (`(Default)` on English Windows) and is passed through as is.
 *
 * Layout: a key line (`HKEY_...`) at column 0, then one line per value:
 * 4 spaces, name, 4 spaces, type, 4 spaces, data. Data is returned exactly as printed (DWORDs as `0x..` hex,
 * REG_EXPAND_SZ with `%VAR%` unexpanded, REG_MULTI_SZ with literal `\0` separators). A key line with no value
 * lines under it (e.g. a subkey listed by a non-recursive query) gives an entry with no values.
 */

export interface RegValue {
  name: string;
  type: string;
  data: string;
}

/**
 * `    name    REG_TYPE    data`. The name is matched lazily so it may contain spaces (single or at its ends);
 * the data may be empty, may contain runs of spaces, and its leading separator may be missing when a transcript
 * lost trailing whitespace.
 */
const VALUE_LINE = /^ {4}(.+?) {4}(REG_[A-Z0-9_]+)(?: {4}(.*))?$/;

/** Parses `reg.exe query` output (any number of keys; CRLF or LF); `(Default)` for the unnamed value. */
export function parseRegQuery(stdout: string): { key: string; values: RegValue[] }[] {
  const keys: { key: string; values: RegValue[] }[] = [];
  let current: { key: string; values: RegValue[] } | undefined;
  const text = stdout.startsWith('\uFEFF') ? stdout.slice(1) : stdout;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.startsWith('HKEY_')) {
      current = { key: line.trimEnd(), values: [] };
      keys.push(current);
      continue;
    }
    if (current === undefined) continue;
    const m = VALUE_LINE.exec(line);
    if (m === null) continue;
    const [, name, type, data] = m;
    if (name === undefined || type === undefined) continue;
    current.values.push({ name, type, data: data ?? '' });
  }
  return keys;
}
