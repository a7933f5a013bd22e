/**
 * `sso-backup demo`'s command wiring, with a stand-in terminal: the password guard before the parser, one JSON
 * object with --json whatever happens (its own refusals too), --json alone as the runbook rehearsal, and the
 * machine of a refused run removed as far as it can be (on Windows, its ssoconfig.exe is a hard link to the
 * running sso-backup.exe, which cannot be deleted: EPERM).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultDemoMachines, runDemoCommand, type DemoMachines, type Terminal } from '../../src/cli/backup-command.js';
import { EXIT, SsoBackupError } from '../../src/errors.js';
import { createSimulatedMachine } from '../../src/simulator/machine-layout.js';

const CANARY = 'Canary-7f3a-Zq!9-demo';

/** A stream that keeps what is written; `tty`: it says it is a terminal (without colours). */
function stream(tty: boolean): NodeJS.WriteStream & { text(): string } {
  const chunks: string[] = [];
  const s = new PassThrough() as unknown as NodeJS.WriteStream & { text(): string };
  s.write = ((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  }) as NodeJS.WriteStream['write'];
  Object.assign(s, {
    isTTY: tty,
    columns: 120,
    hasColors: () => false,
    getColorDepth: () => 1,
    clearLine: () => true,
    cursorTo: () => true,
    moveCursor: () => true,
    text: () => chunks.join(''),
  });
  return s;
}

function terminal(options: { tty?: boolean; env?: NodeJS.ProcessEnv } = {}): Terminal & { stdout: ReturnType<typeof stream>; stderr: ReturnType<typeof stream> } {
  const stdin = new PassThrough() as NodeJS.ReadableStream & { isTTY?: boolean };
  stdin.isTTY = options.tty ?? false;
  return {
    stdin,
    stdout: stream(options.tty ?? false),
    stderr: stream(options.tty ?? false),
    env: { ...options.env },
    prompter: () => {
      throw new Error('a question was asked');
    },
  };
}

const io = { out: (): void => undefined, err: (): void => undefined };

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Machines with a launcher that is never started here; `remove` as given (the real one by default). */
function machines(remove: DemoMachines['remove'] = defaultDemoMachines.remove): DemoMachines & { dirs: string[] } {
  const dirs: string[] = [];
  return {
    dirs,
    create(state) {
      const dir = mkdtempSync(path.join(tmpdir(), 'sso-demo-test-'));
      made.push(dir);
      dirs.push(dir);
      createSimulatedMachine(dir, { state, launcher: { kind: 'script', command: '/bin/false', args: [] } });
      return dir;
    },
    remove,
  };
}

async function problemOf(run: Promise<number>): Promise<SsoBackupError> {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(SsoBackupError);
    return error as SsoBackupError;
  }
  throw new Error('the demo did not fail');
}

/** stdout must be exactly one JSON object. */
function jsonOf(text: string): { command: string; status: string; exitCode: number; error: { what: string; why: string; next: string } | null } {
  return JSON.parse(text) as ReturnType<typeof jsonOf>;
}

const REFUSED_ANSWERS = ['--yes', '--password-env', 'SSO_PW', '--reminder', 'in the team vault'];

describe('demo, unattended, a run refused after its machine was made (a weak password: exit 2)', () => {
  it('the machine is removed', async () => {
    const term = terminal({ env: { SSO_PW: 'short' } });
    const m = machines();
    const problem = await problemOf(runDemoCommand([...REFUSED_ANSWERS, '--json'], io, term, m));
    expect(problem.exitCode).toBe(EXIT.usage);
    expect(problem.what).toMatch(/password/i);
    expect(m.dirs).toHaveLength(1);
    expect(existsSync(m.dirs[0]!)).toBe(false);
    expect(term.stderr.text()).not.toContain('could not be removed');
  });

  it('a cleanup that fails (EPERM, as on Windows) keeps the exit-2 refusal, and names the folder left in one line on stderr', async () => {
    const term = terminal({ env: { SSO_PW: 'short' } });
    const m = machines(() => {
      throw Object.assign(new Error("EPERM: operation not permitted, unlink '...\\ssoconfig.exe'"), { code: 'EPERM' });
    });
    const problem = await problemOf(runDemoCommand([...REFUSED_ANSWERS, '--json'], io, term, m));
    expect(problem.exitCode).toBe(EXIT.usage);
    expect(jsonOf(term.stdout.text()).exitCode).toBe(EXIT.usage);
    const lines = term.stderr.text().split('\n').filter((line) => line.includes('could not be removed'));
    expect(lines).toEqual([`sso-backup demo: the simulated machine made for this run could not be removed (EPERM): delete ${m.dirs[0]} when sso-backup has ended.`]);
  });

  it('without --json, that line goes to stdout, the human stream', async () => {
    const term = terminal({ env: { SSO_PW: 'short' } });
    const m = machines(() => {
      throw Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' });
    });
    const problem = await problemOf(runDemoCommand(REFUSED_ANSWERS, io, term, m));
    expect(problem.exitCode).toBe(EXIT.usage);
    expect(term.stdout.text()).toContain(`could not be removed (EBUSY): delete ${m.dirs[0]}`);
  });
});

describe('demo refuses a password on the command line first, as the backup does', () => {
  it.each([
    [['--password', CANARY], '--password'],
    [['--yes', `--pw=${CANARY}`, '--json'], '--pw'],
    [['-p', CANARY, '--frob'], '-p'],
  ])('%j: the argv guard names %s, says the password is exposed, and makes no machine', async (args, flag) => {
    const term = terminal();
    const m = machines();
    const problem = await problemOf(runDemoCommand(args, io, term, m));
    expect(problem.exitCode).toBe(EXIT.usage);
    expect(problem.what).toBe(`${flag} is refused: a password is never taken on the command line.`);
    expect(problem.next).toMatch(/exposed/);
    expect(`${problem.what} ${problem.why} ${problem.next} ${term.stdout.text()} ${term.stderr.text()}`).not.toContain(CANARY);
    expect(m.dirs).toEqual([]);
  });
});

describe('demo --json prints one JSON object on its own refusals too', () => {
  it.each([
    [['--json', '--frob'], /Unknown option '--frob'/],
    [['--json', 'extra'], /"demo" takes no arguments/],
    [['--json', '--service', 'paused'], /--service paused is not a service state/],
    [['--json', '--sso-dir', '/x'], /--sso-dir is not for it/],
    [['--json', '--password', CANARY], /--password is refused/],
    [['--json', '--yes', '--password-stdin', '--password-env', 'X', '--reminder', 'r'], /more than one source/],
  ])('%j', async (args, what) => {
    const term = terminal();
    const problem = await problemOf(runDemoCommand(args, io, term, machines()));
    const json = jsonOf(term.stdout.text());
    expect(json).toMatchObject({ command: 'backup', status: 'failed', exitCode: EXIT.usage });
    expect(json.error?.what).toMatch(what);
    expect(json.error?.what).toBe(problem.what);
    expect(term.stdout.text()).not.toContain(CANARY);
  });

  it('a machine that cannot be made: exit 3 in the JSON', async () => {
    const term = terminal();
    const m: DemoMachines = {
      create: () => {
        throw new SsoBackupError({ what: 'no room', why: 'The disk is full.', next: 'Make room.' }, EXIT.machineNotFit);
      },
      remove: () => undefined,
    };
    await problemOf(runDemoCommand(['--json', '--yes', '--password-env', 'SSO_PW', '--reminder', 'r'], io, term, m));
    expect(jsonOf(term.stdout.text())).toMatchObject({ status: 'failed', exitCode: EXIT.machineNotFit, error: { what: 'no room' } });
  });

  it('a refusal by the backup itself (after the machine is made) is printed once, by the backup', async () => {
    const term = terminal({ env: { SSO_PW: 'short' } });
    await problemOf(runDemoCommand([...REFUSED_ANSWERS, '--json'], io, term, machines()));
    expect(jsonOf(term.stdout.text())).toMatchObject({ command: 'backup', exitCode: EXIT.usage });
  });
});

describe('demo --json in a terminal is the unattended rehearsal', () => {
  it('without answers: exit 2 naming the flags a runbook gives, in the JSON, and no machine made', async () => {
    const term = terminal({ tty: true });
    const m = machines();
    const problem = await problemOf(runDemoCommand(['--json'], io, term, m));
    expect(problem.exitCode).toBe(EXIT.usage);
    expect(problem.what).toMatch(/--password-stdin[\s\S]*--reminder[\s\S]*--yes/);
    expect(problem.what).not.toMatch(/--folder/);
    expect(problem.why).toContain('--json was given');
    expect(problem.what).not.toMatch(/asks for these itself/);
    expect(jsonOf(term.stdout.text()).exitCode).toBe(EXIT.usage);
    expect(m.dirs).toEqual([]);
  });

  it('with its answers and --dry-run: planned, nothing asked', async () => {
    const term = terminal({ tty: true, env: { SSO_PW: 'Quiet-Lantern-Orbit-5821' } });
    const code = await runDemoCommand(['--json', '--dry-run', '--password-env', 'SSO_PW', '--reminder', 'in the team vault'], io, term, machines());
    expect(code).toBe(EXIT.ok);
    expect(jsonOf(term.stdout.text())).toMatchObject({ command: 'backup', status: 'planned', exitCode: EXIT.ok });
    expect(term.stderr.text()).toContain('unattended (--json was given)');
  });
});

describe('the help text', () => {
  it('says that demo --json is the unattended rehearsal', async () => {
    const { HELP } = await import('../../src/cli/main.js');
    expect(HELP).toMatch(/sso-backup demo[\s\S]*unattended with the backup's flags[\s\S]*--json alone too\): a rehearsal of a runbook/);
  });
});
