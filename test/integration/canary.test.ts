/**
 * A canary password through the driver, in success and failure runs and with a program that echoes it in
 * clear: it must appear in no transcript, outcome, error text, file name or file content, in no simulated
 * process-creation record (Windows 4688 command lines), and in the argv or environment of no process on this
 * machine while ssoconfig waits at its prompts (read from /proc, so Linux only).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { backUpSecret } from '../../src/console/backup-secret.js';
import type { DriverEvent } from '../../src/console/events.js';
import { Secret } from '../../src/console/secret.js';
import type { MachineStateOverrides } from '../../src/simulator/machine-state.js';
import { makeMachine } from '../support/machine.js';
import { standInInstallDir } from '../support/standin.js';
import { filesHolding, processesHolding } from '../support/canary.js';

const CANARY = 'Canary-7f3e-Pw!x';

const MACHINE_RUNS: { name: string; state: MachineStateOverrides; limits?: object }[] = [
  { name: 'success', state: {} },
  { name: 'success, answers from a cooked-mode stdin that echoes in clear', state: { variants: { input: 'stdin' } } },
  { name: 'ssoconfig error', state: { service: { state: 'stopped', account: 'X\\y' } } },
  { name: 'hang and kill', state: { variants: { afterLastPrompt: 'hang' } }, limits: { finishTimeoutMs: 1_000 } },
];

describe('a canary password leaks nowhere', () => {
  it.each(MACHINE_RUNS)('simulator: $name', async ({ state, limits }) => {
    const machine = makeMachine(state);
    const sightings: string[] = [];
    const events: DriverEvent[] = [];
    const outcome = await backUpSecret({
      installDir: machine.installDir,
      file: machine.backupFile(),
      password: new Secret(CANARY),
      reminder: 'canary reminder',
      limits: { promptTimeoutMs: 8_000, ...limits },
      onEvent: (event) => {
        events.push(event);
        // While ssoconfig waits at a prompt, or is about to be killed, look at every process.
        if (event.type === 'prompt' || event.type === 'stopping') sightings.push(...processesHolding(CANARY));
      },
    });

    expect(events.filter((e) => e.type === 'prompt').length).toBeGreaterThan(0);
    expect(sightings).toEqual([]);
    expect(JSON.stringify(outcome)).not.toContain(CANARY);
    expect(inspect(outcome, { depth: 10 })).not.toContain(CANARY);
    expect(JSON.stringify(events)).not.toContain(CANARY);
    expect(filesHolding(machine.dir, CANARY)).toEqual([]);
    const commandLines = readFileSync(`${machine.dir}/events/Security.jsonl`, 'utf8');
    expect(commandLines).toContain('-backupsecret');
    expect(commandLines).not.toContain(CANARY);
  });

  it('a stand-in that echoes the password in clear', async () => {
    const { installDir, backupFile } = standInInstallDir('echo-clear');
    const outcome = await backUpSecret({
      installDir,
      file: backupFile,
      password: new Secret(CANARY),
      reminder: 'canary reminder',
    });
    expect(outcome.ok).toBe(true);
    expect(outcome.facts.transcript).toContain('[redacted]');
    expect(JSON.stringify(outcome)).not.toContain(CANARY);
    expect(filesHolding(path.dirname(backupFile), CANARY)).toEqual([]);
  });

  it('a run stopped at an unrecognised prompt', async () => {
    const { installDir, backupFile } = standInInstallDir('unknown-question');
    const outcome = await backUpSecret({
      installDir,
      file: backupFile,
      password: new Secret(CANARY),
      reminder: 'r',
      limits: { unknownPromptMs: 800 },
    });
    expect(outcome.ok).toBe(false);
    expect(JSON.stringify(outcome)).not.toContain(CANARY);
  });
});
