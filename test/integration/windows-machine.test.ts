/**
 * WindowsMachine end to end on any OS: every Windows tool it runs is played by a real process
 * (test/fixtures/windows-tools/fake-tool.mjs) that prints what the real tool prints for a scenario machine, in the
 * documented formats (../shared/reference/windows-output.md: CRLF, exit codes, localized labels, OEM code page),
 * and the facts go through gatherMachineReport and runChecks as `sso-backup check` does.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { blockingFailures, runChecks, type CheckName, type CheckResult, type MachineReport } from '../../src/checks/checks.js';
import { gatherMachineReport, type GatherOptions } from '../../src/checks/gather.js';
import { WindowsMachine, type RunTool } from '../../src/machine/windows/windows-machine.js';

const FAKE_TOOL = path.resolve(import.meta.dirname, '../fixtures/windows-tools/fake-tool.mjs');

const ENV: NodeJS.ProcessEnv = {
  SystemRoot: 'C:\\Windows',
  windir: 'C:\\Windows',
  COMPUTERNAME: 'BTS01',
  USERNAME: 'btsadmin',
  USERDOMAIN: 'CONTOSO',
  USERDNSDOMAIN: 'CONTOSO.COM',
  USERPROFILE: 'C:\\Users\\btsadmin',
  ProgramFiles: 'C:\\Program Files',
  'ProgramFiles(x86)': 'C:\\Program Files (x86)',
  CommonProgramW6432: 'C:\\Program Files\\Common Files',
  CommonProgramFiles: 'C:\\Program Files (x86)\\Common Files',
};

const INSTALL = 'C:\\Program Files\\Common Files\\Enterprise Single Sign-On';
const ENTSSO_KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\ENTSSO';
const SSOSS_KEY = `${ENTSSO_KEY}\\SSOSS`;
const SECRET_GUID_KEY = `${SSOSS_KEY}\\{5C6A3B02-7A6E-4B5B-9E0D-2D1C9E5F1A11}`;
const REGISTRY_SOURCE = 'registry HKLM\\SOFTWARE\\Microsoft\\ENTSSO InstallPath (64-bit view)';
const SERVICE_SOURCE = 'image path of the ENTSSO service';
const BACKUP_FILE = 'C:\\Users\\btsadmin\\SSO-Backups\\sso-secret.bak';

// ------------------------------------------------------------------------------------------- scenarios
/** The machine the fake tools describe (read by fake-tool.mjs; `files` is for the test's `exists`). */
interface Scenario {
  /** The 64-bit registry view: full key name -> value name -> type and data as reg.exe prints them. */
  registry: Record<string, Record<string, { type: string; data: string }>>;
  services: Record<string, { state: number; startName?: string; imagePath?: string; displayName?: string }>;
  /** whoami /groups /fo csv /nh rows: name, type, SID, attributes. */
  whoami: [string, string, string, string][];
  ssomanage?: { displaydb: string; exitCode?: number };
  events: { id: number; time: string; data?: string[]; provider?: string }[];
  /** System.IO.DriveInfo by drive root; DriveType as its number (3 Fixed, 2 Removable). */
  drives: Record<string, { DriveFormat: string | null; DriveType: number }>;
  network: { host: string; domain: string };
  /** Whether whoami and ssomanage print in the OEM code page (850) rather than ASCII-safe UTF-8. */
  oemText?: boolean;
  /** Windows paths that exist (for ssoconfig.exe and ssomanage.exe). */
  files: string[];
}

const EN_ADMIN_ROW: [string, string, string, string] = ['BUILTIN\\Administrators', 'Alias', 'S-1-5-32-544', 'Mandatory group, Enabled by default, Enabled group, Group owner'];
const EN_HIGH_LABEL: [string, string, string, string] = ['Mandatory Label\\High Mandatory Level', 'Label', 'S-1-16-12288', ''];
const EN_MEDIUM_LABEL: [string, string, string, string] = ['Mandatory Label\\Medium Mandatory Level', 'Label', 'S-1-16-8192', ''];
const SSO_ADMINS_ROW: [string, string, string, string] = ['CONTOSO\\SSO Administrators', 'Group', 'S-1-5-21-1004336348-1177238915-682003330-1105', 'Mandatory group, Enabled by default, Enabled group'];
const ENABLED = 'Mandatory group, Enabled by default, Enabled group';

function displaydb(masterSecretServer: string, adminGroup = 'CONTOSO\\SSO Administrators'): string {
  return [
    'Using SSO server on this computer',
    '',
    'SSO database:',
    '    Database server: SQL01',
    '    Database name: SSODB',
    `    SSO Admin account: ${adminGroup}`,
    '    SSO Affiliate Admin account: CONTOSO\\SSO Affiliate Administrators',
    `    Secret server: ${masterSecretServer}`,
  ].join('\n');
}

/** A good master secret server: elevated SSO administrator, ENTSSO running, 10589 logged three times. */
function goodScenario(): Scenario {
  return {
    registry: {
      [ENTSSO_KEY]: {
        InstallPath: { type: 'REG_SZ', data: `${INSTALL}\\` },
        ProductName: { type: 'REG_SZ', data: 'Microsoft Enterprise Single Sign-On' },
        ProductVersion: { type: 'REG_SZ', data: '10.0.2242.0' },
        ProductLanguage: { type: 'REG_DWORD', data: '0x409' },
      },
      [SSOSS_KEY]: {},
      // Western European: the OEM code page whoami, sc and ssomanage print in (oemText scenarios use it).
      ['HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage']: { OEMCP: { type: 'REG_SZ', data: '850' } },
      [SECRET_GUID_KEY]: { '(Default)': { type: 'REG_SZ', data: '' } },
    },
    services: {
      ENTSSO: {
        state: 4,
        startName: 'CONTOSO\\svc-entsso',
        imagePath: `"${INSTALL}\\ENTSSO.exe"`,
        displayName: 'Enterprise Single Sign-On Service',
      },
    },
    whoami: [
      ['Everyone', 'Well-known group', 'S-1-1-0', ENABLED],
      EN_ADMIN_ROW,
      ['BUILTIN\\Users', 'Alias', 'S-1-5-32-545', ENABLED],
      ['NT AUTHORITY\\INTERACTIVE', 'Well-known group', 'S-1-5-4', ENABLED],
      ['NT AUTHORITY\\Authenticated Users', 'Well-known group', 'S-1-5-11', ENABLED],
      SSO_ADMINS_ROW,
      EN_HIGH_LABEL,
    ],
    ssomanage: { displaydb: displaydb('BTS01') },
    events: [
      { id: 10589, time: '2026-11-18T08:14:01.9870000Z' },
      { id: 10589, time: '2026-11-19T08:14:02.1230000Z' },
      { id: 10589, time: '2026-11-20T08:14:02.4410000Z' },
    ],
    drives: { 'C:\\': { DriveFormat: 'NTFS', DriveType: 3 } },
    network: { host: 'BTS01', domain: 'contoso.com' },
    files: [`${INSTALL}\\ssoconfig.exe`, `${INSTALL}\\ssomanage.exe`, `${INSTALL}\\ENTSSO.exe`],
  };
}

// -------------------------------------------------------------------------------------- the harness
interface LoggedCall {
  tool: string;
  /** The Windows path WindowsMachine ran. */
  path: string;
  args: string[];
  exitCode: number;
  /** The decoded -EncodedCommand script (powershell only). */
  script?: string;
}

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A RunTool that runs the fake for a Windows path: `node fake-tool.mjs <name> ...args` with the options of the
 * real runTool (no reject, output as bytes: the machine decodes them in the OEM code page). A POSIX exit status keeps 8 bits only, so the
 * fake reports its full Windows exit code (sc.exe's 1060) on an extra pipe, fd 3.
 */
function fakeRun(scenarioFile: string, logFile: string): RunTool {
  return async (file, args) => {
    const name = path.win32.basename(file).toLowerCase().replace(/\.exe$/, '');
    const result = await execa(process.execPath, [FAKE_TOOL, name, ...args], {
      reject: false,
      timeout: 30_000,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      encoding: 'buffer',
      env: {
        FAKE_WINDOWS_SCENARIO: scenarioFile,
        FAKE_WINDOWS_LOG: logFile,
        FAKE_WINDOWS_CALLED_AS: file,
        FAKE_WINDOWS_STATUS_FD: '3',
      },
    });
    const status = Buffer.from(result.stdio[3] ?? new Uint8Array()).toString('utf8');
    const exitCode = /^\d+$/.test(status) ? Number(status) : (result.exitCode ?? -1);
    if (result.exitCode !== undefined && (exitCode & 0xff) !== result.exitCode) {
      throw new Error(`the fake ${name} exited ${result.exitCode} but reported ${status}: ${Buffer.from(result.stderr).toString()}`);
    }
    return { exitCode, stdout: result.stdout, stderr: result.stderr };
  };
}

interface Harness {
  machine: WindowsMachine;
  env: NodeJS.ProcessEnv;
  calls(): LoggedCall[];
}

function harness(scenario: Scenario, envChanges: NodeJS.ProcessEnv = {}): Harness {
  const dir = mkdtempSync(path.join(tmpdir(), 'sso-winfake-'));
  made.push(dir);
  const scenarioFile = path.join(dir, 'scenario.json');
  const logFile = path.join(dir, 'calls.jsonl');
  writeFileSync(scenarioFile, JSON.stringify(scenario));
  writeFileSync(logFile, '');
  const files = new Set(scenario.files.map((f) => f.toLowerCase()));
  const env = { ...ENV, ...envChanges };
  const machine = new WindowsMachine(env, fakeRun(scenarioFile, logFile), (file) => files.has(file.toLowerCase()));
  const calls = () =>
    readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LoggedCall);
  return { machine, env, calls };
}

const SYSTEM32_TOOLS = ['reg', 'sc', 'whoami', 'wevtutil', 'powershell'];

/** The rules every call must keep (windows-output.md): System32 tools by absolute path, reg in the 64-bit view. */
function expectToolsCalledSafely(calls: LoggedCall[], env: NodeJS.ProcessEnv = ENV): void {
  const system32 = `${env['SystemRoot'] ?? ''}\\System32\\`;
  const exact: Record<string, string> = {
    reg: `${system32}reg.exe`,
    sc: `${system32}sc.exe`,
    whoami: `${system32}whoami.exe`,
    wevtutil: `${system32}wevtutil.exe`,
    powershell: `${system32}WindowsPowerShell\\v1.0\\powershell.exe`,
  };
  expect(calls.length).toBeGreaterThan(0);
  for (const call of calls) {
    expect(SYSTEM32_TOOLS.includes(call.tool) || call.tool === 'ssomanage', `unexpected tool ${call.path}`).toBe(true);
    if (SYSTEM32_TOOLS.includes(call.tool)) {
      expect(call.path.startsWith(system32), call.path).toBe(true);
      expect(call.path).toBe(exact[call.tool]);
    } else {
      expect(path.win32.isAbsolute(call.path) && /^[A-Za-z]:\\/.test(call.path), call.path).toBe(true);
    }
    if (call.tool === 'reg') expect(call.args, JSON.stringify(call.args)).toContain('/reg:64');
    if (call.tool === 'powershell') {
      expect(call.args.slice(0, 7)).toEqual(['-NoProfile', '-NonInteractive', '-InputFormat', 'None', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    }
  }
}

interface Checked {
  report: MachineReport;
  results: CheckResult[];
  calls: LoggedCall[];
  check(name: CheckName): CheckResult;
}

/** gatherMachineReport then runChecks, as `sso-backup check` does; the tool rules are asserted every time. */
async function checkMachine(scenario: Scenario, options: GatherOptions = { file: BACKUP_FILE }, envChanges: NodeJS.ProcessEnv = {}): Promise<Checked> {
  const h = harness(scenario, envChanges);
  const report = await gatherMachineReport(h.machine, options);
  const results = runChecks(report);
  const calls = h.calls();
  expectToolsCalledSafely(calls, h.env);
  expect(calls.some((c) => c.tool === 'reg')).toBe(true);
  return {
    report,
    results,
    calls,
    check: (name) => {
      const found = results.find((r) => r.name === name);
      if (!found) throw new Error(`no check ${name}`);
      return found;
    },
  };
}

const statusAndReason = (r: CheckResult) => ({ status: r.status, reason: r.reason });

// --------------------------------------------------------------------------------------------- tests
describe('WindowsMachine with fake Windows tools: a good machine', () => {
  it('passes every required check; the tools were run by absolute System32 paths and reg in the 64-bit view', async () => {
    const { report, results, calls } = await checkMachine(goodScenario());

    expect(blockingFailures(results)).toEqual([]);
    expect(Object.fromEntries(results.map((r) => [r.name, statusAndReason(r)]))).toEqual({
      'entsso-installed': { status: 'ok', reason: `${INSTALL} (${REGISTRY_SOURCE}; version 10.0.2242.0)` },
      elevated: { status: 'ok', reason: 'elevated, member of the local Administrators group' },
      service: { status: 'ok', reason: 'running, account CONTOSO\\svc-entsso' },
      'master-secret-server': { status: 'ok', reason: 'the SSOSS key is present; the SSO database names BTS01' },
      'sso-administrator': { status: 'ok', reason: 'member of CONTOSO\\SSO Administrators' },
      'backup-events': { status: 'warning', reason: 'logged 3 time(s), the last at 2026-11-20T08:14:02.441Z: the master secret is not backed up' },
      'backup-target': { status: 'ok', reason: 'NTFS, Fixed' },
    });

    // The facts behind the verdicts.
    expect(report.names).toEqual({ netbios: 'BTS01', dns: 'BTS01.contoso.com' });
    expect(report.install).toEqual({ productVersion: '10.0.2242.0', registryInstallPath: `${INSTALL}\\` });
    expect(report.service).toEqual({ exists: true, state: 4, account: 'CONTOSO\\svc-entsso', imageFolder: INSTALL });
    expect(report.token?.integritySid).toBe('S-1-16-12288');
    expect(report.token?.groups.map((g) => g.sid)).toContain('S-1-5-32-544');
    expect(report.ssoDatabase).toEqual({
      masterSecretServer: 'BTS01',
      ssoAdministratorsGroup: 'CONTOSO\\SSO Administrators',
      databaseServer: 'SQL01',
      databaseName: 'SSODB',
    });
    expect(report.secretKeyPresent).toBe(true);
    expect(report.backupRequiredEvents?.map((e) => e.time)).toEqual([
      '2026-11-20T08:14:02.441Z',
      '2026-11-19T08:14:02.123Z',
      '2026-11-18T08:14:01.987Z',
    ]);
    expect(report.backupSucceededEvents).toEqual([]);
    expect(report.installDirs[0]).toEqual({ dir: INSTALL, source: REGISTRY_SOURCE, hasSsoconfig: true });

    // The calls, as the log of the fake recorded them.
    const byTool = (tool: string) => calls.filter((c) => c.tool === tool);
    expect(byTool('reg').map((c) => c.args)).toContainEqual(['query', 'HKLM\\SOFTWARE\\Microsoft\\ENTSSO', '/reg:64']);
    // SSOSS is judged from ENTSSO's list of subkeys (querying SSOSS itself exits 1 when it is missing and when its
    // ACL denies reading it alike), so it is never queried directly.
    expect(byTool('reg').map((c) => c.args)).toContainEqual(['query', 'HKLM\\SOFTWARE\\Microsoft\\ENTSSO', '/reg:64']);
    expect(byTool('reg').map((c) => c.args[1])).not.toContain('HKLM\\SOFTWARE\\Microsoft\\ENTSSO\\SSOSS');
    expect(byTool('sc').map((c) => c.args)).toContainEqual(['query', 'ENTSSO']);
    expect(byTool('sc').map((c) => c.args)).toContainEqual(['qc', 'ENTSSO']);
    expect(byTool('whoami').map((c) => c.args)).toEqual([['/groups', '/fo', 'csv', '/nh']]);
    expect(byTool('ssomanage')).toEqual([expect.objectContaining({ path: `${INSTALL}\\ssomanage.exe`, args: ['-displaydb'], exitCode: 0 })]);
    expect(byTool('wevtutil').map((c) => c.args[3])).toEqual(expect.arrayContaining(['/c:100']));
    const scripts = byTool('powershell').map((c) => c.script ?? '');
    expect(scripts.some((s) => s.includes("System.IO.DriveInfo('C:\\')"))).toBe(true);
    expect(scripts.some((s) => s.includes('IPGlobalProperties'))).toBe(true);
  });
});

describe('WindowsMachine with fake Windows tools: the token (whoami /groups, localized)', () => {
  it('not elevated: Medium label, the Administrators row marked for deny only => elevated failed', async () => {
    const scenario = goodScenario();
    scenario.whoami = [
      ['Everyone', 'Well-known group', 'S-1-1-0', ENABLED],
      ['BUILTIN\\Administrators', 'Alias', 'S-1-5-32-544', 'Group used for deny only'],
      ['BUILTIN\\Users', 'Alias', 'S-1-5-32-545', ENABLED],
      SSO_ADMINS_ROW,
      EN_MEDIUM_LABEL,
    ];
    const { results, check } = await checkMachine(scenario);
    expect(statusAndReason(check('elevated'))).toEqual({
      status: 'failed',
      reason: 'a local administrator, but this console is not elevated (UAC): ENTSSO error 10771',
    });
    expect(check('elevated').fix).toMatch(/Run as administrator/);
    expect(blockingFailures(results).map((r) => r.name)).toEqual(['elevated']);
  });

  it('Spanish Windows: BUILTIN\\Administradores and a Spanish High label, in the OEM code page => elevated ok', async () => {
    const scenario = goodScenario();
    scenario.oemText = true;
    scenario.whoami = [
      ['Todos', 'Grupo conocido', 'S-1-1-0', 'Grupo obligatorio, Habilitado de manera predeterminada, Grupo habilitado'],
      ['BUILTIN\\Administradores', 'Alias', 'S-1-5-32-544', 'Grupo obligatorio, Habilitado de manera predeterminada, Grupo habilitado, Propietario del grupo'],
      ['BUILTIN\\Usuarios', 'Alias', 'S-1-5-32-545', 'Grupo obligatorio, Habilitado de manera predeterminada, Grupo habilitado'],
      ['NT AUTHORITY\\Autenticación NTLM', 'Grupo conocido', 'S-1-5-64-10', 'Grupo obligatorio, Habilitado de manera predeterminada, Grupo habilitado'],
      ['CONTOSO\\SSO Administrators', 'Grupo', 'S-1-5-21-1004336348-1177238915-682003330-1105', 'Grupo obligatorio, Habilitado de manera predeterminada, Grupo habilitado'],
      ['Etiqueta obligatoria\\Nivel obligatorio alto', 'Etiqueta', 'S-1-16-12288', ''],
    ];
    const { report, results, check } = await checkMachine(scenario);
    expect(statusAndReason(check('elevated'))).toEqual({ status: 'ok', reason: 'elevated, member of the local Administrators group' });
    expect(check('sso-administrator').status).toBe('ok');
    expect(blockingFailures(results)).toEqual([]);
    expect(report.token?.integritySid).toBe('S-1-16-12288');
    expect(report.token?.groups.find((g) => g.sid === 'S-1-5-32-544')?.name).toBe('BUILTIN\\Administradores');
  });

  it('Spanish Windows, not elevated: "Grupo usado solo para denegar" and a Medium label => elevated failed', async () => {
    const scenario = goodScenario();
    scenario.whoami = [
      ['BUILTIN\\Administradores', 'Alias', 'S-1-5-32-544', 'Grupo usado solo para denegar'],
      SSO_ADMINS_ROW,
      ['Etiqueta obligatoria\\Nivel obligatorio medio', 'Etiqueta', 'S-1-16-8192', ''],
    ];
    const { check } = await checkMachine(scenario);
    expect(check('elevated').status).toBe('failed');
    expect(check('elevated').reason).toMatch(/not elevated \(UAC\)/);
  });

  it('a standard user (no S-1-5-32-544 row) => elevated failed', async () => {
    const scenario = goodScenario();
    scenario.whoami = [
      ['Everyone', 'Well-known group', 'S-1-1-0', ENABLED],
      ['BUILTIN\\Users', 'Alias', 'S-1-5-32-545', ENABLED],
      ['NT AUTHORITY\\INTERACTIVE', 'Well-known group', 'S-1-5-4', ENABLED],
      // Every domain user's token carries Domain Users: it shows the domain, so SSO membership is decided.
      ['CONTOSO\\Domain Users', 'Group', 'S-1-5-21-1004336348-1177238915-682003330-513', ENABLED],
      EN_MEDIUM_LABEL,
    ];
    const { results, check } = await checkMachine(scenario);
    expect(statusAndReason(check('elevated'))).toEqual({
      status: 'failed',
      reason: 'this user is not a member of the local Administrators group (ENTSSO error 10771)',
    });
    expect(statusAndReason(check('sso-administrator'))).toEqual({
      status: 'failed',
      reason: 'not a member of CONTOSO\\SSO Administrators (ENTSSO error 10772)',
    });
    expect(blockingFailures(results).map((r) => r.name)).toEqual(['elevated', 'sso-administrator']);
  });

  it('an SSO Administrators group with a non-ASCII name (OEM code page output) is matched and shown as written', async () => {
    const group = 'CONTOSO\\Administradores de inicio de sesión único';
    const scenario = goodScenario();
    scenario.oemText = true;
    scenario.ssomanage = { displaydb: displaydb('BTS01', group) };
    scenario.whoami = [
      ['BUILTIN\\Administradores', 'Alias', 'S-1-5-32-544', 'Grupo obligatorio, Habilitado de manera predeterminada, Grupo habilitado, Propietario del grupo'],
      [group, 'Grupo', 'S-1-5-21-1004336348-1177238915-682003330-1106', 'Grupo obligatorio, Habilitado de manera predeterminada, Grupo habilitado'],
      ['Etiqueta obligatoria\\Nivel obligatorio alto', 'Etiqueta', 'S-1-16-12288', ''],
    ];
    const { check } = await checkMachine(scenario);
    expect(statusAndReason(check('sso-administrator'))).toEqual({ status: 'ok', reason: `member of ${group}` });
  });
});

describe('WindowsMachine with fake Windows tools: the ENTSSO service (sc query / sc qc)', () => {
  it('stopped (STATE 1) => service failed', async () => {
    const scenario = goodScenario();
    scenario.services['ENTSSO']!.state = 1;
    const { results, check } = await checkMachine(scenario);
    expect(statusAndReason(check('service'))).toEqual({ status: 'failed', reason: 'stopped, account CONTOSO\\svc-entsso' });
    expect(check('service').fix).toMatch(/net start ENTSSO/);
    expect(blockingFailures(results).map((r) => r.name)).toEqual(['service']);
  });

  it('start pending (STATE 2) => service warning', async () => {
    const scenario = goodScenario();
    scenario.services['ENTSSO']!.state = 2;
    const { results, check } = await checkMachine(scenario);
    expect(statusAndReason(check('service'))).toEqual({
      status: 'warning',
      reason: 'starting, account CONTOSO\\svc-entsso: ENTSSO can take about 3 minutes to start',
    });
    expect(blockingFailures(results)).toEqual([]);
  });

  it('no ENTSSO service (sc exits 1060) => service failed "no ENTSSO service"', async () => {
    const scenario = goodScenario();
    delete scenario.services['ENTSSO'];
    const { report, calls, check } = await checkMachine(scenario);
    expect(report.service).toEqual({ exists: false });
    expect(statusAndReason(check('service'))).toEqual({ status: 'failed', reason: 'there is no ENTSSO service on this computer' });
    const scCalls = calls.filter((c) => c.tool === 'sc');
    expect(scCalls.length).toBeGreaterThan(0);
    for (const call of scCalls) expect(call).toMatchObject({ args: ['query', 'ENTSSO'], exitCode: 1060 });
    // The registry still finds the install directory.
    expect(check('entsso-installed').status).toBe('ok');
  });
});

describe('WindowsMachine with fake Windows tools: the master secret server', () => {
  it('SSOSS key missing (not among ENTSSO\'s subkeys) and ssomanage names BTS02 => failed, naming BTS02', async () => {
    const scenario = goodScenario();
    delete scenario.registry[SSOSS_KEY];
    delete scenario.registry[SECRET_GUID_KEY];
    scenario.ssomanage = { displaydb: displaydb('BTS02') };
    const { report, results, calls, check } = await checkMachine(scenario);
    expect(report.secretKeyPresent).toBe(false);
    expect(calls).toContainEqual(expect.objectContaining({ tool: 'reg', args: ['query', 'HKLM\\SOFTWARE\\Microsoft\\ENTSSO', '/reg:64'], exitCode: 0 }));
    expect(statusAndReason(check('master-secret-server'))).toEqual({
      status: 'failed',
      reason: 'the master secret server is BTS02, not this computer (ENTSSO error 10766)',
    });
    expect(check('master-secret-server').fix).toMatch(/Run the backup on BTS02/);
    expect(blockingFailures(results).map((r) => r.name)).toEqual(['master-secret-server']);
  });

  it('SSOSS key here but ssomanage names another server => warning (a cluster node?)', async () => {
    const scenario = goodScenario();
    scenario.ssomanage = { displaydb: displaydb('BTSCLUSTER') };
    const { check } = await checkMachine(scenario);
    expect(statusAndReason(check('master-secret-server'))).toEqual({
      status: 'warning',
      reason: 'this computer holds the secret key (SSOSS), but the SSO database names BTSCLUSTER: a cluster node?',
    });
  });

  it('ssomanage names this computer by its DNS name, in another case => ok', async () => {
    const scenario = goodScenario();
    scenario.ssomanage = { displaydb: displaydb('bts01.CONTOSO.com') };
    const { check } = await checkMachine(scenario);
    expect(statusAndReason(check('master-secret-server'))).toEqual({
      status: 'ok',
      reason: 'the SSOSS key is present; the SSO database names bts01.CONTOSO.com',
    });
  });

  it('ssomanage names this computer but the SSOSS key is absent => warning (is the secret generated here?)', async () => {
    const scenario = goodScenario();
    delete scenario.registry[SSOSS_KEY];
    delete scenario.registry[SECRET_GUID_KEY];
    const { check } = await checkMachine(scenario);
    expect(check('master-secret-server').status).toBe('warning');
  });
});

describe('WindowsMachine with fake Windows tools: the install directory', () => {
  const SERVICE_DIR = 'D:\\BizTalk Server\\Enterprise Single Sign-On';

  it('registry InstallPath missing (the whole key: reg exits 1) but the service image path names it => found through the service', async () => {
    const scenario = goodScenario();
    scenario.registry = {};
    scenario.services['ENTSSO']!.imagePath = `${SERVICE_DIR}\\ENTSSO.exe`; // unquoted, with spaces
    scenario.files = [`${SERVICE_DIR}\\ssoconfig.exe`, `${SERVICE_DIR}\\ssomanage.exe`];
    const { report, calls, check } = await checkMachine(scenario);
    expect(calls).toContainEqual(expect.objectContaining({ tool: 'reg', args: ['query', 'HKLM\\SOFTWARE\\Microsoft\\ENTSSO', '/reg:64'], exitCode: 1 }));
    expect(report.install).toBeUndefined();
    expect(report.installDirs[0]).toEqual({ dir: SERVICE_DIR, source: SERVICE_SOURCE, hasSsoconfig: true });
    expect(statusAndReason(check('entsso-installed'))).toEqual({ status: 'ok', reason: `${SERVICE_DIR} (${SERVICE_SOURCE}; version unknown)` });
    expect(calls).toContainEqual(expect.objectContaining({ tool: 'ssomanage', path: `${SERVICE_DIR}\\ssomanage.exe` }));
  });

  it('registry key without InstallPath (the BizTalk 2016 install bug) but the service names it => found through the service', async () => {
    const scenario = goodScenario();
    delete scenario.registry[ENTSSO_KEY]!['InstallPath'];
    scenario.services['ENTSSO']!.imagePath = `"${SERVICE_DIR}\\ENTSSO.exe"`;
    scenario.files = [`${SERVICE_DIR}\\ssoconfig.exe`, `${SERVICE_DIR}\\ssomanage.exe`];
    const { report, check } = await checkMachine(scenario);
    expect(report.install).toEqual({ productVersion: '10.0.2242.0' });
    expect(statusAndReason(check('entsso-installed'))).toEqual({ status: 'ok', reason: `${SERVICE_DIR} (${SERVICE_SOURCE}; version 10.0.2242.0)` });
  });

  it('registry and service disagree => entsso-installed warning naming both', async () => {
    const scenario = goodScenario();
    scenario.services['ENTSSO']!.imagePath = '"D:\\SSO\\ENTSSO.exe"';
    scenario.files.push('D:\\SSO\\ssoconfig.exe');
    const { results, check } = await checkMachine(scenario);
    expect(statusAndReason(check('entsso-installed'))).toEqual({
      status: 'warning',
      reason: `the registry says ${INSTALL}\\ but the ENTSSO service runs from D:\\SSO; using ${INSTALL} (version 10.0.2242.0)`,
    });
    expect(blockingFailures(results)).toEqual([]);
  });

  it('InstallPath as REG_EXPAND_SZ with %CommonProgramW6432% => expanded (and agreeing with the service)', async () => {
    const scenario = goodScenario();
    scenario.registry[ENTSSO_KEY]!['InstallPath'] = { type: 'REG_EXPAND_SZ', data: '%CommonProgramW6432%\\Enterprise Single Sign-On\\' };
    const { report, check } = await checkMachine(scenario);
    expect(report.install?.registryInstallPath).toBe(`${INSTALL}\\`);
    expect(report.installDirs[0]).toEqual({ dir: INSTALL, source: REGISTRY_SOURCE, hasSsoconfig: true });
    expect(statusAndReason(check('entsso-installed'))).toEqual({ status: 'ok', reason: `${INSTALL} (${REGISTRY_SOURCE}; version 10.0.2242.0)` });
  });

  it('findInstallDirs lists registry, service, %CommonProgramW6432%, %CommonProgramFiles% and the default, with hasSsoconfig from exists', async () => {
    const scenario = goodScenario();
    scenario.registry[ENTSSO_KEY]!['InstallPath'] = { type: 'REG_SZ', data: 'E:\\ENTSSO\\' };
    scenario.services['ENTSSO']!.imagePath = '"F:\\SSO Service\\ENTSSO.exe"';
    scenario.files = ['E:\\ENTSSO\\ssoconfig.exe', 'D:\\Program Files (x86)\\Common Files\\Enterprise Single Sign-On\\SSOCONFIG.EXE'];
    // Windows on D: here, so the 64-bit Common Files folder is not the default one on C:.
    const env = { SystemRoot: 'D:\\Windows', CommonProgramW6432: 'D:\\Program Files\\Common Files', CommonProgramFiles: 'D:\\Program Files (x86)\\Common Files' };
    const h = harness(scenario, env);
    expect(await h.machine.findInstallDirs()).toEqual([
      { dir: 'E:\\ENTSSO', source: REGISTRY_SOURCE, hasSsoconfig: true },
      { dir: 'F:\\SSO Service', source: SERVICE_SOURCE, hasSsoconfig: false },
      { dir: 'D:\\Program Files\\Common Files\\Enterprise Single Sign-On', source: '%CommonProgramW6432%', hasSsoconfig: false },
      { dir: 'D:\\Program Files (x86)\\Common Files\\Enterprise Single Sign-On', source: '%CommonProgramFiles%', hasSsoconfig: true },
      { dir: INSTALL, source: 'the default folder', hasSsoconfig: false },
    ]);
    expectToolsCalledSafely(h.calls(), h.env);
    expect(h.calls().every((c) => c.path.startsWith('D:\\Windows\\System32\\'))).toBe(true);
  });

  it('findInstallDirs removes duplicates case-insensitively, keeping the most trusted source', async () => {
    const scenario = goodScenario();
    scenario.services['ENTSSO']!.imagePath = '"c:\\PROGRAM FILES\\common files\\ENTERPRISE SINGLE SIGN-ON\\ENTSSO.EXE"';
    const h = harness(scenario);
    expect(await h.machine.findInstallDirs()).toEqual([
      { dir: INSTALL, source: REGISTRY_SOURCE, hasSsoconfig: true },
      { dir: 'C:\\Program Files (x86)\\Common Files\\Enterprise Single Sign-On', source: '%CommonProgramFiles%', hasSsoconfig: false },
    ]);
    expectToolsCalledSafely(h.calls());
  });
});

describe('WindowsMachine with fake Windows tools: SSO Administrators (ssomanage -displaydb)', () => {
  it('ssomanage.exe absent => sso-administrator warning (undecided), ssomanage never run', async () => {
    const scenario = goodScenario();
    scenario.files = scenario.files.filter((f) => !f.endsWith('ssomanage.exe'));
    const { report, results, calls, check } = await checkMachine(scenario);
    expect(report.ssoDatabase).toBeUndefined();
    expect(calls.some((c) => c.tool === 'ssomanage')).toBe(false);
    expect(statusAndReason(check('sso-administrator'))).toEqual({
      status: 'warning',
      reason: 'the SSO Administrators group could not be read (ssomanage -displaydb), so membership is not decided',
    });
    expect(statusAndReason(check('master-secret-server'))).toEqual({ status: 'ok', reason: 'the SSOSS key is present' });
    expect(blockingFailures(results)).toEqual([]);
  });
});

describe('WindowsMachine with fake Windows tools: the backup target (PowerShell DriveInfo)', () => {
  it('a FAT32 fixed drive => backup-target failed', async () => {
    const scenario = goodScenario();
    scenario.drives['E:\\'] = { DriveFormat: 'FAT32', DriveType: 3 };
    const file = 'E:\\Backups\\sso-secret.bak';
    const { report, results, calls, check } = await checkMachine(scenario, { file });
    expect(report.target).toEqual({ file, volume: { fileSystem: 'FAT32', driveType: 'Fixed', unc: false } });
    expect(statusAndReason(check('backup-target'))).toEqual({
      status: 'failed',
      reason: `${file} is on FAT32: ENTSSO requires NTFS or removable media (10759, event 10561)`,
    });
    expect(blockingFailures(results).map((r) => r.name)).toEqual(['backup-target']);
    expect(calls.some((c) => c.tool === 'powershell' && (c.script ?? '').includes("DriveInfo('E:\\')"))).toBe(true);
  });

  it('FAT32 on removable media => backup-target ok', async () => {
    const scenario = goodScenario();
    scenario.drives['F:\\'] = { DriveFormat: 'FAT32', DriveType: 2 };
    const { check } = await checkMachine(scenario, { file: 'F:\\sso-secret.bak' });
    expect(statusAndReason(check('backup-target'))).toEqual({ status: 'ok', reason: 'removable media (FAT32)' });
  });

  it('a UNC target => backup-target warning, without asking PowerShell about a drive', async () => {
    const file = '\\\\FILES01\\Backups\\sso-secret.bak';
    const { report, calls, check } = await checkMachine(goodScenario(), { file });
    expect(report.target).toEqual({ file, volume: { unc: true } });
    expect(statusAndReason(check('backup-target'))).toEqual({
      status: 'warning',
      reason: `${file} is on a network share: whether ENTSSO writes there is unconfirmed`,
    });
    expect(calls.some((c) => c.tool === 'powershell' && (c.script ?? '').includes('DriveInfo'))).toBe(false);
  });
});

describe('WindowsMachine with fake Windows tools: events (wevtutil qe /f:xml)', () => {
  function eventsScenario(): Scenario {
    const scenario = goodScenario();
    scenario.events = [
      { id: 10559, time: '2026-11-01T10:00:00.0000000Z', data: ['D:\\Old\\sso.bak', '{A1}', '{A0}', 'CONTOSO\\btsadmin', 'BTS01'] },
      { id: 10589, time: '2026-11-18T08:14:01.9870000Z' },
      { id: 10559, time: '2026-11-19T12:00:00.0000000Z', data: ['C:\\Backups\\R&D <1>.bak', '{B1}', '{A1}', 'CONTOSO\\btsadmin', 'BTS01'] },
      { id: 10589, time: '2026-11-19T08:14:02.1230000Z' },
      { id: 10589, time: '2026-11-20T08:14:02.4410000Z' },
      { id: 10560, time: '2026-11-20T09:00:00.1000000Z', data: ['E:\\sso.bak', '{B1}', '{A1}', 'CONTOSO\\btsadmin', '0xC0002A07'] },
      // Another source with the same id is not ENTSSO's.
      { id: 10589, time: '2026-11-21T00:00:00.0000000Z', provider: 'Some Other Source' },
    ];
    return scenario;
  }

  it('10589 logged after the last 10559 => backup-events warning with the count and the latest time', async () => {
    const { report, results, check } = await checkMachine(eventsScenario());
    expect(report.backupRequiredEvents?.map((e) => e.id)).toEqual([10589, 10589, 10589]);
    expect(report.backupSucceededEvents?.map((e) => e.time)).toEqual(['2026-11-19T12:00:00.000Z', '2026-11-01T10:00:00.000Z']);
    expect(statusAndReason(check('backup-events'))).toEqual({
      status: 'warning',
      reason: 'logged 3 time(s), the last at 2026-11-20T08:14:02.441Z: the master secret is not backed up',
    });
    expect(check('backup-events').required).toBe(false);
    expect(blockingFailures(results)).toEqual([]);
  });

  it('a 10559 after the last 10589 => backup-events ok', async () => {
    const scenario = eventsScenario();
    scenario.events.push({ id: 10559, time: '2026-11-20T10:00:00.5000000Z', data: ['C:\\Backups\\new.bak'] });
    const { check } = await checkMachine(scenario);
    expect(statusAndReason(check('backup-events'))).toEqual({
      status: 'ok',
      reason: 'logged 3 time(s), the last at 2026-11-20T08:14:02.441Z, before the backup (10559) at 2026-11-20T10:00:00.500Z',
    });
  });

  it('events([10559, 10560], since) puts since in the query and returns only later events, newest first', async () => {
    const h = harness(eventsScenario());
    const since = new Date('2026-11-19T00:00:00.000Z');
    expect(await h.machine.events([10559, 10560], since)).toEqual([
      { id: 10560, time: '2026-11-20T09:00:00.100Z', data: ['E:\\sso.bak', '{B1}', '{A1}', 'CONTOSO\\btsadmin', '0xC0002A07'] },
      { id: 10559, time: '2026-11-19T12:00:00.000Z', data: ['C:\\Backups\\R&D <1>.bak', '{B1}', '{A1}', 'CONTOSO\\btsadmin', 'BTS01'] },
    ]);
    const [call] = h.calls().filter((c) => c.tool === 'wevtutil');
    expect(call?.args[0]).toBe('qe');
    expect(call?.args[1]).toBe('Application');
    const query = call?.args.find((a) => a.startsWith('/q:')) ?? '';
    expect(query).toContain("Provider[@Name='ENTSSO']");
    expect(query).toContain('EventID=10559 or EventID=10560');
    expect(query).toContain("TimeCreated[@SystemTime>='2026-11-19T00:00:00.000Z']");
    expect(call?.args).toEqual(expect.arrayContaining(['/rd:true', '/f:xml']));
    expectToolsCalledSafely(h.calls());
  });

  it('no matching event (wevtutil exits 0, prints nothing) => [], not unknown', async () => {
    const h = harness(goodScenario());
    expect(await h.machine.events([10559, 10560])).toEqual([]);
    expect(await h.machine.events([10589], new Date('2026-12-01T00:00:00Z'))).toEqual([]);
    expect(h.calls().filter((c) => c.tool === 'wevtutil').map((c) => c.exitCode)).toEqual([0, 0]);
  });
});
