/**
 * WindowsMachine.backupReminder on any OS, by the approach of windows-machine.test.ts: every Windows tool is a
 * real process. reg.exe and sc.exe (which find the install directory) are played by
 * test/fixtures/windows-tools/fake-tool.mjs; Windows PowerShell by a small fake written here that records the
 * decoded script and the environment it was started with, and prints what the scenario says the ENTSSO API
 * gave. What is proved: the reminder script runs with the file and the install directory in its environment
 * (never in its text), its output is parsed, and every failure becomes ok:false with a reason.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { REMINDER_ENV, REMINDER_HOW } from '../../src/machine/windows/parse-reminder.js';
import { runTool, WindowsMachine, type RunTool } from '../../src/machine/windows/windows-machine.js';

const FAKE_TOOL = path.resolve(import.meta.dirname, '../fixtures/windows-tools/fake-tool.mjs');

const ENV: NodeJS.ProcessEnv = {
  SystemRoot: 'C:\\Windows',
  COMPUTERNAME: 'BTS01',
  USERNAME: 'btsadmin',
  USERDOMAIN: 'CONTOSO',
  USERPROFILE: 'C:\\Users\\btsadmin',
  CommonProgramW6432: 'C:\\Program Files\\Common Files',
  CommonProgramFiles: 'C:\\Program Files (x86)\\Common Files',
};
const INSTALL = 'C:\\Program Files\\Common Files\\Enterprise Single Sign-On';
const OTHER_INSTALL = 'D:\\ENTSSO';
const INTEROP = 'Microsoft.EnterpriseSingleSignOn.Interop.dll';
const ENTSSO_KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\ENTSSO';
const POWERSHELL = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
/** Spaces, quotes, a $ and parentheses: a path that would break a script it was pasted into. */
const BACKUP = "C:\\Users\\bts admin\\SSO-Backups\\O'Neil $(Get-Date) \"x\".bak";

/** The fake Windows PowerShell: records its call, then prints the scenario's answer for the file in its environment. */
const FAKE_POWERSHELL = `
import { appendFileSync, readFileSync } from 'node:fs';
const args = process.argv.slice(2);
const e = args.findIndex((a) => a.toLowerCase() === '-encodedcommand');
const script = e === -1 ? '' : Buffer.from(args[e + 1] ?? '', 'base64').toString('utf16le');
const file = process.env.${REMINDER_ENV.file};
const dir = process.env.${REMINDER_ENV.installDir};
appendFileSync(process.env.FAKE_REMINDER_LOG, JSON.stringify({ args, script, file, dir }) + '\\n');
const scenario = JSON.parse(readFileSync(process.env.FAKE_REMINDER_SCENARIO, 'utf8'));
const answer = !script.includes('GetFilePasswordReminder')
  ? { exitCode: 1, stderr: 'The fake powershell plays the reminder script only.' }
  : (scenario.answers[file] ?? scenario.otherwise);
process.stdout.write(answer.stdout ?? '');
process.stderr.write(answer.stderr ?? '');
process.exitCode = answer.exitCode ?? 0;
`;

interface Answer {
  stdout?: string;
  stderr?: string;
  exitCode?: number;
}

interface Scenario {
  /** For fake-tool.mjs (reg and sc): see windows-machine.test.ts. */
  registry: Record<string, Record<string, { type: string; data: string }>>;
  services: Record<string, { state: number; startName?: string; imagePath?: string }>;
  /** For the fake powershell: what it prints for each file, else `otherwise`. */
  answers: Record<string, Answer>;
  otherwise: Answer;
  /** Windows paths that exist. */
  files: string[];
}

function goodScenario(): Scenario {
  return {
    registry: {
      [ENTSSO_KEY]: { InstallPath: { type: 'REG_SZ', data: `${INSTALL}\\` }, ProductVersion: { type: 'REG_SZ', data: '10.0.2242.0' } },
      ['HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage']: { OEMCP: { type: 'REG_SZ', data: '850' } },
    },
    services: { ENTSSO: { state: 4, startName: 'CONTOSO\\svc-entsso', imagePath: `"${INSTALL}\\ENTSSO.exe"` } },
    answers: { [BACKUP]: { stdout: '\uFEFF{"reminder":"the blue folder, Sesi\u00f3n 2"}\r\n' } },
    otherwise: {
      stdout: '\uFEFF{"error":"Could not create or open the specified file. Check the file name and access permissions.","hresult":"0xC0002A20"}\r\n',
    },
    files: [`${INSTALL}\\ssoconfig.exe`, `${INSTALL}\\${INTEROP}`],
  };
}

interface LoggedPowerShell {
  args: string[];
  script: string;
  file?: string;
  dir?: string;
}

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function harness(scenario: Scenario): { machine: WindowsMachine; powershellCalls(): LoggedPowerShell[]; toolsRun(): string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'sso-winreminder-'));
  made.push(dir);
  const scenarioFile = path.join(dir, 'scenario.json');
  const logFile = path.join(dir, 'powershell.jsonl');
  const fakePowerShell = path.join(dir, 'fake-powershell.mjs');
  writeFileSync(scenarioFile, JSON.stringify(scenario));
  writeFileSync(logFile, '');
  writeFileSync(fakePowerShell, FAKE_POWERSHELL);
  const toolsRun: string[] = [];

  const run: RunTool = async (file, args, options) => {
    toolsRun.push(file);
    const name = path.win32.basename(file).toLowerCase().replace(/\.exe$/, '');
    if (name === 'powershell') {
      // As runTool does: the extra variables are added to the child's environment.
      const result = await execa(process.execPath, [fakePowerShell, ...args], {
        reject: false,
        encoding: 'buffer',
        env: { FAKE_REMINDER_SCENARIO: scenarioFile, FAKE_REMINDER_LOG: logFile, ...options?.env },
      });
      return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
    }
    // reg and sc: fake-tool.mjs, its full Windows exit code (sc's 1060) on fd 3 as in windows-machine.test.ts.
    const result = await execa(process.execPath, [FAKE_TOOL, name, ...args], {
      reject: false,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      encoding: 'buffer',
      env: { FAKE_WINDOWS_SCENARIO: scenarioFile, FAKE_WINDOWS_CALLED_AS: file, FAKE_WINDOWS_STATUS_FD: '3' },
    });
    const status = Buffer.from(result.stdio[3] ?? new Uint8Array()).toString('utf8');
    return { exitCode: /^\d+$/.test(status) ? Number(status) : (result.exitCode ?? -1), stdout: result.stdout, stderr: result.stderr };
  };

  const files = new Set(scenario.files.map((f) => f.toLowerCase()));
  const machine = new WindowsMachine(ENV, run, (file) => files.has(file.toLowerCase()));
  const powershellCalls = () =>
    readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LoggedPowerShell);
  return { machine, powershellCalls, toolsRun: () => toolsRun };
}

describe('WindowsMachine.backupReminder: the ENTSSO API through Windows PowerShell (fake tools)', () => {
  it('runs the reminder script with the file and the install directory in its environment, and reads the reminder', async () => {
    const h = harness(goodScenario());
    const reading = await h.machine.backupReminder(BACKUP);

    expect(reading).toEqual({ ok: true, reminder: 'the blue folder, Sesión 2', how: REMINDER_HOW });
    const calls = h.powershellCalls();
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.file).toBe(BACKUP);
    expect(call?.dir).toBe(INSTALL);
    // Data, not code: neither path is in the script's text.
    expect(call?.script).not.toContain(BACKUP);
    expect(call?.script).not.toContain('bts admin');
    expect(call?.script).not.toContain(INSTALL);
    expect(call?.script).toContain(`$env:${REMINDER_ENV.file}`);
    expect(call?.script).toContain('GetFilePasswordReminder');
    // As every PowerShell call of WindowsMachine: by absolute System32 path, no profile, no prompts, encoded.
    expect(h.toolsRun()).toContain(POWERSHELL);
    expect(call?.args.slice(0, 7)).toEqual(['-NoProfile', '-NonInteractive', '-InputFormat', 'None', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
  });

  it('uses the first install directory that has ssoconfig.exe (the service image path when the registry one has none)', async () => {
    const scenario = goodScenario();
    scenario.services['ENTSSO']!.imagePath = `"${OTHER_INSTALL}\\ENTSSO.exe"`;
    scenario.files = [`${OTHER_INSTALL}\\ssoconfig.exe`, `${OTHER_INSTALL}\\${INTEROP}`];
    const h = harness(scenario);
    expect(await h.machine.backupReminder(BACKUP)).toMatchObject({ ok: true });
    expect(h.powershellCalls()[0]?.dir).toBe(OTHER_INSTALL);
  });

  it('an error from the API becomes ok:false with its message, HRESULT and ENTSSO error id', async () => {
    const h = harness(goodScenario());
    const reading = await h.machine.backupReminder('C:\\elsewhere\\not-a-backup.bak');
    expect(reading).toEqual({
      ok: false,
      why: 'The ENTSSO API could not read the reminder: Could not create or open the specified file. Check the file name and access permissions. (0xC0002A20, ENTSSO error 10784)',
    });
    expect(h.powershellCalls()[0]?.file).toBe('C:\\elsewhere\\not-a-backup.bak');
  });

  it('PowerShell failing without JSON becomes ok:false with its exit code and stderr', async () => {
    const scenario = goodScenario();
    scenario.answers = {};
    scenario.otherwise = { exitCode: 1, stderr: 'Add-Type : Could not load file or assembly\r\n' };
    const reading = await harness(scenario).machine.backupReminder(BACKUP);
    expect(reading).toEqual({ ok: false, why: 'Windows PowerShell exited with code 1: Add-Type : Could not load file or assembly.' });
  });

  it('PowerShell printing nothing becomes ok:false', async () => {
    const scenario = goodScenario();
    scenario.answers = {};
    scenario.otherwise = {};
    expect(await harness(scenario).machine.backupReminder(BACKUP)).toEqual({ ok: false, why: 'Windows PowerShell printed nothing.' });
  });

  it('no install directory with ssoconfig.exe: ok:false, and PowerShell is not run', async () => {
    const scenario = goodScenario();
    scenario.files = [];
    const h = harness(scenario);
    const reading = await h.machine.backupReminder(BACKUP);
    expect(reading.ok).toBe(false);
    if (!reading.ok) expect(reading.why).toMatch(/No ENTSSO install directory with ssoconfig\.exe was found/);
    expect(h.powershellCalls()).toEqual([]);
  });

  it('no interop assembly in the install directory: ok:false naming it, and PowerShell is not run', async () => {
    const scenario = goodScenario();
    scenario.files = [`${INSTALL}\\ssoconfig.exe`];
    const h = harness(scenario);
    expect(await h.machine.backupReminder(BACKUP)).toEqual({ ok: false, why: `${INSTALL}\\${INTEROP} does not exist, so the ENTSSO API is not at hand.` });
    expect(h.powershellCalls()).toEqual([]);
  });
});

describe('runTool: extra environment variables reach the tool', () => {
  it('adds them to this process environment', async () => {
    const result = await runTool(process.execPath, ['-e', 'process.stdout.write(`${process.env.SSO_TEST_A}|${process.env.PATH ? "path" : ""}`)'], {
      env: { SSO_TEST_A: "O'Neil $(x) \"y\"" },
    });
    expect(result.exitCode).toBe(0);
    expect(Buffer.from(result.stdout).toString('utf8')).toBe('O\'Neil $(x) "y"|path');
  });
});
