/**
 * Bad input, the parsers of Windows output (src/machine/windows/parse-*.ts). A Windows tool that prints something
 * odd, is cut short or is decoded in the wrong code page must not crash the run: an untyped TypeError or
 * RangeError from a parser would end a backup as an internal error (exit 70). Each parser either returns a value
 * of the shape it documents, or throws only its own typed error (parseFileAcl: AclOutputError; every other one
 * throws nothing).
 *
 * Inputs: random strings (any UTF-16 unit, and pieces of real output); random bytes decoded as UTF-8, Latin-1
 * (what WindowsMachine does for reg.exe) and UTF-16LE; every real sample cut at every length, from the end and
 * from the start; the samples' lines shuffled, dropped, duplicated and joined with any line ending; long lines.
 * The samples are those of ../../../../shared/reference/windows-output.md and the unit tests.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AclOutputError, othersWhoCanRead, parseFileAcl } from '../../../src/machine/windows/parse-acl.js';
import { parseDriveInfo, parsePowerShellJson } from '../../../src/machine/windows/parse-powershell.js';
import { parseRegQuery } from '../../../src/machine/windows/parse-reg.js';
import { parseReminderOutput } from '../../../src/machine/windows/parse-reminder.js';
import { imagePathFolder, parseScQc, parseScQuery } from '../../../src/machine/windows/parse-sc.js';
import { parseSsomanageDisplayDb } from '../../../src/machine/windows/parse-ssomanage.js';
import { parseWevtutilEventsXml } from '../../../src/machine/windows/parse-wevtutil.js';
import { hasAdministratorsGroup, hasGroupNamed, isElevated, parseWhoamiGroupsCsv } from '../../../src/machine/windows/parse-whoami.js';
import { trial } from '../figures.js';

const crlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');
const BOM = '\uFEFF';
const DOMAIN_SID = 'S-1-5-21-1004336348-1177238915-682003330';
const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

// ------------------------------------------------------------------------------------------------ samples

const REG = [
  crlf(String.raw`
HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\ENTSSO
    InstallPath    REG_SZ    C:\Program Files\Common Files\Enterprise Single Sign-On\

`),
  crlf(String.raw`HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full
    CBS    REG_DWORD    0x1
    Install    REG_DWORD    0x1
    InstallPath    REG_SZ    C:\Windows\Microsoft.NET\Framework64\v4.0.30319\
    Release    REG_DWORD    0x60632
    (Default)    REG_EXPAND_SZ    %SystemRoot%\x
    Multi    REG_MULTI_SZ    a\0b\0
`),
];

const SC_QUERY = crlf(`SERVICE_NAME: ENTSSO
        TYPE               : 10  WIN32_OWN_PROCESS
        STATE              : 4  RUNNING
                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)
        WIN32_EXIT_CODE    : 0  (0x0)
        SERVICE_EXIT_CODE  : 0  (0x0)
        CHECKPOINT         : 0x0
        WAIT_HINT          : 0x0
`);
const SC_QC = crlf(String.raw`[SC] QueryServiceConfig SUCCESS

SERVICE_NAME: ENTSSO
        TYPE               : 10  WIN32_OWN_PROCESS
        START_TYPE         : 2   AUTO_START  (DELAYED)
        ERROR_CONTROL      : 1   NORMAL
        BINARY_PATH_NAME   : "C:\Program Files\Common Files\Enterprise Single Sign-On\ENTSSO.exe"
        LOAD_ORDER_GROUP   :
        TAG                : 0
        DISPLAY_NAME       : Enterprise Single Sign-On Service
        DEPENDENCIES       : RPCSS
        SERVICE_START_NAME : CONTOSO\svc-entsso
`);
const SC_MISSING = crlf(`[SC] EnumQueryServicesStatus:OpenService FAILED 1060:

The specified service does not exist as an installed service.
`);

const WHOAMI = crlf(String.raw`"Everyone","Well-known group","S-1-1-0","Mandatory group, Enabled by default, Enabled group"
"BUILTIN\Administrators","Alias","S-1-5-32-544","Mandatory group, Enabled by default, Enabled group, Group owner"
"BUILTIN\Users","Alias","S-1-5-32-545","Mandatory group, Enabled by default, Enabled group"
"CONTOSO\BizTalk ""Ops"", Tier 2","Group","${DOMAIN_SID}-1130","Mandatory group, Enabled group"
"CONTOSO\SSO Administrators","Group","${DOMAIN_SID}-1120","Mandatory group, Enabled by default, Enabled group"
"Mandatory Label\High Mandatory Level","Label","S-1-16-12288",""
`);
const WHOAMI_TABLE = crlf(String.raw`BUILTIN\Administrators                                        Alias            S-1-5-32-544 Group used for deny only
Mandatory Label\Medium Mandatory Level                        Label            S-1-16-8192
`);

const EVENT_10589 = `<Event xmlns='${NS}'><System><Provider Name='ENTSSO'/><EventID Qualifiers='49152'>10589</EventID><Version>0</Version><Level>2</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x80000000000000</Keywords><TimeCreated SystemTime='2026-11-20T08:14:02.4410000Z'/><EventRecordID>48213</EventRecordID><Correlation/><Execution ProcessID='0' ThreadID='0'/><Channel>Application</Channel><Computer>BTS01.contoso.com</Computer><Security/></System><EventData></EventData></Event>`;
const EVENT_10559 = String.raw`<Event xmlns='${NS}'><System><Provider Name='ENTSSO'/><EventID Qualifiers='16384'>10559</EventID><TimeCreated SystemTime='2026-11-20T09:30:45.1234567'/><EventRecordID>48240</EventRecordID></System><EventData><Data>D:\SSO Backup\Ops &amp; Infra\SSO-2026-11-20.bak</Data><Data>{6A1C6F35-3A09-4B3F-9A57-1F1E2B3C4D5E}</Data><Data>CONTOSO\jdoe&#xD;&#x1F600;</Data><Data/></EventData></Event>`;
const WEVTUTIL = [`${EVENT_10559}\r\n${EVENT_10589}\r\n`, `${BOM}<Events>${EVENT_10589}${EVENT_10559}</Events>\r\n`];

const DRIVE_INFO = [`${BOM}{"DriveFormat":"NTFS","DriveType":3}\r\n`, `[{"driveformat":null,"drivetype":"Removable"}]`];

const ACL = [
  `${BOM}{"Owner":"${DOMAIN_SID}-1001","Rules":[{"Sid":"S-1-5-18","Rights":2032127,"Type":"Allow"},{"Sid":"s-1-5-32-545","Rights":-2147483648,"Type":"Allow"},{"Sid":"S-1-5-11","Rights":"1245631","Type":1}]}\r\n`,
  `{"value":[{"Sid":"S-1-1-0","Rights":1,"Type":0}],"Count":1}`,
];

const SSOMANAGE = [
  crlf(String.raw`Using SSO server on this computer

SSO Database Server:                     SQL01
SSO Database Name:                       SSODB
SSO Affiliate Admin Account:             CONTOSO\SSO Affiliate Administrators
SSO Admin Account:                       CONTOSO\SSO Administrators
Master Secret Server:                    BTSCLUSTER-SSO
`),
  crlf(`secretServer = BTS02
SSOAdminAccount = CONTOSO\\BizTalk SSO Admins
databaseServer = tcp:SQL02,1433
`),
];

const REMINDER = [
  `${BOM}{"reminder":"the blue folder, Sesi\u00f3n 2 \\u003cB\\u0026Q\\u003e"}\r\n`,
  `WARNING: something\r\n{"error":"The file is not a backup.","hresult":"0xC0002A20"}\r\n`,
  `{"reminder":null}`,
];

// ------------------------------------------------------------------------------------------------ the parsers

const isString = (v: unknown): boolean => typeof v === 'string';
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const optional = (v: unknown, check: (v: unknown) => boolean): boolean => v === undefined || check(v);
const record = (v: unknown): Record<string, unknown> => {
  expect(typeof v === 'object' && v !== null && !Array.isArray(v), JSON.stringify(v)).toBe(true);
  return v as Record<string, unknown>;
};

interface Parser {
  name: string;
  samples: readonly string[];
  /** Runs the parser (and what reads its result) and checks the shape of what it returned. */
  run(text: string): void;
  /** The one error it may throw, if any. */
  mayThrow?: (error: unknown) => boolean;
}

const PARSERS: readonly Parser[] = [
  {
    name: 'parseRegQuery',
    samples: REG,
    run: (text) => {
      const keys = parseRegQuery(text);
      expect(Array.isArray(keys)).toBe(true);
      for (const k of keys) {
        expect(isString(k.key) && k.key.startsWith('HKEY_')).toBe(true);
        for (const v of k.values) expect([v.name, v.type, v.data].every(isString) && v.type.startsWith('REG_')).toBe(true);
      }
    },
  },
  {
    name: 'parseScQuery',
    samples: [SC_QUERY, SC_MISSING],
    run: (text) => {
      const q = record(parseScQuery(text));
      expect(optional(q['state'], isCount) && optional(q['win32ExitCode'], isCount)).toBe(true);
    },
  },
  {
    name: 'parseScQc + imagePathFolder',
    samples: [SC_QC, SC_MISSING],
    run: (text) => {
      const qc = parseScQc(text);
      expect(optional(qc.startType, isCount) && [qc.binaryPathName, qc.displayName, qc.serviceStartName].every((v) => optional(v, isString))).toBe(true);
      expect(optional(imagePathFolder(qc.binaryPathName ?? text), isString)).toBe(true);
    },
  },
  {
    name: 'parseWhoamiGroupsCsv + isElevated, hasAdministratorsGroup, hasGroupNamed',
    samples: [WHOAMI, WHOAMI_TABLE],
    run: (text) => {
      const token = parseWhoamiGroupsCsv(text);
      for (const g of token.groups) expect([g.name, g.sid, g.attributes].every(isString) && /^S-1(-\d+)+$/.test(g.sid)).toBe(true);
      expect(optional(token.integritySid, (s) => isString(s) && /^S-1-16(-\d+)+$/.test(s as string))).toBe(true);
      expect([true, false, undefined]).toContain(isElevated(token));
      expect(typeof hasAdministratorsGroup(token)).toBe('boolean');
      expect(typeof hasGroupNamed(token, text.slice(0, 30))).toBe('boolean');
    },
  },
  {
    name: 'parseWevtutilEventsXml',
    samples: WEVTUTIL,
    run: (text) => {
      for (const e of parseWevtutilEventsXml(text)) {
        expect(isCount(e.id) && isString(e.time) && Array.isArray(e.data) && e.data.every(isString)).toBe(true);
      }
    },
  },
  {
    name: 'parsePowerShellJson + parseDriveInfo',
    samples: DRIVE_INFO,
    run: (text) => {
      parsePowerShellJson(text);
      const facts = parseDriveInfo(text);
      if (facts !== undefined) expect(facts.unc === false && optional(facts.fileSystem, isString) && optional(facts.driveType, isString)).toBe(true);
    },
  },
  {
    name: 'parseFileAcl + othersWhoCanRead',
    samples: ACL,
    mayThrow: (error) => error instanceof AclOutputError,
    run: (text) => {
      const acl = parseFileAcl(text);
      expect(optional(acl.owner, isString)).toBe(true);
      for (const r of acl.rules) expect(isString(r.sid) && isCount(r.rights) && r.rights <= 0xffffffff && ['Allow', 'Deny'].includes(r.type)).toBe(true);
      expect(othersWhoCanRead(acl, { currentUserSid: text.slice(0, 20) }).every(isString)).toBe(true);
    },
  },
  {
    name: 'parseSsomanageDisplayDb',
    samples: SSOMANAGE,
    run: (text) => {
      const facts = record(parseSsomanageDisplayDb(text));
      expect(Object.values(facts).every((v) => isString(v) && (v as string).length > 0)).toBe(true);
    },
  },
  {
    name: 'parseReminderOutput',
    samples: REMINDER,
    run: (text) => {
      for (const exitCode of [0, 1]) {
        const reading = parseReminderOutput({ exitCode, stdout: text, stderr: text.slice(0, 40) });
        if (reading.ok) expect(isString(reading.reminder) && isString(reading.how)).toBe(true);
        else expect(isString(reading.why) && reading.why.length > 0).toBe(true);
      }
    },
  },
];

/** The parser on this text: it returns a value of its shape, or throws its own error and nothing else. */
function holds(parser: Parser, text: string): void {
  try {
    parser.run(text);
  } catch (error) {
    if (parser.mayThrow?.(error) === true) return;
    // An assertion about the shape, or an untyped error from the parser: either is a failure, with the input.
    throw new Error(`${parser.name} on ${JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}...` : text)}: ${String(error)}`, { cause: error });
  }
}

// ------------------------------------------------------------------------------------------------ generators

const SEED = 0x9a25e;
const linesOf = (text: string): string[] => text.split(/\r\n|\r|\n/);

/** Text made of lines and pieces of the samples, characters that matter to the formats, and any UTF-16 unit. */
function noise(samples: readonly string[]): fc.Arbitrary<string> {
  const pieces = [...new Set(samples.flatMap((s) => [...linesOf(s), ...s.split(/(?<=[\s"',:=<>{}[\]])/)]))].filter((p) => p !== '');
  return fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...pieces) },
        { weight: 3, arbitrary: fc.constantFrom('"', ',', ':', '=', '{', '}', '[', ']', '<', '>', '/', '&', ';', '#x', '\\', ' ', '    ', '\t', '\r\n', '\n', '\r', BOM, '\u0000', 'S-1-', '0x', '-', '9', 'REG_', 'HKEY_', '<Event', '</Event>', 'null', 'true', '1e999', '-0', '__proto__', 'constructor') },
        { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
      ),
      { maxLength: 60 },
    )
    .map((parts) => parts.join(''));
}

/** The samples' lines, shuffled, dropped and repeated, joined with any line ending. */
function reshuffled(samples: readonly string[]): fc.Arbitrary<string> {
  const lines = samples.flatMap(linesOf);
  return fc
    .tuple(fc.array(fc.nat(lines.length - 1), { maxLength: 3 * lines.length }), fc.constantFrom('\r\n', '\n', '\r', '\r\r\n', ''))
    .map(([picks, eol]) => picks.map((i) => lines[i] ?? '').join(eol));
}

const ENCODINGS = ['utf8', 'latin1', 'utf16le'] as const;

// ------------------------------------------------------------------------------------------------ properties

describe('every parser of Windows output returns a value of its shape, or throws only its own typed error', () => {
  for (const parser of PARSERS) {
    describe(parser.name, () => {
      it('random text: pieces of real output and any UTF-16 unit', ({ task }) => {
        const runs = 700;
        trial(task, 'input', runs);
        fc.assert(fc.property(noise(parser.samples), (text) => holds(parser, text)), { numRuns: runs, seed: SEED });
      });

      it('random bytes, decoded as UTF-8, Latin-1 and UTF-16LE', ({ task }) => {
        const runs = 300;
        trial(task, 'input', runs);
        fc.assert(
          fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom(...ENCODINGS), (bytes, encoding) => holds(parser, Buffer.from(bytes).toString(encoding))),
          { numRuns: runs, seed: SEED },
        );
      });

      it('every real sample cut at every length, from the end and from the start, and re-decoded in the wrong code page', ({ task }) => {
        const t = trial(task, 'input', 0);
        let cases = 0;
        for (const sample of parser.samples) {
          for (let length = 0; length <= sample.length; length += 1) {
            holds(parser, sample.slice(0, length));
            holds(parser, sample.slice(length));
            cases += 2;
          }
          for (const encoding of ENCODINGS) {
            holds(parser, Buffer.from(sample, 'utf8').toString(encoding));
            cases += 1;
          }
        }
        t.tried(cases);
        expect(cases).toBeGreaterThan(100);
      });

      it('the samples\u2019 lines shuffled, dropped and repeated, with any line ending', ({ task }) => {
        const runs = 300;
        trial(task, 'input', runs);
        fc.assert(fc.property(reshuffled(parser.samples), (text) => holds(parser, text)), { numRuns: runs, seed: SEED });
      });
    });
  }
});

describe('a cut output never yields a fact the whole output does not hold (the parsers that document cuts)', () => {
  it('whoami: every SID read from a cut output is in the whole output, and so is the integrity label', ({ task }) => {
    const t = trial(task, 'input', 0);
    const whole = parseWhoamiGroupsCsv(WHOAMI);
    const sids = new Set(whole.groups.map((g) => g.sid));
    let cases = 0;
    for (let length = 0; length <= WHOAMI.length; length += 1) {
      const cut = parseWhoamiGroupsCsv(WHOAMI.slice(0, length));
      for (const g of cut.groups) expect(sids.has(g.sid), `${length}: ${g.sid}`).toBe(true);
      if (cut.integritySid !== undefined) expect(cut.integritySid).toBe(whole.integritySid);
      cases += 1;
    }
    t.tried(cases);
  });

  it('wevtutil: the events read from a cut output are the first events of the whole output', ({ task }) => {
    const t = trial(task, 'input', 0);
    let cases = 0;
    for (const sample of WEVTUTIL) {
      const whole = parseWevtutilEventsXml(sample);
      expect(whole).toHaveLength(2);
      for (let length = 0; length <= sample.length; length += 1) {
        const cut = parseWevtutilEventsXml(sample.slice(0, length));
        expect(whole.slice(0, cut.length), `${length}`).toEqual(cut);
        cases += 1;
      }
    }
    t.tried(cases);
  });
});

describe('long lines', () => {
  it('a parser given a long line without the separators it looks for still returns (no runaway regular expression)', ({ task }) => {
    const shapes = ['a ', ' ', '  x', 'S-1-', ':', '\t', '"', '<Event ', '.exe ', '0'];
    trial(task, 'input', PARSERS.length * shapes.length);
    for (const parser of PARSERS) {
      for (const shape of shapes) holds(parser, `    ${shape.repeat(Math.ceil(20_000 / shape.length))}x`);
    }
  });
});
