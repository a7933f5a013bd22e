/**
 * Runs one program in a pseudo-console and answers its prompts: the password, its confirmation, the reminder,
 * and (only as allowed) an overwrite question. It answers only when the program is waiting: output has gone
 * quiet with a prompt-like line at the cursor that is newer than the last answer. How long quiet depends on how
 * sure the driver is (limits.ts): a recognised prompt that ends at the cursor is answered after a short quiet
 * (`promptSettleMs`), anything else is looked at again after the long one (`settleMs`). Everything is bounded: a
 * prompt that does not come, an exit that does not come, an unrecognised question, a question asked again, all
 * stop and kill the child's process tree.
 */
import { constants as osConstants } from 'node:os';
import type { IPty } from 'node-pty';
import { markAnswered, NOTHING_ANSWERED, planAnswer, type Answer, type AnsweredSoFar } from './answer-plan.js';
import { CONSOLE_COLUMNS, CONSOLE_ROWS, DRAIN_MAX_MS, KILL_WAIT_MS } from './limits.js';
import type { StopReason } from './outcome.js';
import { echoAppeared, findPromptAtCursor, type AnsweredLine, type PromptAtCursor } from './prompt-at-cursor.js';
import { killProcessTree } from './process-tree.js';
import { classifyPrompt, endsLikePrompt } from './prompt-recognition.js';
import type { SsoconfigRun } from './run.js';
import { Screen } from './screen.js';
import { redactSecrets } from './secret.js';
import { SYSTEM_CLOCK, Timers, type Clock } from './timers.js';

export type PtyModule = typeof import('node-pty');

export interface ConversationInput extends SsoconfigRun {
  pty: PtyModule;
  /** The pseudo-console reports the exit only after its output has closed (backup-secret.ts LoadedPty). */
  exitEndsOutput: boolean;
  overwrite: boolean;
  /** Default: the system's. */
  clock?: Clock;
}

export interface ConversationResult {
  transcript: string;
  exitCode: number | null;
  signal: string | null;
  stopped?: StopReason;
  spawnError?: string;
  answered: AnsweredSoFar;
}

type TimerName = 'step' | 'total' | 'quiet' | 'unknown' | 'kill-wait' | 'drain';

export function converse(input: ConversationInput): Promise<ConversationResult> {
  return new Promise((resolve) => {
    let child: IPty;
    try {
      child = input.pty.spawn(input.command, [...input.args], {
        name: 'xterm-256color',
        cols: CONSOLE_COLUMNS,
        rows: CONSOLE_ROWS,
        cwd: input.cwd,
        env: input.env,
      });
    } catch (error) {
      const spawnError = error instanceof Error ? error.message : String(error);
      resolve({ transcript: '', exitCode: null, signal: null, spawnError, answered: NOTHING_ANSWERED });
      return;
    }
    // The terminal emulator is made (and on the first run loaded) while the program starts: no output can be
    // delivered before this function returns, and the program's own start-up is the longer wait.
    let screen: Screen;
    try {
      screen = new Screen(CONSOLE_COLUMNS, CONSOLE_ROWS);
    } catch (error) {
      void killProcessTree(child.pid).catch(() => child.kill());
      throw error;
    }
    new Conversation(input, child, screen, resolve).begin();
  });
}

class Conversation {
  readonly #clock: Clock;
  readonly #timers: Timers<TimerName>;
  readonly #started: number;
  #stepStarted: number;
  #lastData: number;
  /** Chunks of output received so far: a look at the screen that spans a new chunk is stale. */
  #chunks = 0;
  #rendering = Promise.resolve();
  #answered = NOTHING_ANSWERED;
  #last: AnsweredLine | undefined;
  #passwordPrompt: string | undefined;
  #refusedOverwrite: string | undefined;
  #stopped: StopReason | undefined;
  #exit: { exitCode: number | null; signal: string | null } | undefined;
  #finished = false;

  constructor(
    private readonly input: ConversationInput,
    private readonly child: IPty,
    private readonly screen: Screen,
    private readonly resolve: (result: ConversationResult) => void,
  ) {
    this.#clock = input.clock ?? SYSTEM_CLOCK;
    this.#timers = new Timers<TimerName>(this.#clock);
    this.#started = this.#stepStarted = this.#lastData = this.#clock.now();
  }

  #now(): number {
    return this.#clock.now();
  }

  begin(): void {
    const { input, child } = this;
    input.onEvent({ type: 'started', mode: 'pty', pid: child.pid });
    this.#armStepTimer();
    this.#timers.set('total', input.limits.totalTimeoutMs, () =>
      this.#stop({ kind: 'total-timeout', waitedMs: this.#now() - this.#started }),
    );
    input.signal?.addEventListener('abort', this.#onAbort, { once: true });
    if (input.signal?.aborted) queueMicrotask(this.#onAbort);
    child.onData((data) => this.#onData(data));
    child.onExit(({ exitCode, signal }) => this.#onExit(exitCode, signal));
  }

  readonly #onAbort = (): void => this.#stop({ kind: 'cancelled' });

  get #busy(): boolean {
    return this.#stopped !== undefined || this.#exit !== undefined || this.#finished;
  }

  /** The wait for the next prompt, or, once the reminder is typed, for the end. */
  #armStepTimer(): void {
    const { limits } = this.input;
    this.#stepStarted = this.#now();
    const waited = () => this.#now() - this.#stepStarted;
    if (this.#answered.reminder) {
      this.#timers.set('step', limits.finishTimeoutMs, () => this.#stop({ kind: 'finish-timeout', waitedMs: waited() }));
    } else {
      const after = this.#last ? 'after the last answer' : 'after it started';
      this.#timers.set('step', limits.promptTimeoutMs, () => this.#stop({ kind: 'prompt-timeout', waitedMs: waited(), after }));
    }
  }

  #onData(data: string): void {
    this.#lastData = this.#now();
    this.#chunks += 1;
    this.#rendering = this.#rendering.then(() => this.#render(data));
    this.#timers.clear('unknown');
    // The first look comes after the short quiet; #onQuiet decides whether that was enough.
    if (!this.#exit && !this.#stopped) this.#timers.set('quiet', this.input.limits.promptSettleMs, () => void this.#onQuiet());
  }

  /**
   * Renders one chunk of output. While our echo of the last answer has not been seen, the chunk is rendered in
   * pieces and the answered line looked at after each: the echo can be drawn and wiped within one chunk (stars,
   * newline, the line cleared, the prompt drawn again), and how the output is cut into chunks depends on the
   * pseudo-console and the machine's load, not on the program. A line grows only by printable text and shrinks
   * or is left only by a control character, so a look after each run of text that ends before a control
   * character sees every longest state the line had, however the output was chunked.
   */
  async #render(data: string): Promise<void> {
    const last = this.#last;
    if (!last || last.echoSeen) return this.screen.write(data);
    let rest = data;
    for (const piece of piecesEndingInText(data)) {
      await this.screen.write(piece);
      rest = rest.slice(piece.length);
      last.echoSeen = echoAppeared(this.screen, last);
      if (last.echoSeen) break;
    }
    if (rest !== '') await this.screen.write(rest);
  }

  /**
   * Output went quiet: is a prompt waiting, and what does it want? A recognised prompt that ends at the cursor,
   * with an answer the order of the prompts allows, is answered after the short quiet. Anything else waits for
   * the long quiet (`settleMs`) before it is decided: a line that is a prompt only by its meaning may still be
   * growing, and an unrecognised prompt, a prompt asked again or an unclear one stop the run.
   */
  async #onQuiet(): Promise<void> {
    const chunks = this.#chunks;
    await this.#rendering;
    // New output came while the screen was rendered: its own quiet timer is running.
    if (this.#busy || chunks !== this.#chunks) return;
    const found = findPromptAtCursor(this.screen, this.#last);
    if (!found) return;
    const { limits, password, overwrite, onEvent } = this.input;
    const kind = classifyPrompt(found.prompt);
    const plan =
      kind === undefined
        ? undefined
        : planAnswer(kind, this.#answered, overwrite, { text: found.prompt, redrawn: found.redrawn, passwordPrompt: this.#passwordPrompt });
    const sure = plan?.type === 'answer' && found.endsAtCursor && endsLikePrompt(found.prompt);
    const quietFor = this.#now() - this.#lastData;
    if (!sure && quietFor < limits.settleMs) {
      this.#timers.set('quiet', limits.settleMs - quietFor, () => void this.#onQuiet());
      return;
    }
    const shown = redactSecrets(found.prompt, [password]);
    if (kind === undefined || plan === undefined) {
      // Counted from the last output: the line has been quiet for quietFor already.
      this.#timers.set('unknown', Math.max(0, limits.unknownPromptMs - quietFor), () =>
        this.#stop({ kind: 'unrecognised-prompt', prompt: shown }),
      );
      return;
    }
    if (plan.type === 'unclear') return this.#stop({ kind: 'unrecognised-prompt', prompt: shown });
    onEvent({ type: 'prompt', kind });
    if (plan.type === 'asked-again') return this.#stop({ kind: 'asked-again', prompt: shown });
    this.#type(plan.answer, found);
  }

  #type(answer: Answer, at: PromptAtCursor): void {
    const typed = this.#typedFor(answer);
    if (answer === 'overwrite-no') this.#refusedOverwrite = at.prompt;
    if (answer === 'password') this.#passwordPrompt = at.prompt;
    this.#answered = markAnswered(this.#answered, answer);
    this.#last = { ...at, typed, echoSeen: false };
    this.child.write(`${typed}\r`);
    this.input.onEvent({ type: 'answered', answer });
    this.#armStepTimer();
  }

  #typedFor(answer: Answer): string {
    switch (answer) {
      case 'password':
      case 'confirm':
        return this.input.password.reveal();
      case 'reminder':
        return this.input.reminder;
      case 'overwrite-yes':
        return 'y';
      case 'overwrite-no':
        return 'n';
    }
  }

  #stop(reason: StopReason): void {
    if (this.#busy) return;
    this.#stopped = reason;
    this.input.onEvent({ type: 'stopping', reason: reason.kind });
    this.#timers.clear('step', 'total', 'quiet', 'unknown');
    void killProcessTree(this.child.pid).catch(() => this.child.kill());
    // If the exit event never comes, give up waiting for it.
    this.#timers.set('kill-wait', KILL_WAIT_MS, () => void this.#finish());
  }

  #onExit(exitCode: number, signal: number | undefined): void {
    this.#exit = { exitCode, signal: signalName(signal) };
    this.input.onEvent({ type: 'exited', ...this.#exit });
    this.#timers.clear('step', 'total', 'quiet', 'unknown', 'kill-wait');
    // All the output has come: #finish renders what was received and ends the run.
    if (this.input.exitEndsOutput) {
      void this.#finish();
      return;
    }
    // A pseudo-console that may report the exit before the last output (node-pty issue #72): read on until quiet.
    const { drainMs } = this.input.limits;
    const drainUntil = this.#now() + DRAIN_MAX_MS;
    const drain = (): void => {
      const quietFor = this.#now() - this.#lastData;
      if (quietFor >= drainMs || this.#now() >= drainUntil) void this.#finish();
      else this.#timers.set('drain', drainMs - quietFor, drain);
    };
    this.#timers.set('drain', drainMs, drain);
  }

  async #finish(): Promise<void> {
    if (this.#finished) return;
    this.#finished = true;
    this.#timers.clearAll();
    this.input.signal?.removeEventListener('abort', this.#onAbort);
    await this.#rendering;
    const transcript = redactSecrets(this.screen.text(), [this.input.password]);
    this.screen.dispose();
    const refused = this.#refusedOverwrite;
    const reason: StopReason | undefined =
      this.#stopped ?? (refused !== undefined ? { kind: 'overwrite-refused', prompt: refused } : undefined);
    this.resolve({
      transcript,
      exitCode: this.#exit?.exitCode ?? null,
      signal: this.#exit?.signal ?? null,
      answered: this.#answered,
      ...(reason ? { stopped: reason } : {}),
    });
  }
}

const isControl = (code: number): boolean => code < 0x20 || (code >= 0x7f && code <= 0x9f);

/**
 * Cuts output before every control character that follows printable text (`***\r\n\x1b[KPassword: ` gives
 * `***`, `\r\n\x1b[KPassword: `), so that each piece ends where the text drawn so far is about to be moved
 * away from or wiped. The pieces joined are the output; an escape sequence cut in two is still one to the
 * terminal, whose parser keeps its state between writes.
 */
export function piecesEndingInText(data: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let i = 1; i < data.length; i++) {
    if (isControl(data.charCodeAt(i)) && !isControl(data.charCodeAt(i - 1))) {
      pieces.push(data.slice(start, i));
      start = i;
    }
  }
  if (start < data.length) pieces.push(data.slice(start));
  return pieces;
}

function signalName(signal: number | undefined): string | null {
  if (!signal) return null;
  return Object.entries(osConstants.signals).find(([, number]) => number === signal)?.[0] ?? String(signal);
}
