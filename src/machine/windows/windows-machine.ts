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
import { execa } from 'execa';
import { DEFAULT_INSTALL_DIR_NAME, ENTSSO_SERVICE, SSOCONFIG } from '../../entsso/facts.js';
import { systemTool } from './system-tools.js';
import type { InstallDirCandidate, Machine, MachineNames } from '../machine.js';
import { parseRegQuery } from './parse-reg.js';
import { imagePathFolder, parseScQc } from './parse-sc.js';

export const ENTSSO_REGISTRY_KEY = 'HKLM\\SOFTWARE\\Microsoft\\ENTSSO';

export interface ToolResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}
/** Runs a Windows tool by absolute path; injectable so tests can play the tools. */
export type RunTool = (file: string, args: readonly string[]) => Promise<ToolResult>;

export const runTool: RunTool = async (file, args) => {
  const result = await execa(file, [...args], { reject: false, windowsHide: true, timeout: 30_000 });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
};

export class WindowsMachine implements Machine {
  readonly kind = 'windows';
  readonly pathFlavor = 'win32';

  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly run: RunTool = runTool,
    private readonly exists: (file: string) => boolean = existsSync,
  ) {}

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

  private async registryInstallPath(): Promise<string | undefined> {
    const result = await this.run(systemTool('reg.exe', this.env), ['query', ENTSSO_REGISTRY_KEY, '/v', 'InstallPath', '/reg:64']);
    if (result.exitCode !== 0) return undefined; // exit 1: key or value missing (a known BizTalk 2016 install bug)
    const value = parseRegQuery(result.stdout)
      .flatMap((key) => key.values)
      .find((v) => v.name.toLowerCase() === 'installpath');
    if (!value?.data) return undefined;
    return value.type === 'REG_EXPAND_SZ' ? this.expand(value.data) : value.data;
  }

  private async serviceFolder(): Promise<string | undefined> {
    const result = await this.run(systemTool('sc.exe', this.env), ['qc', ENTSSO_SERVICE.name]);
    if (result.exitCode !== 0) return undefined; // 1060: no such service
    const image = parseScQc(result.stdout).binaryPathName;
    return image ? imagePathFolder(this.expand(image)) : undefined;
  }

  private expand(text: string): string {
    return text.replace(/%([^%]+)%/g, (whole, name: string) => {
      const key = Object.keys(this.env).find((k) => k.toLowerCase() === name.toLowerCase());
      return key ? (this.env[key] ?? whole) : whole;
    });
  }
}
