/**
 * Secret hygiene through the seams (issue 7), in process: every child sso-backup starts goes through one of two
 * injected runners, the console driver's pseudo-console spawn (node-pty) and the Windows machine's tool runner
 * (reg, sc, whoami, wevtutil, ssomanage, PowerShell). Each is wrapped here with a recording one, the password is
 * taken from --password-env's variable as a run does, and no recorded program, argument, working folder or
 * environment may hold it. The scan itself is proven first: a canary planted in each kind of place is found.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { backUpSecret, loadNodePty, type LoadedPty } from '../../src/console/backup-secret.js';
import type { DriverEvent } from '../../src/console/events.js';
import { Secret } from '../../src/console/secret.js';
import { WindowsMachine, type RawToolResult, type RunTool } from '../../src/machine/windows/windows-machine.js';
import type { MachineStateOverrides } from '../../src/simulator/machine-state.js';
import { takePasswordFromEnv } from '../../src/secrets/password-sources.js';
import { uniqueCanary } from '../support/canary.js';
import { LeakScan, ProcessWatch } from '../support/leak-scan.js';
import { makeMachine } from '../support/machine.js';
import { trial } from './figures.js';

const VARIABLE = 'SSO_BACKUP_HYGIENE_PW';

afterEach(() => {
  delete process.env[VARIABLE];
});

/** The password as a --password-env run gets it: from this process's environment, which no longer holds it. */
function passwordFromEnvironment(canary: string): Secret {
  process.env[VARIABLE] = canary;
  return takePasswordFromEnv(VARIABLE);
}

interface Spawned {
  file: string;
  args: string[];
  cwd: string | undefined;
  env: Record<string, string | undefined>;
}

/** node-pty, with every spawn recorded. */
function recordingPty(spawned: Spawned[]): () => Promise<LoadedPty> {
  return async () => {
    const real = await loadNodePty();
    const pty = {
      ...real.pty,
      spawn: (file: string, args: string[] | string, options: Parameters<LoadedPty['pty']['spawn']>[2]) => {
        spawned.push({ file, args: [...args], cwd: options.cwd, env: { ...options.env } });
        return real.pty.spawn(file, args, options);
      },
    } as LoadedPty['pty'];
    return { ...real, pty };
  };
}

describe('the console driver seam: every spawn recorded', () => {
  const runs: { name: string; state: MachineStateOverrides; limits?: object; ok: boolean }[] = [
    { name: 'success', state: {}, ok: true },
    { name: 'success, ssoconfig echoing the answers in clear (cooked stdin)', state: { variants: { input: 'stdin' } }, ok: true },
    { name: 'ssoconfig fails (service stopped)', state: { service: { state: 'stopped', account: 'X\\y' } }, ok: false },
    { name: 'ssoconfig hangs and is killed', state: { variants: { afterLastPrompt: 'hang' } }, limits: { finishTimeoutMs: 1_000 }, ok: false },
  ];
  it.for(runs)('$name', async (run, { task }) => {
    const t = trial(task, 'secrets');
    const canary = uniqueCanary('Canary-Seam');
    const password = passwordFromEnvironment(canary);
    const machine = makeMachine(run.state);
    const spawned: Spawned[] = [];
    const events: DriverEvent[] = [];
    const watch = new ProcessWatch(canary);
    const outcome = await backUpSecret(
      {
        installDir: machine.installDir,
        file: machine.backupFile(),
        password,
        reminder: 'KeePass: BizTalk / SSO',
        limits: { promptTimeoutMs: 10_000, ...run.limits },
        onEvent: (event) => {
          events.push(event);
          if (event.type === 'prompt' || event.type === 'stopping') watch.sample();
        },
      },
      { loadPty: recordingPty(spawned) },
    );
    const scan = new LeakScan(canary);
    expect(spawned.length).toBe(1);
    for (const [i, child] of spawned.entries()) {
      scan.text(`spawn ${i} program`, child.file);
      scan.value(`spawn ${i} arguments`, child.args);
      scan.text(`spawn ${i} working folder`, child.cwd ?? '');
      scan.value(`spawn ${i} environment`, child.env);
    }
    scan.value('the outcome', outcome);
    scan.value('the driver events', events);
    scan.text('the transcript', outcome.facts.transcript);
    scan.processes(watch.stop());
    scan.files(machine.dir);
    const { places, leaks } = scan.report();
    t.add('places searched', places);
    t.add('leaks found', leaks.length);
    t.add('children recorded through the seam', spawned.length);
    expect(leaks).toEqual([]);
    expect(outcome.ok).toBe(run.ok);
    expect(events.some((e) => e.type === 'prompt')).toBe(true);
  });
});

/** Plays every Windows tool as failing (exit 1, no output) and records each call as execa would start it. */
function recordingTool(calls: Spawned[]): RunTool {
  return async (file, args, options = {}) => {
    // execa extends this process's environment with the options' (extendEnv), as runTool does.
    calls.push({ file, args: [...args], cwd: undefined, env: { ...process.env, ...options.env } });
    const result: RawToolResult = { exitCode: 1, stdout: new Uint8Array(), stderr: new Uint8Array() };
    return result;
  };
}

/** Every method of the machine seam that runs a tool. */
async function everyFact(machine: WindowsMachine, file: string): Promise<unknown[]> {
  return Promise.all([
    machine.names(),
    machine.findInstallDirs(),
    machine.computerNames(),
    machine.install(),
    machine.token(),
    machine.service(),
    machine.ssoDatabase('C:\\Program Files\\Common Files\\Enterprise Single Sign-On'),
    machine.secretKeyPresent(),
    machine.events([10589, 10559]),
    machine.volume(file),
    machine.backupReminder(file),
    machine.othersWhoCanRead(file),
    machine.canWrite(path.win32.dirname(file)),
  ]);
}

describe('the Windows machine seam: every tool run recorded', () => {
  it('no tool gets the password in its program, arguments or environment', async ({ task }) => {
    const t = trial(task, 'secrets');
    const canary = uniqueCanary('Canary-Tool');
    passwordFromEnvironment(canary);
    const calls: Spawned[] = [];
    const machine = new WindowsMachine({ ...process.env, SystemRoot: 'C:\\Windows' }, recordingTool(calls), () => true);
    const facts = await everyFact(machine, 'C:\\SSO-Backups\\SSO-BTS01-20261122-101500.bak');
    const scan = new LeakScan(canary);
    for (const [i, call] of calls.entries()) {
      scan.text(`tool ${i} program`, call.file);
      scan.value(`tool ${i} arguments`, call.args);
      scan.value(`tool ${i} environment`, call.env);
    }
    scan.value('the facts', facts);
    const { places, leaks } = scan.report();
    t.add('places searched', places);
    t.add('leaks found', leaks.length);
    t.add('children recorded through the seam', calls.length);
    expect(calls.length).toBeGreaterThan(5);
    expect(leaks).toEqual([]);
  });

  it('control: with the variable left in place, the recorder sees it in every tool', async () => {
    const canary = uniqueCanary('Canary-Tool');
    process.env[VARIABLE] = canary;
    const calls: Spawned[] = [];
    await everyFact(new WindowsMachine({ ...process.env, SystemRoot: 'C:\\Windows' }, recordingTool(calls), () => true), 'C:\\x\\y.bak');
    expect(calls.length).toBeGreaterThan(5);
    expect(calls.every((call) => call.env[VARIABLE] === canary)).toBe(true);
  });
});

describe('Buffers are inspected without their bytes once Secret is loaded (the NODE_DEBUG=stream leak)', () => {
  it('util.inspect of a chunk holding the password shows no byte of it', () => {
    const canary = uniqueCanary('Canary-Buf');
    void new Secret(canary);
    const shown = inspect(Buffer.from(`${canary}\n`));
    expect(shown).not.toMatch(/[0-9a-f]{2} [0-9a-f]{2}/);
    const scan = new LeakScan(canary);
    scan.text('an inspected chunk', shown);
    expect(scan.report().leaks).toEqual([]);
  });
});

describe('the scan finds a canary planted in each kind of place', () => {
  it('texts in every form, file names and contents, Buffer dumps a key at a time, a process environment', async () => {
    const canary = uniqueCanary('Canary-Plant');
    const core = canary.slice(-12);
    const scan = new LeakScan(canary);
    scan.text('plain', `x ${canary} y`);
    scan.text('cut short', `x ${core} y`);
    scan.text('UTF-16LE', Buffer.from(`x ${canary}`, 'utf16le'));
    const hex = [...Buffer.from(canary)].map((byte) => byte.toString(16).padStart(2, '0'));
    scan.text('one dump', `STREAM 1: push <Buffer ${hex.slice(0, 50).join(' ')}>`);
    scan.text('a dump a key', hex.map((byte) => `STREAM 1: push <Buffer ${byte}>`).join('\n'));
    scan.value('a value', { nested: [{ error: new Error(`bad ${canary}`) }] });
    const dir = mkdtempSync(path.join(tmpdir(), 'sso-hyg-plant-'));
    try {
      writeFileSync(path.join(dir, 'content.txt'), `a\n${canary}\n`);
      writeFileSync(path.join(dir, `name-${core}.txt`), 'nothing inside');
      scan.files(dir);
      const child = spawn('sleep', ['5'], { env: { ...process.env, PLANTED: canary } });
      await new Promise((resolve) => child.once('spawn', resolve));
      const watch = new ProcessWatch(canary);
      await new Promise((resolve) => setTimeout(resolve, 100));
      scan.processes(watch.stop());
      child.kill();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const places = ['plain', 'cut short', 'UTF-16LE', 'one dump', 'a dump a key', 'a value', 'content.txt', 'the name of', 'environ'];
    const { leaks } = scan.report();
    for (const place of places) expect(leaks.some((leak) => leak.includes(place)), `${place}: ${leaks.join('\n')}`).toBe(true);
  });
});
