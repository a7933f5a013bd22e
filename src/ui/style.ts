/**
 * Colours and symbols for human output. Colours only on a terminal that has them: tty.hasColors() honours
 * NO_COLOR and FORCE_COLOR. Symbols fall back to ASCII where the Windows console may lack the glyphs.
 */
import type { Writable } from 'node:stream';

export interface Style {
  readonly color: boolean;
  ok(text: string): string;
  warn(text: string): string;
  error(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  readonly symbols: { ok: string; warn: string; error: string; info: string };
}

type MaybeTty = Writable & { isTTY?: boolean; hasColors?: () => boolean };

export function createStyle(stream: MaybeTty, env: NodeJS.ProcessEnv = process.env, platform = process.platform): Style {
  const color = stream.isTTY === true && (stream.hasColors?.() ?? false);
  const paint = (open: number, close: number) => (text: string) => (color ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  const unicode = platform !== 'win32' || Boolean(env['WT_SESSION']) || env['TERM_PROGRAM'] === 'vscode';
  return {
    color,
    ok: paint(32, 39),
    warn: paint(33, 39),
    error: paint(31, 39),
    dim: paint(2, 22),
    bold: paint(1, 22),
    symbols: unicode ? { ok: '✔', warn: '⚠', error: '✖', info: 'ℹ' } : { ok: '+', warn: '!', error: 'x', info: 'i' },
  };
}
