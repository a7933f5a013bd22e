/**
 * The machine seam on Windows. Facts from ../shared/reference/entsso.md section 2 and 6 (InstallPath in
 * HKLM\SOFTWARE\Microsoft\ENTSSO, read in the 64-bit view; the ENTSSO service's image path; the 64-bit Common
 * Files folder, which a 32-bit process sees only as %CommonProgramW6432%) and windows-output.md (tools by
 * absolute path under %SystemRoot%\System32, exit codes checked, English labels never relied on).
 */
import { canWriteByProbe } from '../can-write.js';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { DEFAULT_INSTALL_DIR_NAME, ENTSSO_SERVICE, SSOCONFIG } from '../../entsso/facts.js';
import { systemTool } from './system-tools.js';
import type { InstallDirCandidate, Machine, MachineNames, ReminderReading } from '../machine.js';
import { EVENTS_READ } from '../../checks/checks.js';
import { ENTSSO_EVENTS } from '../../entsso/facts.js';
import type { ComputerNames, EntssoEvent, InstallFacts, ServiceFacts, SsoDatabaseFacts, TokenFacts, VolumeFacts } from '../facts.js';
import { DRIVE_INFO_SCRIPT, parseDriveInfo, parsePowerShellJson } from './parse-powershell.js';
import { ACL_PATH_ENV, FILE_ACL_SCRIPT, othersWhoCanRead, parseFileAcl } from './parse-acl.js';
import { ENTSSO_INTEROP_DLL, parseReminderOutput, REMINDER_ENV, REMINDER_SCRIPT } from './parse-reminder.js';
import { parseRegQuery, type RegValue } from './parse-reg.js';
import { imagePathFolder, parseScQc, parseScQuery } from './parse-sc.js';
import { parseSsomanageDisplayDb } from './parse-ssomanage.js';
import { parseWhoamiGroupsCsv } from './parse-whoami.js';

/** sc.exe's exit code for a service that does not exist (ERROR_SERVICE_DOES_NOT_EXIST). */
const SERVICE_DOES_NOT_EXIST = 1060;

export const ENTSSO_REGISTRY_KEY = 'HKLM\\SOFTWARE\\Microsoft\\ENTSSO';

export interface ToolResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A tool's output as bytes: console tools print in the OEM code page, which only this class knows how to read. */
export interface RawToolResult {
  exitCode: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
}
/** Extra environment variables for the tool, added to this process's: how inputs reach a script as data. */
export interface RunToolOptions {
  env?: Readonly<Record<string, string>>;
}

/** Runs a Windows tool by absolute path; injectable so tests can play the tools. */
export type RunTool = (file: string, args: readonly string[], options?: RunToolOptions) => Promise<RawToolResult>;

export const runTool: RunTool = async (file, args, options = {}) => {
  // stdin closed: Windows PowerShell is known to wait on a redirected, open stdin (and no tool here reads one).
  const { execa } = await import('execa'); // loaded on the first tool run, not at start-up (bench/)
  const result = await execa(file, [...args], {
    reject: false,
    windowsHide: true,
    timeout: 30_000,
    encoding: 'buffer',
    stdin: 'ignore',
    ...(options.env ? { env: { ...options.env } } : {}),
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
};

/** Where Windows keeps the OEM code page console tools print in (e.g. 437 US, 850 Western Europe). */
const CODE_PAGE_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage';
const FALLBACK_OEM = 'cp437';

export class WindowsMachine implements Machine {
  readonly kind = 'windows';
  readonly remindersReadExactly = false;
  readonly pathFlavor = 'win32';

  #oemEncoding: Promise<string> | undefined;

  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly runRaw: RunTool = runTool,
    private readonly exists: (file: string) => boolean = existsSync,
  ) {}

  /**
   * Runs a console tool and reads its output in the OEM code page (windows-output.md): read as UTF-8, a Spanish
   * "sesión" in code page 850 comes out garbled, and a group name would not match itself.
   */
  private async run(file: string, args: readonly string[]): Promise<ToolResult> {
    const raw = await this.runRaw(file, args);
    const encoding = await this.oemEncoding();
    return { exitCode: raw.exitCode, stdout: iconv.decode(Buffer.from(raw.stdout), encoding), stderr: iconv.decode(Buffer.from(raw.stderr), encoding) };
  }

  /** The OEM code page, read once from the registry (its value is ASCII digits); cp437 when it cannot be read. */
  private oemEncoding(): Promise<string> {
    this.#oemEncoding ??= (async () => {
      const raw = await this.runRaw(systemTool('reg.exe', this.env), ['query', CODE_PAGE_KEY, '/v', 'OEMCP', '/reg:64']);
      if (raw.exitCode !== 0) return FALLBACK_OEM;
      const value = parseRegQuery(Buffer.from(raw.stdout).toString('latin1'))
        .flatMap((key) => key.values)
        .find((v) => v.name.toUpperCase() === 'OEMCP')?.data;
      if (value === '65001') return 'utf8'; // a UTF-8 console code page: iconv-lite has no cp65001
      const name = value && /^\d+$/.test(value) ? `cp${value}` : FALLBACK_OEM;
      return iconv.encodingExists(name) ? name : FALLBACK_OEM;
    })();
    return this.#oemEncoding;
  }

  describe(): string {
    return `${this.env['COMPUTERNAME'] ?? 'this computer'} (Windows)`;
  }

  async names(): Promise<MachineNames> {
    return {
      host: this.env['COMPUTERNAME'] ?? '',
      user: this.env['USERNAME'] ?? '',
      domain: this.env['USERDNSDOMAIN'] ?? this.env['USERDOMAIN'] ?? '',
    };
  }

  async findInstallDirs(): Promise<InstallDirCandidate[]> {
    const found: { dir: string; source: string }[] = [];
    const registry = await this.registryInstallPath();
    if (registry) found.push({ dir: registry, source: `registry ${ENTSSO_REGISTRY_KEY} InstallPath (64-bit view)` });
    const service = await this.serviceFolder();
    if (service) found.push({ dir: service, source: `image path of the ${ENTSSO_SERVICE.name} service` });
    for (const variable of ['CommonProgramW6432', 'CommonProgramFiles']) {
      const base = this.env[variable];
      if (base) found.push({ dir: path.win32.join(base, DEFAULT_INSTALL_DIR_NAME), source: `%${variable}%` });
    }
    found.push({ dir: path.win32.join('C:\\Program Files\\Common Files', DEFAULT_INSTALL_DIR_NAME), source: 'the default folder' });

    const seen = new Set<string>();
    const candidates: InstallDirCandidate[] = [];
    for (const { dir, source } of found) {
      const normal = path.win32.normalize(dir).replace(/\\+$/, '');
      const key = normal.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      candidates.push({ dir: normal, source, hasSsoconfig: this.exists(path.win32.join(normal, SSOCONFIG.executable)) });
    }
    return candidates;
  }

  defaultBackupFolder(): string {
    // The profile folder is private to the user and the administrators, unlike a new folder at C:\.
    return path.win32.join(this.env['USERPROFILE'] ?? homedir(), 'SSO-Backups');
  }

  canWrite(folder: string): Promise<boolean> {
    return canWriteByProbe(folder);
  }

  async computerNames(): Promise<ComputerNames | undefined> {
    const netbios = this.env['COMPUTERNAME'];
    if (!netbios) return undefined;
    const json = parsePowerShellJson(
      (await this.powershell('$p=[System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties(); ConvertTo-Json -Compress @{host=$p.HostName; domain=$p.DomainName}'))?.stdout ?? '',
    ) as { host?: unknown; domain?: unknown } | undefined;
    const host = typeof json?.host === 'string' ? json.host : netbios;
    const domain = typeof json?.domain === 'string' ? json.domain : '';
    return { netbios, ...(domain ? { dns: `${host}.${domain}` } : {}) };
  }

  async install(): Promise<InstallFacts | undefined> {
    const values = await this.registryValues(ENTSSO_REGISTRY_KEY);
    if (!values) return undefined;
    const value = (name: string) => values.find((v) => v.name.toLowerCase() === name.toLowerCase());
    const installPath = value('InstallPath');
    const version = value('ProductVersion')?.data;
    return {
      ...(version ? { productVersion: version } : {}),
      ...(installPath?.data ? { registryInstallPath: installPath.type === 'REG_EXPAND_SZ' ? this.expand(installPath.data) : installPath.data } : {}),
    };
  }

  async token(): Promise<TokenFacts | undefined> {
    const result = await this.run(systemTool('whoami.exe', this.env), ['/groups', '/fo', 'csv', '/nh']);
    if (result.exitCode !== 0) return undefined;
    const token = parseWhoamiGroupsCsv(result.stdout);
    // Nothing readable is "unknown", not "a member of nothing": every real token has groups and a label.
    return token.groups.length > 0 || token.integritySid !== undefined ? token : undefined;
  }

  #service: Promise<ServiceFacts | undefined> | undefined;

  /** Once per machine object: the install directory search and the checks both ask. */
  service(): Promise<ServiceFacts | undefined> {
    this.#service ??= this.readService();
    return this.#service;
  }

  private async readService(): Promise<ServiceFacts | undefined> {
    const query = await this.run(systemTool('sc.exe', this.env), ['query', ENTSSO_SERVICE.name]);
    if (query.exitCode === SERVICE_DOES_NOT_EXIST) return { exists: false };
    if (query.exitCode !== 0) return undefined;
    const { state } = parseScQuery(query.stdout);
    const config = await this.run(systemTool('sc.exe', this.env), ['qc', ENTSSO_SERVICE.name]);
    const qc = config.exitCode === 0 ? parseScQc(config.stdout) : {};
    const imageFolder = qc.binaryPathName ? imagePathFolder(this.expand(qc.binaryPathName)) : undefined;
    return {
      exists: true,
      ...(state !== undefined ? { state } : {}),
      ...(qc.serviceStartName ? { account: qc.serviceStartName } : {}),
      ...(imageFolder ? { imageFolder } : {}),
    };
  }

  async ssoDatabase(installDir: string): Promise<SsoDatabaseFacts | undefined> {
    const ssomanage = path.win32.join(installDir, 'ssomanage.exe');
    if (!this.exists(ssomanage)) return undefined;
    const result = await this.run(ssomanage, ['-displaydb']);
    return result.exitCode === 0 ? parseSsomanageDisplayDb(result.stdout) : undefined;
  }

  /**
   * Decided from the ENTSSO key's list of subkeys, which needs read access to ENTSSO only: querying SSOSS itself
   * exits 1 both when it is missing and when its ACL denies reading it, which would look alike.
   */
  async secretKeyPresent(): Promise<boolean | undefined> {
    const keys = await this.entssoKey();
    return keys === undefined ? undefined : keys.some((key) => /\\SSOSS$/i.test(key.key));
  }

  async events(ids: readonly number[], since?: Date): Promise<EntssoEvent[] | undefined> {
    const idQuery = ids.map((id) => `EventID=${id}`).join(' or ');
    const time = since ? ` and TimeCreated[@SystemTime>='${since.toISOString()}']` : '';
    const query = `*[System[Provider[@Name='${ENTSSO_EVENTS.source}'] and (${idQuery})${time}]]`;
    const result = await this.run(systemTool('wevtutil.exe', this.env), ['qe', ENTSSO_EVENTS.log, `/q:${query}`, `/c:${EVENTS_READ}`, '/rd:true', '/f:xml']);
    if (result.exitCode !== 0) return undefined;
    const { parseWevtutilEventsXml } = await import('./parse-wevtutil.js'); // its XML parser only when events are read
    return parseWevtutilEventsXml(result.stdout);
  }

  async volume(file: string): Promise<VolumeFacts | undefined> {
    if (file.startsWith('\\\\')) return { unc: true };
    const root = path.win32.parse(file).root;
    if (!/^[A-Za-z]:\\$/.test(root)) return undefined;
    const result = await this.powershell(DRIVE_INFO_SCRIPT(root));
    const drive = result ? parseDriveInfo(result.stdout) : undefined;
    return drive ? { ...drive, unc: false } : undefined;
  }

  /**
   * ISSOConfigSS.GetFilePasswordReminder through Windows PowerShell (parse-reminder.ts says what the script is
   * based on and what is unconfirmed), with the interop assembly of the first install directory that has
   * ssoconfig.exe. The paths go to the script as environment variables, never as script text.
   */
  async backupReminder(file: string): Promise<ReminderReading> {
    const installDir = (await this.findInstallDirs()).find((candidate) => candidate.hasSsoconfig)?.dir;
    if (installDir === undefined) return { ok: false, why: `No ENTSSO install directory with ${SSOCONFIG.executable} was found, so the ENTSSO API is not at hand.` };
    const interop = path.win32.join(installDir, ENTSSO_INTEROP_DLL);
    if (!this.exists(interop)) return { ok: false, why: `${interop} does not exist, so the ENTSSO API is not at hand.` };
    const result = await this.powershellRun(REMINDER_SCRIPT, { [REMINDER_ENV.file]: file, [REMINDER_ENV.installDir]: installDir });
    return parseReminderOutput(result);
  }

  /**
   * Who else may read a file, from its DACL (Get-Acl through Windows PowerShell, the path in an environment
   * variable; parse-acl.ts): readers other than SYSTEM, Administrators, the owner and this user.
   */
  async othersWhoCanRead(file: string): Promise<string[] | undefined> {
    const result = await this.powershellRun(FILE_ACL_SCRIPT, { [ACL_PATH_ENV]: file });
    if (result.exitCode !== 0) return undefined;
    try {
      const currentUserSid = await this.userSid();
      return othersWhoCanRead(parseFileAcl(result.stdout), currentUserSid === undefined ? {} : { currentUserSid });
    } catch {
      return undefined; // output not understood: unknown, as on a failure
    }
  }

  /** This user's SID, from `whoami /user /fo csv /nh` ("DOMAIN\\name","S-1-5-21-..."), or undefined. */
  private async userSid(): Promise<string | undefined> {
    const result = await this.run(systemTool('whoami.exe', this.env), ['/user', '/fo', 'csv', '/nh']);
    return result.exitCode === 0 ? /"(S-1-[0-9-]+)"/.exec(result.stdout)?.[1] : undefined;
  }

  #entssoKey: Promise<ReturnType<typeof parseRegQuery> | undefined> | undefined;

  /** `reg query HKLM\\SOFTWARE\\Microsoft\\ENTSSO /reg:64`, once: its values and its subkeys. */
  private entssoKey(): Promise<ReturnType<typeof parseRegQuery> | undefined> {
    this.#entssoKey ??= this.run(systemTool('reg.exe', this.env), ['query', ENTSSO_REGISTRY_KEY, '/reg:64']).then((result) =>
      // exit 1: key missing (values may be missing too: a BizTalk 2016 install bug)
      result.exitCode === 0 ? parseRegQuery(result.stdout) : undefined,
    );
    return this.#entssoKey;
  }

  private async registryValues(key: string): Promise<RegValue[] | undefined> {
    const keys = key === ENTSSO_REGISTRY_KEY ? await this.entssoKey() : undefined;
    if (!keys) return undefined;
    return keys.find((k) => k.key.toLowerCase().endsWith(key.slice(4).toLowerCase()))?.values ?? [];
  }

  private async registryInstallPath(): Promise<string | undefined> {
    return (await this.install())?.registryInstallPath;
  }

  private async serviceFolder(): Promise<string | undefined> {
    return (await this.service())?.imageFolder;
  }

  /**
   * Windows PowerShell, without profile or prompts, the script passed encoded; its output in UTF-8 (the scripts
   * set [Console]::OutputEncoding), read as such (windows-output.md).
   */
  private async powershell(script: string): Promise<ToolResult | undefined> {
    const result = await this.powershellRun(script);
    return result.exitCode === 0 ? result : undefined;
  }

  /** As `powershell`, whatever the exit code, with extra environment variables for the script's inputs. */
  private async powershellRun(script: string, env?: Readonly<Record<string, string>>): Promise<ToolResult> {
    const encoded = Buffer.from(`[Console]::OutputEncoding=[Text.Encoding]::UTF8; ${script}`, 'utf16le').toString('base64');
    const args = ['-NoProfile', '-NonInteractive', '-InputFormat', 'None', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encoded];
    const raw = await this.runRaw(systemTool('WindowsPowerShell\\v1.0\\powershell.exe', this.env), args, ...(env ? [{ env }] : []));
    const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
    return { exitCode: raw.exitCode, stdout: text(raw.stdout), stderr: text(raw.stderr) };
  }

  private expand(text: string): string {
    return text.replace(/%([^%]+)%/g, (whole, name: string) => {
      const key = Object.keys(this.env).find((k) => k.toLowerCase() === name.toLowerCase());
      return key ? (this.env[key] ?? whole) : whole;
    });
  }
}
