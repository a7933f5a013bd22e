/**
 * Progress while ssoconfig runs: an ora spinner on a terminal, plain lines elsewhere. `persist` stops the
 * spinner and leaves a line, so the screen keeps a record of each step (and nothing spins while keys are typed
 * or while the console is handed over).
 */
import ora, { type Ora } from 'ora';
import type { Style } from './style.js';

export interface Progress {
  start(text: string): void;
  persist(kind: 'ok' | 'warn' | 'error' | 'info', text: string): void;
  stop(): void;
}

export function createProgress(stream: NodeJS.WriteStream, style: Style): Progress {
  const interactive = stream.isTTY === true;
  let spinner: Ora | undefined;
  const line = (kind: 'ok' | 'warn' | 'error' | 'info', text: string): string => {
    const paint = kind === 'info' ? style.dim : style[kind];
    return `${paint(style.symbols[kind])} ${text}`;
  };
  return {
    start(text) {
      if (!interactive) {
        stream.write(`${style.dim('…')} ${text}\n`);
        return;
      }
      spinner ??= ora({ stream, color: style.color ? 'cyan' : false, discardStdin: false });
      spinner.start(text);
    },
    persist(kind, text) {
      if (spinner?.isSpinning) spinner.stopAndPersist({ symbol: line(kind, '').trimEnd(), text });
      else stream.write(`${line(kind, text)}\n`);
    },
    stop() {
      spinner?.stop();
    },
  };
}
