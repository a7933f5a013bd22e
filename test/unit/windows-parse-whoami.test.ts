import { describe, expect, it } from 'vitest';
import type { TokenFacts } from '../../src/machine/facts.js';
import {
  LOCAL_ADMINISTRATORS_SID,
  hasAdministratorsGroup,
  hasGroupNamed,
  isElevated,
  parseWhoamiGroupsCsv,
} from '../../src/machine/windows/parse-whoami.js';
import { randomStrings } from '../support/random-strings.js';

const crlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');
const DOMAIN_SID = 'S-1-5-21-1004336348-1177238915-682003330';

/**
 * `whoami.exe /groups /fo csv /nh`, elevated administrator (English). The Administrators and High label rows are
 * windows-output.md's table sample in CSV form; the other rows are the usual ones of a domain logon.
 */
const ELEVATED = String.raw`"Everyone","Well-known group","S-1-1-0","Mandatory group, Enabled by default, Enabled group"
"BUILTIN\Administrators","Alias","S-1-5-32-544","Mandatory group, Enabled by default, Enabled group, Group owner"
"BUILTIN\Users","Alias","S-1-5-32-545","Mandatory group, Enabled by default, Enabled group"
"NT AUTHORITY\INTERACTIVE","Well-known group","S-1-5-4","Mandatory group, Enabled by default, Enabled group"
"CONSOLE LOGON","Well-known group","S-1-2-1","Mandatory group, Enabled by default, Enabled group"
"NT AUTHORITY\Authenticated Users","Well-known group","S-1-5-11","Mandatory group, Enabled by default, Enabled group"
"LOCAL","Well-known group","S-1-2-0","Mandatory group, Enabled by default, Enabled group"
"CONTOSO\SSO Administrators","Group","${DOMAIN_SID}-1120","Mandatory group, Enabled by default, Enabled group"
"Mandatory Label\High Mandatory Level","Label","S-1-16-12288",""
`;

/** The same user, not elevated (UAC-filtered token): windows-output.md's "Not elevated" sample in CSV form. */
const FILTERED = String.raw`"Everyone","Well-known group","S-1-1-0","Mandatory group, Enabled by default, Enabled group"
"BUILTIN\Administrators","Alias","S-1-5-32-544","Group used for deny only"
"BUILTIN\Users","Alias","S-1-5-32-545","Mandatory group, Enabled by default, Enabled group"
"CONTOSO\SSO Administrators","Group","${DOMAIN_SID}-1120","Mandatory group, Enabled by default, Enabled group"
"Mandatory Label\Medium Mandatory Level","Label","S-1-16-8192",""
`;

/** A standard user: no Administrators row at all, Medium integrity. */
const STANDARD_USER = String.raw`"Everyone","Well-known group","S-1-1-0","Mandatory group, Enabled by default, Enabled group"
"BUILTIN\Users","Alias","S-1-5-32-545","Mandatory group, Enabled by default, Enabled group"
"NT AUTHORITY\INTERACTIVE","Well-known group","S-1-5-4","Mandatory group, Enabled by default, Enabled group"
"Mandatory Label\Medium Mandatory Level","Label","S-1-16-8192",""
`;

/** Spanish Windows, elevated. */
const SPANISH_ELEVATED = String.raw`"Todos","Grupo conocido","S-1-1-0","Grupo obligatorio, Habilitado de manera predeterminada, Grupo habilitado"
"BUILTIN\Administradores","Alias","S-1-5-32-544","Grupo obligatorio, Habilitado de manera predeterminada, Grupo habilitado, Propietario del grupo"
"BUILTIN\Usuarios","Alias","S-1-5-32-545","Grupo obligatorio, Habilitado de manera predeterminada, Grupo habilitado"
"Etiqueta obligatoria\Nivel obligatorio alto","Etiqueta","S-1-16-12288",""
`;

/** Spanish Windows, not elevated: the Administradores row is marked deny-only in Spanish. */
const SPANISH_FILTERED = String.raw`"Todos","Grupo conocido","S-1-1-0","Grupo obligatorio, Habilitado de manera predeterminada, Grupo habilitado"
"BUILTIN\Administradores","Alias","S-1-5-32-544","Grupo usado solo para denegar"
"Etiqueta obligatoria\Nivel obligatorio medio","Etiqueta","S-1-16-8192",""
`;

/** windows-output.md: the table output (not CSV), which this parser does not read. */
const TABLE = String.raw`BUILTIN\Administrators   Alias  S-1-5-32-544  Mandatory group, Enabled by default, Enabled group, Group owner
Mandatory Label\High Mandatory Level Label            S-1-16-12288
`;

const variants = [
  ['LF', (s: string) => s],
  ['CRLF', crlf],
] as const;

const token = (...groups: [name: string, sid: string][]): TokenFacts => ({
  groups: groups.map(([name, sid]) => ({ name, sid, attributes: '' })),
});

describe('parseWhoamiGroupsCsv: the samples', () => {
  for (const [label, convert] of variants) {
    it(`reads an elevated administrator (${label})`, () => {
      const facts = parseWhoamiGroupsCsv(convert(ELEVATED));
      expect(facts.integritySid).toBe('S-1-16-12288');
      expect(facts.groups).toHaveLength(8);
      expect(facts.groups[1]).toEqual({
        name: 'BUILTIN\\Administrators',
        sid: 'S-1-5-32-544',
        attributes: 'Mandatory group, Enabled by default, Enabled group, Group owner',
      });
      expect(facts.groups[7]).toEqual({
        name: 'CONTOSO\\SSO Administrators',
        sid: `${DOMAIN_SID}-1120`,
        attributes: 'Mandatory group, Enabled by default, Enabled group',
      });
      expect(isElevated(facts)).toBe(true);
      expect(hasAdministratorsGroup(facts)).toBe(true);
    });

    it(`reads a UAC-filtered administrator (${label})`, () => {
      const facts = parseWhoamiGroupsCsv(convert(FILTERED));
      expect(facts.integritySid).toBe('S-1-16-8192');
      expect(facts.groups.find((g) => g.sid === LOCAL_ADMINISTRATORS_SID)?.attributes).toBe('Group used for deny only');
      expect(isElevated(facts)).toBe(false);
      // Still listed: membership and elevation are decided apart.
      expect(hasAdministratorsGroup(facts)).toBe(true);
    });
  }

  it('keeps the mandatory label row out of groups', () => {
    const facts = parseWhoamiGroupsCsv(ELEVATED);
    expect(facts.groups.some((g) => g.sid.startsWith('S-1-16-'))).toBe(false);
    expect(facts.groups.map((g) => g.name)).not.toContain('Mandatory Label\\High Mandatory Level');
  });

  it('reads a standard user: no Administrators row, not elevated', () => {
    const facts = parseWhoamiGroupsCsv(crlf(STANDARD_USER));
    expect(facts.groups.map((g) => g.sid)).toEqual(['S-1-1-0', 'S-1-5-32-545', 'S-1-5-4']);
    expect(hasAdministratorsGroup(facts)).toBe(false);
    expect(isElevated(facts)).toBe(false);
  });

  it('gives no rows for the table output (only CSV is read)', () => {
    expect(parseWhoamiGroupsCsv(crlf(TABLE))).toEqual({ groups: [] });
  });
});

describe('parseWhoamiGroupsCsv: localized output', () => {
  for (const [label, convert] of variants) {
    it(`decides on SIDs in Spanish, elevated (${label})`, () => {
      const facts = parseWhoamiGroupsCsv(convert(SPANISH_ELEVATED));
      expect(facts.integritySid).toBe('S-1-16-12288');
      expect(facts.groups[1]?.name).toBe('BUILTIN\\Administradores');
      expect(isElevated(facts)).toBe(true);
      expect(hasAdministratorsGroup(facts)).toBe(true);
      expect(hasGroupNamed(facts, 'Administrators')).toBe(false);
      expect(hasGroupNamed(facts, 'administradores')).toBe(true);
    });

    it(`decides on SIDs in Spanish, not elevated (${label})`, () => {
      const facts = parseWhoamiGroupsCsv(convert(SPANISH_FILTERED));
      expect(facts.integritySid).toBe('S-1-16-8192');
      expect(facts.groups[1]?.attributes).toBe('Grupo usado solo para denegar');
      expect(isElevated(facts)).toBe(false);
      expect(hasAdministratorsGroup(facts)).toBe(true);
    });
  }
});

describe('parseWhoamiGroupsCsv: CSV details and odd input', () => {
  it('reads doubled quotes and commas inside quoted fields', () => {
    const out = crlf(String.raw`"CONTOSO\BizTalk ""Ops"", Tier 2","Group","${DOMAIN_SID}-1130","Mandatory group, Enabled group"
"O'Brien, ""Team""","Alias","S-1-5-21-1-2-3-1001",""
`);
    expect(parseWhoamiGroupsCsv(out).groups).toEqual([
      { name: 'CONTOSO\\BizTalk "Ops", Tier 2', sid: `${DOMAIN_SID}-1130`, attributes: 'Mandatory group, Enabled group' },
      { name: `O'Brien, "Team"`, sid: 'S-1-5-21-1-2-3-1001', attributes: '' },
    ]);
  });

  it('reads unquoted fields and rows without attributes, and upper-cases the S of a SID', () => {
    const out = 'LOCAL,Well-known group,S-1-2-0,Enabled group\r\n"BUILTIN\\Users","Alias","s-1-5-32-545"\r\n';
    expect(parseWhoamiGroupsCsv(out).groups).toEqual([
      { name: 'LOCAL', sid: 'S-1-2-0', attributes: 'Enabled group' },
      { name: 'BUILTIN\\Users', sid: 'S-1-5-32-545', attributes: '' },
    ]);
  });

  it('skips a header row, blank lines, a BOM and a row cut off inside its SID', () => {
    const out = crlf(`\uFEFF"Group Name","Type","SID","Attributes"

"BUILTIN\\Administrators","Alias","S-1-5-32-544","Mandatory group"
"Mandatory Label\\High Mandatory Level","Label","S-1-16-12288",""
"BUILTIN\\Users","Alias","S-1-5-32-5`);
    const facts = parseWhoamiGroupsCsv(out);
    expect(facts.groups.map((g) => g.sid)).toEqual(['S-1-5-32-544']);
    expect(facts.integritySid).toBe('S-1-16-12288');
  });

  it('keeps a row cut off inside its attributes, without them', () => {
    const facts = parseWhoamiGroupsCsv('"BUILTIN\\Administrators","Alias","S-1-5-32-544","Mandatory gr');
    expect(facts.groups).toEqual([{ name: 'BUILTIN\\Administrators', sid: 'S-1-5-32-544', attributes: '' }]);
  });

  it('takes the first label row when there are several', () => {
    const out = '"A","Label","S-1-16-8192",""\n"B","Label","S-1-16-12288",""\n';
    expect(parseWhoamiGroupsCsv(out)).toEqual({ integritySid: 'S-1-16-8192', groups: [] });
  });

  it('gives no groups and no label for empty or odd input', () => {
    for (const s of ['', '\r\n', '"', '""', '","', ',,,', '"a","b","S-1-","c"', '"a","b","S-1-5-x",""', 'x'.repeat(10_000)]) {
      expect(parseWhoamiGroupsCsv(s)).toEqual({ groups: [] });
    }
  });
});

describe('isElevated', () => {
  it('decides on the integrity level number', () => {
    expect(isElevated({ integritySid: 'S-1-16-12288', groups: [] })).toBe(true);
    expect(isElevated({ integritySid: 'S-1-16-16384', groups: [] })).toBe(true);
    expect(isElevated({ integritySid: 'S-1-16-20480', groups: [] })).toBe(true);
    expect(isElevated({ integritySid: 'S-1-16-8192', groups: [] })).toBe(false);
    expect(isElevated({ integritySid: 'S-1-16-8448', groups: [] })).toBe(false);
    expect(isElevated({ integritySid: 'S-1-16-4096', groups: [] })).toBe(false);
    expect(isElevated({ integritySid: 'S-1-16-0', groups: [] })).toBe(false);
  });

  it('is undefined without a label or with one that is not a number', () => {
    expect(isElevated({ groups: [] })).toBeUndefined();
    expect(isElevated({ integritySid: 'S-1-16-', groups: [] })).toBeUndefined();
    expect(isElevated({ integritySid: 'S-1-5-32-544', groups: [] })).toBeUndefined();
    expect(isElevated(parseWhoamiGroupsCsv('"BUILTIN\\Administrators","Alias","S-1-5-32-544",""'))).toBeUndefined();
  });
});

describe('hasAdministratorsGroup', () => {
  it('decides on the SID, not the name', () => {
    expect(LOCAL_ADMINISTRATORS_SID).toBe('S-1-5-32-544');
    expect(hasAdministratorsGroup(token(['Whatever it is called', 'S-1-5-32-544']))).toBe(true);
    expect(hasAdministratorsGroup(token(['BUILTIN\\Administrators', 'S-1-5-32-545']))).toBe(false);
    expect(hasAdministratorsGroup(token(['x', 'S-1-5-32-5440']))).toBe(false);
    expect(hasAdministratorsGroup({ groups: [] })).toBe(false);
  });
});

describe('hasGroupNamed', () => {
  const facts = token(
    ['CONTOSO\\SSO Administrators', `${DOMAIN_SID}-1120`],
    ['SSO Operators', 'S-1-5-21-1-2-3-1002'],
    ['BTS01\\SSO Affiliate Administrators', 'S-1-5-21-1-2-3-1003'],
  );

  it('matches a domain group by its full name, case-insensitively', () => {
    expect(hasGroupNamed(facts, 'CONTOSO\\SSO Administrators')).toBe(true);
    expect(hasGroupNamed(facts, 'contoso\\sso administrators')).toBe(true);
    expect(hasGroupNamed(facts, '  CONTOSO\\SSO Administrators ')).toBe(true);
  });

  it('matches the part after the backslash when the name has none', () => {
    expect(hasGroupNamed(facts, 'SSO Administrators')).toBe(true);
    expect(hasGroupNamed(facts, 'sso affiliate administrators')).toBe(true);
  });

  it('does not match another domain, a domain-qualified name against a bare row, or a part of a name', () => {
    expect(hasGroupNamed(facts, 'FABRIKAM\\SSO Administrators')).toBe(false);
    expect(hasGroupNamed(facts, 'CONTOSO\\SSO Operators')).toBe(false);
    expect(hasGroupNamed(facts, 'Administrators')).toBe(false);
    expect(hasGroupNamed(facts, 'CONTOSO')).toBe(false);
    expect(hasGroupNamed(facts, '')).toBe(false);
    expect(hasGroupNamed(facts, '\\')).toBe(false);
  });

  it('matches a local group without a domain only by its bare name', () => {
    const local = parseWhoamiGroupsCsv('"SSO Administrators","Alias","S-1-5-21-1-2-3-1005","Enabled group"\r\n');
    expect(hasGroupNamed(local, 'SSO Administrators')).toBe(true);
    expect(hasGroupNamed(local, 'sso ADMINISTRATORS')).toBe(true);
    expect(hasGroupNamed(local, 'CONTOSO\\SSO Administrators')).toBe(false);
  });

  it('reads names with quotes and commas from the CSV', () => {
    const out = `"CONTOSO\\SSO ""Admins"", EU","Group","${DOMAIN_SID}-1140",""`;
    expect(hasGroupNamed(parseWhoamiGroupsCsv(out), 'SSO "Admins", EU')).toBe(true);
    expect(hasGroupNamed(parseWhoamiGroupsCsv(out), 'CONTOSO\\SSO "Admins", EU')).toBe(true);
  });
});

const ALPHABET = ['"', ',', '\\', '\r', '\n', '\r\n', ' ', 'S', '-', '1', '6', 'é', '\uFEFF', '\u0000', 'a', 'Z'];

describe('property: random input never throws', () => {
  const pieces = [ELEVATED, FILTERED, SPANISH_ELEVATED, '"S-1-16-12288"', '"S-1-5-32-544"', '""', '","'];
  it('feeds 200 random strings to every function', () => {
    for (const s of randomStrings(0x5eed, 200, pieces, ALPHABET)) {
      expect(() => {
        const facts = parseWhoamiGroupsCsv(s);
        isElevated(facts);
        hasAdministratorsGroup(facts);
        hasGroupNamed(facts, s);
        hasGroupNamed(facts, 'CONTOSO\\SSO Administrators');
        isElevated({ integritySid: s, groups: [] });
      }).not.toThrow();
    }
  });
});

describe('OEM-encoded bytes read as UTF-8 (what a console in code page 850 gives the tool runner)', () => {
  it('still decides on SIDs: the accented words turn to replacement characters, nothing else changes', () => {
    // "Grupo usado sólo para denegación" and "Nivel obligatorio alto" with ó as CP850 byte 0xA2.
    const cp850 = (text: string): Buffer => Buffer.from([...text].map((ch) => (ch === 'ó' ? 0xa2 : ch.charCodeAt(0))));
    const bytes = Buffer.concat([
      cp850('"BUILTIN\\Administradores","Alias","S-1-5-32-544","Grupo usado sólo para denegación"\r\n'),
      cp850('"Etiqueta obligatoria\\Nivel obligatorio medio","Etiqueta","S-1-16-8192",""\r\n'),
    ]);
    const token = parseWhoamiGroupsCsv(bytes.toString('utf8'));
    expect(token.groups[0]?.attributes).toContain('\ufffd');
    expect(hasAdministratorsGroup(token)).toBe(true);
    expect(isElevated(token)).toBe(false);
  });
});
