/**
 * The bundle's chunks (packaging/bundle.mjs): each file beside the bundle compiles on its own and answers for
 * the module specifiers the bundle maps to it, as the banner's loader will ask; the Windows-only ones included,
 * which no run on Linux loads.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { compileFunction } from 'node:vm';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const BUNDLE_DIR = path.resolve(import.meta.dirname, '../../build/bundle');

function loadChunk(name: string): Record<string, unknown> {
  const file = path.join(BUNDLE_DIR, name);
  const chunk = { exports: {} as Record<string, unknown> };
  compileFunction(readFileSync(file, 'utf8'), ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file })(chunk.exports, require, chunk, file, BUNDLE_DIR);
  return chunk.exports;
}

describe('the bundle’s chunks', () => {
  it('zxcvbn: the measure, its matching and its scoring, one module instance', () => {
    const chunk = loadChunk('zxcvbn.cjs') as { zxcvbn: (pw: string) => { score: number }; 'zxcvbn/lib/matching': { omnimatch: unknown }; 'zxcvbn/lib/scoring': { most_guessable_match_sequence: unknown } };
    expect(chunk.zxcvbn('password').score).toBe(0);
    expect(typeof chunk['zxcvbn/lib/matching'].omnimatch).toBe('function');
    expect(typeof chunk['zxcvbn/lib/scoring'].most_guessable_match_sequence).toBe('function');
  });

  it('iconv-lite decodes an OEM code page (the Windows tools’ output)', () => {
    const iconv = loadChunk('iconv-lite.cjs')['iconv-lite'] as { decode(b: Buffer, e: string): string };
    expect(iconv.decode(Buffer.from([0x82, 0x81]), 'cp850')).toBe('éü');
  });

  it('the XML parser reads an event (wevtutil /f:xml)', () => {
    const { XMLParser } = loadChunk('fast-xml-parser.cjs')['fast-xml-parser'] as { XMLParser: new () => { parse(x: string): unknown } };
    expect(new XMLParser().parse('<Event><System><EventID>10559</EventID></System></Event>')).toEqual({ Event: { System: { EventID: 10559 } } });
  });

  it('the terminal emulator and execa are there', () => {
    expect(typeof (loadChunk('xterm.cjs')['@xterm/headless'] as { Terminal: unknown }).Terminal).toBe('function');
    expect(typeof (loadChunk('execa.cjs')['execa'] as { execa: unknown }).execa).toBe('function');
  });
});
