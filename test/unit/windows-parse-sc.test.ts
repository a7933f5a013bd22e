import { describe, expect, it } from 'vitest';
import { imagePathFolder, parseScQc, parseScQuery } from '../../src/machine/windows/parse-sc.js';

const crlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');
const ENTSSO_DIR = 'C:\\Program Files\\Common Files\\Enterprise Single Sign-On';

/** windows-output.md: `sc.exe query ENTSSO`. */
const SC_QUERY = `SERVICE_NAME: ENTSSO
        TYPE               : 10  WIN32_OWN_PROCESS
        STATE              : 4  RUNNING
                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)
        WIN32_EXIT_CODE    : 0  (0x0)
        SERVICE_EXIT_CODE  : 0  (0x0)
        CHECKPOINT         : 0x0
        WAIT_HINT          : 0x0
`;

/** windows-output.md: `sc.exe qc ENTSSO`. */
const SC_QC = String.raw`[SC] QueryServiceConfig SUCCESS

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
`;

/** windows-output.md: a missing service. */
const MISSING = `[SC] EnumQueryServicesStatus:OpenService FAILED 1060:

The specified service does not exist as an installed service.

`;
const MISSING_QC = `[SC] OpenService FAILED 1060:

The specified service does not exist as an installed service.

`;

const variants = [
  ['LF', (s: string) => s],
  ['CRLF', crlf],
] as const;

describe('parseScQc', () => {
  for (const [label, convert] of variants) {
    it(`reads the ENTSSO sample with a quoted image path (${label})`, () => {
      expect(parseScQc(convert(SC_QC))).toEqual({
        binaryPathName: `"${ENTSSO_DIR}\\ENTSSO.exe"`,
        serviceStartName: 'CONTOSO\\svc-entsso',
        displayName: 'Enterprise Single Sign-On Service',
        startType: 2,
      });
    });
  }

  it('reads an unquoted image path and a trailing-argument image path', () => {
    const unquoted = SC_QC.replace(`"${ENTSSO_DIR}\\ENTSSO.exe"`, `${ENTSSO_DIR}\\ENTSSO.exe`);
    expect(parseScQc(crlf(unquoted)).binaryPathName).toBe(`${ENTSSO_DIR}\\ENTSSO.exe`);
    const withArg = SC_QC.replace(`"${ENTSSO_DIR}\\ENTSSO.exe"`, `${ENTSSO_DIR}\\ENTSSO.exe -service`);
    expect(parseScQc(crlf(withArg)).binaryPathName).toBe(`${ENTSSO_DIR}\\ENTSSO.exe -service`);
  });

  it('reads a built-in account and other start types, ignoring the (localized) words', () => {
    const out = crlf(
      SC_QC.replace('CONTOSO\\svc-entsso', 'LocalSystem').replace('2   AUTO_START  (DELAYED)', '3   DEMAND_START'),
    );
    expect(parseScQc(out)).toMatchObject({ serviceStartName: 'LocalSystem', startType: 3 });
    expect(parseScQc(SC_QC.replace('2   AUTO_START  (DELAYED)', '4   DESACTIVADO')).startType).toBe(4);
  });

  it('tolerates other spacing around the labels', () => {
    const out = 'SERVICE_NAME:ENTSSO\r\n  START_TYPE:2 AUTO_START\r\n\tBINARY_PATH_NAME :  C:\\x\\ENTSSO.exe  \r\n';
    expect(parseScQc(out)).toEqual({ startType: 2, binaryPathName: 'C:\\x\\ENTSSO.exe' });
  });

  it('leaves out empty fields', () => {
    const out = SC_QC.replace('SERVICE_START_NAME : CONTOSO\\svc-entsso', 'SERVICE_START_NAME :');
    expect('serviceStartName' in parseScQc(out)).toBe(false);
  });

  it('keeps the first of repeated labels and ignores dependency continuation lines', () => {
    const out = SC_QC.replace('DEPENDENCIES       : RPCSS', 'DEPENDENCIES       : RPCSS\n                           : DISPLAY_NAME');
    expect(parseScQc(out).displayName).toBe('Enterprise Single Sign-On Service');
  });

  it('gives {} for a missing service', () => {
    expect(parseScQc(MISSING_QC)).toEqual({});
    expect(parseScQc(crlf(MISSING))).toEqual({});
    expect(parseScQc('')).toEqual({});
  });

  it('never throws on odd input', () => {
    for (const s of ['\r\n', ':', 'START_TYPE', 'START_TYPE : x', '\u0000', 'A'.repeat(10_000) + ':']) {
      expect(() => parseScQc(s)).not.toThrow();
    }
    expect(parseScQc('        START_TYPE         : AUTO_START')).toEqual({});
  });
});

describe('parseScQuery', () => {
  for (const [label, convert] of variants) {
    it(`reads the ENTSSO sample (${label})`, () => {
      expect(parseScQuery(convert(SC_QUERY))).toEqual({ state: 4, win32ExitCode: 0 });
    });
  }

  it('reads a stopped service with an error exit code', () => {
    const out = crlf(
      SC_QUERY.replace('4  RUNNING', '1  STOPPED').replace('WIN32_EXIT_CODE    : 0  (0x0)', 'WIN32_EXIT_CODE    : 1067  (0x42b)'),
    );
    expect(parseScQuery(out)).toEqual({ state: 1, win32ExitCode: 1067 });
  });

  it('reads a start-pending state', () => {
    expect(parseScQuery(SC_QUERY.replace('4  RUNNING', '2  START_PENDING')).state).toBe(2);
  });

  it('gives {} for a missing service and never throws', () => {
    expect(parseScQuery(MISSING)).toEqual({});
    expect(parseScQuery(crlf(MISSING))).toEqual({});
    expect(parseScQuery('')).toEqual({});
    for (const s of ['STATE', 'STATE :', 'STATE : RUNNING', '\r\r\n\n']) {
      expect(() => parseScQuery(s)).not.toThrow();
      expect(parseScQuery(s)).toEqual({});
    }
  });
});

describe('imagePathFolder', () => {
  it('reads a quoted path', () => {
    expect(imagePathFolder(`"${ENTSSO_DIR}\\ENTSSO.exe"`)).toBe(ENTSSO_DIR);
  });

  it('reads a quoted path with arguments', () => {
    expect(imagePathFolder(`"${ENTSSO_DIR}\\ENTSSO.exe" -service "x y"`)).toBe(ENTSSO_DIR);
  });

  it('reads an unquoted path with spaces', () => {
    expect(imagePathFolder(`${ENTSSO_DIR}\\ENTSSO.exe`)).toBe(ENTSSO_DIR);
  });

  it('reads an unquoted path with a trailing argument', () => {
    expect(imagePathFolder(`${ENTSSO_DIR}\\ENTSSO.exe -service`)).toBe(ENTSSO_DIR);
    expect(imagePathFolder('C:\\Windows\\system32\\svchost.exe -k netsvcs -p')).toBe('C:\\Windows\\system32');
  });

  it('matches .exe in any case and tolerates surrounding whitespace', () => {
    expect(imagePathFolder(`  ${ENTSSO_DIR}\\ENTSSO.EXE  `)).toBe(ENTSSO_DIR);
  });

  it('handles a drive-root executable and an unterminated quote', () => {
    expect(imagePathFolder('C:\\ENTSSO.exe')).toBe('C:\\');
    expect(imagePathFolder(`"${ENTSSO_DIR}\\ENTSSO.exe -service`)).toBe(ENTSSO_DIR);
  });

  it('is undefined when no .exe is found or the executable has no folder', () => {
    expect(imagePathFolder('')).toBeUndefined();
    expect(imagePathFolder('""')).toBeUndefined();
    expect(imagePathFolder('system32\\drivers\\foo.sys')).toBeUndefined();
    expect(imagePathFolder('C:\\x.exe.config')).toBeUndefined();
    expect(imagePathFolder('"C:\\tools\\run.cmd" -x')).toBeUndefined();
    expect(imagePathFolder('ENTSSO.exe')).toBeUndefined();
  });
});
