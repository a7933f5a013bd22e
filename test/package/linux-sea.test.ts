/**
 * The Linux single executable, built exactly as the Windows exe is (packaging/sea.mjs: the same bundle, the same
 * Node version, no code cache, no snapshot), run as a person or a runbook would run the exe: from a folder of
 * its own with node-pty beside it (node_modules/node-pty, as staged for it and as in the Windows zip), far from
 * this repository, with an empty PATH. The whole end-to-end suite also runs against it (project "sea").
 */
import { createHash } from 'node:crypto';
import { appendFileSync, chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SEA = path.join(ROOT, 'build', 'sea', 'linux-x64', 'sso-backup');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
const runtime = JSON.parse(readFileSync(path.join(ROOT, 'packaging', 'runtime.json'), 'utf8')) as { version: string };
const PASSWORD = 'Sea-Lantern-Orchard-4417';

let home: string;
let exe: string;

/** The exe in a folder of its own, with node-pty beside it, and a PATH without Node. */
beforeAll(() => {
  if (!existsSync(SEA)) throw new Error(`${SEA} is missing: run \`npm run package:linux\` (npm test does).`);
  home = mkdtempSync(path.join(tmpdir(), 'sso-sea-'));
  exe = path.join(home, 'sso-backup');
  copyFileSync(SEA, exe);
  chmodSync(exe, 0o755);
  cpSync(path.join(path.dirname(SEA), 'node_modules'), path.join(home, 'node_modules'), { recursive: true });
  mkdirSync(path.join(home, 'empty-path'));
}, 60_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

const run = (args: string[], options: { input?: string; env?: Record<string, string>; exe?: string } = {}) =>
  execa(options.exe ?? exe, args, {
    cwd: home,
    reject: false,
    timeout: 60_000,
    extendEnv: false,
    env: { PATH: path.join(home, 'empty-path'), HOME: home, NO_COLOR: '1', ...options.env },
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
  });

describe('the Linux SEA, from a folder of its own', () => {
  it('--version: the tool, the Node.js inside, and its own SHA-256', async () => {
    const result = await run(['--version']);
    expect(result.exitCode).toBe(0);
    const hash = createHash('sha256').update(readFileSync(exe)).digest('hex');
    expect(result.stdout).toBe(`sso-backup ${pkg.version} (Node.js ${runtime.version})\nexecutable: ${exe}\nsha256: ${hash}`);
  });

  it('demo, unattended: a simulated machine played by the exe itself, a verified backup, JSON on stdout', async () => {
    // TMPDIR: the demo's machine is made in the exe's folder, removed with it after the tests.
    const result = await run(['demo', '--yes', '--password-env', 'SSO_PW', '--reminder', 'kept in the team vault', '--json'], {
      env: { SSO_PW: PASSWORD, TMPDIR: home },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { status: string; machine: { kind: string }; backup: { file: string; sha256: string }; installDir: string };
    expect(json.status).toBe('succeeded');
    expect(json.machine.kind).toBe('simulator');
    expect(json.installDir.startsWith(path.join(home, 'sso-demo-'))).toBe(true);
    const launcher = readFileSync(path.join(json.installDir, 'ssoconfig.exe'), 'utf8');
    expect(launcher).toContain(`exec '${exe}' 'simulator' 'ssoconfig' "$@"`);
    expect(createHash('sha256').update(readFileSync(json.backup.file)).digest('hex')).toBe(json.backup.sha256);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);

    const verified = await run(['verify', json.backup.file, '--json']);
    expect(verified.exitCode, verified.stdout).toBe(0);
  });

  it('demo with no answers and no terminal: exit 2, naming the flags a runbook gives, and no machine left behind', async () => {
    const demos = (): string[] => readdirSync(home).filter((name) => name.startsWith('sso-demo-'));
    const before = demos();
    const result = await run(['demo'], { env: { TMPDIR: home } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--password-stdin|--password-env|--password-file/);
    expect(result.stderr).toContain('--yes');
    expect(demos()).toEqual(before);
  });

  it('check on a host without ENTSSO: exit 3, and what to do', async () => {
    const result = await run(['check']);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toContain('ENTSSO runs only on Windows');
  });

  it('check against a simulated machine it made itself: exit 0', async () => {
    const machine = path.join(home, 'machine');
    expect((await run(['simulator', 'create', machine])).exitCode).toBe(0);
    const result = await run(['check', '--sso-dir', path.join(machine, 'Program Files', 'Common Files', 'Enterprise Single Sign-On')]);
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.stdout).toContain('No required check failed.');
  });

  it('plays ssoconfig.exe itself when it is linked into a simulated install directory under that name (as on Windows)', async () => {
    const machine = path.join(home, 'linked');
    expect((await run(['simulator', 'create', machine])).exitCode).toBe(0);
    const installDir = path.join(machine, 'Program Files', 'Common Files', 'Enterprise Single Sign-On');
    const launcher = path.join(installDir, 'ssoconfig.exe');
    rmSync(launcher);
    copyFileSync(exe, launcher);
    chmodSync(launcher, 0o755);
    const result = await run(['--sso-dir', installDir, '--folder', path.join(machine, 'Backups'), '--password-env', 'SSO_PW', '--reminder', 'kept in the team vault', '--yes', '--json'], {
      env: { SSO_PW: PASSWORD },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { status: string }).status).toBe('succeeded');
  });
});

describe('node-pty, the one thing the exe loads from disk', () => {
  const PLANT = "require('node:fs').writeFileSync(process.env.SSO_PLANT_MARK, 'loaded');\n";
  const demo = (exePath: string, mark: string) =>
    run(['demo', '--yes', '--password-env', 'SSO_PW', '--reminder', 'kept in the team vault', '--json'], {
      exe: exePath,
      env: { SSO_PW: PASSWORD, TMPDIR: home, SSO_PLANT_MARK: mark, NODE_PATH: path.join(home, 'elsewhere', 'node_modules') },
    });

  it('is looked for beside the exe only: one in a parent folder or on NODE_PATH is never loaded', async () => {
    const app = path.join(home, 'elsewhere', 'app');
    mkdirSync(app, { recursive: true });
    copyFileSync(exe, path.join(app, 'sso-backup'));
    chmodSync(path.join(app, 'sso-backup'), 0o755);
    // A planted node-pty in the parent folder, also on NODE_PATH: Node's own search would find it.
    const planted = path.join(home, 'elsewhere', 'node_modules', 'node-pty');
    cpSync(path.join(home, 'node_modules', 'node-pty'), planted, { recursive: true });
    writeFileSync(path.join(planted, 'lib', 'index.js'), PLANT + readFileSync(path.join(planted, 'lib', 'index.js'), 'utf8'));
    const mark = path.join(home, 'planted-loaded');
    const result = await demo(path.join(app, 'sso-backup'), mark);
    expect(existsSync(mark)).toBe(false);
    expect(result.exitCode, result.stderr).toBe(3); // this machine cannot do the backup: ssoconfig never started
    expect(result.stderr).toContain(`node-pty is missing beside sso-backup.exe: ${path.join(app, 'node_modules', 'node-pty')}`);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });

  it('is refused when a file beside the exe is not the one it was built with', async () => {
    const app = path.join(home, 'tampered');
    mkdirSync(app, { recursive: true });
    copyFileSync(exe, path.join(app, 'sso-backup'));
    chmodSync(path.join(app, 'sso-backup'), 0o755);
    cpSync(path.join(home, 'node_modules'), path.join(app, 'node_modules'), { recursive: true });
    const index = path.join(app, 'node_modules', 'node-pty', 'lib', 'index.js');
    writeFileSync(index, PLANT + readFileSync(index, 'utf8'));
    appendFileSync(index, '\n');
    const mark = path.join(home, 'tampered-loaded');
    const result = await demo(path.join(app, 'sso-backup'), mark);
    expect(existsSync(mark)).toBe(false);
    expect(result.exitCode, result.stderr).toBe(3); // this machine cannot do the backup: ssoconfig never started
    expect(result.stderr).toContain(`${index} is not the file this sso-backup.exe was built with`);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });
});
