/**
 * What `simulator create` tells a person to type, and the advice when no simulated machine can be made (Node
 * running the npm build on Windows).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { asProblem } from '../../src/cli/problems.js';
import { runSimulatorCommand, ssoconfigByHand } from '../../src/cli/simulator-command.js';
import { EXIT } from '../../src/errors.js';
import { defaultLauncher, SimulatorUnavailableError } from '../../src/simulator/machine-layout.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('ssoconfigByHand: the commands as they work in the platform’s shells', () => {
  const winInstall = 'C:\\Users\\ops\\AppData\\Local\\Temp\\sso sim\\Program Files\\Common Files\\Enterprise Single Sign-On';
  const winFile = 'C:\\Users\\ops\\AppData\\Local\\Temp\\sso sim\\Backups\\rehearsal.bak';

  it('Windows: pushd (changes the drive too) and .\\ssoconfig.exe, which cmd.exe and PowerShell both run; double quotes', () => {
    const lines = ssoconfigByHand(winInstall, winFile, 'win32');
    expect(lines).toEqual([
      `pushd "${winInstall}"`,
      `.\\ssoconfig.exe -backupsecret "${winFile}"`,
      `.\\ssoconfig.exe -restoresecret "${winFile}"`,
    ]);
    // cmd.exe takes "./ssoconfig.exe" for the command "." with a switch: never that form on Windows.
    expect(lines.join('\n')).not.toContain('./');
    expect(lines.join('\n')).not.toContain("'");
  });

  it('Linux and macOS: cd and ./ssoconfig.exe, single-quoted for sh (spaces, $, quotes)', () => {
    const install = "/tmp/it's $HOME/Program Files/Common Files/Enterprise Single Sign-On";
    expect(ssoconfigByHand(install, '/tmp/sim/Backups/rehearsal.bak', 'linux')).toEqual([
      `cd '/tmp/it'\\''s $HOME/Program Files/Common Files/Enterprise Single Sign-On'`,
      './ssoconfig.exe -backupsecret /tmp/sim/Backups/rehearsal.bak',
      './ssoconfig.exe -restoresecret /tmp/sim/Backups/rehearsal.bak',
    ]);
  });

  it('simulator create prints the form of this platform', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sso create out-'));
    made.push(dir);
    let out = '';
    const code = await runSimulatorCommand(['create', dir], { out: (text) => (out += text), err: () => undefined });
    expect(code).toBe(EXIT.ok);
    const expected = ssoconfigByHand(
      path.join(dir, 'Program Files', 'Common Files', 'Enterprise Single Sign-On'),
      path.join(dir, 'Backups', 'rehearsal.bak'),
    );
    for (const line of expected) expect(out).toContain(`  ${line}\n`);
  });
});

describe('no simulator with Node on Windows', () => {
  it('points to the Windows zip and sso-backup.exe demo, not to a wait', () => {
    expect(() => defaultLauncher('win32', false)).toThrow(SimulatorUnavailableError);
    const problem = asProblem(new SimulatorUnavailableError());
    expect(problem?.exitCode).toBe(EXIT.machineNotFit);
    expect(problem?.next).toContain('sso-backup-<version>-win-x64.zip');
    expect(problem?.next).toContain('npm run package:windows');
    expect(problem?.next).toContain('docs/packaging.md');
    expect(problem?.next).toContain('sso-backup.exe demo');
    expect(problem?.next).not.toMatch(/wait for/);
  });
});
