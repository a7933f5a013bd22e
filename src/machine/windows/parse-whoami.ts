/**
 * Parser for `whoami.exe /groups /fo csv /nh`: one row per group of the current token,
 * `"Group Name","Type","SID","Attributes"`. The group names, the type and the attributes are localized
 * (`BUILTIN\Administradores`, `Etiqueta obligatoria\Nivel obligatorio alto`, `Grupo usado solo para denegar`), so
 * only the SID column (third, not localized) is decided on; names are kept for matching group names the user or
 * `ssomanage -displaydb` gave, and attributes are kept for display only.
 *
 * CSV as whoami writes it: every field in double quotes, `""` for a quote inside a field, commas allowed inside
 * quotes, one row per line (CRLF or LF). Unquoted fields are read too. A row is kept when its third field is a
 * complete SID (`S-1-...`); header rows (without /nh), blank lines, table output and a row cut off inside its SID
 * field are skipped. Nothing here throws.
 */
import type { TokenFacts, TokenGroup } from '../facts.js';

/** Well-known SID of BUILTIN\Administrators, whatever its localized name. */
export const LOCAL_ADMINISTRATORS_SID = 'S-1-5-32-544';

/** Prefix of mandatory integrity label SIDs (S-1-16-<level>). */
const MANDATORY_LABEL_PREFIX = 'S-1-16-';

/** S-1-16-12288 (High): the first level that counts as elevated. */
const HIGH_INTEGRITY_RID = 12288;

const SID = /^S-1(?:-\d+)+$/i;

/**
 * The fields of one CSV line that were read completely. A field still inside its quotes at the end of the line
 * (output cut off) is left out, so a cut SID like `"S-1-5-32-5` is never taken for a whole one.
 */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      let j = i + 1;
      let closed = false;
      while (j < line.length) {
        const c = line[j];
        if (c === '"') {
          if (line[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          closed = true;
          j += 1;
          break;
        }
        value += c;
        j += 1;
      }
      if (!closed) return fields;
      // Anything between the closing quote and the next comma is kept (lenient, as spreadsheet readers do).
      const comma = line.indexOf(',', j);
      const rest = comma === -1 ? line.slice(j) : line.slice(j, comma);
      fields.push(value + rest);
      if (comma === -1) return fields;
      i = comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      fields.push(comma === -1 ? line.slice(i) : line.slice(i, comma));
      if (comma === -1) return fields;
      i = comma + 1;
    }
  }
  return fields;
}

/**
 * Reads `whoami /groups /fo csv /nh`. `integritySid` is the SID of the first row whose SID starts with `S-1-16-`
 * (the mandatory label); label rows are NOT in `groups`. SIDs are returned with an upper-case `S`.
 */
export function parseWhoamiGroupsCsv(stdout: string): TokenFacts {
  const result: TokenFacts = { groups: [] };
  const text = stdout.startsWith('\uFEFF') ? stdout.slice(1) : stdout;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.trim() === '') continue;
    const fields = csvFields(line);
    const rawSid = fields[2]?.trim();
    if (rawSid === undefined || !SID.test(rawSid)) continue;
    const sid = `S${rawSid.slice(1)}`;
    if (sid.startsWith(MANDATORY_LABEL_PREFIX)) {
      result.integritySid ??= sid;
      continue;
    }
    const group: TokenGroup = { name: (fields[0] ?? '').trim(), sid, attributes: (fields[3] ?? '').trim() };
    result.groups.push(group);
  }
  return result;
}

/**
 * Whether the token is elevated, from its integrity level RID: High (12288) and above (System 16384, Protected
 * Process 20480...) => true; Medium (8192), Medium Plus (8448), Low (4096), Untrusted (0) => false; no label (or a
 * label that is not a number) => undefined.
 */
export function isElevated(token: TokenFacts): boolean | undefined {
  const sid = token.integritySid;
  if (sid === undefined || !sid.toUpperCase().startsWith(MANDATORY_LABEL_PREFIX)) return undefined;
  const rid = sid.slice(MANDATORY_LABEL_PREFIX.length);
  if (!/^\d+$/.test(rid)) return undefined;
  return Number(rid) >= HIGH_INTEGRITY_RID;
}

/**
 * Whether the token lists BUILTIN\Administrators (S-1-5-32-544) at all. A UAC-filtered token lists it too, marked
 * "for deny only" in localized words that are not read here: decide elevation apart, with isElevated.
 */
export function hasAdministratorsGroup(token: TokenFacts): boolean {
  return token.groups.some((g) => g.sid.toUpperCase() === LOCAL_ADMINISTRATORS_SID);
}

function sameName(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}

/**
 * Whether the token lists a group by this name, case-insensitively. A name with a backslash (`CONTOSO\SSO
 * Administrators`) must equal a row's whole name. A name without one (`SSO Administrators`) matches a row's whole
 * name or the part after its last backslash (`CONTOSO\SSO Administrators`, `SERVER01\SSO Administrators`). An empty
 * name matches nothing. Domains are compared as printed: `contoso.com\X` does not match a row `CONTOSO\X`.
 */
export function hasGroupNamed(token: TokenFacts, name: string): boolean {
  const wanted = name.trim();
  if (wanted === '') return false;
  const qualified = wanted.includes('\\');
  return token.groups.some((g) => {
    if (sameName(g.name, wanted)) return true;
    if (qualified) return false;
    const slash = g.name.lastIndexOf('\\');
    return slash !== -1 && sameName(g.name.slice(slash + 1), wanted);
  });
}
