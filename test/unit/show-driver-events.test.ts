/** What the person sees while ssoconfig runs; above all, nothing spins over ssoconfig's own questions. */
import { describe, expect, it } from 'vitest';
import { showDriverEvents } from '../../src/flow/steps/run-ssoconfig.js';
import type { Progress } from '../../src/ui/spinner.js';
import { createStyle } from '../../src/ui/style.js';
import { PassThrough } from 'node:stream';

function recorder() {
  const calls: string[] = [];
  const progress: Progress = {
    start: (text) => calls.push(`start ${text}`),
    persist: (kind, text) => calls.push(`persist ${kind} ${text}`),
    stop: () => calls.push('stop'),
  };
  const out: string[] = [];
  return { calls, out, ctx: { progress, out: (text: string) => out.push(text), style: createStyle(new PassThrough()) } };
}

describe('showDriverEvents', () => {
  it('in a pseudo-console: a spinner, and a line before each answer is typed', () => {
    const { calls, ctx } = recorder();
    const show = showDriverEvents(ctx);
    show({ type: 'started', mode: 'pty', pid: 1 });
    show({ type: 'prompt', kind: 'password' });
    show({ type: 'answered', answer: 'password' });
    show({ type: 'exited', exitCode: 0, signal: null });
    expect(calls).toEqual([
      'start ssoconfig is starting in its own console…',
      'persist info ssoconfig asked for the password',
      'start answered; waiting for ssoconfig…',
      'stop',
    ]);
  });

  it('in a handover: the steps are shown and nothing spins afterwards', () => {
    const { calls, out, ctx } = recorder();
    const show = showDriverEvents(ctx);
    show({ type: 'handover', reason: 'no pty', steps: ['Type the password.'] });
    show({ type: 'started', mode: 'handover', pid: 1 });
    show({ type: 'stopping', reason: 'total-timeout' });
    show({ type: 'exited', exitCode: 0, signal: null });
    expect(calls.filter((c) => c.startsWith('start'))).toEqual([]);
    expect(out.join('')).toContain('Type the password.');
  });
});
