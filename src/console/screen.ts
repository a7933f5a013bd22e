/**
 * A headless terminal that renders what a program in a pseudo-console prints. ConPTY and winpty do not pipe
 * output, they paint it: cursor moves, line clears, repaints and wraps (../shared/reference/windows-output.md,
 * "What a pseudo-console gives back"). Reading prompts from a rendered screen instead of from raw bytes makes
 * the driver indifferent to how the text got there. @xterm/headless is the emulator of VS Code's terminal.
 */
import type { Terminal } from '@xterm/headless';
import loader from './terminal-loader.cjs';

export interface LogicalLine {
  /** Absolute row (scrollback included) where the line starts; wrapped rows belong to their first row. */
  startRow: number;
  text: string;
}

export class Screen {
  readonly #terminal: Terminal;

  constructor(cols: number, rows: number) {
    const xterm = loader.requireXterm();
    this.#terminal = new xterm.Terminal({ cols, rows, scrollback: 10_000, allowProposedApi: true });
  }

  /** Resolves once the data is parsed into the screen. */
  write(data: string): Promise<void> {
    return new Promise((resolve) => this.#terminal.write(data, resolve));
  }

  /** The text of the cursor's logical line up to the cursor: where a waiting prompt is. */
  cursorLine(): LogicalLine {
    const buffer = this.#terminal.buffer.active;
    const row = buffer.baseY + buffer.cursorY;
    const startRow = this.#logicalStart(row);
    let text = '';
    for (let r = startRow; r < row; r++) text += buffer.getLine(r)?.translateToString(false) ?? '';
    text += buffer.getLine(row)?.translateToString(false, 0, buffer.cursorX) ?? '';
    return { startRow, text };
  }

  /** What is drawn after the cursor on its logical line, trailing blanks dropped: '' when the cursor ends it. */
  afterCursor(): string {
    const buffer = this.#terminal.buffer.active;
    const row = buffer.baseY + buffer.cursorY;
    let text = buffer.getLine(row)?.translateToString(true, buffer.cursorX) ?? '';
    for (let r = row + 1; buffer.getLine(r)?.isWrapped === true; r++) text += buffer.getLine(r)?.translateToString(true) ?? '';
    return text.trimEnd();
  }

  /** The logical line that ends just above the one starting at `startRow`, if any. */
  lineBefore(startRow: number): LogicalLine | undefined {
    if (startRow <= 0) return undefined;
    const start = this.#logicalStart(startRow - 1);
    return { startRow: start, text: this.#joined(start, startRow - 1) };
  }

  /** The whole logical line that starts at `startRow`. */
  lineAt(startRow: number): string {
    const buffer = this.#terminal.buffer.active;
    let end = startRow;
    while (buffer.getLine(end + 1)?.isWrapped) end++;
    return this.#joined(startRow, end);
  }

  /** Every logical line, trailing blank lines dropped: the transcript before redaction. */
  text(): string {
    const buffer = this.#terminal.buffer.active;
    const lines: string[] = [];
    for (let r = 0; r < buffer.length; r++) {
      const line = buffer.getLine(r);
      const text = line?.translateToString(true) ?? '';
      if (line?.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
      else lines.push(text);
    }
    while (lines.length > 0 && lines.at(-1)?.trim() === '') lines.pop();
    return lines.map((line) => line.trimEnd()).join('\n');
  }

  dispose(): void {
    this.#terminal.dispose();
  }

  #logicalStart(row: number): number {
    const buffer = this.#terminal.buffer.active;
    let start = row;
    while (start > 0 && buffer.getLine(start)?.isWrapped) start--;
    return start;
  }

  #joined(from: number, to: number): string {
    const buffer = this.#terminal.buffer.active;
    let text = '';
    for (let r = from; r <= to; r++) text += buffer.getLine(r)?.translateToString(r === to) ?? '';
    return text;
  }
}
