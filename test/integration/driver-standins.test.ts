/**
 * The driver against ssoconfig stand-ins that are not our simulator: other languages, other echo, prompts on
 * their own line, a painted screen, and programs that misbehave. Recognition must hold by meaning and order.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backUpSecret } from '../../src/console/backup-secret.js';
import type { DriverLimits } from '../../src/console/limits.js';
import { Secret } from '../../src/console/secret.js';
import { standInInstallDir } from '../support/standin.js';

const PASSWORD = 'Standin-pass-9931';
const LIMITS = { promptTimeoutMs: 2_000, finishTimeoutMs: 3_000, unknownPromptMs: 1_000, totalTimeoutMs: 20_000 };

async function run(name: string, limits: Partial<DriverLimits> = {}) {
  const { installDir, backupFile } = standInInstallDir(name);
  const started = Date.now();
  const outcome = await backUpSecret({
    installDir,
    file: backupFile,
    password: new Secret(PASSWORD),
    reminder: 'stand-in hint',
    limits: { ...LIMITS, ...limits },
  });
  return { outcome, backupFile, took: Date.now() - started };
}

describe('answers stand-ins worded differently', () => {
  it.each([
    ['german', /Kennworthinweis: stand-in hint/],
    ['newline-prompts', /Enter reminder:\n\*{0}stand-in hint/],
    ['repaint', /PASSWORD HINT> stand-in hint/],
    ['echo-clear', /Hint: stand-in hint/],
  ])('%s', async (name, shown) => {
    const { outcome, backupFile } = await run(name);
    expect(outcome.ok, JSON.stringify(outcome, null, 2)).toBe(true);
    expect(readFileSync(backupFile, 'utf8')).toContain('reminder=stand-in hint');
    expect(outcome.facts.transcript).toMatch(shown);
    expect(outcome.facts.transcript).not.toContain(PASSWORD);
  });

  it('reads a localized success line', async () => {
    const { outcome } = await run('german');
    expect(outcome.ok && outcome.successLine).toBe('Der Vorgang wurde erfolgreich abgeschlossen.');
  });

  it('renders a painted screen: no escape sequences in the transcript', async () => {
    const { outcome } = await run('repaint');
    expect(outcome.facts.transcript).not.toContain('\u001b');
    expect(outcome.facts.transcript).toMatch(/^SSO configuration$/m);
  });

  it('redacts a password echoed in clear', async () => {
    const { outcome } = await run('echo-clear');
    expect(outcome.facts.transcript).toMatch(/^Password: \[redacted\]$/m);
  });
});

describe('answers stand-ins that write their prompts slowly or in pieces', () => {
  // A long settle here, far beyond the stand-ins' pauses: what is answered must be answered on the short quiet,
  // and a piece that is a prompt only by its meaning must never be answered on it.
  const patient = { settleMs: 2_000 };

  it('pauses inside each prompt: each is answered once whole, the reminder is not taken for the password', async () => {
    const { outcome, backupFile } = await run('slow-writer', patient);
    expect(outcome.ok, JSON.stringify(outcome, null, 2)).toBe(true);
    expect(outcome.facts.answered).toEqual({ password: true, confirm: true, reminder: true, overwrite: false });
    expect(readFileSync(backupFile, 'utf8')).toContain('reminder=stand-in hint');
    expect(outcome.facts.transcript).toMatch(/^Password reminder: stand-in hint$/m);
  });

  it('one character a write: the prompts come in many chunks', async () => {
    const { outcome, backupFile } = await run('byte-by-byte', patient);
    expect(outcome.ok, JSON.stringify(outcome, null, 2)).toBe(true);
    expect(readFileSync(backupFile, 'utf8')).toContain('reminder=stand-in hint');
    expect(outcome.facts.transcript).toMatch(/^Enter the password for the backup file: \*{17}$/m);
  });
});

describe('never types the password where it was not asked for', () => {
  it('a second password-worded prompt that is not a confirmation: stopped, nothing typed there', async () => {
    const { outcome, backupFile } = await run('no-confirm-odd-reminder');
    expect(!outcome.ok && outcome.failure.kind).toBe('unrecognised-prompt');
    expect(!outcome.ok && outcome.failure.what).toContain('Password comment:');
    expect(existsSync(backupFile)).toBe(false);
  });

  it('a Spanish reminder prompt after no confirmation is read as the reminder', async () => {
    const { outcome, backupFile } = await run('spanish-no-confirm');
    expect(outcome.ok, JSON.stringify(outcome, null, 2)).toBe(true);
    expect(readFileSync(backupFile, 'utf8')).toContain('reminder=stand-in hint');
    expect(outcome.ok && outcome.warnings.join(' ')).toMatch(/did not ask to confirm/);
  });
});

describe('stops stand-ins that misbehave, within their limits', () => {
  it('the password prompt redrawn on the same line: asked again, at once', async () => {
    const { outcome, took } = await run('redraw-same-line');
    expect(!outcome.ok && outcome.failure.kind).toBe('asked-again');
    expect(took).toBeLessThan(LIMITS.promptTimeoutMs);
  });

  it('an unrecognised question: not answered, stopped', async () => {
    const { outcome, took } = await run('unknown-question');
    expect(!outcome.ok && outcome.failure.kind).toBe('unrecognised-prompt');
    expect(!outcome.ok && outcome.failure.what).toContain('Enter the name of the SSO server:');
    expect(outcome.facts.transcript).not.toContain('should never get here');
    expect(took).toBeLessThan(LIMITS.unknownPromptMs + 5_000);
  });

  it('no prompt at all: the prompt limit', async () => {
    const { outcome, took } = await run('silent');
    expect(!outcome.ok && outcome.failure.kind).toBe('prompt-timeout');
    expect(outcome.facts.transcript).toContain('Connecting to the SSO service...');
    expect(took).toBeLessThan(LIMITS.promptTimeoutMs + 5_000);
  });

  it('asks for the password a third time: stopped, not looped', async () => {
    const { outcome } = await run('mismatch-loop');
    expect(!outcome.ok && outcome.failure.kind).toBe('asked-again');
    expect(outcome.facts.transcript).toContain('The passwords do not match.');
  });

  it('an error in words with exit code 0: a failure', async () => {
    const { outcome } = await run('error-exit-zero');
    expect(outcome.facts.exitCode).toBe(0);
    expect(!outcome.ok && outcome.failure.kind).toBe('ssoconfig-error');
    expect(!outcome.ok && outcome.failure.what).toContain('the SSO service refused the request');
  });

  it('success claimed but no file: a failure', async () => {
    const { outcome, backupFile } = await run('no-file');
    expect(!outcome.ok && outcome.failure.kind).toBe('no-file');
    expect(existsSync(backupFile)).toBe(false);
  });

  it('exits before any prompt: a failure', async () => {
    const { outcome } = await run('early-exit');
    expect(!outcome.ok && outcome.failure.kind).toBe('early-exit');
  });

  it('dies by a signal: a failure naming it', async () => {
    const { outcome } = await run('crash');
    expect(!outcome.ok && outcome.failure.kind).toBe('exit-code');
    expect(!outcome.ok && outcome.failure.what).toMatch(/SIGSEGV|code 139/);
  });
});
