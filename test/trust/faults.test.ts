/**
 * Faults: ssoconfig failing at every point that matters, played by the simulator (variants.ts `fault`, and the
 * older switches: a hang after the last prompt, exit code 0 after an error, a folder that refuses the file), each
 * run through the BUILT CLI unattended, with an earlier good backup already in the folder. For each: the run ends
 * on its own (the driver's limits, made short by faults-limits.mjs), exits with the documented code, never says
 * succeeded, leaves no receipt or manifest for a bad file, never lets a bad file keep the backup's name, says
 * what, why and what next, and leaves the earlier backup, its receipt and its manifest byte for byte as they were,
 * still verifying (`sso-backup verify`), with no ssoconfig left running. Four faults also run to a new name with
 --keep and --copy-to (nothing copied, nothing removed), and three go through the wizard in a real terminal.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { backupsDirOf, createSimulatedMachine, installDirOf } from '../../src/simulator/machine-layout.js';
import { readMachineState, writeMachineState, type MachineState } from '../../src/simulator/machine-state.js';
import type { Fault, Variants } from '../../src/simulator/variants.js';
import type { TestMachine } from '../support/machine.js';
import { processesHolding } from '../support/canary.js';
import { cli, TARGET, targetLauncher } from '../support/target.js';
import { runInTerminal } from '../support/terminal.js';
import { trial } from './figures.js';

const PASSWORD = 'Quiet-Harbor-Maple-4417';
const REMINDER = 'Vault: BizTalk / SSO / SSOSIM01';
const GOOD = 'good.bak';
/** Short driver limits for the built CLI: a hang ends in seconds (see faults-limits.mjs). */
const PRELOAD = path.resolve(import.meta.dirname, 'faults-limits.mjs');
/** Far above the preloaded limits (20 s in all): a run still alive then did not end on its own. */
const HARD_STOP_MS = 45_000;
// Three runs at a time: the hangs mostly wait; more would crowd two shared cores past the preloaded limits.
vi.setConfig({ maxConcurrency: 3, testTimeout: 60_000 });

interface Run {
  exitCode: number | undefined;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  json: { status: string; exitCode: number; backup: unknown; error?: { what: string; why: string; next: string } };
}

/** The built CLI, as a runbook runs it: no terminal, the password on stdin, --json. */
function command(...args: string[]): [string, string[]] {
  const [file, rest] = cli(...args);
  // The preload changes the build's own module before it runs: Node on dist/ only (the suite's one target).
  if (TARGET.name !== 'dist') throw new Error('test/trust runs on the dist target only');
  return [file, ['--import', PRELOAD, ...rest]];
}

async function unattended(machine: TestMachine, args: string[]): Promise<Run> {
  const result = await execa(...command('--json', '--sso-dir', machine.installDir, '--reminder', REMINDER, '--password-stdin', '--yes', ...args), {
    reject: false,
    input: `${PASSWORD}\n`,
    env: { CI: undefined },
    extendEnv: true,
    timeout: HARD_STOP_MS,
  });
  let json: Run['json'];
  try {
    json = JSON.parse(result.stdout) as Run['json'];
  } catch {
    throw new Error(`No JSON on stdout (exit ${String(result.exitCode)}, timed out: ${result.timedOut}):\n${result.stdout}\n${result.stderr}`);
  }
  return { exitCode: result.exitCode, timedOut: result.timedOut, stdout: result.stdout, stderr: result.stderr, json };
}

async function verify(machine: TestMachine, file: string): Promise<{ exitCode: number | undefined; stdout: string }> {
  const result = await execa(...cli('verify', file, '--sso-dir', machine.installDir), { reject: false, timeout: HARD_STOP_MS });
  return { exitCode: result.exitCode, stdout: `${result.stdout}\n${result.stderr}` };
}

/** The earlier good backups, their receipts and manifests, byte for byte. */
function snapshot(machine: TestMachine): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of Object.keys(template!.files)) files[name] = readFileSync(path.join(machine.backupsDir, name)).toString('base64');
  return files;
}

/** A simulated machine of this test's own (tests here run concurrently: support/machine.ts cleans up after each). */
function ownMachine(): TestMachine & { remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'sso-faults-'));
  createSimulatedMachine(dir, { launcher: targetLauncher() });
  return {
    dir,
    installDir: installDirOf(dir),
    backupsDir: backupsDirOf(dir),
    backupFile: (name = GOOD) => path.join(backupsDirOf(dir), name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The earlier good backups: made once, by two working runs of the built CLI (good.bak by --file; one named by
 * --folder, SSO-SSOSIM01-<date>-<time>.bak, the kind --keep counts), then put into each test's machine with their
 * receipts and manifests (that machine given the same master secret, so they are that machine's backups).
 */
let template: { secret: MachineState['secret']; files: Record<string, Buffer>; named: string } | undefined;

beforeAll(async () => {
  const machine = ownMachine();
  try {
    const byFile = await unattended(machine, ['--file', machine.backupFile(GOOD)]);
    const byFolder = await unattended(machine, ['--folder', machine.backupsDir]);
    for (const run of [byFile, byFolder]) {
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.json.status).toBe('succeeded');
    }
    const files: Record<string, Buffer> = {};
    for (const name of readdirSync(machine.backupsDir)) files[name] = readFileSync(machine.backupFile(name));
    const named = Object.keys(files).find((name) => /^SSO-SSOSIM01-\d{8}-\d{6}\.bak$/.test(name))!;
    expect(Object.keys(files).sort()).toEqual([GOOD, `${GOOD}.manifest.json`, `${GOOD}.sha256`, named, `${named}.manifest.json`, `${named}.sha256`].sort());
    template = { secret: readMachineState(machine.dir).secret, files, named };
  } finally {
    machine.remove();
  }
}, 60_000);

/** A machine with the verified good.bak in its folder; then the fault switched on. */
async function machineWithGoodBackup(change: Case['change']): Promise<{ machine: ReturnType<typeof ownMachine>; before: Record<string, string> }> {
  const machine = ownMachine();
  for (const [name, bytes] of Object.entries(template!.files)) writeFileSync(machine.backupFile(name), bytes);
  const state = { ...readMachineState(machine.dir), secret: template!.secret };
  writeMachineState(machine.dir, change(state, machine));
  return { machine, before: snapshot(machine) };
}

const withVariants =
  (variants: Partial<Variants>) =>
  (state: MachineState): MachineState => ({ ...state, variants: { ...state.variants, ...variants } });

/** Names a run may leave beside the good backup: a failed run's file renamed aside, never a receipt for it. */
const ASIDE = /\.(incomplete|unverified)-\d{8}T\d{6}$/;

interface Case {
  name: string;
  change: (state: MachineState, machine: TestMachine) => MachineState;
  /** The documented exit code (docs/exit-codes.md). */
  exitCode: number;
  /** Words the message must have: what happened, as the user is told it. */
  said: RegExp;
  /** More options for the run (a check skipped so ssoconfig meets the failure itself). */
  args?: string[];
}

const fault = (value: Fault, extra: Partial<Variants> = {}): Case['change'] => withVariants({ fault: value, ...extra });

const CASES: Case[] = [
  { name: 'exits before the first prompt', change: fault('exit-before-prompts'), exitCode: 1, said: /exited with code 1 without printing an error, before it asked for the password/ },
  { name: 'exits 0 before the first prompt', change: fault('exit-before-prompts', { exitCodeOnError: 'zero' }), exitCode: 1, said: /ended before it asked for the password/ },
  { name: 'exits between prompts', change: fault('exit-between-prompts'), exitCode: 1, said: /exited with code 1 without printing an error, after the password was typed/ },
  { name: 'exits 0 between prompts', change: fault('exit-between-prompts', { exitCodeOnError: 'zero' }), exitCode: 1, said: /ended with exit code 0, after the password was typed, and the backup file does not exist/ },
  { name: 'exits after the last prompt', change: fault('exit-after-prompts'), exitCode: 1, said: /exited with code 1 without printing an error, after the last answer/ },
  { name: 'exits 0 after the last prompt, no file', change: fault('exit-after-prompts', { exitCodeOnError: 'zero' }), exitCode: 1, said: /backup file does not exist/ },
  { name: 'a truncated file, exit 1', change: fault('truncated-file'), exitCode: 1, said: /exited with code 1 .*renamed to .*good\.bak\.incomplete-/ },
  { name: 'a truncated file, exit 0 and no word', change: fault('truncated-file', { exitCodeOnError: 'zero' }), exitCode: 4, said: /could not be verified.*does not open as a backup.*renamed to .*\.unverified-/ },
  { name: 'a full disk: a partial file and 0x80070070', change: fault('disk-full'), exitCode: 1, said: /0x80070070/ },
  { name: 'a full disk, exit 0', change: fault('disk-full', { exitCodeOnError: 'zero' }), exitCode: 1, said: /0x80070070/ },
  { name: 'a crash (access violation)', change: fault('crash'), exitCode: 1, said: /ssoconfig crashed \(it died of signal SIGSEGV\) without printing an error, after the last answer/ },
  { name: 'hangs before the first prompt', change: fault('hang-before-prompts'), exitCode: 1, said: /no prompt the driver knows within/ },
  { name: 'hangs after the last prompt (afterLastPrompt=hang)', change: withVariants({ afterLastPrompt: 'hang' }), exitCode: 1, said: /did not finish within/ },
  { name: 'hangs after writing the whole file', change: fault('hang-after-write'), exitCode: 1, said: /did not finish within/ },
  {
    name: 'the folder refuses the file (storage.denied)',
    change: (state, machine) => ({ ...state, storage: { ...state.storage, denied: [machine.backupsDir] } }),
    exitCode: 1,
    said: /0xC0002A20/,
  },
  {
    name: 'the folder refuses the file, exit 0 after the error',
    change: (state, machine) => ({ ...state, storage: { ...state.storage, denied: [machine.backupsDir] }, variants: { ...state.variants, exitCodeOnError: 'zero' } }),
    exitCode: 1,
    said: /0xC0002A20/,
  },
  { name: 'an error with exit code 0 (not an SSO administrator, check skipped)', change: (state) => ({ ...withVariants({ exitCodeOnError: 'zero' })(state), ssoAdministrator: false }), exitCode: 1, said: /0xC0002A14/, args: ['--skip-check', 'sso-administrator'] },
];

/** Every assertion the issue makes of a fault, after the run. */
async function expectHandled(machine: TestMachine, before: Record<string, string>, run: Run, c: Case): Promise<void> {
  const context = `${run.stderr}\n${run.stdout}`;
  // Ended on its own, within the driver's limits, with the documented code; never "succeeded".
  expect(run.timedOut, context).toBe(false);
  expect(run.exitCode, context).toBe(c.exitCode);
  expect(run.exitCode).not.toBe(0);
  expect(run.json.status).not.toBe('succeeded');
  expect(run.json.exitCode).toBe(c.exitCode);
  expect(run.json.backup).toBeNull();
  // What, why, next: in the JSON and on stderr.
  const error = run.json.error!;
  for (const part of [error.what, error.why, error.next]) expect(part.trim().length, context).toBeGreaterThan(10);
  expect(`${error.what} ${error.why} ${error.next}`).toMatch(c.said);
  expect(run.stderr).toContain(error.what);
  expect(run.stderr).toMatch(/why: /);
  expect(run.stderr).toMatch(/next: /);
  expect(run.stderr + run.stdout).not.toContain(PASSWORD);
  // The earlier backup, its receipt and manifest: byte for byte, and still verified.
  expect(snapshot(machine)).toEqual(before);
  // Nothing else keeps a backup's name or a receipt: only good.bak's, and files renamed aside.
  const others = readdirSync(machine.backupsDir).filter((name) => !Object.hasOwn(before, name));
  for (const name of others) expect(name, `left in the folder: ${others.join(', ')}`).toMatch(ASIDE);
  for (const name of [GOOD, template!.named]) {
    const checked = await verify(machine, machine.backupFile(name));
    expect(checked.exitCode, checked.stdout).toBe(0);
  }
  // ssoconfig is gone too: a hung one killed, none left holding the file (on Windows it would stay locked).
  expect(processesHolding(machine.dir)).toEqual([]);
}

describe.concurrent('each fault, unattended, over an earlier good backup it was asked to replace', () => {
  it.for(CASES)('$name', async (c, { task }) => {
    trial(task, 'faults');
    const { machine, before } = await machineWithGoodBackup(c.change);
    try {
      const run = await unattended(machine, ['--file', machine.backupFile(GOOD), '--replace', ...(c.args ?? [])]);
      await expectHandled(machine, before, run, c);
    } finally {
      machine.remove();
    }
  });
});

describe.concurrent('faults on the way to a new file beside the earlier backups, with --keep 1 and --copy-to', () => {
  it.for(CASES.filter((c) => ['a truncated file, exit 0 and no word', 'a crash (access violation)', 'hangs after writing the whole file', 'a full disk, exit 0'].includes(c.name)))(
    '$name',
    async (c, { task }) => {
      trial(task, 'faults');
      const { machine, before } = await machineWithGoodBackup(c.change);
      const share = path.join(machine.dir, 'share');
      try {
        const run = await unattended(machine, ['--folder', machine.backupsDir, '--keep', '1', '--copy-to', share, ...(c.args ?? [])]);
        await expectHandled(machine, before, run, c);
        // Nothing copied off, nothing removed: --keep and --copy-to wait for a verified backup.
        expect(existsSync(share)).toBe(false);
        expect((run.json as unknown as { removed: string[] }).removed).toEqual([]);
      } finally {
        machine.remove();
      }
    },
  );
});

describe('faults through the wizard, in a real terminal, replacing the earlier backup', () => {
  const Q = {
    exists: 'exists already. What now?',
    password: '? Password for the backup file',
    again: '? The same password again',
    reminder: '? Password reminder',
    goAhead: '? Run ssoconfig -backupsecret now?',
  };

  it.for([
    { name: 'a truncated file, exit 0 and no word (exit 4)', change: fault('truncated-file', { exitCodeOnError: 'zero' }), exitCode: 4, said: 'could not be verified' },
    { name: 'a crash (exit 1)', change: fault('crash'), exitCode: 1, said: 'ssoconfig crashed' },
    { name: 'hangs after writing the whole file (exit 1)', change: fault('hang-after-write'), exitCode: 1, said: 'did not finish within' },
  ])('$name', async (c, { task }) => {
    trial(task, 'faults');
    const { machine, before } = await machineWithGoodBackup(c.change);
    try {
      const term = runInTerminal(...command('--sso-dir', machine.installDir, '--file', machine.backupFile(GOOD)), { cols: 220, env: { ...process.env, CI: undefined } });
      const answer = async (question: string, text: string): Promise<void> => {
        await term.waitFor(question, 20_000);
        term.type(text);
        term.press('enter');
      };
      await term.waitFor(Q.exists, 20_000);
      term.press('down');
      term.press('enter'); // Replace it
      await answer(Q.password, PASSWORD);
      await answer(Q.again, PASSWORD);
      await answer(Q.reminder, REMINDER);
      await answer(Q.goAhead, 'y');
      const exit = await Promise.race([term.exited, new Promise<undefined>((resolve) => setTimeout(resolve, HARD_STOP_MS))]);
      if (exit === undefined) term.kill();
      const screen = term.screen();
      expect(exit, screen).toBeDefined();
      expect(exit!.exitCode, screen).toBe(c.exitCode);
      expect(screen).toContain(c.said);
      expect(screen).toMatch(/why: /);
      expect(screen).toMatch(/next: /);
      expect(screen).toContain(`The earlier file is back at ${machine.backupFile(GOOD)}, untouched.`);
      expect(screen).not.toContain('The master secret is backed up, and the file is verified.');
      expect(screen).not.toContain(PASSWORD);
      expect(snapshot(machine)).toEqual(before);
      const others = readdirSync(machine.backupsDir).filter((name) => !Object.hasOwn(before, name));
      for (const name of others) expect(name).toMatch(ASIDE);
      expect((await verify(machine, machine.backupFile(GOOD))).exitCode).toBe(0);
      expect(processesHolding(machine.dir)).toEqual([]);
    } finally {
      machine.remove();
    }
  });
});
