/**
 * The built commands in a real terminal, typed at like a person: the simulated ssoconfig (console reads, `*`
 * echo, backspace, Ctrl+C, a piped stdin that is never read, no console at all), `simulator rehearse` from the
 * backup to the restore drill, and the CLI's usage errors.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { decryptBackup } from '../../src/simulator/backup-file.js';
import { readEvents } from '../../src/simulator/event-log.js';
import { makeMachine, tempDir } from '../support/machine.js';
import { cli, TARGET, TOOL_VERSION } from '../support/target.js';
import { runInTerminal } from '../support/terminal.js';

const SSOCONFIG = 'ssoconfig.exe';

describe('the simulated ssoconfig, typed at in a terminal', () => {
  it('reads keys from the console with * echo and backspace, and writes a backup the typed password opens', async () => {
    const machine = makeMachine();
    const term = runInTerminal(path.join(machine.installDir, SSOCONFIG), ['-BackupSecret', machine.backupFile()], {
      cwd: machine.installDir,
    });
    await term.waitFor('Enter the password for the backup file: ');
    term.type('Correct-Horse-1x');
    term.press('backspace');
    term.press('backspace');
    term.type('2y');
    term.press('enter');
    await term.waitFor('Enter the password for the backup file: ****************\n');
    await term.waitFor('Confirm the password: ');
    term.type('Correct-Horse-2y');
    term.press('enter');
    await term.waitFor('Enter a password reminder: ');
    term.type('horse, two, why');
    term.press('enter');
    await term.waitFor('The operation completed successfully.');
    expect((await term.exited).exitCode).toBe(0);

    expect(term.screen()).not.toContain('Correct-Horse');
    expect(term.screen()).toContain('Enter a password reminder: horse, two, why');
    expect(() => decryptBackup(readFileSync(machine.backupFile()), 'Correct-Horse-2y')).not.toThrow();
  });

  it('never reads a piped stdin: the prompt waits for the console', async () => {
    const machine = makeMachine();
    const ssoconfig = path.join(machine.installDir, SSOCONFIG);
    const term = runInTerminal('/bin/sh', ['-c', `printf 'Piped-pass-123\\nPiped-pass-123\\npiped\\n' | '${ssoconfig}' -backupsecret '${machine.backupFile()}'`]);
    await term.waitFor('Enter the password for the backup file: ');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(term.screen()).not.toContain('Confirm the password');
    term.type('Console-pass-9\r');
    await term.waitFor('Confirm the password: ');
    term.type('Console-pass-9\r');
    await term.waitFor('Enter a password reminder: ');
    term.type('typed at the console\r');
    expect((await term.exited).exitCode).toBe(0);
    expect(() => decryptBackup(readFileSync(machine.backupFile()), 'Console-pass-9')).not.toThrow();
  });

  it('without a console it fails as a console read would: the handle is invalid', async () => {
    const machine = makeMachine();
    const result = await execa(path.join(machine.installDir, SSOCONFIG), ['-backupsecret', machine.backupFile()], {
      input: 'Piped-pass-123\nPiped-pass-123\npiped\n',
      detached: true, // a new session: no controlling terminal
      reject: false,
    });
    expect(result.stdout).toContain('ERROR: 0x80070006: The handle is invalid.');
    expect(result.exitCode).toBe(1);
    expect(existsSync(machine.backupFile())).toBe(false);
  });

  it('Ctrl+C at a prompt ends it, with no file', async () => {
    const machine = makeMachine();
    const term = runInTerminal(path.join(machine.installDir, SSOCONFIG), ['-backupsecret', machine.backupFile()]);
    await term.waitFor('Enter the password for the backup file: ');
    term.type('abc');
    term.press('ctrl-c');
    const exit = await term.exited;
    expect(exit.exitCode !== 0 || exit.signal !== 0).toBe(true);
    expect(term.screen()).toContain('^C');
    expect(existsSync(machine.backupFile())).toBe(false);
  });

  it('prints its usage for no switch and an unknown switch, and an error for a missing file name', async () => {
    const machine = makeMachine();
    const ssoconfig = path.join(machine.installDir, SSOCONFIG);
    for (const args of [[], ['-frobnicate'], ['-help']]) {
      const result = await execa(ssoconfig, args, { reject: false });
      expect(result.stdout).toContain('Usage: ssoconfig <option>');
    }
    const missing = await execa(ssoconfig, ['-backupsecret'], { reject: false });
    expect(missing.stdout).toContain('ERROR: 0x80070057: The parameter is incorrect.');
    expect(missing.exitCode).toBe(1);
  });
});

describe('sso-backup simulator rehearse', () => {
  it('runs the backup, then a restore drill that catches a forgotten password', async () => {
    const term = runInTerminal(...cli('simulator', 'rehearse', '--prompts', 'terse'));
    await term.waitFor(/Password : $/m);
    term.type('Rehearsal-pass-42\r');
    await term.waitFor(/Password : \*+\nPassword : $/m);
    term.type('Rehearsal-pass-42\r');
    await term.waitFor('Password reminder : ');
    term.type('forty-two\r');
    await term.waitFor('Now the restore drill');
    await term.waitFor('Password reminder : forty-two');
    term.type('Rehearsal-pass-43\r');
    await term.waitFor('The password did not open the backup');
    expect((await term.exited).exitCode).toBe(4);
    expect(term.screen()).toContain('ERROR: 0xC0002A1B: An incorrect password was specified for the backup file.');
  });
});

describe('the command line', () => {
  it('--version and --help', async () => {
    const version = await execa(...cli('--version'));
    expect(version.stdout.split('\n')[0]).toBe(`sso-backup ${TOOL_VERSION} (Node.js ${TARGET.node})`);
    for (const flag of ['--help', '-h', '/?']) {
      const help = await execa(...cli(flag));
      expect(help.stdout).toContain('Exit codes:');
    }
  });

  it.each([
    [['frobnicate'], /An argument that belongs to no option was given \(it is not repeated here, in case one is a password\)/],
    [['simulator', 'create'], /takes one folder/],
    [['simulator', 'create', 'x', '--prompts', 'chatty'], /--prompts chatty is not a choice[\s\S]*standard, terse, verbose, hint/],
    [['simulator', 'create', 'x', '--frob'], /Unknown option '--frob'/],
  ])('bad usage %j: exit 2, what and what next, nothing created', async (args, message) => {
    const cwd = tempDir();
    const result = await execa(...cli(...args), { cwd, reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/next: /);
    expect(existsSync(path.join(cwd, 'x'))).toBe(false);
  });

  it('a hand-edited machine.json that is not valid: exit 2, the field named', async () => {
    const machine = makeMachine();
    const state = path.join(machine.dir, 'machine.json');
    writeFileSync(state, readFileSync(state, 'utf8').replace('"prompts": "standard"', '"prompts": "chatty"'));
    for (const args of [['simulator', 'show', machine.dir], ['--sso-dir', machine.installDir, '--file', machine.backupFile()]]) {
      const term = runInTerminal(...cli(...args), { cols: 200 });
      expect((await term.exited).exitCode).toBe(2);
      expect(term.screen()).toContain('variants.prompts must be one of standard, terse, verbose, hint');
    }
  });

  it('refuses to create a machine in a folder that has files', async () => {
    const machine = makeMachine();
    const result = await execa(...cli('simulator', 'create', machine.dir), { reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('is not empty');
  });
});

describe('sso-backup check', () => {
  it('a good simulated machine: the table, exit 0', async () => {
    const machine = makeMachine();
    const result = await execa(...cli('check', '--sso-dir', machine.installDir, '--file', machine.backupFile()), { reject: false });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/✔ This is the master secret server\s+the SSOSS key is present; the SSO database names SSOSIM01/);
    expect(result.stdout).toMatch(/⚠ Event 10589 \(secret not backed up\)\s+logged 3 time\(s\)/);
    expect(result.stdout).toContain('No required check failed.');
  });

  it.each([
    [['--master-secret-server', 'BTS02'], /the master secret server is BTS02, not this computer/],
    [['--not-elevated'], /this console is not elevated/],
    [['--service', 'stopped'], /ENTSSO service running\s+stopped/],
  ])('a simulated machine created with %j: exit 3 and its reason', async (flags, reason) => {
    const dir = path.join(tempDir(), 'machine');
    await execa(...cli('simulator', 'create', dir, ...flags));
    const installDir = path.join(dir, 'Program Files', 'Common Files', 'Enterprise Single Sign-On');
    const result = await execa(...cli('check', '--sso-dir', installDir), { reject: false });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toMatch(reason);
    expect(result.stdout).toContain('A backup here would stop (exit 3).');
  });

  it('on a host without Windows and without --sso-dir: the Windows checks skipped with the reason, exit 3', async () => {
    const result = await execa(...cli('check'), { reject: false });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toMatch(/- ENTSSO service running\s+not checked: ENTSSO runs only on Windows/);
  });

  it('changes nothing: no process started in the simulated machine', async () => {
    const machine = makeMachine();
    await execa(...cli('check', '--sso-dir', machine.installDir));
    expect(readEvents(machine.dir, 'Security')).toEqual([]);
  });
});
