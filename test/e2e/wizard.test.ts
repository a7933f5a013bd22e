/**
 * The built `sso-backup` in a real terminal against the simulator, typed at like an admin: the happy path in
 * every simulator variant, each refusal and its message, failures, Ctrl+C, and `demo` to the restore drill.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { filesHolding, processesHolding, uniqueCanary } from '../support/canary.js';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { decryptBackup, readBackupReminder } from '../../src/simulator/backup-file.js';
import { readEvents } from '../../src/simulator/event-log.js';
import type { MachineStateOverrides } from '../../src/simulator/machine-state.js';
import { DEFAULT_VARIANTS, eachSingleVariant } from '../../src/simulator/variants.js';
import { makeMachine, tempDir, type TestMachine } from '../support/machine.js';
import { cli } from '../support/target.js';
import { runInTerminal, type TerminalRun } from '../support/terminal.js';

const PASSWORD = 'Maple-Kettle-Orbit-73';
const REMINDER = 'PROD vault, entry SSO, ask Anna';
const DONE = 'The master secret is backed up, and the file is verified.';

const Q = {
  file: '? Backup file',
  password: '? Password for the backup file',
  again: '? The same password again',
  reminder: '? Password reminder',
  goAhead: '? Run ssoconfig -backupsecret now?',
};

function wizard(machine: TestMachine, extra: string[] = [], env: NodeJS.ProcessEnv = process.env): TerminalRun {
  // A person at a terminal: CI (set on CI runs) would make sso-backup run unattended.
  return runInTerminal(...cli('--sso-dir', machine.installDir, ...extra), { cols: 220, env: { ...env, CI: undefined } });
}

async function answer(term: TerminalRun, question: string, text: string): Promise<void> {
  await term.waitFor(question);
  term.type(text);
  term.press('enter');
}

/** Password twice, reminder, and yes at the review. */
async function answerAll(term: TerminalRun, password = PASSWORD, reminder = REMINDER): Promise<void> {
  await answer(term, Q.password, password);
  await answer(term, Q.again, password);
  await answer(term, Q.reminder, reminder);
  await answer(term, Q.goAhead, 'y');
}

/** A machine whose backup folder holds old.bak ("an earlier backup"), and the wizard asked to write over it. */
async function replacingOldBackup(machine: TestMachine, extra: string[] = []): Promise<{ term: TerminalRun; existing: string }> {
  const existing = machine.backupFile('old.bak');
  writeFileSync(existing, 'an earlier backup');
  const term = wizard(machine, ['--file', existing, ...extra]);
  await term.waitFor('exists already. What now?');
  term.press('down');
  term.press('enter'); // Replace it
  return { term, existing };
}

function expectVerifiedBackup(machine: TestMachine, file: string): void {
  const bytes = readFileSync(file);
  expect(readBackupReminder(bytes).reminder).toBe(REMINDER);
  expect(() => decryptBackup(bytes, PASSWORD)).not.toThrow();
  const receipt = readFileSync(`${file}.sha256`, 'utf8');
  expect(receipt).toMatch(new RegExp(`^[0-9a-f]{64}  ${path.basename(file).replace(/[.]/g, '\\.')}\\n$`));
}

describe('the happy path, in every simulator variant', () => {
  const variants = [{ name: 'defaults', variants: DEFAULT_VARIANTS }, ...eachSingleVariant()].filter(
    (row) => row.variants.afterLastPrompt !== 'hang',
  );
  it.each(variants)('$name', async ({ variants }) => {
    const machine = makeMachine({ variants });
    const file = machine.backupFile();
    const term = wizard(machine, ['--file', file]);
    await answerAll(term);
    await term.waitFor(DONE, 20_000);
    expect((await term.exited).exitCode).toBe(0);
    expectVerifiedBackup(machine, file);
    const check = await execa('sha256sum', ['-c', `${path.basename(file)}.sha256`], { cwd: machine.backupsDir });
    expect(check.stdout).toContain(': OK');
    expect(term.screen()).not.toContain(PASSWORD);
  });
});

describe('what the wizard refuses, with its reason, before anything runs', () => {
  it('a weak password, with zxcvbn\'s advice, then a strong one', async () => {
    const machine = makeMachine();
    const term = wizard(machine, ['--file', machine.backupFile()]);
    await answer(term, Q.password, 'password1');
    await term.waitFor(/strength score is 0 of 4 and at least 3 is needed[\s\S]*This is a very common password/);
    term.press('ctrl-u');
    term.type(PASSWORD);
    term.press('enter');
    await answer(term, Q.again, PASSWORD);
    await answer(term, Q.reminder, REMINDER);
    await answer(term, Q.goAhead, 'y');
    await term.waitFor(DONE, 20_000);
    expect((await term.exited).exitCode).toBe(0);
  });

  it('two passwords that differ: both asked again', async () => {
    const machine = makeMachine();
    const term = wizard(machine, ['--file', machine.backupFile()]);
    await answer(term, Q.password, PASSWORD);
    await answer(term, Q.again, `${PASSWORD}x`);
    await term.waitFor('The two passwords differ. Type both again.');
    await answerAll(term);
    await term.waitFor(DONE, 20_000);
    expect((await term.exited).exitCode).toBe(0);
  });

  it('a reminder that gives the password away', async () => {
    const machine = makeMachine();
    const term = wizard(machine, ['--file', machine.backupFile()]);
    await answer(term, Q.password, PASSWORD);
    await answer(term, Q.again, PASSWORD);
    await answer(term, Q.reminder, 'maple kettle orbit');
    await term.waitFor('The reminder gives the password away');
    term.press('ctrl-u');
    term.type(REMINDER);
    term.press('enter');
    await answer(term, Q.goAhead, 'y');
    await term.waitFor(DONE, 20_000);
    expect(readBackupReminder(readFileSync(machine.backupFile())).reminder).toBe(REMINDER);
  });

  it('an invalid file name typed at the question, then the suggested one', async () => {
    const machine = makeMachine();
    const term = wizard(machine);
    await answer(term, Q.file, path.join(machine.backupsDir, 'NUL.bak'));
    await term.waitFor('reserved Windows device name NUL');
    term.press('ctrl-u');
    term.press('enter'); // the suggestion: SSO-<HOST>-<date>-<time>.bak in the machine's backup folder
    await answerAll(term);
    await term.waitFor(DONE, 20_000);
    expect((await term.exited).exitCode).toBe(0);
    expect(readdirSync(machine.backupsDir).filter((n) => /^SSO-SSOSIM01-\d{8}-\d{6}\.bak$/.test(n))).toHaveLength(1);
  });

  it('a file where a folder should be, and a folder as the file: refused, another asked for (never exit 70)', async () => {
    const machine = makeMachine();
    writeFileSync(machine.backupFile('afile'), 'x');
    const term = wizard(machine, ['--file', path.join(machine.backupFile('afile'), 'sub', 'SSO.bak')]);
    await term.waitFor('is a file, so there can be no folder');
    await answer(term, Q.file, machine.backupsDir);
    await term.waitFor('is a folder. Name a file in it instead.');
    await term.waitFor(Q.file);
    term.press('ctrl-c');
    expect((await term.exited).exitCode).toBe(130);
  });

  it('an invalid --file: exit 2, ssoconfig never started', async () => {
    const machine = makeMachine();
    const result = await execa(...cli('--sso-dir', machine.installDir, '--file', 'relative.bak'), {
      reject: false,
      stdin: 'ignore',
    });
    expect(result.exitCode).toBe(2);
    expect(readEvents(machine.dir, 'Security')).toEqual([]);
  });

  it('an existing file: another name chosen; the old file untouched', async () => {
    const machine = makeMachine();
    const existing = machine.backupFile('old.bak');
    writeFileSync(existing, 'an earlier backup');
    const term = wizard(machine, ['--file', existing]);
    await term.waitFor('exists already. What now?');
    term.press('enter'); // "Choose another file name" is the default
    await answer(term, Q.file, machine.backupFile('new.bak'));
    await term.waitFor('other .bak files'); // the placement warning: old.bak is beside it
    await answerAll(term);
    await term.waitFor(DONE, 20_000);
    expect(readFileSync(existing, 'utf8')).toBe('an earlier backup');
    expectVerifiedBackup(machine, machine.backupFile('new.bak'));
  });

  it('an existing file replaced: only after the new one is verified', async () => {
    const machine = makeMachine();
    const { term, existing } = await replacingOldBackup(machine);
    await answerAll(term);
    await term.waitFor(DONE, 20_000);
    expectVerifiedBackup(machine, existing);
    expect(readdirSync(machine.backupsDir).sort()).toEqual(['old.bak', 'old.bak.manifest.json', 'old.bak.sha256']);
  });

  it('a replaced file comes back when the new one cannot be verified (exit 4)', async () => {
    const machine = makeMachine();
    mkdirSync(`${machine.backupFile('old.bak')}.sha256`); // the receipt cannot be written: verification fails after ssoconfig succeeded
    const { term, existing } = await replacingOldBackup(machine);
    await answerAll(term);
    expect((await term.exited).exitCode).toBe(4);
    expect(term.screen()).toMatch(/could not be verified[\s\S]*renamed to .*old\.bak\.unverified-[\s\S]*is back at/);
    expect(readFileSync(existing, 'utf8')).toBe('an earlier backup');
    expect(readdirSync(machine.backupsDir).filter((n) => !n.startsWith('old.bak.unverified-')).sort()).toEqual(['old.bak', 'old.bak.sha256']);
  });

  it('a replaced file comes back when ssoconfig fails', async () => {
    const machine = makeMachine({ service: { state: 'stopped', account: 'X\\y' } });
    const { term, existing } = await replacingOldBackup(machine, ['--skip-check', 'service']);
    await answerAll(term);
    expect((await term.exited).exitCode).toBe(1);
    expect(readFileSync(existing, 'utf8')).toBe('an earlier backup');
    expect(readdirSync(machine.backupsDir)).toEqual(['old.bak']);
  });

  it('no at the review: nothing runs, exit 130', async () => {
    const machine = makeMachine();
    const term = wizard(machine, ['--file', machine.backupFile()]);
    await answer(term, Q.password, PASSWORD);
    await answer(term, Q.again, PASSWORD);
    await answer(term, Q.reminder, REMINDER);
    await answer(term, Q.goAhead, '');
    expect((await term.exited).exitCode).toBe(130);
    expect(readEvents(machine.dir, 'Security')).toEqual([]);
  });
});

describe('when ssoconfig fails (its check skipped on purpose, to reach it)', () => {
  const cases: { name: string; state: MachineStateOverrides; skip: string; message: RegExp }[] = [
    { name: 'service stopped', state: { service: { state: 'stopped', account: 'X\\y' } }, skip: 'service', message: /0x800706BA\): The RPC server is unavailable[\s\S]*next: Start the Enterprise Single Sign-On service/ },
    { name: 'not the master secret server', state: { masterSecretServer: 'BTS02', variants: { exitCodeOnError: 'zero' } }, skip: 'master-secret-server', message: /0xC0002A0E\): This function can only be performed on the master secret server[\s\S]*exited with code 0/ },
  ];
  it.each(cases)('$name: its message, exit code 1, no file and no receipt', async ({ state, skip, message }) => {
    const machine = makeMachine(state);
    const term = wizard(machine, ['--file', machine.backupFile(), '--skip-check', skip]);
    await answerAll(term);
    expect((await term.exited).exitCode).toBe(1);
    expect(term.screen()).toMatch(message);
    expect(term.screen()).toContain('ssoconfig transcript');
    expect(term.screen()).toMatch(/ENTSSO logged event 10560 \(backup failed\) with error code 0x/);
    expect(readdirSync(machine.backupsDir)).toEqual([]);
  });
});

describe('the checks stop a machine that cannot do the backup, before the password (exit 3)', () => {
  const cases: { name: string; state: MachineStateOverrides; message: RegExp }[] = [
    { name: 'not the master secret server', state: { masterSecretServer: 'BTS02' }, message: /the master secret server is BTS02, not this computer/ },
    { name: 'not elevated', state: { elevated: false }, message: /this console is not elevated/ },
    { name: 'service stopped', state: { service: { state: 'stopped', account: 'X\\y' } }, message: /ENTSSO service running\s+stopped/ },
    { name: 'not an SSO Administrator', state: { ssoAdministrator: false }, message: /not a member of CONTOSO\\SSO Administrators/ },
  ];
  it.each(cases)('$name', async ({ state, message }) => {
    const machine = makeMachine(state);
    const term = wizard(machine, ['--file', machine.backupFile()]);
    expect((await term.exited).exitCode).toBe(3);
    expect(term.screen()).toMatch(message);
    expect(term.screen()).toContain('--skip-check');
    expect(term.screen()).not.toContain(Q.password);
    expect(readEvents(machine.dir, 'Security')).toEqual([]); // ssoconfig never started
  });

  it('a FAT32 target (the simulated storage says so): exit 3 before the password', async () => {
    const machine = makeMachine({ storage: { notNtfs: [], denied: [] } });
    const state = path.join(machine.dir, 'machine.json');
    writeFileSync(state, readFileSync(state, 'utf8').replace('"notNtfs": []', `"notNtfs": [${JSON.stringify(machine.backupsDir)}]`));
    const term = wizard(machine, ['--file', machine.backupFile()]);
    expect((await term.exited).exitCode).toBe(3);
    expect(term.screen()).toMatch(/FAT32: ENTSSO requires NTFS or removable media/);
  });

  it('a starting service is a warning only: the questions go on', async () => {
    const machine = makeMachine({ service: { state: 'start-pending', account: 'X\\y' } });
    const term = wizard(machine, ['--file', machine.backupFile()]);
    await term.waitFor('about 3 minutes');
    await term.waitFor(Q.password);
    term.press('ctrl-c');
    expect((await term.exited).exitCode).toBe(130);
  });

  it('--skip-check goes past a failed check, and the report says so', async () => {
    const machine = makeMachine({ ssoAdministrator: false, variants: {} });
    // The simulated ssoconfig refuses a non-SSO-administrator too (10772): skip that check and see it refuse.
    const term = wizard(machine, ['--file', machine.backupFile(), '--skip-check', 'sso-administrator']);
    await term.waitFor('(skipped with --skip-check)');
    await answerAll(term);
    expect((await term.exited).exitCode).toBe(1);
    expect(term.screen()).toContain('0xC0002A14');
  });

  it('an unknown --skip-check name: exit 2', async () => {
    const machine = makeMachine();
    const result = await execa(...cli('--sso-dir', machine.installDir, '--skip-check', 'everything'), { reject: false, stdin: 'ignore' });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--skip-check everything is not a check[\s\S]*entsso-installed, elevated/);
  });
});

describe('after the backup, the report speaks of the events', () => {
  it('ENTSSO\'s 10559 for this file, and how to confirm 10589 is gone', async () => {
    const machine = makeMachine();
    const term = wizard(machine, ['--file', machine.backupFile()]);
    await answerAll(term);
    await term.waitFor(DONE, 20_000);
    await term.exited;
    expect(term.screen()).toMatch(/ENTSSO logged event 10559 .* for this file at \d{4}-/);
    expect(term.screen()).toContain('should no longer appear');
    expect(term.screen()).toContain("EventID=10589");
  });
});

describe('Ctrl+C', () => {
  it('at a question: exit 130, nothing run', async () => {
    const machine = makeMachine();
    const term = wizard(machine, ['--file', machine.backupFile()]);
    await answer(term, Q.password, PASSWORD);
    await term.waitFor(Q.again);
    term.press('ctrl-c');
    expect((await term.exited).exitCode).toBe(130);
    expect(readEvents(machine.dir, 'Security')).toEqual([]);
  });

  it('while ssoconfig runs: exit 130, ssoconfig gone, no file, no receipt', async () => {
    const machine = makeMachine({ variants: { afterLastPrompt: 'hang' } });
    const term = wizard(machine, ['--file', machine.backupFile()]);
    await answerAll(term);
    await term.waitFor('ssoconfig asked for the reminder');
    await new Promise((resolve) => setTimeout(resolve, 500));
    term.press('ctrl-c');
    expect((await term.exited).exitCode).toBe(130);
    expect(term.screen()).toContain('The backup was cancelled, and ssoconfig was stopped.');
    expect(readdirSync(machine.backupsDir)).toEqual([]);
    const simulators = await execa('pgrep', ['-f', machine.dir], { reject: false });
    expect(simulators.stdout).toBe('');
  });
});

/** `sso-backup demo` with the found directory and the suggested file accepted, backed up and verified. */
async function demoUpToTheDrill(args: string[] = []): Promise<TerminalRun> {
  const term = runInTerminal(...cli('demo', ...args), { cols: 220 });
  await term.waitFor('? ENTSSO install directory');
  term.press('enter');
  await term.waitFor(Q.file);
  term.press('enter');
  await answerAll(term);
  await term.waitFor(DONE, 20_000);
  return term;
}

describe('sso-backup demo', () => {
  it('from the start to a restore drill that proves the password', async () => {
    const term = await demoUpToTheDrill();
    await answer(term, '? Run a restore drill', '');
    await answer(term, 'Password : ', PASSWORD);
    await term.waitFor('The password opens the backup.');
    expect((await term.exited).exitCode).toBe(0);
    expect(term.screen()).toContain(`Password reminder : ${REMINDER}`);
  });

  it('Ctrl+C in the restore drill: exit 130, and the backup is said to be made', async () => {
    const term = await demoUpToTheDrill();
    await answer(term, '? Run a restore drill', 'y');
    await term.waitFor('Password : ');
    term.type('Maple');
    term.press('ctrl-c');
    expect((await term.exited).exitCode).toBe(130);
    expect(term.screen()).toContain('Cancelled during the restore drill. The backup itself is made and verified');
  });

  it('a forgotten password fails the drill: exit 4', async () => {
    const term = await demoUpToTheDrill(['--prompts', 'terse']);
    await answer(term, '? Run a restore drill', 'y');
    await answer(term, 'Password : ', 'Maple-Kettle-Orbit-74');
    await term.waitFor('The password did not open the backup.');
    expect((await term.exited).exitCode).toBe(4);
  });
});

describe('around the flow', () => {
  it('on a host without ENTSSO and without --sso-dir: exit 3, pointing to demo', async () => {
    const term = runInTerminal(...cli(), { cols: 220 });
    expect((await term.exited).exitCode).toBe(3);
    expect(term.screen()).toMatch(/There is no ENTSSO on this machine[\s\S]*sso-backup demo/);
  });

  it('--sso-dir without ssoconfig.exe: exit 2', async () => {
    const dir = tempDir();
    const term = runInTerminal(...cli('--sso-dir', dir), { cols: 220 });
    expect((await term.exited).exitCode).toBe(2);
    expect(term.screen()).toContain('has no ssoconfig.exe');
  });

  it('not a terminal: an unattended run that names every missing answer, exit 2, nothing written', async () => {
    const machine = makeMachine();
    const result = await execa(...cli('--sso-dir', machine.installDir), { reject: false, stdin: 'ignore' });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('This unattended run lacks 4 answers');
    for (const flag of ['--folder', '--password-stdin', '--reminder', '--yes']) expect(result.stderr).toContain(flag);
    expect(readdirSync(machine.backupsDir)).toEqual([]);
  });

  it('NO_COLOR: no colour codes from sso-backup', async () => {
    const machine = makeMachine();
    const term = wizard(machine, ['--file', machine.backupFile()], { ...process.env, NO_COLOR: '1' });
    await answerAll(term);
    await term.waitFor(DONE, 20_000);
    await term.exited;
    // eslint-disable-next-line no-control-regex -- looking for SGR colour sequences
    expect(term.raw()).not.toMatch(/\u001b\[(3[0-9]|9[0-7]|1|2)m/);
  });

  it('a canary password is nowhere: screen, files, receipt, events, any process while ssoconfig asks', async () => {
    const canary = uniqueCanary('Canary-Wizard');
    const machine = makeMachine();
    const term = wizard(machine, ['--file', machine.backupFile()]);
    await answer(term, Q.password, canary);
    await answer(term, Q.again, canary);
    await answer(term, Q.reminder, REMINDER);
    await answer(term, Q.goAhead, 'y');
    await term.waitFor('ssoconfig asked for the password again');
    expect(processesHolding(canary)).toEqual([]);
    await term.waitFor(DONE, 20_000);
    await term.exited;
    expect(term.raw()).not.toContain(canary);
    expect(filesHolding(machine.dir, canary)).toEqual([]);
    expect(readFileSync(`${machine.backupFile()}.sha256`, 'utf8')).not.toContain(canary);
  });
});
