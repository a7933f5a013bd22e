/**
 * Interruptions (issue 7, part 3). Ctrl+C, SIGTERM and a closed terminal (SIGHUP) at each question of the wizard,
 * while ssoconfig runs (the simulator's `afterLastPrompt: 'hang'`), while the earlier file is moved aside, while the
 * new file is verified and while a --copy-to copy is written; in the wizard and unattended. Each ends as
 * docs/exit-codes.md says (130), with no process of the run left, nothing half-done that looks valid (no file with
 * the backup's name that is not a verified backup, no receipt or manifest beside a bad file, no `.partial-` or
 * temporary file), an earlier good backup untouched, and a message saying what happened and what to do.
 *
 * The points inside the program are made exact without any switch in it: the built CLI runs with a test-only
 * preload (test/fixtures/pause-at.mjs) that stops one node:fs/promises call on a path and writes a marker file;
 * the test waits for the marker, then interrupts.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, it, type ExpectStatic } from 'vitest';
import { decryptBackup } from '../../src/simulator/backup-file.js';
import { backupsDirOf, createSimulatedMachine, installDirOf } from '../../src/simulator/machine-layout.js';
import type { MachineStateOverrides } from '../../src/simulator/machine-state.js';
import { processesHolding } from '../support/canary.js';
import { cli, targetLauncher } from '../support/target.js';
import { runInTerminal, type TerminalRun } from '../support/terminal.js';
import { trial } from './figures.js';

const PASSWORD = 'Maple-Kettle-Orbit-73';
const REMINDER = 'PROD vault, entry SSO, ask Anna';
const PAUSE_AT = path.resolve(import.meta.dirname, '../fixtures/pause-at.mjs');
/** Records the exit code the program decided (test/fixtures/exit-code.mjs). */
const EXIT_CODE = path.resolve(import.meta.dirname, '../fixtures/exit-code.mjs');
const exitLogOf = (at: Pick<Place, 'root'>): string => path.join(at.root, 'exit-code');

/**
 * The run ended as a stop: the exit code it decided was 130 (recorded as it exited). A closed terminal hangs up more
 * than once (the kernel's SIGHUP and the terminal's own); a late one can land while Node tears the process down after
 * the run has ended in order, when Node has given the signal back its default: the process then dies of SIGHUP with
 * its code already decided, which nobody sees (the terminal is gone). Anything else must be a plain exit 130.
 */
function expectStopped(expect: ExpectStatic, at: Pick<Place, 'root'>, end: { exitCode: number | undefined; signal?: string | number | undefined }, how: string, text?: string): void {
  expect(existsSync(exitLogOf(at)) ? readFileSync(exitLogOf(at), 'utf8') : 'no exit: killed before it ended', text).toBe('130');
  const lateHangUp = how === 'terminal closed' && (end.signal === 1 || end.signal === 'SIGHUP');
  if (!lateHangUp) expect({ exitCode: end.exitCode, signal: end.signal || undefined }, text).toEqual({ exitCode: 130, signal: undefined });
}
/** The earlier good backup every machine starts with: made once, by a real run, and copied in. */
const EARLIER = 'SSO-SSOSIM01-20250101-000000.bak';
const ALL = [EARLIER, `${EARLIER}.sha256`, `${EARLIER}.manifest.json`];

const Q = {
  file: '? Backup file',
  createFolder: 'does not exist. Create it',
  replace: 'exists already. What now?',
  password: '? Password for the backup file',
  again: '? The same password again',
  reminder: '? Password reminder',
  goAhead: '? Run ssoconfig -backupsecret now?',
};

type How = 'ctrl-c' | 'SIGTERM' | 'terminal closed';
const HOWS: How[] = ['ctrl-c', 'SIGTERM', 'terminal closed'];

interface Place {
  root: string;
  machine: string;
  installDir: string;
  backupsDir: string;
  share: string;
  marker: string;
  /** The earlier backup's files and their bytes. */
  earlier: Map<string, Buffer>;
}

let template: Promise<string> | undefined;

/** The earlier backup, made once by an unattended run on a machine of its own. */
function earlierBackup(): Promise<string> {
  template ??= (async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'sso-int-template-'));
    createSimulatedMachine(path.join(root, 'm'), { launcher: targetLauncher() });
    const file = path.join(backupsDirOf(path.join(root, 'm')), EARLIER);
    const result = await execa(
      ...cli('--sso-dir', installDirOf(path.join(root, 'm')), '--file', file, '--reminder', REMINDER, '--yes', '--password-stdin'),
      { input: PASSWORD, reject: false, env: { CI: undefined } },
    );
    if (result.exitCode !== 0) throw new Error(`the earlier backup could not be made:\n${result.stderr}`);
    return backupsDirOf(path.join(root, 'm'));
  })();
  return template;
}

/** A machine of its own with the earlier backup in its folder, a share, a marker path; removed by `done`. */
async function place(state: MachineStateOverrides = {}): Promise<Place & { done(): void }> {
  const from = await earlierBackup();
  const root = mkdtempSync(path.join(tmpdir(), 'sso-int-'));
  const machine = path.join(root, 'machine');
  createSimulatedMachine(machine, { state, launcher: targetLauncher() });
  const backupsDir = backupsDirOf(machine);
  const earlier = new Map<string, Buffer>();
  for (const name of ALL) {
    copyFileSync(path.join(from, name), path.join(backupsDir, name));
    earlier.set(name, readFileSync(path.join(backupsDir, name)));
  }
  const share = path.join(root, 'share');
  mkdirSync(share);
  return {
    root,
    machine,
    installDir: installDirOf(machine),
    backupsDir,
    share,
    marker: path.join(root, 'paused'),
    earlier,
    done: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** What the test-only preload is to stop at (test/fixtures/pause-at.mjs). */
interface PauseAt {
  op: 'copyFile' | 'writeFile' | 'rename' | 'stdin';
  path?: string;
  half?: boolean;
  release?: 'signal' | 'never';
  throw?: boolean;
}

function command(args: string[], pause: PauseAt | undefined): [string, string[]] {
  const [node, rest] = cli(...args);
  return [node, ['--import', EXIT_CODE, ...(pause ? ['--import', PAUSE_AT] : []), ...rest]];
}

function environment(at: Place, pause: PauseAt | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'CI') env[k] = v;
  env['SSO_TEST_EXIT_LOG'] = exitLogOf(at);
  if (pause) env['SSO_TEST_PAUSE_AT'] = JSON.stringify({ ...pause, marker: at.marker });
  return env;
}

// ---------------------------------------------------------------------------------------------------------------
// A real terminal (test/support/terminal.ts), the program started with the preload when a pause is asked for.

function inTerminal(args: string[], at: Place, pause?: PauseAt): TerminalRun {
  return runInTerminal(...command(args, pause), { cols: 200, rows: 50, cwd: at.root, env: environment(at, pause) });
}

async function answer(run: TerminalRun, question: string, text: string): Promise<void> {
  await run.waitFor(question);
  run.type(`${text}\r`);
}

// ---------------------------------------------------------------------------------------------------------------
// What must hold after an interruption.

/** Every process below `root` now: pid and start time (/proc/<pid>/stat), to tell a reused pid apart. */
function descendants(root: number): { pid: number; start: string }[] {
  const parent = new Map<number, { ppid: number; start: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), { ppid: Number(fields[1]), start: fields[19]! });
    } catch {
      // gone meanwhile
    }
  }
  const found: { pid: number; start: string }[] = [];
  const walk = (pid: number): void => {
    for (const [child, info] of parent) {
      if (info.ppid === pid) {
        found.push({ pid: child, start: info.start });
        walk(child);
      }
    }
  };
  walk(root);
  return found;
}

function alive(p: { pid: number; start: string }): boolean {
  try {
    const stat = readFileSync(`/proc/${p.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] === p.start && fields[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Waits (not a timed assertion: a generous deadline) for every process of the run to be gone; what is left. */
async function leftOver(at: Place, tree: { pid: number; start: string }[]): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const left = [...tree.filter(alive).map((p) => `descendant ${p.pid}`), ...processesHolding(at.root)];
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A file set aside by a rollback: named so it cannot pass for a backup, and said in the message. */
const ASIDE = /\.bak\.(incomplete|unverified)-\d{8}T\d{6}$/;

/**
 * The folder holds the earlier backup byte for byte, files set aside under names no one takes for a backup, and
 * `made` (the backups this run made and verified): each with a receipt that matches it and a password that opens it.
 * Nothing else: no `.partial-`, no temporary file, no receipt or manifest without its backup, no lock.
 */
function expectNothingHalfDone(expect: ExpectStatic, dir: string, earlier: Map<string, Buffer>, made: string[] = []): void {
  const names = readdirSync(dir).sort();
  for (const [name, bytes] of earlier) expect(readFileSync(path.join(dir, name)), `${name} untouched`).toEqual(bytes);
  const others = names.filter((n) => !earlier.has(n) && !ASIDE.test(n));
  const expected = made.flatMap((file) => [file, `${file}.manifest.json`, `${file}.sha256`]).sort();
  expect(others, `files in ${dir}`).toEqual(expected);
  for (const file of made) {
    const full = path.join(dir, file);
    expect(readFileSync(`${full}.sha256`, 'utf8')).toBe(`${sha256(full)}  ${file}\n`);
    expect(() => decryptBackup(readFileSync(full), PASSWORD)).not.toThrow();
  }
}

/** The new backup's name, beside the earlier one. */
const NEW = 'SSO-SSOSIM01-new.bak';
const newFile = (at: Place): string => path.join(at.backupsDir, NEW);

async function waitForFile(file: string, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what} (${file}).`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The message: what happened, and what to do; not for a terminal that was closed (nobody reads it). */
function expectCancelMessage(expect: ExpectStatic, text: string, extra?: RegExp): void {
  expect(text).toMatch(/sso-backup: .*[Cc]ancelled/);
  expect(text).toMatch(/next: .*(again|by hand)/);
  if (extra) expect(text).toMatch(extra);
}

// ---------------------------------------------------------------------------------------------------------------

interface QuestionPoint {
  name: string;
  args: (at: Place) => string[];
  /** Answers up to the question, then waits for it. */
  reach: (run: TerminalRun) => Promise<void>;
}

const QUESTIONS: QuestionPoint[] = [
  { name: 'the backup file', args: () => [], reach: (run) => run.waitFor(Q.file) },
  { name: 'create the folder?', args: (at) => ['--file', path.join(at.backupsDir, 'new', 'sub', 'SSO.bak')], reach: (run) => run.waitFor(Q.createFolder) },
  { name: 'replace the existing file?', args: (at) => ['--file', path.join(at.backupsDir, EARLIER)], reach: (run) => run.waitFor(Q.replace) },
  { name: 'the password', args: (at) => ['--file', newFile(at)], reach: (run) => run.waitFor(Q.password) },
  {
    // Typed and entered: the interruption lands while the password is measured and the next question is made.
    name: 'the password, as it is checked',
    args: (at) => ['--file', newFile(at)],
    reach: (run) => answer(run, Q.password, PASSWORD),
  },
  {
    name: 'the confirmation',
    args: (at) => ['--file', newFile(at)],
    reach: async (run) => {
      await answer(run, Q.password, PASSWORD);
      await run.waitFor(Q.again);
    },
  },
  {
    name: 'the reminder',
    args: (at) => ['--file', newFile(at)],
    reach: async (run) => {
      await answer(run, Q.password, PASSWORD);
      await answer(run, Q.again, PASSWORD);
      await run.waitFor(Q.reminder);
    },
  },
  {
    name: 'the final go-ahead',
    args: (at) => ['--file', newFile(at)],
    reach: async (run) => {
      await answer(run, Q.password, PASSWORD);
      await answer(run, Q.again, PASSWORD);
      await answer(run, Q.reminder, REMINDER);
      await run.waitFor(Q.goAhead);
    },
  },
];

describe.concurrent('the wizard, at each question: exit 130, nothing run or written', () => {
  const cases = QUESTIONS.flatMap((q) => HOWS.map((how) => ({ ...q, how })));
  it.for(cases)('$name: $how', async ({ args, reach, how }, { task, expect }) => {
    trial(task, 'interruptions');
    const at = await place();
    try {
      const run = inTerminal(['--sso-dir', at.installDir, ...args(at)], at);
      await reach(run);
      const tree = descendants(run.pid);
      run.interrupt(how);
      const { exitCode, signal } = await run.exited;
      expectStopped(expect, at, { exitCode, signal }, how, run.screen());
      expect(await leftOver(at, tree)).toEqual([]);
      expectNothingHalfDone(expect, at.backupsDir, at.earlier);
      expect(existsSync(path.join(at.backupsDir, 'new')), 'no folder created').toBe(false);
      if (how !== 'terminal closed') expectCancelMessage(expect, run.screen(), /nothing was run/);
    } finally {
      at.done();
    }
  });
});

/**
 * A closed terminal hangs up more than once (the kernel's SIGHUP to the session, the pseudo-terminal's own), and its
 * input ends. Seen on CI at the go-ahead question: the question then waited on nothing and Node exited with code 0.
 * A barrage of SIGHUPs from that question to the end: the run must still decide 130.
 */
describe('the terminal hanging up again and again', () => {
  it('at the go-ahead question: the run still ends in order, exit 130', async ({ task, expect }) => {
    trial(task, 'interruptions');
    const at = await place();
    const goAhead = QUESTIONS.find((q) => q.name === 'the final go-ahead')!;
    try {
      const run = inTerminal(['--sso-dir', at.installDir, ...goAhead.args(at)], at);
      await goAhead.reach(run);
      const barrage = setInterval(() => {
        try {
          process.kill(run.pid, 'SIGHUP');
        } catch {
          // ended
        }
      }, 2);
      const { exitCode, signal } = await run.exited.finally(() => clearInterval(barrage));
      expectStopped(expect, at, { exitCode, signal }, 'terminal closed');
      expectNothingHalfDone(expect, at.backupsDir, at.earlier);
    } finally {
      at.done();
    }
  });
});

/** The wizard answered to the go-ahead; `pause` stops the program at a place of its own. */
async function wizardRun(at: Place, extra: string[], pause?: PauseAt): Promise<TerminalRun> {
  const run = inTerminal(['--sso-dir', at.installDir, '--file', newFile(at), ...extra], at, pause);
  await answer(run, Q.password, PASSWORD);
  await answer(run, Q.again, PASSWORD);
  await answer(run, Q.reminder, REMINDER);
  await answer(run, Q.goAhead, 'y');
  return run;
}

describe.concurrent('the wizard, while ssoconfig runs (it hangs after the last prompt)', () => {
  it.for(HOWS)('%s: ssoconfig stopped, exit 130, no file left as a backup', async (how, { task, expect }) => {
    trial(task, 'interruptions');
    const at = await place({ variants: { afterLastPrompt: 'hang' } });
    try {
      const run = await wizardRun(at, []);
      await run.waitFor('ssoconfig asked for the reminder');
      const tree = descendants(run.pid);
      expect(tree.length, 'ssoconfig runs below sso-backup').toBeGreaterThan(0);
      run.interrupt(how);
      const { exitCode, signal } = await run.exited;
      expectStopped(expect, at, { exitCode, signal }, how, run.screen());
      expect(await leftOver(at, tree)).toEqual([]);
      expectNothingHalfDone(expect, at.backupsDir, at.earlier);
      if (how !== 'terminal closed') expectCancelMessage(expect, run.screen(), /ssoconfig was stopped/);
    } finally {
      at.done();
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Unattended: a runbook engine's SIGTERM, a console's Ctrl+C (SIGINT), a dropped session (SIGHUP).

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

interface Unattended {
  pid: number;
  stderr(): string;
  /** Resolves when stderr holds `text`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  signal(name: NodeJS.Signals): void;
  ended: Promise<{ exitCode: number | undefined; signal: string | undefined; stdout: string; stderr: string }>;
}

function unattended(at: Place, extra: string[], options: { pause?: PauseAt; input?: string } = {}): Unattended {
  const args = ['--sso-dir', at.installDir, '--file', newFile(at), '--reminder', REMINDER, '--yes', '--password-stdin', '--json', ...extra];
  const child = execa(...command(args, options.pause), {
    reject: false,
    // The run is to end by itself after the signal, however long that takes: no SIGKILL from execa after 5 s.
    forceKillAfterDelay: false,
    env: environment(at, options.pause),
    extendEnv: false,
    cwd: at.root,
    ...(options.input === undefined ? { stdin: 'pipe' as const } : { input: options.input }),
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    pid: child.pid!,
    stderr: () => stderr,
    waitFor: async (text, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!stderr.includes(text)) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for "${text}". stderr:\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    signal: (name) => child.kill(name),
    ended: child.then((r) => ({ exitCode: r.exitCode, signal: r.signal, stdout: r.stdout, stderr: r.stderr })),
  };
}

interface JsonResult {
  status: string;
  exitCode: number;
  backup: { file: string } | null;
  copies: { destination: string; ok: boolean }[];
  error: { what: string; why: string; next: string } | null;
}

describe.concurrent('unattended, while ssoconfig runs (it hangs after the last prompt)', () => {
  it.for(SIGNALS)('%s: ssoconfig stopped, exit 130, "cancelled" in the JSON, no file left as a backup', async (name, { task, expect }) => {
    trial(task, 'interruptions');
    const at = await place({ variants: { afterLastPrompt: 'hang' } });
    try {
      const run = unattended(at, [], { input: PASSWORD });
      await run.waitFor('backing up the master secret');
      const tree = descendants(run.pid);
      run.signal(name);
      const end = await run.ended;
      expect({ exitCode: end.exitCode, signal: end.signal }, end.stderr).toEqual({ exitCode: 130, signal: undefined });
      const json = JSON.parse(end.stdout) as JsonResult;
      expect(json).toMatchObject({ status: 'cancelled', exitCode: 130, backup: null });
      expect(await leftOver(at, tree)).toEqual([]);
      expectNothingHalfDone(expect, at.backupsDir, at.earlier);
      expectCancelMessage(expect, end.stderr, /ssoconfig was stopped/);
    } finally {
      at.done();
    }
  });
});

describe.concurrent('unattended, while it waits for the password on stdin (nothing piped in yet)', () => {
  it.for(SIGNALS)('%s: exit 130 at once, nothing run', async (name, { task, expect }) => {
    trial(task, 'interruptions');
    const at = await place();
    try {
      const run = unattended(at, [], { pause: { op: 'stdin' } });
      await waitForFile(at.marker, 'the read of stdin');
      run.signal(name);
      const end = await run.ended;
      expect({ exitCode: end.exitCode, signal: end.signal }, end.stderr).toEqual({ exitCode: 130, signal: undefined });
      expect(JSON.parse(end.stdout) as JsonResult).toMatchObject({ status: 'cancelled', exitCode: 130, backup: null });
      expect(await leftOver(at, [])).toEqual([]);
      expectNothingHalfDone(expect, at.backupsDir, at.earlier);
      expectCancelMessage(expect, end.stderr, /while the password was being read; nothing was run/);
    } finally {
      at.done();
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Inside the run, made exact by the preload: the earlier file moved aside, the receipt written, a copy written.

/** The earlier file is being moved aside for --replace (its receipt first) when the stop comes. */
const MOVING_ASIDE: PauseAt = { op: 'rename', path: '\\.replaced-' };
/** The receipt's temporary file is half written. */
const VERIFYING: PauseAt = { op: 'writeFile', path: '\\.sha256\\.\\d+-[0-9a-f]+\\.tmp$', half: true };
/** Half the backup is in the copy's temporary file. */
const COPYING: PauseAt = { op: 'copyFile', path: '\\.partial-', half: true };

describe.concurrent('while the earlier file is moved aside (--replace): it is put back, exit 130', () => {
  const cases: { how: How | 'unattended SIGTERM' }[] = [{ how: 'ctrl-c' }, { how: 'terminal closed' }, { how: 'unattended SIGTERM' }];
  it.for(cases)('$how', async ({ how }, { task, expect }) => {
    trial(task, 'interruptions');
    const at = await place();
    try {
      const earlierFile = path.join(at.backupsDir, EARLIER);
      let end: { exitCode: number | undefined; signal: string | number | undefined; text?: string };
      let tree: { pid: number; start: string }[];
      if (how === 'unattended SIGTERM') {
        const args = ['--sso-dir', at.installDir, '--file', earlierFile, '--replace', '--reminder', REMINDER, '--yes', '--password-stdin', '--json'];
        const child = execa(...command(args, MOVING_ASIDE), { reject: false, forceKillAfterDelay: false, env: environment(at, MOVING_ASIDE), extendEnv: false, input: PASSWORD });
        await waitForFile(at.marker, 'the move aside');
        tree = descendants(child.pid!);
        child.kill('SIGTERM');
        const r = await child;
        end = { exitCode: r.exitCode, signal: r.signal, text: r.stderr };
        expect(JSON.parse(r.stdout) as JsonResult).toMatchObject({ status: 'cancelled', exitCode: 130, backup: null });
      } else {
        const run = inTerminal(['--sso-dir', at.installDir, '--file', earlierFile], at, MOVING_ASIDE);
        await run.waitFor(Q.replace);
        run.type('\u001b[B\r'); // Replace it
        await answer(run, Q.password, PASSWORD);
        await answer(run, Q.again, PASSWORD);
        await answer(run, Q.reminder, REMINDER);
        await answer(run, Q.goAhead, 'y');
        await waitForFile(at.marker, 'the move aside');
        tree = descendants(run.pid);
        run.interrupt(how);
        const r = await run.exited;
        end = { exitCode: r.exitCode, signal: r.signal || undefined, ...(how === 'terminal closed' ? {} : { text: run.screen() }) };
      }
      expectStopped(expect, at, end, how, end.text);
      expect(await leftOver(at, tree)).toEqual([]);
      expectNothingHalfDone(expect, at.backupsDir, at.earlier);
      if (end.text !== undefined) expectCancelMessage(expect, end.text);
    } finally {
      at.done();
    }
  });
});

/**
 * Once ssoconfig has written the file, a stop no longer throws a good backup away: the check in progress is
 * finished (it takes milliseconds), and then nothing further is done: no copy, no --keep. Exit 130, and the message
 * says where the verified backup is and what was not done.
 */
describe.concurrent('while the new file is verified (its receipt half written): the backup is finished and kept, exit 130, nothing further done', () => {
  const cases: { how: How | 'unattended SIGTERM' }[] = [...HOWS.map((how) => ({ how })), { how: 'unattended SIGTERM' }];
  it.for(cases)('$how', async ({ how }, { task, expect }) => {
    trial(task, 'interruptions');
    const at = await place();
    try {
      const copyTo = ['--copy-to', at.share, '--keep', '1'];
      let end: { exitCode: number | undefined; signal: string | number | undefined; text?: string };
      let tree: { pid: number; start: string }[];
      if (how === 'unattended SIGTERM') {
        const run = unattended(at, copyTo, { pause: VERIFYING, input: PASSWORD });
        await waitForFile(at.marker, 'the receipt');
        tree = descendants(run.pid);
        run.signal('SIGTERM');
        const r = await run.ended;
        end = { exitCode: r.exitCode, signal: r.signal, text: r.stderr };
        const json = JSON.parse(r.stdout) as JsonResult;
        expect(json).toMatchObject({ status: 'cancelled', exitCode: 130, backup: { file: newFile(at) }, copies: [] });
      } else {
        const run = await wizardRun(at, copyTo, VERIFYING);
        await waitForFile(at.marker, 'the receipt');
        tree = descendants(run.pid);
        run.interrupt(how);
        const r = await run.exited;
        end = { exitCode: r.exitCode, signal: r.signal || undefined, ...(how === 'terminal closed' ? {} : { text: run.screen() }) };
      }
      expectStopped(expect, at, end, how, end.text);
      expect(await leftOver(at, tree)).toEqual([]);
      // The earlier backup is still there: --keep 1 removed nothing.
      expectNothingHalfDone(expect, at.backupsDir, at.earlier, [NEW]);
      expect(readdirSync(at.share)).toEqual([]);
      if (end.text !== undefined) {
        expectCancelMessage(expect, end.text, new RegExp(`after the backup was made and verified: ${newFile(at).replace(/[.]/g, '\\.')}[\\s\\S]*Not copied to: ${at.share}`));
      }
    } finally {
      at.done();
    }
  });
});

/**
 * The receipt's write never comes back (a share that stopped answering): a stop must still end the run. The check is
 * given up 2 s after the stop: exit 130, the file renamed aside (not verified), no receipt or temporary file left.
 */
describe('while the receipt\'s write hangs for good: given up after the stop, exit 130, nothing half-done', () => {
  it.for(SIGNALS.map((signal) => ({ signal })))('unattended $signal', async ({ signal }, { task, expect }) => {
    trial(task, 'interruptions');
    const at = await place();
    try {
      const run = unattended(at, [], { pause: { ...VERIFYING, release: 'never' }, input: PASSWORD });
      await waitForFile(at.marker, 'the receipt');
      const tree = descendants(run.pid);
      run.signal(signal);
      const r = await run.ended;
      expect({ exitCode: r.exitCode, signal: r.signal }, r.stderr).toEqual({ exitCode: 130, signal: undefined });
      expect(JSON.parse(r.stdout) as JsonResult).toMatchObject({ status: 'cancelled', exitCode: 130, backup: null });
      expect(r.stderr).toMatch(/the check did not finish[\s\S]*renamed to [^\n]*\.incomplete-/);
      expect(await leftOver(at, tree)).toEqual([]);
      expectNothingHalfDone(expect, at.backupsDir, at.earlier);
    } finally {
      at.done();
    }
  });
});

describe.concurrent('while a --copy-to copy is written: the copy removed, the backup kept, exit 130', () => {
  const cases: { how: How | `unattended ${(typeof SIGNALS)[number]}` }[] = [...HOWS.map((how) => ({ how })), ...SIGNALS.map((s) => ({ how: `unattended ${s}` as const }))];
  it.for(cases)('$how', async ({ how }, { task, expect }) => {
    trial(task, 'interruptions');
    const at = await place();
    try {
      const copyTo = ['--copy-to', at.share, '--keep', '1'];
      let end: { exitCode: number | undefined; signal: string | number | undefined; text?: string };
      let tree: { pid: number; start: string }[];
      if (how.startsWith('unattended ')) {
        const run = unattended(at, copyTo, { pause: COPYING, input: PASSWORD });
        await waitForFile(at.marker, 'the copy');
        tree = descendants(run.pid);
        run.signal(how.slice('unattended '.length) as NodeJS.Signals);
        const r = await run.ended;
        end = { exitCode: r.exitCode, signal: r.signal, text: r.stderr };
        expect(JSON.parse(r.stdout) as JsonResult).toMatchObject({ status: 'cancelled', exitCode: 130, backup: { file: newFile(at) }, copies: [] });
      } else {
        const run = await wizardRun(at, copyTo, COPYING);
        await waitForFile(at.marker, 'the copy');
        tree = descendants(run.pid);
        run.interrupt(how as How);
        const r = await run.exited;
        end = { exitCode: r.exitCode, signal: r.signal || undefined, ...(how === 'terminal closed' ? {} : { text: run.screen() }) };
      }
      expectStopped(expect, at, end, how, end.text);
      expect(await leftOver(at, tree)).toEqual([]);
      expectNothingHalfDone(expect, at.backupsDir, at.earlier, [NEW]);
      expect(readdirSync(at.share), 'no .partial- file, nothing under the backup\'s name').toEqual([]);
      if (end.text !== undefined) expectCancelMessage(expect, end.text, /Not copied to: .*\(a copy cut short was removed\)[\s\S]*by hand, or run sso-backup again/);
    } finally {
      at.done();
    }
  });

  it('a copy to a share that hangs for ever: SIGTERM still ends the run (exit 130), the half copy removed', async ({ task, expect }) => {
    trial(task, 'interruptions');
    const at = await place();
    try {
      const run = unattended(at, ['--copy-to', at.share], { pause: { ...COPYING, release: 'never' }, input: PASSWORD });
      await waitForFile(at.marker, 'the copy');
      run.signal('SIGTERM');
      const end = await run.ended;
      expect({ exitCode: end.exitCode, signal: end.signal }, end.stderr).toEqual({ exitCode: 130, signal: undefined });
      expectNothingHalfDone(expect, at.backupsDir, at.earlier, [NEW]);
      expect(readdirSync(at.share)).toEqual([]);
      expectCancelMessage(expect, end.stderr, /Not copied to/);
    } finally {
      at.done();
    }
  });
});

describe('a defect is not an interruption', () => {
  it('an uncaught exception ends the run with exit 70 and the stack, not 1 (which says ssoconfig failed)', async ({ task, expect }) => {
    trial(task, 'faults');
    const at = await place();
    try {
      const run = unattended(at, [], { pause: { ...VERIFYING, throw: true }, input: PASSWORD });
      const end = await run.ended;
      expect(end.exitCode, end.stderr).toBe(70);
      expect(end.stderr).toMatch(/sso-backup: unexpected internal error\. Please report it with this text\.\nError: pause-at: a planted defect/);
    } finally {
      at.done();
    }
  });
});
