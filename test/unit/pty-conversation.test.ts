/**
 * The conversation's timing decisions, with a pseudo-console played by the test and a clock that moves only when
 * told to: which prompts are answered after the short quiet, which wait for the long one, and when the run ends
 * after the exit. Nothing here measures time; what is proven is what was typed, and which timer was waiting.
 */
import { describe, expect, it, vi } from 'vitest';
import type { DriverEvent } from '../../src/console/events.js';
import { DEFAULT_LIMITS, type DriverLimits } from '../../src/console/limits.js';
import { converse, piecesEndingInText, type ConversationResult, type PtyModule } from '../../src/console/pty-conversation.js';
import { Secret } from '../../src/console/secret.js';
import type { Clock } from '../../src/console/timers.js';

const PASSWORD = 'Conversation-test-4417';
const REMINDER = 'in the team vault';

/** A clock whose time moves only in advance(), running each timer that falls due, in order. */
class ManualClock implements Clock {
  #now = 0;
  #next = 1;
  readonly #timers = new Map<number, { at: number; action: () => void }>();

  now(): number {
    return this.#now;
  }

  setTimeout(action: () => void, ms: number): number {
    const id = this.#next++;
    this.#timers.set(id, { at: this.#now + ms, action });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const due = [...this.#timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.#now = due[1].at;
      due[1].action();
    }
    this.#now = end;
  }

  /** When the pending timers fall due. */
  dueTimes(): number[] {
    return [...this.#timers.values()].map((t) => t.at).sort((a, b) => a - b);
  }
}

/** A pseudo-console the test writes the program's output into. Its pid can be no process's (above pid_max). */
class FakeChild {
  readonly pid = 99_999_999;
  readonly written: string[] = [];
  readonly #data: ((data: string) => void)[] = [];
  readonly #exit: ((e: { exitCode: number; signal?: number }) => void)[] = [];

  onData(listener: (data: string) => void) {
    this.#data.push(listener);
    return { dispose: () => undefined };
  }

  onExit(listener: (e: { exitCode: number; signal?: number }) => void) {
    this.#exit.push(listener);
    return { dispose: () => undefined };
  }

  write(data: string): void {
    this.written.push(data);
  }

  kill(): void {
    this.exit(137);
  }

  /** The program writes. */
  print(data: string): void {
    for (const listener of this.#data) listener(data);
  }

  exit(exitCode: number): void {
    for (const listener of this.#exit) listener({ exitCode });
  }
}

const LIMITS: DriverLimits = { ...DEFAULT_LIMITS, promptSettleMs: 40, settleMs: 10_000, unknownPromptMs: 30_000, drainMs: 5_000 };

function start(options: { exitEndsOutput?: boolean; limits?: Partial<DriverLimits> } = {}) {
  const child = new FakeChild();
  const clock = new ManualClock();
  const events: DriverEvent[] = [];
  const pty = { spawn: () => child } as unknown as PtyModule;
  let result: ConversationResult | undefined;
  const done = converse({
    command: '/sso/ssoconfig.exe',
    args: ['-backupsecret', '/backups/b.bak'],
    cwd: '/sso',
    env: {},
    password: new Secret(PASSWORD),
    reminder: REMINDER,
    limits: { ...LIMITS, ...options.limits },
    onEvent: (event) => events.push(event),
    pty,
    exitEndsOutput: options.exitEndsOutput ?? true,
    overwrite: false,
    clock,
  }).then((r) => (result = r));
  return { child, clock, events, done, result: () => result };
}

type Run = ReturnType<typeof start>;

/** Output came at `clock.now()`: the look after the short quiet has decided to wait for the long one. */
async function waitsForTheLongQuiet(run: Run, printedAt: number): Promise<void> {
  await vi.waitFor(() => expect(run.clock.dueTimes()).toContain(printedAt + LIMITS.settleMs));
}

describe('a recognised prompt that ends at the cursor is answered after the short quiet', () => {
  it.each([
    ['standard', 'Enter the password for the backup file: '],
    ['terse', 'Password : '],
    ['hint', 'New password> '],
    ['German', 'Kennwort eingeben: '],
  ])('%s', async (_name, prompt) => {
    const run = start();
    run.child.print(`Microsoft (R) Enterprise Single Sign-On Configuration Tool\r\n${prompt}`);
    run.clock.advance(LIMITS.promptSettleMs);
    await vi.waitFor(() => expect(run.child.written).toEqual([`${PASSWORD}\r`]));
    expect(run.events.filter((e) => e.type === 'prompt' || e.type === 'answered')).toEqual([
      { type: 'prompt', kind: 'password' },
      { type: 'answered', answer: 'password' },
    ]);
  });

  it('not before: output that keeps coming keeps it waiting', async () => {
    const run = start();
    run.child.print('Enter the password for the backup file: ');
    run.clock.advance(LIMITS.promptSettleMs - 1);
    run.child.print('\u001b]0;ssoconfig\u0007'); // a title: nothing drawn, but output all the same
    run.clock.advance(LIMITS.promptSettleMs - 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(run.child.written).toEqual([]);
    run.clock.advance(1);
    await vi.waitFor(() => expect(run.child.written).toEqual([`${PASSWORD}\r`]));
  });

  it('each of the three in turn, then the exit ends the run at once when the output has ended with it', async () => {
    const run = start({ exitEndsOutput: true });
    run.child.print('Enter the password for the backup file: ');
    run.clock.advance(LIMITS.promptSettleMs);
    await vi.waitFor(() => expect(run.child.written).toHaveLength(1));
    run.child.print(`${'*'.repeat(PASSWORD.length)}\r\nConfirm the password: `);
    run.clock.advance(LIMITS.promptSettleMs);
    await vi.waitFor(() => expect(run.child.written).toHaveLength(2));
    run.child.print(`${'*'.repeat(PASSWORD.length)}\r\nEnter a password reminder: `);
    run.clock.advance(LIMITS.promptSettleMs);
    await vi.waitFor(() => expect(run.child.written).toEqual([`${PASSWORD}\r`, `${PASSWORD}\r`, `${REMINDER}\r`]));
    run.child.print(`${REMINDER}\r\nThe operation completed successfully.\r\n`);
    run.child.exit(0);
    // No timer is moved: the run ends without one.
    await vi.waitFor(() => expect(run.result()).toBeDefined());
    const result = await run.done;
    expect(result.exitCode).toBe(0);
    expect(result.transcript).toMatch(/The operation completed successfully\.$/);
    expect(result.answered).toEqual({ password: true, confirm: true, reminder: true, overwrite: false });
    expect(run.clock.dueTimes()).toEqual([]);
  });
});

describe('anything else waits for the long quiet', () => {
  it('a prompt cut off before its colon is not answered until it is whole', async () => {
    const run = start();
    run.child.print('Enter the password');
    run.clock.advance(LIMITS.promptSettleMs);
    await waitsForTheLongQuiet(run, 0);
    expect(run.child.written).toEqual([]);
    run.clock.advance(100);
    run.child.print(' for the backup file: ');
    run.clock.advance(LIMITS.promptSettleMs);
    await vi.waitFor(() => expect(run.child.written).toEqual([`${PASSWORD}\r`]));
  });

  it('a prompt known only by its meaning is answered, after the long quiet', async () => {
    const run = start();
    run.child.print('Password');
    run.clock.advance(LIMITS.promptSettleMs);
    await waitsForTheLongQuiet(run, 0);
    expect(run.child.written).toEqual([]);
    run.clock.advance(LIMITS.settleMs);
    await vi.waitFor(() => expect(run.child.written).toEqual([`${PASSWORD}\r`]));
  });

  it('a prompt on the line above the cursor (ended by a newline)', async () => {
    const run = start();
    run.child.print('Enter password:\r\n');
    run.clock.advance(LIMITS.promptSettleMs);
    await waitsForTheLongQuiet(run, 0);
    expect(run.child.written).toEqual([]);
    run.clock.advance(LIMITS.settleMs);
    await vi.waitFor(() => expect(run.child.written).toEqual([`${PASSWORD}\r`]));
  });

  it('a prompt with more drawn after the cursor (an input field)', async () => {
    const run = start();
    run.child.print('Password: ________\u001b[8D');
    run.clock.advance(LIMITS.promptSettleMs);
    await waitsForTheLongQuiet(run, 0);
    expect(run.child.written).toEqual([]);
  });

  it('an unrecognised question: never answered; the unknown-prompt limit starts only after the long quiet', async () => {
    const run = start();
    run.child.print('Enter the name of the SSO server: ');
    run.clock.advance(LIMITS.promptSettleMs);
    await waitsForTheLongQuiet(run, 0);
    run.clock.advance(LIMITS.settleMs);
    await vi.waitFor(() => expect(run.clock.dueTimes()).toContain(LIMITS.unknownPromptMs));
    expect(run.child.written).toEqual([]);
  });

  it('the password prompt asked again in place is not judged on the short quiet', async () => {
    const run = start();
    run.child.print('Password: ');
    run.clock.advance(LIMITS.promptSettleMs);
    await vi.waitFor(() => expect(run.child.written).toHaveLength(1));
    run.child.print('*'.repeat(PASSWORD.length));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const printedAt = run.clock.now();
    run.child.print('\r\u001b[KPassword: '); // cleared and drawn again: it may be a repaint still under way
    run.clock.advance(LIMITS.promptSettleMs);
    await waitsForTheLongQuiet(run, printedAt);
    expect(run.events.map((e) => e.type)).not.toContain('stopping');
    run.clock.advance(LIMITS.settleMs);
    await vi.waitFor(() => expect(run.events).toContainEqual({ type: 'stopping', reason: 'asked-again' }));
    expect(run.child.written).toHaveLength(1);
  });
});

describe('a prompt redrawn in place is told from a repaint by our echo, however the output is chunked', () => {
  // What the program writes after the password: our echo, its newline, then the line cleared and asked again.
  const redraw = `${'*'.repeat(PASSWORD.length)}\r\r\n\u001b[1A\r\u001b[KPassword: `;
  const chunkings: [string, string[]][] = [
    ['in one chunk (a loaded machine)', [redraw]],
    ['a character a chunk', [...redraw]],
    ...[...redraw].slice(1).map((_, i): [string, string[]] => [`cut at ${i + 1}`, [redraw.slice(0, i + 1), redraw.slice(i + 1)]]),
  ];

  it.each(chunkings)('%s: asked again', async (_name, chunks) => {
    const run = start();
    run.child.print('Password: ');
    run.clock.advance(LIMITS.promptSettleMs);
    await vi.waitFor(() => expect(run.child.written).toEqual([`${PASSWORD}\r`]));
    for (const chunk of chunks) run.child.print(chunk);
    const printedAt = run.clock.now();
    run.clock.advance(LIMITS.promptSettleMs);
    await waitsForTheLongQuiet(run, printedAt);
    run.clock.advance(LIMITS.settleMs);
    await vi.waitFor(() => expect(run.events).toContainEqual({ type: 'stopping', reason: 'asked-again' }));
    expect(run.child.written).toHaveLength(1);
  });

  it('the same bare prompt drawn again with no echo before it (a repaint) is not taken for a redraw', async () => {
    const run = start();
    run.child.print('Password: ');
    run.clock.advance(LIMITS.promptSettleMs);
    await vi.waitFor(() => expect(run.child.written).toHaveLength(1));
    run.child.print('\r\u001b[KPassword: ');
    run.clock.advance(LIMITS.promptSettleMs + LIMITS.settleMs);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(run.events.map((e) => e.type)).not.toContain('stopping');
    expect(run.child.written).toHaveLength(1);
  });
});

describe('piecesEndingInText', () => {
  it('cuts before a control character that follows text; the pieces joined are the output', () => {
    const output = '***\r\r\n\u001b[1A\r\u001b[KPassword: ';
    expect(piecesEndingInText(output)).toEqual(['***', '\r\r\n\u001b[1A', '\r\u001b[KPassword: ']);
    expect(piecesEndingInText('')).toEqual([]);
    expect(piecesEndingInText('\r\n')).toEqual(['\r\n']);
    expect(piecesEndingInText('Password: ')).toEqual(['Password: ']);
  });
});

describe('after the exit', () => {
  it('reads on for the drain when the pseudo-console cannot say its output has ended', async () => {
    const run = start({ exitEndsOutput: false });
    run.child.print('ERROR: 0xC0002A0E: This function can only be performed on the master secret server.\r\n');
    run.child.exit(1);
    await vi.waitFor(() => expect(run.clock.dueTimes()).toHaveLength(1));
    expect(run.result()).toBeUndefined();
    run.child.print('late output\r\n');
    run.clock.advance(LIMITS.drainMs);
    const result = await run.done;
    expect(result.transcript).toMatch(/late output$/);
  });
});
