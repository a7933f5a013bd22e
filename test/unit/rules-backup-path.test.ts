import { describe, expect, it } from 'vitest';
import {
  checkBackupPathSyntax,
  checkBackupPlacement,
  defaultBackupFileName,
  type PathFlavor,
} from '../../src/rules/backup-path.js';
import type { RuleProblem } from '../../src/rules/rule.js';

const INSTALL_DIR = 'C:\\Program Files\\Common Files\\Enterprise Single Sign-On\\';

/** The verbs a problem's last sentence may start with: every message ends with what to do. */
const ACTION = /^(Give|Use|Choose|Remove|Add|Shorten|Name|Write)\b/;

function expectGoodMessages(problems: readonly RuleProblem[]): void {
  for (const p of problems) {
    expect(p.message.length, p.message).toBeGreaterThanOrEqual(30);
    expect(p.message, p.message).toMatch(/\.$/);
    const last = p.message.split(/(?<=\.)\s+(?=[A-Z])/).at(-1) ?? '';
    expect(last, p.message).toMatch(ACTION);
  }
}

function syntax(file: string, flavor: PathFlavor = 'win32'): string[] {
  const problems = checkBackupPathSyntax(file, flavor);
  expectGoodMessages(problems);
  return problems.map((p) => p.rule);
}

function placement(
  file: string,
  place: { flavor: PathFlavor; installDir?: string; siblingNames: readonly string[] },
): string[] {
  const problems = checkBackupPlacement(file, place);
  expectGoodMessages(problems);
  return problems.map((p) => p.rule);
}

/** cOn, CoM1, lPt² ... */
function mixedCase(name: string): string {
  return [...name].map((c, i) => (i % 2 === 0 ? c.toLowerCase() : c.toUpperCase())).join('');
}

const RESERVED = [
  'CON',
  'PRN',
  'AUX',
  'NUL',
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, '\u00B9', '\u00B2', '\u00B3'].flatMap((d) => [`COM${d}`, `LPT${d}`]),
];

describe('checkBackupPathSyntax: good paths', () => {
  it.each([
    ['win32', 'C:\\SSOBackup\\SSO-BTS01-20260102-030405.bak'],
    ['win32', 'd:\\backups\\mastersecret_2017-07-12_16_30.bak'],
    ['win32', 'C:/SSOBackup/x.bak'],
    ['win32', 'C:\\x.bak'],
    ['win32', 'C:\\dir\\..\\other\\x.bak'],
    ['win32', '\\\\fileserver\\backups$\\sso\\x.bak'],
    ['win32', 'C:\\CONSOLE\\COM10.bak'],
    ['win32', 'C:\\dir\\.hidden.bak'],
    ['posix', '/tmp/sso/x.bak'],
    ['posix', '/tmp//sso/x.bak'],
  ] as const)('%s %s has no problems', (flavor, file) => {
    expect(syntax(file, flavor)).toEqual([]);
  });
});

describe('checkBackupPathSyntax: absolute', () => {
  it('refuses a relative path', () => {
    expect(syntax('x.bak')).toEqual(['absolute']);
    expect(syntax('dir\\f.bak')).toEqual(['absolute']);
    expect(syntax('x.bak', 'posix')).toEqual(['absolute']);
    expect(syntax('sso/x.bak', 'posix')).toEqual(['absolute']);
  });

  it('refuses a drive-relative path and says why', () => {
    const problems = checkBackupPathSyntax('C:x.bak', 'win32');
    expect(problems.map((p) => p.rule)).toEqual(['absolute']);
    expect(problems[0]?.message).toMatch(/drive-relative/);
    expect(problems[0]?.message).toMatch(/current folder/);
    expectGoodMessages(problems);
  });

  it('refuses a rooted path without a drive', () => {
    expect(syntax('\\x.bak')).toEqual(['absolute']);
    expect(syntax('/x.bak')).toEqual(['absolute']);
  });

  it('refuses a UNC path without a share', () => {
    expect(syntax('\\\\server')).toContain('absolute');
    expect(syntax('\\\\server\\\\x.bak')).toContain('absolute');
  });

  it('accepts a UNC path by syntax; the warning is in checkBackupPlacement', () => {
    const file = '\\\\server\\share\\f.bak';
    expect(syntax(file)).toEqual([]);
    expect(placement(file, { flavor: 'win32', siblingNames: [] })).toEqual(['unc-unconfirmed']);
  });
});

describe('checkBackupPathSyntax: device-path', () => {
  it.each(['\\\\?\\C:\\x.bak', '\\\\.\\COM1', '\\\\?\\UNC\\server\\share\\x.bak', '//?/C:/x.bak', '\\??\\C:\\x.bak'])(
    'refuses %s (and nothing else)',
    (file) => {
      expect(syntax(file)).toEqual(['device-path']);
    },
  );
});

describe('checkBackupPathSyntax: reserved-name', () => {
  for (const name of RESERVED) {
    const mixed = mixedCase(name);
    it(`refuses ${mixed} with and without an extension, in both flavors`, () => {
      expect(syntax(`C:\\dir\\${mixed}`)).toEqual(['reserved-name']);
      expect(syntax(`C:\\dir\\${mixed}.bak`)).toEqual(['reserved-name']);
      expect(syntax(`C:\\dir\\${name.toLowerCase()}.tar.bak`)).toEqual(['reserved-name']);
      expect(syntax(`/tmp/${mixed}.bak`, 'posix')).toEqual(['reserved-name']);
    });
  }

  it('refuses the examples nul.bak and Con.txt, and a reserved folder name', () => {
    expect(syntax('C:\\dir\\nul.bak')).toEqual(['reserved-name']);
    expect(syntax('C:\\dir\\Con.txt')).toEqual(['reserved-name']);
    expect(syntax('C:\\aux\\x.bak')).toEqual(['reserved-name']);
    expect(syntax('/tmp/CON.bak', 'posix')).toEqual(['reserved-name']);
  });

  it('ignores trailing spaces and dots of the base name', () => {
    expect(syntax('C:\\dir\\CON .bak')).toEqual(['reserved-name']);
    expect(syntax('C:\\dir\\nul..bak')).toEqual(['reserved-name']);
  });

  it('does not refuse names that only start like a device', () => {
    expect(syntax('C:\\dir\\CONTOSO.bak')).toEqual([]);
    expect(syntax('C:\\dir\\COM0.bak')).toEqual([]);
    expect(syntax('C:\\dir\\NULL.bak')).toEqual([]);
    expect(syntax('C:\\dir\\x.con')).toEqual([]);
  });
});

describe('checkBackupPathSyntax: invalid-character', () => {
  for (const ch of ['<', '>', ':', '"', '|', '?', '*']) {
    it(`refuses ${ch} in a name, in both flavors`, () => {
      expect(syntax(`C:\\dir\\a${ch}b.bak`)).toEqual(['invalid-character']);
      expect(syntax(`/tmp/a${ch}b.bak`, 'posix')).toEqual(['invalid-character']);
    });
  }

  it('refuses control characters 0-31', () => {
    for (let code = 0; code < 32; code++) {
      const ch = String.fromCharCode(code);
      expect(syntax(`C:\\dir\\a${ch}b.bak`), `code ${code}`).toEqual(['invalid-character']);
    }
    expect(checkBackupPathSyntax('C:\\a\u0007.bak', 'win32')[0]?.message).toMatch(/U\+0007/);
  });

  it('allows the drive colon but not a second colon (an alternate data stream)', () => {
    expect(syntax('C:\\dir\\x.bak')).toEqual([]);
    expect(syntax('C:\\dir\\x.bak:stream')).toEqual(['invalid-character']);
  });

  it('refuses a bad character in a folder name too', () => {
    expect(syntax('C:\\what?\\x.bak')).toEqual(['invalid-character']);
  });

  it('refuses a backslash in a posix component: it would be a separator on Windows', () => {
    expect(syntax('/tmp/a\\b.bak', 'posix')).toEqual(['invalid-character']);
  });
});

describe('checkBackupPathSyntax: trailing-dot-or-space', () => {
  it.each(['C:\\dir\\x.bak.', 'C:\\dir\\x.bak ', 'C:\\dir.\\x.bak', 'C:\\dir \\x.bak', 'C:\\dir\\...'])(
    'refuses %s',
    (file) => {
      expect(syntax(file)).toEqual(['trailing-dot-or-space']);
    },
  );

  it('applies in the posix flavor too', () => {
    expect(syntax('/tmp/x.bak.', 'posix')).toEqual(['trailing-dot-or-space']);
    expect(syntax('/tmp/x.bak ', 'posix')).toEqual(['trailing-dot-or-space']);
  });
});

describe('checkBackupPathSyntax: too-long', () => {
  const name255 = 'a'.repeat(251) + '.bak';
  const name256 = 'a'.repeat(252) + '.bak';

  it('accepts a 255-character component and refuses a 256-character one', () => {
    expect(name255).toHaveLength(255);
    expect(syntax(`C:\\${name255}`)).toEqual([]);
    expect(syntax(`/tmp/${name255}`, 'posix')).toEqual([]);
    expect(syntax(`C:\\${name256}`)).toEqual(['too-long']);
    expect(syntax(`/tmp/${name256}`, 'posix')).toEqual(['too-long']);
    expect(syntax(`/tmp/${'d'.repeat(256)}/x.bak`, 'posix')).toEqual(['too-long']);
  });

  it('accepts a 259-character win32 path and refuses a 260-character one', () => {
    const dir = 'C:\\' + 'd'.repeat(200) + '\\';
    const p259 = dir + 'x'.repeat(259 - dir.length - 4) + '.bak';
    const p260 = dir + 'x'.repeat(260 - dir.length - 4) + '.bak';
    expect(p259).toHaveLength(259);
    expect(p260).toHaveLength(260);
    expect(syntax(p259)).toEqual([]);
    expect(syntax(p260)).toEqual(['too-long']);
    expect(checkBackupPathSyntax(p260, 'win32')[0]?.message).toMatch(/MAX_PATH/);
  });

  it('has no whole-path limit in the posix flavor', () => {
    expect(syntax('/' + Array.from({ length: 30 }, () => 'd'.repeat(20)).join('/') + '/x.bak', 'posix')).toEqual([]);
  });
});

describe('checkBackupPathSyntax: no-file-name', () => {
  it.each([
    ['win32', ''],
    ['posix', ''],
    ['win32', 'C:\\dir\\'],
    ['win32', 'C:/dir/'],
    ['win32', 'C:\\'],
    ['win32', 'C:\\dir\\.'],
    ['win32', 'C:\\dir\\..'],
    ['win32', '\\\\server\\share\\'],
    ['posix', '/tmp/sso/'],
    ['posix', '/'],
    ['posix', '/tmp/..'],
  ] as const)('%s %j names no file', (flavor, file) => {
    expect(syntax(file, flavor)).toEqual(['no-file-name']);
  });

  it('reports a drive-relative bare drive as both problems', () => {
    expect(syntax('C:')).toEqual(['absolute', 'no-file-name']);
  });
});

describe('checkBackupPathSyntax: several problems at once', () => {
  it('reports every problem, one per rule and component', () => {
    expect(syntax('backups\\CON\\a|b.bak.')).toEqual(['absolute', 'reserved-name', 'invalid-character', 'trailing-dot-or-space']);
  });
});

describe('checkBackupPlacement', () => {
  it('is quiet for a good local path', () => {
    expect(placement('D:\\SSOBackup\\x.bak', { flavor: 'win32', installDir: INSTALL_DIR, siblingNames: [] })).toEqual([]);
    expect(placement('/tmp/sso/x.bak', { flavor: 'posix', siblingNames: ['notes.txt'] })).toEqual([]);
  });

  it('warns about a name that does not end in .bak (any case of .bak is fine)', () => {
    expect(placement('C:\\SSOBackup\\secret.dat', { flavor: 'win32', siblingNames: [] })).toEqual(['extension']);
    expect(placement('C:\\SSOBackup\\secret', { flavor: 'win32', siblingNames: [] })).toEqual(['extension']);
    expect(placement('/tmp/secret.bak.txt', { flavor: 'posix', siblingNames: [] })).toEqual(['extension']);
    expect(placement('C:\\SSOBackup\\secret.BAK', { flavor: 'win32', siblingNames: [] })).toEqual([]);
  });

  it('warns that a network share is unconfirmed, and explains the 10759/10561 media rule', () => {
    const problems = checkBackupPlacement('\\\\server\\share\\sso\\x.bak', { flavor: 'win32', siblingNames: [] });
    expect(problems.map((p) => p.rule)).toEqual(['unc-unconfirmed']);
    expect(problems[0]?.message).toMatch(/NTFS/);
    expect(problems[0]?.message).toMatch(/10759/);
    expect(placement('//server/share/x.bak', { flavor: 'posix', siblingNames: [] })).toEqual([]);
  });

  it('warns about the install folder, whatever the letter case on win32', () => {
    const place = { flavor: 'win32', installDir: INSTALL_DIR, siblingNames: [] } as const;
    expect(placement(`${INSTALL_DIR}SSO478AD.bak`, place)).toEqual(['in-install-dir']);
    expect(placement('c:\\program files\\COMMON FILES\\enterprise single sign-on\\x.bak', place)).toEqual(['in-install-dir']);
    expect(placement('C:/Program Files/Common Files/Enterprise Single Sign-On/sub/x.bak', place)).toEqual(['in-install-dir']);
    const message = checkBackupPlacement(`${INSTALL_DIR}x.bak`, place)[0]?.message;
    expect(message).toMatch(/SSO478AD\.bak/);
  });

  it('warns when the path equals the install folder itself', () => {
    expect(
      placement('C:\\Program Files\\Common Files\\Enterprise Single Sign-On', {
        flavor: 'win32',
        installDir: INSTALL_DIR,
        siblingNames: [],
      }),
    ).toEqual(['extension', 'in-install-dir']);
  });

  it('does not warn for a folder that only shares a prefix with the install folder', () => {
    expect(
      placement('C:\\Program Files\\Common Files\\Enterprise Single Sign-On Backups\\x.bak', {
        flavor: 'win32',
        installDir: INSTALL_DIR,
        siblingNames: [],
      }),
    ).toEqual([]);
  });

  it('compares case-sensitively in the posix flavor', () => {
    const place = { flavor: 'posix', installDir: '/opt/entsso/', siblingNames: [] } as const;
    expect(placement('/opt/entsso/x.bak', place)).toEqual(['in-install-dir']);
    expect(placement('/opt/ENTSSO/x.bak', place)).toEqual([]);
  });

  it('warns about other .bak files in the folder (10564), whatever their case', () => {
    const problems = checkBackupPlacement('C:\\SSOBackup\\x.bak', {
      flavor: 'win32',
      siblingNames: ['old.BAK', 'readme.txt', 'other.bak'],
    });
    expect(problems.map((p) => p.rule)).toEqual(['other-bak-files']);
    expect(problems[0]?.message).toMatch(/old\.BAK/);
    expect(problems[0]?.message).toMatch(/10564/);
    expectGoodMessages(problems);
  });

  it('does not count the file itself among its siblings', () => {
    expect(placement('C:\\SSOBackup\\x.bak', { flavor: 'win32', siblingNames: ['x.bak', 'notes.txt'] })).toEqual([]);
    expect(placement('C:\\SSOBackup\\x.bak', { flavor: 'win32', siblingNames: ['X.BAK'] })).toEqual([]);
    expect(placement('/tmp/sso/x.bak', { flavor: 'posix', siblingNames: ['x.bak'] })).toEqual([]);
    expect(placement('/tmp/sso/x.bak', { flavor: 'posix', siblingNames: ['X.bak'] })).toEqual(['other-bak-files']);
  });

  it('shortens a long list of siblings', () => {
    const siblings = Array.from({ length: 7 }, (_, i) => `old${i}.bak`);
    const message = checkBackupPlacement('C:\\b\\x.bak', { flavor: 'win32', siblingNames: siblings })[0]?.message ?? '';
    expect(message).toMatch(/and 4 more/);
  });

  it('can report several warnings together', () => {
    expect(
      placement(`${INSTALL_DIR}secret.dat`, { flavor: 'win32', installDir: INSTALL_DIR, siblingNames: ['SSO478AD.bak'] }),
    ).toEqual(['extension', 'in-install-dir', 'other-bak-files']);
  });
});

describe('defaultBackupFileName', () => {
  it('builds SSO-<HOST>-<yyyyMMdd-HHmmss>.bak; dots become -', () => {
    expect(defaultBackupFileName('bts01.contoso', new Date(2026, 0, 2, 3, 4, 5))).toBe(
      'SSO-BTS01-CONTOSO-20260102-030405.bak',
    );
  });

  it('uses local time parts and pads them', () => {
    expect(defaultBackupFileName('BTS01', new Date(2026, 11, 31, 23, 59, 58))).toBe('SSO-BTS01-20261231-235958.bak');
  });

  it('reduces the host to [A-Z0-9-]', () => {
    const at = new Date(2026, 0, 2, 3, 4, 5);
    expect(defaultBackupFileName('bts_01..contoso.local', at)).toBe('SSO-BTS-01-CONTOSO-LOCAL-20260102-030405.bak');
    expect(defaultBackupFileName('Servidor-Ñandú', at)).toBe('SSO-SERVIDOR-NANDU-20260102-030405.bak');
    expect(defaultBackupFileName('.bts01.', at)).toBe('SSO-BTS01-20260102-030405.bak');
    expect(defaultBackupFileName('', at)).toBe('SSO-HOST-20260102-030405.bak');
    expect(defaultBackupFileName('***', at)).toBe('SSO-HOST-20260102-030405.bak');
  });

  it('keeps long host names within a usable file name', () => {
    const name = defaultBackupFileName('a'.repeat(300), new Date(2026, 0, 2, 3, 4, 5));
    expect(name).toBe(`SSO-${'A'.repeat(63)}-20260102-030405.bak`);
    expect(checkBackupPathSyntax(`C:\\SSOBackup\\${name}`, 'win32')).toEqual([]);
  });

  it('always gives a name that passes the syntax and placement rules', () => {
    for (const host of ['bts01.contoso', 'con', 'NUL', 'a b', 'x:y', 'trailing.']) {
      const name = defaultBackupFileName(host, new Date(2026, 0, 2, 3, 4, 5));
      expect(checkBackupPathSyntax(`C:\\SSOBackup\\${name}`, 'win32')).toEqual([]);
      expect(checkBackupPlacement(`C:\\SSOBackup\\${name}`, { flavor: 'win32', siblingNames: [] })).toEqual([]);
    }
  });

  it('refuses an invalid date', () => {
    expect(() => defaultBackupFileName('bts01', new Date(Number.NaN))).toThrow(RangeError);
  });
});
