/**
 * The inquirer prompter itself: it reads the keys it is given, and the run's abort signal (SIGINT, SIGTERM,
 * SIGHUP) ends the question on screen as a cancellation instead of leaving it waiting for a terminal that is gone.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { CancelledError, inquirerPrompter } from '../../src/prompts/prompter.js';
import { stateOf } from './helpers.js';

/** A terminal's streams, in memory; `drawn` is what the prompt has drawn so far. */
function streams() {
  const input = new PassThrough();
  const output = new PassThrough();
  let drawn = '';
  output.on('data', (chunk: Buffer) => (drawn += chunk.toString()));
  return { input, output, drawn: () => drawn };
}

describe('inquirerPrompter', () => {
  it('asks on the streams it is given, and answers with the keys typed there', async () => {
    const { input, output, drawn } = streams();
    const asked = inquirerPrompter({ input, output }).confirm({ id: 'go-ahead', message: 'Run ssoconfig -backupsecret now?', default: false });
    await vi.waitFor(() => expect(drawn()).toContain('Run ssoconfig -backupsecret now?'));
    // Keys as readline reports them from a terminal (as @inquirer/testing types them).
    input.emit('keypress', 'y', { name: 'y' });
    input.emit('keypress', '\r', { name: 'return' });
    await expect(asked).resolves.toBe(true);
  });

  it('a question waiting when the run is aborted ends as a cancellation', async () => {
    const { input, output } = streams();
    const controller = new AbortController();
    const asked = inquirerPrompter({ input, output, signal: controller.signal }).input({ id: 'backup-file', message: 'Backup file' });
    expect(await stateOf(asked)).toBe('pending');
    controller.abort();
    await expect(asked).rejects.toBeInstanceOf(CancelledError);
  });

  it('a question asked after the abort is cancelled at once', async () => {
    const { input, output } = streams();
    const controller = new AbortController();
    controller.abort();
    await expect(inquirerPrompter({ input, output, signal: controller.signal }).confirm({ id: 'go-ahead', message: 'Run?' })).rejects.toBeInstanceOf(CancelledError);
  });
});
