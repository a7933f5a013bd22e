import { describe, expect, it } from 'vitest';
import { parseRegQuery } from '../../src/machine/windows/parse-reg.js';

const crlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');

/** windows-output.md: `reg.exe query "HKLM\SOFTWARE\Microsoft\ENTSSO" /v InstallPath /reg:64` (blank lines included). */
const INSTALL_PATH = String.raw`
HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\ENTSSO
    InstallPath    REG_SZ    C:\Program Files\Common Files\Enterprise Single Sign-On\

`;

/** windows-output.md: `reg query "HKLM\SOFTWARE\Microsoft\NET Framework Setup\NDP" /s` (excerpt). */
const NDP = String.raw`HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full
    CBS    REG_DWORD    0x1
    Install    REG_DWORD    0x1
    InstallPath    REG_SZ    C:\Windows\Microsoft.NET\Framework64\v4.0.30319\
    Release    REG_DWORD    0x60632
`;

const MISSING_KEY_STDERR = 'ERROR: The system was unable to find the specified registry key or value.\r\n';

describe('parseRegQuery: the samples', () => {
  for (const [label, convert] of [
    ['LF', (s: string) => s],
    ['CRLF', crlf],
  ] as const) {
    it(`reads the ENTSSO InstallPath sample (${label})`, () => {
      expect(parseRegQuery(convert(INSTALL_PATH))).toEqual([
        {
          key: String.raw`HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\ENTSSO`,
          values: [
            { name: 'InstallPath', type: 'REG_SZ', data: 'C:\\Program Files\\Common Files\\Enterprise Single Sign-On\\' },
          ],
        },
      ]);
    });

    it(`reads the multi-value NDP sample (${label})`, () => {
      expect(parseRegQuery(convert(NDP))).toEqual([
        {
          key: String.raw`HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full`,
          values: [
            { name: 'CBS', type: 'REG_DWORD', data: '0x1' },
            { name: 'Install', type: 'REG_DWORD', data: '0x1' },
            { name: 'InstallPath', type: 'REG_SZ', data: 'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\' },
            { name: 'Release', type: 'REG_DWORD', data: '0x60632' },
          ],
        },
      ]);
    });
  }

  it('keeps the trailing backslash of InstallPath (ENTSSO writes it with one)', () => {
    expect(parseRegQuery(INSTALL_PATH)[0]?.values[0]?.data.endsWith('\\')).toBe(true);
  });
});

describe('parseRegQuery: missing keys and odd input', () => {
  it('gives [] for empty stdout (reg query exits 1 and writes only to stderr)', () => {
    expect(parseRegQuery('')).toEqual([]);
  });

  it('gives [] for the missing-key message if it ever lands on stdout', () => {
    expect(parseRegQuery(MISSING_KEY_STDERR)).toEqual([]);
  });

  it('never throws and skips lines it does not know', () => {
    const odd = [
      '    Orphan    REG_SZ    value before any key',
      'garbage line',
      '\u0000\u0001',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\X',
      '  two-space indent    REG_SZ    nope',
      '    NoType    nothing here',
      '\tTabbed\tREG_SZ\tnope',
      '    Good    REG_SZ    yes',
      'End of search: 1 match(es) found.',
    ].join('\r\n');
    expect(parseRegQuery(odd)).toEqual([
      { key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\X', values: [{ name: 'Good', type: 'REG_SZ', data: 'yes' }] },
    ]);
    for (const s of ['\r\n\r\n', 'HKEY_', '    ', '    a    REG_', '\uFEFF', 'x'.repeat(10_000)]) {
      expect(() => parseRegQuery(s)).not.toThrow();
    }
  });

  it('strips a byte order mark before the first key', () => {
    expect(parseRegQuery('\uFEFFHKEY_CURRENT_USER\\X\r\n    A    REG_SZ    b\r\n')).toEqual([
      { key: 'HKEY_CURRENT_USER\\X', values: [{ name: 'A', type: 'REG_SZ', data: 'b' }] },
    ]);
  });
});

describe('parseRegQuery: names, types and data', () => {
  const KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\ENTSSO';
  const values = (lines: string[]) => parseRegQuery([KEY, ...lines, ''].join('\r\n'))[0]?.values ?? [];

  it('reads names with single spaces and the (Default) value', () => {
    expect(
      values([
        '    (Default)    REG_SZ    unnamed',
        '    Product Name    REG_SZ    Microsoft Enterprise Single Sign-On',
        '    A B C    REG_DWORD    0x2',
      ]),
    ).toEqual([
      { name: '(Default)', type: 'REG_SZ', data: 'unnamed' },
      { name: 'Product Name', type: 'REG_SZ', data: 'Microsoft Enterprise Single Sign-On' },
      { name: 'A B C', type: 'REG_DWORD', data: '0x2' },
    ]);
  });

  it('keeps a name that ends with a space', () => {
    expect(values(['    Trailing     REG_SZ    x'])).toEqual([{ name: 'Trailing ', type: 'REG_SZ', data: 'x' }]);
  });

  it('keeps REG_EXPAND_SZ data unexpanded', () => {
    expect(values(['    InstallPath    REG_EXPAND_SZ    %CommonProgramW6432%\\Enterprise Single Sign-On\\'])).toEqual([
      { name: 'InstallPath', type: 'REG_EXPAND_SZ', data: '%CommonProgramW6432%\\Enterprise Single Sign-On\\' },
    ]);
  });

  it('reads empty data, with or without the trailing separator', () => {
    expect(values(['    ProductCode    REG_SZ    ', '    ProductLanguage    REG_SZ', '    (Default)    REG_NONE    '])).toEqual([
      { name: 'ProductCode', type: 'REG_SZ', data: '' },
      { name: 'ProductLanguage', type: 'REG_SZ', data: '' },
      { name: '(Default)', type: 'REG_NONE', data: '' },
    ]);
  });

  it('keeps runs of spaces inside the data', () => {
    expect(values(['    Note    REG_SZ    two  spaces    and four   '])).toEqual([
      { name: 'Note', type: 'REG_SZ', data: 'two  spaces    and four   ' },
    ]);
  });

  it('reads every listed type as printed', () => {
    expect(
      values([
        '    S    REG_SZ    text',
        '    E    REG_EXPAND_SZ    %SystemRoot%',
        '    D    REG_DWORD    0xffffffff',
        '    Q    REG_QWORD    0x1122334455667788',
        '    M    REG_MULTI_SZ    first\\0second',
        '    B    REG_BINARY    01AB00FF',
        '    N    REG_NONE    ',
      ]).map((v) => [v.name, v.type, v.data]),
    ).toEqual([
      ['S', 'REG_SZ', 'text'],
      ['E', 'REG_EXPAND_SZ', '%SystemRoot%'],
      ['D', 'REG_DWORD', '0xffffffff'],
      ['Q', 'REG_QWORD', '0x1122334455667788'],
      ['M', 'REG_MULTI_SZ', 'first\\0second'],
      ['B', 'REG_BINARY', '01AB00FF'],
      ['N', 'REG_NONE', ''],
    ]);
  });
});

describe('parseRegQuery: several keys', () => {
  it('reads a recursive query, including keys without values', () => {
    const out = crlf(String.raw`
HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\ENTSSO
    InstallPath    REG_SZ    C:\Program Files\Common Files\Enterprise Single Sign-On\
    ProductName    REG_SZ    Microsoft Enterprise Single Sign-On
    ProductVersion    REG_SZ    10.0.2242.0

HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\ENTSSO\SSOSS

HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\ENTSSO\SSOSS\{6A1C6F35-3A09-4B3F-9A57-1F1E2B3C4D5E}
    (Default)    REG_SZ    

End of search: 4 match(es) found.
`);
    const keys = parseRegQuery(out);
    expect(keys.map((k) => [k.key.split('\\').at(-1), k.values.length])).toEqual([
      ['ENTSSO', 3],
      ['SSOSS', 0],
      ['{6A1C6F35-3A09-4B3F-9A57-1F1E2B3C4D5E}', 1],
    ]);
    expect(keys[0]?.values[2]).toEqual({ name: 'ProductVersion', type: 'REG_SZ', data: '10.0.2242.0' });
    expect(keys[2]?.values[0]).toEqual({ name: '(Default)', type: 'REG_SZ', data: '' });
  });
});
