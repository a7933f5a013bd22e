/**
 * Progress while ssoconfig runs: an ora spinner on a terminal, plain lines elsewhere. `persist` stops the
 * spinner and leaves a line, so the screen keeps a record of each step (and nothing spins while keys are typed
 * or while the console is handed over).
 */
import type { Ora } from 'ora';
import type { Style } from './style.js';

export interface Progress {
  start(text: string): void;
  persist(kind: 'ok' | 'warn' | 'error' | 'info', text: string): void;
  stop(): void;
}

/**
 * ora is loaded on the first start(), not with the program: it is not needed before the first question, and it
 * costs start-up time (bench/). Until it has loaded, nothing spins; what start() asked for shows once it has,
 * unless stop() or persist() came first.
 */
export function createProgress(stream: NodeJS.WriteStream, style: Style): Progress {
  const interactive = stream.isTTY === true;
  let spinner: Ora | undefined;
  let loading: Promise<void> | undefined;
  /** The text the spinner should show now; undefined: it should not spin. */
  let wanted: string | undefined;
  const load = (): Promise<void> =>
    (loading ??= import('ora')
      .then(({ default: ora }) => {
        spinner = ora({ stream, color: style.color ? 'cyan' : false, discardStdin: false });
        if (wanted !== undefined) spinner.start(wanted);
      })
      .catch(() => undefined)); // no spinner then; the steps are still persisted as lines
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
      wanted = text;
      if (spinner) spinner.start(text);
      else void load();
    },
    persist(kind, text) {
      wanted = undefined;
      if (spinner?.isSpinning) spinner.stopAndPersist({ symbol: line(kind, '').trimEnd(), text });
      else stream.write(`${line(kind, text)}\n`);
    },
    stop() {
      wanted = undefined;
      spinner?.stop();
    },
  };
}
