/**
 * Handover: when node-pty cannot load, ssoconfig gets the real console and the person types. Run in a real
 * terminal, with the keys typed as a person would, and judged the same way as the pseudo-console run.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BackupOutcome } from '../../src/console/outcome.js';
import { makeMachine } from '../support/machine.js';
import { runInTerminal } from '../support/terminal.js';

const HARNESS = path.resolve(import.meta.dirname, '../fixtures/handover-harness.mjs');
const PASSWORD = 'Handover-typed-5521';

function outcomeOf(screen: string): BackupOutcome {
  const line = screen.split('\n').find((l) => l.startsWith('OUTCOME '));
  if (!line) throw new Error(`no outcome on screen:\n${screen}`);
  // The terminal wraps a long line; the harness prints it last, so take everything after the marker.
  return JSON.parse(screen.slice(screen.indexOf('OUTCOME ') + 8).replace(/\n/g, '')) as BackupOutcome;
}

describe('handover to the real console', () => {
  it('tells the person what to type, lets ssoconfig read the console, and judges the result', async () => {
    const machine = makeMachine();
    const term = runInTerminal(process.execPath, [HARNESS, machine.installDir, machine.backupFile()], {
      env: { ...process.env, HARNESS_PASSWORD: PASSWORD },
      cols: 4000,
    });
    await term.waitFor('A pseudo-console is not available here (node-pty failed to load');
    await term.waitFor('When it asks for a reminder, type exactly this and press Enter: harness reminder');
    await term.waitFor('Enter the password for the backup file: ');
    term.type(PASSWORD);
    term.press('enter');
    await term.waitFor('Confirm the password: ');
    term.type(PASSWORD);
    term.press('enter');
    await term.waitFor('Enter a password reminder: ');
    term.type('harness reminder');
    term.press('enter');
    await term.waitFor('OUTCOME ');
    await term.exited;

    const outcome = outcomeOf(term.screen());
    expect(outcome.ok, term.screen()).toBe(true);
    expect(outcome.facts.mode).toBe('handover');
    expect(outcome.facts.transcript).toContain('Confirm the password:');
    expect(existsSync(machine.backupFile())).toBe(true);
    expect(term.screen()).not.toContain(PASSWORD);
  });

  it('judges a failure the same way: an error printed is a failure', async () => {
    const machine = makeMachine({ masterSecretServer: 'BTS02', variants: { checksAt: 'before-prompts', exitCodeOnError: 'zero' } });
    const term = runInTerminal(process.execPath, [HARNESS, machine.installDir, machine.backupFile()], {
      env: { ...process.env, HARNESS_PASSWORD: PASSWORD },
      cols: 4000,
    });
    await term.waitFor('OUTCOME ');
    const outcome = outcomeOf(term.screen());
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.failure.kind).toBe('ssoconfig-error');
    expect(!outcome.ok && outcome.failure.what).toContain('0xC0002A0E');
  });
});

describe('no handover when nobody is at the console (unattended runs)', () => {
  it('node-pty missing and allowHandover false: ssoconfig is not started, and the outcome says why', async () => {
    const { backUpSecret } = await import('../../src/console/backup-secret.js');
    const { Secret } = await import('../../src/console/secret.js');
    const { readEvents } = await import('../../src/simulator/event-log.js');
    const machine = makeMachine();
    const outcome = await backUpSecret(
      { installDir: machine.installDir, file: machine.backupFile(), password: new Secret(PASSWORD), reminder: 'r', allowHandover: false },
      { loadPty: () => Promise.reject(new Error('node-pty failed to load: no prebuild for this platform')) },
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failure.kind).toBe('spawn-failed');
    expect(outcome.failure.why).toContain('nobody at the console');
    expect(outcome.failure.why).toContain('no prebuild for this platform');
    expect(existsSync(machine.backupFile())).toBe(false);
    expect(readEvents(machine.dir, 'Security')).toEqual([]);
  });
});
