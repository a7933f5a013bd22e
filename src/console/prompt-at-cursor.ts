/**
 * Where a waiting prompt is on a rendered screen: the text before the cursor, less our own echo of the last
 * answer; or, for programs that end a prompt with a newline, the line above an empty cursor line. A prompt drawn
 * again on the line just answered is marked `redrawn` (a program asking again in place).
 */
import { isPromptShaped } from './prompt-recognition.js';
import type { Screen } from './screen.js';

export interface PromptAtCursor {
  startRow: number;
  /** The whole cursor line at the time, so the next look can tell our echo from a new prompt. */
  line: string;
  prompt: string;
  /** Drawn on the row of the last answer. */
  redrawn: boolean;
  /**
   * The prompt is on the cursor's line and the cursor sits right after it, with nothing drawn beyond: where a
   * program that waits for a key leaves it. False for a prompt read from the line above the cursor.
   */
  endsAtCursor: boolean;
}

export interface AnsweredLine extends PromptAtCursor {
  /** What was typed (to recognise an echo in clear). */
  typed: string;
  /** Output after the answer made this line longer (our echo): a return to the bare prompt is a redraw. */
  echoSeen: boolean;
}

/** Takes our own echo off the start of a line: `*` per key, or the typed text itself when echoed in clear. */
function stripEcho(rest: string, typed: string): string {
  const withoutStars = rest.replace(/^\*+/, '');
  return withoutStars.startsWith(typed) ? withoutStars.slice(typed.length) : withoutStars;
}

export function findPromptAtCursor(screen: Screen, last: AnsweredLine | undefined): PromptAtCursor | undefined {
  const cursor = screen.cursorLine();
  let text = cursor.text;
  const redrawn = last !== undefined && cursor.startRow === last.startRow;
  if (last && redrawn && text.startsWith(last.line)) {
    const rest = text.slice(last.line.length);
    // The bare prompt again after our echo had been there: the program cleared the line and asked again.
    if (rest === '' && last.echoSeen && isPromptShaped(text)) {
      return { startRow: cursor.startRow, line: cursor.text, prompt: text.trim(), redrawn, endsAtCursor: screen.afterCursor() === '' };
    }
    // Otherwise only what follows our echo can be a new prompt.
    text = stripEcho(rest, last.typed);
  }
  if (text.trim() !== '') {
    if (!isPromptShaped(text)) return undefined;
    return { startRow: cursor.startRow, line: cursor.text, prompt: text.trim(), redrawn, endsAtCursor: screen.afterCursor() === '' };
  }
  // Some programs end the prompt with a newline and wait on the empty line below it.
  const before = screen.lineBefore(cursor.startRow);
  if (!before || (last && before.startRow <= last.startRow) || !/[:?>]\s*$/.test(before.text)) return undefined;
  return { startRow: cursor.startRow, line: cursor.text, prompt: before.text.trim(), redrawn: false, endsAtCursor: false };
}

/** Whether our echo has lengthened the answered line yet (looked at on that line, wherever the cursor went). */
export function echoAppeared(screen: Screen, last: AnsweredLine): boolean {
  return screen.lineAt(last.startRow).trimEnd().length > last.line.trimEnd().length;
}
