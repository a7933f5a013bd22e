import { describe, expect, it } from 'vitest';
import { DRIVE_INFO_SCRIPT, parseDriveInfo, parsePowerShellJson } from '../../src/machine/windows/parse-powershell.js';
import { randomStrings } from '../support/random-strings.js';

const BOM = '\uFEFF';

describe('parsePowerShellJson', () => {
  it('reads compressed JSON with a BOM and a trailing CRLF', () => {
    expect(parsePowerShellJson(`${BOM}{"DriveFormat":"NTFS","DriveType":3}\r\n`)).toEqual({ DriveFormat: 'NTFS', DriveType: 3 });
  });

  it('reads pretty-printed JSON (ConvertTo-Json without -Compress) with CRLF line ends', () => {
    const out = '{\r\n    "DriveType":  3,\r\n    "DriveFormat":  "ReFS"\r\n}\r\n';
    expect(parsePowerShellJson(out)).toEqual({ DriveType: 3, DriveFormat: 'ReFS' });
  });

  it('reads arrays, scalars, null and the 5.1 date form as they are', () => {
    expect(parsePowerShellJson('[1,"a"]')).toEqual([1, 'a']);
    expect(parsePowerShellJson('"x"\r\n')).toBe('x');
    expect(parsePowerShellJson('42')).toBe(42);
    expect(parsePowerShellJson('null')).toBeNull();
    expect(parsePowerShellJson('{"When":"\\/Date(1595374458918)\\/"}')).toEqual({ When: '/Date(1595374458918)/' });
  });

  it('gives undefined for output that is not JSON', () => {
    for (const s of [
      '',
      '\r\n',
      BOM,
      'NTFS',
      '{DriveFormat=NTFS}',
      '{"DriveFormat":"NTFS"',
      '{"a":1}\r\n{"b":2}',
      "New-Object : Exception calling \".ctor\" with \"1\" argument(s): \"Object must be a root directory (\"C:\\\") or a drive letter (\"C\").\"",
      '#< CLIXML',
    ]) {
      expect(parsePowerShellJson(s)).toBeUndefined();
    }
  });
});

describe('parseDriveInfo', () => {
  it('reads the output of DRIVE_INFO_SCRIPT (numeric DriveType, BOM, CRLF)', () => {
    expect(parseDriveInfo(`${BOM}{"DriveFormat":"NTFS","DriveType":3}\r\n`)).toEqual({
      fileSystem: 'NTFS',
      driveType: 'Fixed',
      unc: false,
    });
  });

  it('maps every System.IO.DriveType number to its name', () => {
    const names = [0, 1, 2, 3, 4, 5, 6].map((n) => parseDriveInfo(`{"DriveFormat":"NTFS","DriveType":${n}}`)?.driveType);
    expect(names).toEqual(['Unknown', 'NoRootDirectory', 'Removable', 'Fixed', 'Network', 'CDRom', 'Ram']);
  });

  it('reads DriveType given by name (any case) or as a digit string', () => {
    expect(parseDriveInfo('{"DriveFormat":"FAT32","DriveType":"Removable"}')).toEqual({
      fileSystem: 'FAT32',
      driveType: 'Removable',
      unc: false,
    });
    expect(parseDriveInfo('{"DriveFormat":"exFAT","DriveType":"cdrom"}')?.driveType).toBe('CDRom');
    expect(parseDriveInfo('{"DriveType":"4"}')?.driveType).toBe('Network');
  });

  it('leaves out a DriveType that is not 0..6 or a known name', () => {
    for (const t of ['7', '-1', '3.5', 'true', 'null', '"Fixe"', '""', '[3]', '{}']) {
      expect(parseDriveInfo(`{"DriveFormat":"NTFS","DriveType":${t}}`)).toEqual({ fileSystem: 'NTFS', unc: false });
    }
  });

  it('leaves out a missing, null or empty DriveFormat (a drive that is not ready)', () => {
    expect(parseDriveInfo('{"DriveFormat":null,"DriveType":5}')).toEqual({ driveType: 'CDRom', unc: false });
    expect(parseDriveInfo('{"DriveFormat":"","DriveType":2}')).toEqual({ driveType: 'Removable', unc: false });
    expect(parseDriveInfo('{"DriveType":1}')).toEqual({ driveType: 'NoRootDirectory', unc: false });
    expect(parseDriveInfo('{}')).toEqual({ unc: false });
  });

  it('reads property names in another case and a one-element array', () => {
    expect(parseDriveInfo('{"driveformat":"ReFS","DRIVETYPE":3}')).toEqual({ fileSystem: 'ReFS', driveType: 'Fixed', unc: false });
    expect(parseDriveInfo('[{"DriveFormat":"NTFS","DriveType":3}]')).toEqual({ fileSystem: 'NTFS', driveType: 'Fixed', unc: false });
  });

  it('gives undefined when the output is not a JSON object', () => {
    for (const s of ['', 'not json', '3', '"NTFS"', 'null', '[]', '[{}, {}]', `${BOM}\r\n`]) {
      expect(parseDriveInfo(s)).toBeUndefined();
    }
  });
});

describe('DRIVE_INFO_SCRIPT', () => {
  it('builds the one-liner for a drive root', () => {
    expect(DRIVE_INFO_SCRIPT('D:\\')).toBe(
      "[Console]::OutputEncoding=[Text.Encoding]::UTF8; $d=New-Object System.IO.DriveInfo('D:\\'); " +
        'ConvertTo-Json -Compress @{DriveFormat=$d.DriveFormat; DriveType=[int]$d.DriveType}',
    );
  });

  it('doubles single quotes, including the typographic ones PowerShell also takes for quotes', () => {
    expect(DRIVE_INFO_SCRIPT("E:\\O'Brien")).toContain("DriveInfo('E:\\O''Brien')");
    expect(DRIVE_INFO_SCRIPT('x\u2018y\u2019z\u201A\u201B')).toContain("DriveInfo('x\u2018\u2018y\u2019\u2019z\u201A\u201A\u201B\u201B')");
    expect(DRIVE_INFO_SCRIPT("'")).toContain("DriveInfo('''')");
  });

  it('leaves $, backticks and double quotes alone (nothing expands in single quotes)', () => {
    expect(DRIVE_INFO_SCRIPT('C:\\$env:x`"')).toContain("DriveInfo('C:\\$env:x`\"')");
  });
});

const ALPHABET = ['{', '}', '[', ']', '"', ':', ',', '3', '-', 'e', 'null', BOM, '\r\n', ' ', "'", '\\'];

describe('property: random input never throws', () => {
  it('feeds 200 random strings to every function', () => {
    const pieces = ['{"DriveFormat":"NTFS","DriveType":3}', '"DriveType":', '"DriveFormat":', '"Fixed"', '[{', '}]'];
    for (const s of randomStrings(0x9051, 200, pieces, ALPHABET)) {
      expect(() => {
        parsePowerShellJson(s);
        const facts = parseDriveInfo(s);
        if (facts !== undefined) expect(facts.unc).toBe(false);
        expect(DRIVE_INFO_SCRIPT(s).startsWith('[Console]::OutputEncoding')).toBe(true);
      }).not.toThrow();
    }
  });

  it('feeds every JSON shape to parseDriveInfo', () => {
    for (const value of [0, 7, -1, 1e308, '', 'Fixed', null, true, [], {}, [3], { a: 1 }]) {
      const json = JSON.stringify({ DriveFormat: value, DriveType: value });
      expect(() => parseDriveInfo(json)).not.toThrow();
    }
  });
});
