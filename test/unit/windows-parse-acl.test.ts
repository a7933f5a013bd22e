import { describe, expect, it } from 'vitest';
import {
  ACL_PATH_ENV,
  AclOutputError,
  FILE_ACL_SCRIPT,
  othersWhoCanRead,
  parseFileAcl,
  type FileAcl,
} from '../../src/machine/windows/parse-acl.js';

const BOM = '\uFEFF';
const DOMAIN_SID = 'S-1-5-21-1004336348-1177238915-682003330';
const USER_SID = `${DOMAIN_SID}-1001`;
const GROUP_SID = `${DOMAIN_SID}-1120`;

/** FileSystemRights as Windows PowerShell 5.1 prints them with [int]. */
const FULL_CONTROL = 2032127; // 0x1F01FF
const MODIFY = 1245631; // 0x1301BF
const READ_AND_EXECUTE = 1179817; // 0x1200A9
const WRITE_ONLY = 278; // 0x116: WriteData, AppendData, WriteExtendedAttributes, WriteAttributes
const READ_ATTRIBUTES_ONLY = 1048704; // 0x100080: ReadAttributes, Synchronize
const GENERIC_READ_AS_INT = -2147483648; // 0x80000000 through [int]
const GENERIC_ALL = 268435456; // 0x10000000

/**
 * FILE_ACL_SCRIPT's output for a file in the user's profile (inheritance from C:\Users\<user>): SYSTEM,
 * Administrators and the user, Full control. One line with a BOM and CRLF, as Windows PowerShell 5.1 writes it.
 */
const PROFILE_FILE =
  `${BOM}{"Owner":"${USER_SID}","Rules":[` +
  `{"Sid":"S-1-5-18","Rights":${FULL_CONTROL},"Type":"Allow"},` +
  `{"Sid":"S-1-5-32-544","Rights":${FULL_CONTROL},"Type":"Allow"},` +
  `{"Sid":"${USER_SID}","Rights":${FULL_CONTROL},"Type":"Allow"}]}\r\n`;

/** A file in C:\temp, inheriting C:\'s ACL: Users may read, Authenticated Users may modify. */
const TEMP_FILE =
  `${BOM}{"Owner":"S-1-5-32-544","Rules":[` +
  `{"Sid":"S-1-5-32-544","Rights":${FULL_CONTROL},"Type":"Allow"},` +
  `{"Sid":"S-1-5-18","Rights":${FULL_CONTROL},"Type":"Allow"},` +
  `{"Sid":"S-1-5-32-545","Rights":${READ_AND_EXECUTE},"Type":"Allow"},` +
  `{"Sid":"S-1-5-11","Rights":${MODIFY},"Type":"Allow"}]}\r\n`;

describe('FILE_ACL_SCRIPT', () => {
  it('takes the path from the environment variable, literally, never from the script text', () => {
    expect(ACL_PATH_ENV).toBe('SSO_BACKUP_ACL_PATH');
    expect(FILE_ACL_SCRIPT).toContain('Get-Acl -LiteralPath $env:SSO_BACKUP_ACL_PATH');
  });

  it('prints SIDs, rights as an int, the type as text and the owner, always as an array, as one JSON line', () => {
    for (const part of [
      'Translate($sidType).Value',
      'catch { $ref.Value }',
      '[int]$_.FileSystemRights',
      '$_.AccessControlType.ToString()',
      'GetOwner($sidType)',
      'Rules = @($rules)',
      'ConvertTo-Json -Compress',
      "[Console]::OutputEncoding = [Text.Encoding]::UTF8",
      "$ErrorActionPreference = 'Stop'",
    ]) {
      expect(FILE_ACL_SCRIPT).toContain(part);
    }
  });

  it('is one line without double quotes (Windows PowerShell 5.1 mangles them in -Command)', () => {
    expect(FILE_ACL_SCRIPT).not.toMatch(/["\r\n]/);
  });
});

describe('parseFileAcl', () => {
  it('reads the owner and the rules, BOM and CRLF included', () => {
    expect(parseFileAcl(PROFILE_FILE)).toEqual({
      owner: USER_SID,
      rules: [
        { sid: 'S-1-5-18', rights: FULL_CONTROL, type: 'Allow' },
        { sid: 'S-1-5-32-544', rights: FULL_CONTROL, type: 'Allow' },
        { sid: USER_SID, rights: FULL_CONTROL, type: 'Allow' },
      ],
    });
  });

  it('reads Rules given as one object (a one-element array unrolled)', () => {
    const one = `{"Owner":"${USER_SID}","Rules":{"Sid":"S-1-1-0","Rights":${READ_AND_EXECUTE},"Type":"Allow"}}`;
    expect(parseFileAcl(one)).toEqual({ owner: USER_SID, rules: [{ sid: 'S-1-1-0', rights: READ_AND_EXECUTE, type: 'Allow' }] });
  });

  it('reads Rules given as a PSObject-wrapped array ({"value":[...],"Count":n})', () => {
    const wrapped = `{"Owner":"${USER_SID}","Rules":{"value":[{"Sid":"S-1-5-11","Rights":${MODIFY},"Type":"Allow"}],"Count":1}}`;
    expect(parseFileAcl(wrapped).rules).toEqual([{ sid: 'S-1-5-11', rights: MODIFY, type: 'Allow' }]);
  });

  it('reads a bare array of rules, and a bare single rule, without an owner', () => {
    const array = `[{"Sid":"S-1-1-0","Rights":1,"Type":"Allow"},{"Sid":"S-1-5-18","Rights":${FULL_CONTROL},"Type":"Allow"}]`;
    expect(parseFileAcl(array)).toEqual({
      rules: [
        { sid: 'S-1-1-0', rights: 1, type: 'Allow' },
        { sid: 'S-1-5-18', rights: FULL_CONTROL, type: 'Allow' },
      ],
    });
    expect(parseFileAcl('{"Sid":"S-1-1-0","Rights":1,"Type":"Deny"}')).toEqual({
      rules: [{ sid: 'S-1-1-0', rights: 1, type: 'Deny' }],
    });
  });

  it('reads Deny rules, and the type as a number when .ToString() was left out (Allow 0, Deny 1)', () => {
    const acl = `{"Owner":"${USER_SID}","Rules":[{"Sid":"S-1-1-0","Rights":1,"Type":1},{"Sid":"S-1-5-11","Rights":1,"Type":0}]}`;
    expect(parseFileAcl(acl).rules.map((r) => r.type)).toEqual(['Deny', 'Allow']);
  });

  it('turns negative rights (GENERIC_READ through [int]) into the unsigned mask, and takes digit strings', () => {
    const acl = `[{"Sid":"S-1-1-0","Rights":${GENERIC_READ_AS_INT},"Type":"Allow"},{"Sid":"S-1-5-4","Rights":"1179817","Type":"allow"}]`;
    expect(parseFileAcl(acl).rules).toEqual([
      { sid: 'S-1-1-0', rights: 0x80000000, type: 'Allow' },
      { sid: 'S-1-5-4', rights: READ_AND_EXECUTE, type: 'Allow' },
    ]);
  });

  it('upper-cases the S of a SID, keeps an untranslated name as it is, and reads names in any case', () => {
    const acl = `{"owner":"s-1-5-21-1-2-3-500","rules":[{"sid":"s-1-1-0","rights":1,"type":"Allow"},{"SID":"CONTOSO\\\\Gone","RIGHTS":1,"TYPE":"Allow"}]}`;
    expect(parseFileAcl(acl)).toEqual({
      owner: 'S-1-5-21-1-2-3-500',
      rules: [
        { sid: 'S-1-1-0', rights: 1, type: 'Allow' },
        { sid: 'CONTOSO\\Gone', rights: 1, type: 'Allow' },
      ],
    });
  });

  it('leaves out malformed rules and a missing or empty owner', () => {
    const acl =
      '{"Owner":"","Rules":[{"Sid":"S-1-1-0","Rights":1,"Type":"Allow"},{"Sid":"","Rights":1,"Type":"Allow"},' +
      '{"Sid":"S-1-5-11","Rights":"lots","Type":"Allow"},{"Sid":"S-1-5-11","Rights":1,"Type":"Audit"},' +
      '{"Sid":"S-1-5-11","Rights":1.5,"Type":"Allow"},{"Sid":"S-1-5-11","Type":"Allow"},null,7]}';
    expect(parseFileAcl(acl)).toEqual({ rules: [{ sid: 'S-1-1-0', rights: 1, type: 'Allow' }] });
  });

  it('reads an empty ACL (no rules: nobody but the owner and administrators can get in)', () => {
    expect(parseFileAcl(`{"Owner":"${USER_SID}","Rules":[]}`)).toEqual({ owner: USER_SID, rules: [] });
  });

  it.each([
    ['empty output', ''],
    ['a PowerShell error', "Get-Acl : Cannot find path 'D:\\pw.txt' because it does not exist.\r\n"],
    ['cut-off JSON', '{"Owner":"S-1-5-18","Rules":[{"Sid"'],
  ])('throws a clear error on %s, of its own type (no untyped Error: test/trust/properties/parsers.test.ts)', (_case, stdout) => {
    expect(() => parseFileAcl(stdout)).toThrow(/access list could not be read: the PowerShell output is not JSON/);
    expect(() => parseFileAcl(stdout)).toThrow(AclOutputError);
  });
});

describe('othersWhoCanRead', () => {
  /** An ACL owned by the user, or by nobody known when `owner` is null. */
  const acl = (rules: FileAcl['rules'], owner: string | null = USER_SID): FileAcl =>
    owner === null ? { rules } : { owner, rules };
  const allow = (sid: string, rights = READ_AND_EXECUTE): FileAcl['rules'][number] => ({ sid, rights, type: 'Allow' });

  it('is nobody for a file in the user profile (SYSTEM, Administrators, the owner)', () => {
    expect(othersWhoCanRead(parseFileAcl(PROFILE_FILE))).toEqual([]);
  });

  it('names Users and Authenticated Users for a file in C:\\temp', () => {
    expect(othersWhoCanRead(parseFileAcl(TEMP_FILE), { currentUserSid: USER_SID })).toEqual([
      'BUILTIN\\Users (every user of this machine)',
      'Authenticated Users (every signed-in account)',
    ]);
  });

  it.each([
    ['S-1-1-0', 'Everyone'],
    ['S-1-5-11', 'Authenticated Users (every signed-in account)'],
    ['S-1-5-32-545', 'BUILTIN\\Users (every user of this machine)'],
    ['S-1-5-4', 'INTERACTIVE (anyone signed in at this machine)'],
    ['S-1-5-32-546', 'BUILTIN\\Guests'],
    [GROUP_SID, `the account or group ${GROUP_SID}`],
    ['CONTOSO\\Gone', 'the account or group CONTOSO\\Gone'],
  ])('names %s as %s', (sid, name) => {
    expect(othersWhoCanRead(acl([allow(sid)]))).toEqual([name]);
  });

  it.each([
    ['SYSTEM', 'S-1-5-18'],
    ['BUILTIN\\Administrators', 'S-1-5-32-544'],
    ['CREATOR OWNER', 'S-1-3-0'],
    ['OWNER RIGHTS', 'S-1-3-4'],
    ['the owner', USER_SID],
  ])('leaves out %s', (_name, sid) => {
    expect(othersWhoCanRead(acl([allow(sid, FULL_CONTROL)]))).toEqual([]);
  });

  it('leaves out the current user, in any case of the S', () => {
    const rules = [allow(`s${GROUP_SID.slice(1)}`, FULL_CONTROL)];
    expect(othersWhoCanRead(acl(rules, null), { currentUserSid: GROUP_SID })).toEqual([]);
    const parsed = parseFileAcl(`[{"Sid":"${GROUP_SID}","Rights":1,"Type":"Allow"}]`);
    expect(othersWhoCanRead(parsed, { currentUserSid: `s${GROUP_SID.slice(1)}` })).toEqual([]);
  });

  it('names the owner when there is no owner and no current user to compare with', () => {
    expect(othersWhoCanRead(acl([allow(USER_SID)], null))).toEqual([`the account or group ${USER_SID}`]);
  });

  it.each([
    ['FILE_READ_DATA alone', 0x1],
    ['GENERIC_READ (negative through [int])', GENERIC_READ_AS_INT >>> 0],
    ['GENERIC_ALL', GENERIC_ALL],
    ['Modify', MODIFY],
    ['Full control', FULL_CONTROL],
  ])('counts %s as reading', (_case, rights) => {
    expect(othersWhoCanRead(acl([allow('S-1-1-0', rights)]))).toEqual(['Everyone']);
  });

  it.each([
    ['write only', WRITE_ONLY],
    ['read attributes only', READ_ATTRIBUTES_ONLY],
  ])('does not count %s as reading', (_case, rights) => {
    expect(othersWhoCanRead(acl([allow('S-1-1-0', rights)]))).toEqual([]);
  });

  it('ignores Deny rules: a Deny read for Everyone still warns about the Allow (safe side)', () => {
    const rules: FileAcl['rules'] = [
      { sid: 'S-1-1-0', rights: FULL_CONTROL, type: 'Deny' },
      allow('S-1-1-0'),
      { sid: 'S-1-5-11', rights: FULL_CONTROL, type: 'Deny' },
    ];
    expect(othersWhoCanRead(acl(rules))).toEqual(['Everyone']);
  });

  it('names each reader once, in the order of the ACL', () => {
    const rules = [allow('S-1-5-32-545'), allow('S-1-1-0', 1), allow('S-1-5-32-545', GENERIC_ALL)];
    expect(othersWhoCanRead(acl(rules))).toEqual(['BUILTIN\\Users (every user of this machine)', 'Everyone']);
  });
});
