/**
 * A real pseudo-terminal for end-to-end tests: spawn a program as a person would run it, wait for text on the
 * rendered screen, type keys, read the screen. node-pty gives the terminal, @xterm/headless renders it.
 */
import pty from 'node-pty';
import xterm from '@xterm/headless';

export interface TerminalRun {
  /**
   * The rendered screen (scrollback included), one line a row, trailing blanks trimmed; a line the terminal wrapped
   * at its edge is joined again, so a long path is matched whole.
   */
  screen(): string;
  /** Resolves when the screen matches; rejects with the screen after `timeoutMs`. */
  waitFor(pattern: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves when the text is on the screen `count` times (for a question asked again). */
  waitForCount(text: string, count: number, timeoutMs?: number): Promise<void>;
  /** Every byte the program wrote, escape sequences and all. */
  raw(): string;
  type(text: string): void;
  /** Keys by name: enter, backspace, ctrl-c, ctrl-u (clear the line), down. */
  press(key: keyof typeof KEYS): void;
  /** Resolves with the exit once output is drained. */
  exited: Promise<{ exitCode: number; signal?: number | undefined }>;
  pid: number;
  kill(): void;
  /**
   * Stops the program as a person or a runbook would: Ctrl+C typed, SIGTERM sent, or the terminal closed (its side
   * of the pseudo-terminal goes, the kernel hangs up the session: SIGHUP), a moment after what is on screen was
   * drawn, as a person closes a window.
   */
  interrupt(how: 'ctrl-c' | 'SIGTERM' | 'terminal closed'): void;
}

const KEYS = { enter: '\r', backspace: '\u007f', 'ctrl-c': '\u0003', 'ctrl-u': '\u0015', down: '\u001b[B' } as const;

export function runInTerminal(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; cols?: number; rows?: number } = {},
): TerminalRun {
  const cols = options.cols ?? 160;
  const rows = options.rows ?? 40;
  const term = new xterm.Terminal({ cols, rows, scrollback: 5000, allowProposedApi: true });
  // A person at a terminal is not a CI agent: CI=true (set on CI runs) would make sso-backup run unattended.
  // A test that passes its own env decides for itself.
  const env = Object.fromEntries(
    Object.entries(options.env ?? process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && (options.env !== undefined || entry[0] !== 'CI'),
    ),
  );
  const child = pty.spawn(command, [...args], { name: 'xterm-256color', cols, rows, cwd: options.cwd ?? process.cwd(), env });
  let rendering = Promise.resolve();
  let rawOutput = '';
  const listeners = new Set<() => void>();
  child.onData((data) => {
    rawOutput += data;
    rendering = rendering.then(() => new Promise<void>((resolve) => term.write(data, resolve)));
    void rendering.then(() => listeners.forEach((listener) => listener()));
  });
  const exited = new Promise<{ exitCode: number; signal?: number | undefined }>((resolve) => {
    child.onExit((exit) => setTimeout(() => void rendering.then(() => resolve(exit)), 300));
  });

  const screen = (): string => {
    const buffer = term.buffer.active;
    const lines: string[] = [];
    for (let r = 0; r < buffer.length; r++) {
      const line = buffer.getLine(r);
      const text = line?.translateToString(true) ?? '';
      if (line?.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
      else lines.push(text);
    }
    while (lines.length > 0 && lines.at(-1) === '') lines.pop();
    return lines.join('\n');
  };

  const waitFor = (pattern: string | RegExp, timeoutMs = 10_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const matches = (): boolean => (typeof pattern === 'string' ? screen().includes(pattern) : pattern.test(screen()));
      const check = (): void => {
        if (!matches()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${String(pattern)}. Screen:\n${screen()}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      void rendering.then(check);
    });

  const occurrences = (text: string): number => screen().split(text).length - 1;
  const waitForCount = (text: string, count: number, timeoutMs = 10_000): Promise<void> =>
    waitFor({ test: () => occurrences(text) >= count, toString: () => `${count} x "${text}"` } as unknown as RegExp, timeoutMs);

  return {
    screen,
    waitFor,
    waitForCount,
    raw: () => rawOutput,
    type: (text) => child.write(text),
    press: (key) => child.write(KEYS[key]),
    exited,
    pid: child.pid,
    kill: () => child.kill('SIGKILL'),
    interrupt: (how) => {
      if (how === 'ctrl-c') child.write(KEYS['ctrl-c']);
      else if (how === 'SIGTERM') process.kill(child.pid, 'SIGTERM');
      else setTimeout(() => (child as pty.IPty & { destroy(): void }).destroy(), 150);
    },
  };
}
