/**
 * Runs one program in a pseudo-console and answers its prompts: the password, its confirmation, the reminder,
 * and (only as allowed) an overwrite question. It answers only when the program is waiting: output has gone
 * quiet with a prompt-like line at the cursor that is newer than the last answer. Everything is bounded: a
 * prompt that does not come, an exit that does not come, an unrecognised question, a question asked again, all
 * stop and kill the child's process tree.
 */
import { constants as osConstants } from 'node:os';
import type { IPty } from 'node-pty';
import { markAnswered, NOTHING_ANSWERED, planAnswer, type Answer, type AnsweredSoFar } from './answer-plan.js';
import { CONSOLE_COLUMNS, CONSOLE_ROWS } from './limits.js';
import type { StopReason } from './outcome.js';
import { killProcessTree } from './process-tree.js';
import { classifyPrompt, isPromptShaped } from './prompt-recognition.js';
import { Screen } from './screen.js';
import { redactSecrets } from './secret.js';
import type { SsoconfigRun } from './run.js';

export type PtyModule = typeof import('node-pty');

export interface ConversationInput extends SsoconfigRun {
  pty: PtyModule;
  overwrite: boolean;
}

export interface ConversationResult {
  transcript: string;
  exitCode: number | null;
  signal: string | null;
  stopped?: StopReason;
  spawnError?: string;
  answered: AnsweredSoFar;
}

interface Candidate {
  startRow: number;
  /** The whole cursor line at the time, so the next look can tell our echo from a new prompt. */
  line: string;
  prompt: string;
  /** Drawn on the row of the last answer. */
  redrawn: boolean;
}

interface LastAnswer extends Candidate {
  typed: string;
  /** Output after the answer made this line longer (our echo): a return to the bare prompt is a redraw. */
  echoSeen: boolean;
}

const KILL_WAIT_MS = 5_000;
const DRAIN_MAX_MS = 2_000;

export function converse(input: ConversationInput): Promise<ConversationResult> {
  return new Promise((resolve) => {
    const { limits, onEvent, password } = input;
    const screen = new Screen(CONSOLE_COLUMNS, CONSOLE_ROWS);
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
      screen.dispose();
      resolve({
        transcript: '',
        exitCode: null,
        signal: null,
        spawnError: error instanceof Error ? error.message : String(error),
        answered: NOTHING_ANSWERED,
      });
      return;
    }
    onEvent({ type: 'started', mode: 'pty', pid: child.pid });

    let answered = NOTHING_ANSWERED;
    let last: LastAnswer | undefined;
    let passwordPrompt: string | undefined;
    let stopped: StopReason | undefined;
    let refusedOverwrite: string | undefined;
    let exit: { exitCode: number | null; signal: string | null } | undefined;
    let rendering = Promise.resolve();
    let finished = false;
    const timers = new Map<string, NodeJS.Timeout>();
    const setTimer = (name: string, ms: number, action: () => void): void => {
      clearTimeout(timers.get(name));
      timers.set(name, setTimeout(action, ms));
    };
    const clearTimer = (name: string): void => {
      clearTimeout(timers.get(name));
      timers.delete(name);
    };

    const started = Date.now();
    let stepStarted = started;
    const armStepTimer = (): void => {
      stepStarted = Date.now();
      if (answered.reminder) {
        setTimer('step', limits.finishTimeoutMs, () => stop({ kind: 'finish-timeout', waitedMs: Date.now() - stepStarted }));
      } else {
        const after = last ? 'after the last answer' : 'after it started';
        setTimer('step', limits.promptTimeoutMs, () =>
          stop({ kind: 'prompt-timeout', waitedMs: Date.now() - stepStarted, after }),
        );
      }
    };
    armStepTimer();
    setTimer('total', limits.totalTimeoutMs, () => stop({ kind: 'total-timeout', waitedMs: Date.now() - started }));

    const onAbort = (): void => stop({ kind: 'cancelled' });
    input.signal?.addEventListener('abort', onAbort, { once: true });
    if (input.signal?.aborted) queueMicrotask(onAbort);

    function stop(reason: StopReason): void {
      if (stopped || exit || finished) return;
      stopped = reason;
      onEvent({ type: 'stopping', reason: reason.kind });
      for (const name of ['step', 'total', 'quiet', 'unknown']) clearTimer(name);
      void killProcessTree(child.pid).catch(() => child.kill());
      // If the exit event never comes, give up waiting for it.
      setTimer('kill-wait', KILL_WAIT_MS, () => void finish());
    }

    const candidate = (): Candidate | undefined => {
      const cursor = screen.cursorLine();
      let text = cursor.text;
      const redrawn = last !== undefined && cursor.startRow === last.startRow;
      if (last && redrawn && text.startsWith(last.line)) {
        const rest = text.slice(last.line.length);
        // The bare prompt again after our echo had been there: the program cleared the line and asked again.
        if (rest === '' && last.echoSeen && isPromptShaped(text)) {
          return { startRow: cursor.startRow, line: cursor.text, prompt: text.trim(), redrawn };
        }
        // Otherwise only what follows our echo can be a new prompt.
        text = stripEcho(rest, last.typed);
      }
      if (text.trim() !== '') {
        return isPromptShaped(text) ? { startRow: cursor.startRow, line: cursor.text, prompt: text.trim(), redrawn } : undefined;
      }
      // Some programs end the prompt with a newline and wait on the empty line below it.
      const before = screen.lineBefore(cursor.startRow);
      if (!before || (last && before.startRow <= last.startRow) || !/[:?>]\s*$/.test(before.text)) return undefined;
      return { startRow: cursor.startRow, line: cursor.text, prompt: before.text.trim(), redrawn: false };
    };

    const typedFor = (answer: Answer): string => {
      switch (answer) {
        case 'password':
        case 'confirm':
          return password.reveal();
        case 'reminder':
          return input.reminder;
        case 'overwrite-yes':
          return 'y';
        case 'overwrite-no':
          return 'n';
      }
    };

    const onQuiet = async (): Promise<void> => {
      await rendering;
      if (stopped || exit || finished) return;
      const found = candidate();
      if (!found) return;
      const kind = classifyPrompt(found.prompt);
      if (kind === undefined) {
        const shown = redactSecrets(found.prompt, [password]);
        setTimer('unknown', Math.max(0, limits.unknownPromptMs - limits.settleMs), () =>
          stop({ kind: 'unrecognised-prompt', prompt: shown }),
        );
        return;
      }
      const plan = planAnswer(kind, answered, input.overwrite, { text: found.prompt, redrawn: found.redrawn, passwordPrompt });
      if (plan.type === 'unclear') {
        stop({ kind: 'unrecognised-prompt', prompt: redactSecrets(found.prompt, [password]) });
        return;
      }
      onEvent({ type: 'prompt', kind });
      if (plan.type === 'asked-again') {
        stop({ kind: 'asked-again', prompt: redactSecrets(found.prompt, [password]) });
        return;
      }
      const typed = typedFor(plan.answer);
      if (plan.answer === 'overwrite-no') refusedOverwrite = found.prompt;
      if (plan.answer === 'password') passwordPrompt = found.prompt;
      answered = markAnswered(answered, plan.answer);
      last = { ...found, typed, echoSeen: false };
      child.write(`${typed}\r`);
      onEvent({ type: 'answered', answer: plan.answer });
      armStepTimer();
    };

    let lastData = Date.now();
    child.onData((data) => {
      lastData = Date.now();
      rendering = rendering.then(async () => {
        await screen.write(data);
        // Our echo lengthens the answered line; look at that line, wherever the cursor went since.
        if (last && !last.echoSeen) last.echoSeen = screen.lineAt(last.startRow).trimEnd().length > last.line.trimEnd().length;
      });
      clearTimer('unknown');
      if (!exit && !stopped) setTimer('quiet', limits.settleMs, () => void onQuiet());
    });

    child.onExit(({ exitCode, signal }) => {
      exit = { exitCode, signal: signalName(signal) };
      onEvent({ type: 'exited', ...exit });
      for (const name of ['step', 'total', 'quiet', 'unknown', 'kill-wait']) clearTimer(name);
      // node-pty can report the exit before the last output (issue #72): read on until it is quiet.
      const drainUntil = Date.now() + DRAIN_MAX_MS;
      const drain = (): void => {
        const quietFor = Date.now() - lastData;
        if (quietFor >= limits.drainMs || Date.now() >= drainUntil) void finish();
        else setTimer('drain', limits.drainMs - quietFor, drain);
      };
      setTimer('drain', limits.drainMs, drain);
    });

    async function finish(): Promise<void> {
      if (finished) return;
      finished = true;
      for (const name of [...timers.keys()]) clearTimer(name);
      input.signal?.removeEventListener('abort', onAbort);
      await rendering;
      const transcript = redactSecrets(screen.text(), [password]);
      screen.dispose();
      const reason: StopReason | undefined =
        stopped ?? (refusedOverwrite !== undefined ? { kind: 'overwrite-refused', prompt: refusedOverwrite } : undefined);
      resolve({
        transcript,
        exitCode: exit?.exitCode ?? null,
        signal: exit?.signal ?? null,
        answered,
        ...(reason ? { stopped: reason } : {}),
      });
    }
  });
}

function signalName(signal: number | undefined): string | null {
  if (!signal) return null;
  return Object.entries(osConstants.signals).find(([, number]) => number === signal)?.[0] ?? String(signal);
}

/** Takes our own echo off the start of a line: `*` per key, or the typed text itself when echoed in clear. */
function stripEcho(rest: string, typed: string): string {
  const withoutStars = rest.replace(/^\*+/, '');
  return withoutStars.startsWith(typed) ? withoutStars.slice(typed.length) : withoutStars;
}
