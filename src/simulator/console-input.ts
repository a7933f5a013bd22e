/**
 * How the simulated ssoconfig reads its answers.
 *
 * `console` plays the likely truth (../shared/reference/entsso.md section 2): the password is read from the
 * console itself, one key at a time, each key echoed as `*` (a _getch/_putch style loop), so a piped or
 * redirected stdin is never read. On POSIX the console is the controlling terminal, /dev/tty; on Windows it is
 * CONIN$/CONOUT$. Without a console the read fails as a Windows console read would: "The handle is invalid."
 *
 * `stdin` plays the other guess: answers are lines of standard input, read in whatever mode stdin is in (a
 * terminal in cooked mode echoes what is typed, in clear).
 */
import { openSync } from 'node:fs';
import tty from 'node:tty';

export type Echo = 'mask' | 'clear';

export interface AnswerReader {
  /** Writes the prompt, reads one answer. Ctrl+C ends the process the way the console would. */
  ask(prompt: string, echo: Echo): Promise<string>;
  close(): void;
}

export class NoConsoleError extends Error {
  constructor(cause: unknown) {
    super('No console to read from.', { cause });
    this.name = 'NoConsoleError';
  }
}

const CTRL_C = '\u0003';
const BACKSPACE = new Set(['\u007f', '\b']);
// eslint-disable-next-line no-control-regex -- an escape sequence starts with ESC
const ESCAPE_SEQUENCE = /^\u001b(\[[0-9;?]*[ -/]*[@-~]|O.|.)?/;

/**
 * Reads keys from the console in raw mode, from open to close, as a _getch loop would: keys typed ahead of a
 * prompt wait for it and are never echoed in clear in between.
 */
export function openConsoleReader(): AnswerReader {
  const isWindows = process.platform === 'win32';
  let inFd: number;
  let outFd: number;
  try {
    inFd = openSync(isWindows ? 'CONIN$' : '/dev/tty', isWindows ? 'r+' : 'r');
    outFd = openSync(isWindows ? 'CONOUT$' : '/dev/tty', 'w');
  } catch (error) {
    throw new NoConsoleError(error);
  }
  const input = new tty.ReadStream(inFd);
  const output = new tty.WriteStream(outFd);
  input.setRawMode(true);
  let pending = '';
  let current: { answer: string; echo: Echo; resolve: (answer: string) => void } | undefined;

  /** Consumes pending keys into the current answer; Enter hands the answer over. */
  const consume = (): void => {
    while (current && pending.length > 0) {
      const escape = pending.startsWith('\u001b') ? ESCAPE_SEQUENCE.exec(pending) : null;
      if (escape) {
        pending = pending.slice(escape[0].length); // arrows, function keys: ignored, as _getch callers do
        continue;
      }
      const key = pending[0] as string;
      pending = pending.slice(1);
      if (key === '\r' || key === '\n') {
        if (key === '\r' && pending.startsWith('\n')) pending = pending.slice(1);
        output.write('\r\n');
        const done = current;
        current = undefined;
        done.resolve(done.answer);
      } else if (key === CTRL_C) {
        output.write('^C\r\n');
        input.setRawMode(false);
        process.kill(process.pid, 'SIGINT');
        return;
      } else if (BACKSPACE.has(key)) {
        if (current.answer.length > 0) {
          current.answer = current.answer.slice(0, -1);
          output.write('\b \b');
        }
      } else if (key >= ' ') {
        current.answer += key;
        output.write(current.echo === 'mask' ? '*' : key);
      } // other control keys are not part of a password
    }
    if (!current) input.pause();
  };
  input.on('data', (data: Buffer | string) => {
    pending += data.toString();
    consume();
  });

  return {
    ask: (prompt, echo) =>
      new Promise((resolve) => {
        // The prompt goes to stdout like a printf; the echo goes straight to the console like a _putch.
        process.stdout.write(prompt);
        current = { answer: '', echo, resolve };
        consume();
        if (current) input.resume();
      }),
    close: () => {
      input.setRawMode(false);
      input.destroy();
      output.destroy();
    },
  };
}

/** Reads answers as lines of standard input, whatever it is (a pipe, a file, a terminal in cooked mode). */
export function openStdinReader(): AnswerReader {
  let buffered = '';
  let ended = false;
  const waiters: (() => void)[] = [];
  const wake = (): void => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  const onData = (data: Buffer): void => {
    buffered += data.toString('utf8');
    wake();
  };
  const onEnd = (): void => {
    ended = true;
    wake();
  };
  process.stdin.on('data', onData);
  process.stdin.on('end', onEnd);

  const ask = async (prompt: string): Promise<string> => {
    process.stdout.write(prompt);
    process.stdin.resume();
    for (;;) {
      const newline = buffered.indexOf('\n');
      if (newline >= 0) {
        const line = buffered.slice(0, newline).replace(/\r$/, '');
        buffered = buffered.slice(newline + 1);
        process.stdin.pause();
        return line;
      }
      if (ended) {
        const rest = buffered;
        buffered = '';
        return rest;
      }
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return {
    ask,
    close: () => {
      process.stdin.off('data', onData);
      process.stdin.off('end', onEnd);
      process.stdin.pause();
    },
  };
}
