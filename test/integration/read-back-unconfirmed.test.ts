/**
 * The whole flow, in process, on a machine whose read-back of the new file is only a warning (as on Windows, where
 * what GetFilePasswordReminder returns is UNCONFIRMED) and fails: the new backup stands, but nothing older goes on
 * its word. The file it replaced stays aside, --keep removes nothing, and the warnings say so.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { backUpSecret } from '../../src/console/backup-secret.js';
import { runBackupFlow } from '../../src/flow/backup-flow.js';
import type { FlowContext } from '../../src/flow/context.js';
import type { Machine } from '../../src/machine/machine.js';
import { SimulatedMachine } from '../../src/machine/simulated-machine.js';
import { answerSheetPrompter } from '../../src/prompts/answer-sheet.js';
import { RunRecord } from '../../src/report/run-record.js';
import { Secret } from '../../src/console/secret.js';
import { createStyle } from '../../src/ui/style.js';
import { makeMachine } from '../support/machine.js';

const PASSWORD = 'Lantern-Orchid-Gravel-5521';
const REMINDER = 'KeePass: BizTalk / SSO';

/** The simulated machine, but reading back as Windows does: a failed reading is a warning, not a verdict. */
function windowsLike(machineDir: string): Machine {
  const inner = new SimulatedMachine(machineDir);
  return new Proxy(inner, {
    get(target, key, receiver) {
      if (key === 'remindersReadExactly') return false;
      if (key === 'backupReminder') return () => Promise.resolve({ ok: false, why: 'Windows PowerShell printed nothing.' });
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function context(machine: Machine, options: FlowContext['options']): { ctx: FlowContext; said: () => string } {
  let text = '';
  const out = new PassThrough();
  const password = new Secret(PASSWORD);
  const prompter = answerSheetPrompter({
    'replace-existing': { flag: '--replace', answer: 'replace' },
    password: { flag: '--password-env', answer: password },
    'confirm-password': { flag: '--password-env', answer: password },
    reminder: { flag: '--reminder', answer: REMINDER },
    'go-ahead': { flag: '--yes', answer: true },
  });
  const ctx: FlowContext = {
    options,
    machine,
    prompter,
    out: (t) => (text += t),
    style: createStyle(out, {}, 'linux'),
    progress: { start: () => undefined, persist: () => undefined, stop: () => undefined } as unknown as FlowContext['progress'],
    now: () => new Date(),
    backUp: (request) => backUpSecret(request),
    signal: new AbortController().signal,
    record: new RunRecord(),
    copy: { copyFile: async () => undefined },
    version: 'test',
  };
  return { ctx, said: () => text };
}

describe('a new file that could not be confirmed by reading it back (Windows)', () => {
  it('stands, but the file it replaced stays aside and --keep removes nothing', async () => {
    const m = makeMachine();
    const file = m.backupFile('SSO-SSOSIM01-20261122-101500.bak');
    const older = m.backupFile('SSO-SSOSIM01-20260101-000000.bak');
    writeFileSync(file, 'the earlier backup');
    writeFileSync(older, 'an older backup');
    const { ctx } = context(windowsLike(m.dir), { ssoDir: m.installDir, file, minScore: 3, keep: 1, unattended: true });

    const result = await runBackupFlow(ctx);

    expect(result.kind).toBe('made');
    const warnings = ctx.record.warnings.join('\n');
    expect(warnings).toMatch(/could not be read back from the new file/);
    expect(warnings).toMatch(/--keep 1: nothing was removed, because the new file could not be confirmed/);
    const aside = readdirSync(m.backupsDir).filter((n) => n.startsWith(`${path.basename(file)}.replaced-`));
    expect(aside).toHaveLength(1);
    expect(readFileSync(path.join(m.backupsDir, aside[0]!), 'utf8')).toBe('the earlier backup');
    expect(warnings).toContain(`kept at ${path.join(m.backupsDir, aside[0]!)}`);
    expect(existsSync(older)).toBe(true);
    expect(ctx.record.removed).toEqual([]);
  });

  it('the warning does not quote what the file holds (in a handover it could be the password)', async () => {
    const m = makeMachine();
    const machine = new Proxy(windowsLike(m.dir), {
      get(target, key) {
        if (key === 'backupReminder') return () => Promise.resolve({ ok: true, reminder: PASSWORD, how: 'test' });
        return Reflect.get(target, key) as unknown;
      },
    });
    const { ctx, said } = context(machine, { ssoDir: m.installDir, file: m.backupFile('SSO-SSOSIM01-x.bak'), minScore: 3, unattended: true });
    await runBackupFlow(ctx);
    const warnings = ctx.record.warnings.join('\n');
    expect(warnings).toMatch(/The reminder read back from the new file \(\d+ characters\) is not the one typed/);
    expect(warnings + said()).not.toContain(PASSWORD);
  });
});
