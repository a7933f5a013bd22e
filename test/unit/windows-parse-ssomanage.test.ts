import { describe, expect, it } from 'vitest';
import { parseSsomanageDisplayDb } from '../../src/machine/windows/parse-ssomanage.js';
import { randomStrings } from '../support/random-strings.js';

const crlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');

/*
 * The real layout of `ssomanage -displaydb` is UNCONFIRMED (windows-output.md has no transcript). The three layouts
 * below are INVENTED to pin down what the parser accepts; none of them is a transcript.
 */

/** Invented layout A: a banner, then `Label:` padded with spaces (the affiliate line comes before the admin one). */
const LAYOUT_COLON = String.raw`Using SSO server on this computer

SSO Database Server:                     SQL01
SSO Database Name:                       SSODB
SSO Affiliate Admin Account:             CONTOSO\SSO Affiliate Administrators
SSO Admin Account:                       CONTOSO\SSO Administrators
Master Secret Server:                    BTSCLUSTER-SSO
Ticket Timeout (minutes):                2
Audit Affiliate Applications Deletions:  1000
`;

/** Invented layout B: an indented block with padded ` : ` separators and "group" wording. */
const LAYOUT_PADDED = String.raw`SSO database information
    SQL Server name                      : SQL01\BIZTALK,1433
    DB name                              : SSODB
    SSO administrators group             : SSO Administrators
    SSO affiliate administrators group   : SSO Affiliate Administrators
    Secret server                        : BTS01.contoso.com
`;

/** Invented layout C: `key = value` with the camelCase names of ssomanage's -updatedb XML. */
const LAYOUT_EQUALS = String.raw`secretServer = BTS02
SSOAffiliateAdminAccount = CONTOSO\SSO Affiliate Administrators
SSOAdminAccount = CONTOSO\BizTalk SSO Admins
databaseServer = tcp:SQL02
databaseName = SSODB_2
ticketTimeout = 2
`;

describe('parseSsomanageDisplayDb: invented layouts', () => {
  for (const [label, convert] of [
    ['LF', (s: string) => s],
    ['CRLF', crlf],
  ] as const) {
    it(`reads layout A, "Label:  value" (${label})`, () => {
      expect(parseSsomanageDisplayDb(convert(LAYOUT_COLON))).toEqual({
        databaseServer: 'SQL01',
        databaseName: 'SSODB',
        ssoAdministratorsGroup: 'CONTOSO\\SSO Administrators',
        masterSecretServer: 'BTSCLUSTER-SSO',
      });
    });

    it(`reads layout B, "Label   : value" (${label})`, () => {
      expect(parseSsomanageDisplayDb(convert(LAYOUT_PADDED))).toEqual({
        databaseServer: 'SQL01\\BIZTALK,1433',
        databaseName: 'SSODB',
        ssoAdministratorsGroup: 'SSO Administrators',
        masterSecretServer: 'BTS01.contoso.com',
      });
    });

    it(`reads layout C, "camelCase = value", keeping a colon in the value (${label})`, () => {
      expect(parseSsomanageDisplayDb(convert(LAYOUT_EQUALS))).toEqual({
        masterSecretServer: 'BTS02',
        ssoAdministratorsGroup: 'CONTOSO\\BizTalk SSO Admins',
        databaseServer: 'tcp:SQL02',
        databaseName: 'SSODB_2',
      });
    });
  }

  it('reads a tab or a run of spaces as the separator', () => {
    expect(parseSsomanageDisplayDb('Master secret server\tBTS01\r\nSSO Admin Group  CONTOSO\\SSO Admins\r\n')).toEqual({
      masterSecretServer: 'BTS01',
      ssoAdministratorsGroup: 'CONTOSO\\SSO Admins',
    });
    expect(parseSsomanageDisplayDb('SSO_DB_Server\t\tSQL03   \nSSO-Database-Name    SSODB\n')).toEqual({
      databaseServer: 'SQL03',
      databaseName: 'SSODB',
    });
  });

  it('never takes an affiliate administrators label for the SSO administrators group', () => {
    expect(
      parseSsomanageDisplayDb('SSO Affiliate Admin Account: X\nAffiliate Administrators Group: Y\nSSOAffiliateAdminAccount = Z\n'),
    ).toEqual({});
  });

  it('keeps the first non-empty value of a repeated label', () => {
    const out = 'Master Secret Server:\nMaster Secret Server: BTS01\nMaster Secret Server: BTS99\n';
    expect(parseSsomanageDisplayDb(out)).toEqual({ masterSecretServer: 'BTS01' });
  });

  it('keeps values as printed, spaces inside included, trimmed at the ends', () => {
    expect(parseSsomanageDisplayDb('  SSO Admin Account :   CONTOSO\\SSO  Administrators  \r\n')).toEqual({
      ssoAdministratorsGroup: 'CONTOSO\\SSO  Administrators',
    });
  });

  it('ignores a BOM', () => {
    expect(parseSsomanageDisplayDb('\uFEFFSecret Server: BTS01')).toEqual({ masterSecretServer: 'BTS01' });
  });
});

describe('parseSsomanageDisplayDb: unknown layouts', () => {
  it('gives {} for empty output', () => {
    expect(parseSsomanageDisplayDb('')).toEqual({});
    expect(parseSsomanageDisplayDb('\r\n\r\n')).toEqual({});
  });

  it('gives {} for an error message', () => {
    const out = crlf(`Using SSO server on this computer

ERROR: 0xC0002A0F : Could not contact the SSO server 'BTS01'. Check that SSO is configured and that the SSO service is running on that server.
`);
    expect(parseSsomanageDisplayDb(out)).toEqual({});
  });

  it('gives {} for the usage text and for garbage', () => {
    const usage = crlf(`Usage: ssomanage -<command>
   -displaydb          Displays the SSO database information
   -updatedb <file>    Updates the SSO database information
`);
    // "SSO database information" has neither "server" nor "name" after "database".
    expect(parseSsomanageDisplayDb(usage)).toEqual({});
    for (const s of [':', '=', '\t', '  ', ' : ', 'Secret Server', 'Secret Server:', '\u0000\u0001\u0002', 'x'.repeat(10_000)]) {
      expect(parseSsomanageDisplayDb(s)).toEqual({});
    }
  });

  it('does not read the labels in the values', () => {
    expect(parseSsomanageDisplayDb('Note: the secret server is BTS01\nComment = SQL Server SQL01\n')).toEqual({});
  });
});

const ALPHABET = [':', '=', '\t', ' ', '  ', '\r\n', '\n', '\r', 'a', 'Z', '\\', '\uFEFF', '\u0000'];

describe('property: random input never throws', () => {
  it('feeds 200 random strings to the parser; every value it returns is a non-empty string', () => {
    const pieces = ['Secret Server', 'SSO Admin Account', 'Affiliate', 'SQL Server', 'DB name', LAYOUT_COLON];
    for (const s of randomStrings(0x55f0, 200, pieces, ALPHABET)) {
      let facts: ReturnType<typeof parseSsomanageDisplayDb> = {};
      expect(() => (facts = parseSsomanageDisplayDb(s))).not.toThrow();
      for (const value of Object.values(facts)) expect(typeof value === 'string' && value.trim() === value && value !== '').toBe(true);
    }
  });
});
