/**
 * Bad input, backup paths: checkBackupPathSyntax against a small model of Windows' naming rules written here, on
 * its own, from Microsoft's "Naming Files, Paths, and Namespaces" (learn.microsoft.com/windows/win32/fileio/naming-a-file):
 *
 * - a name may not hold < > : " / \ | ? * nor the characters 0 to 31;
 * - CON, PRN, AUX, NUL, COM1-COM9, COM¹ COM² COM³, LPT1-LPT9, LPT¹ LPT² LPT³ are reserved, in any case, also
 *   "followed immediately by an extension" (NUL.txt and NUL.tar.gz are both NUL); Windows also drops the spaces
 *   before that first dot (CON .txt), so the stem is read without them. COM0, COM10, COM⁴ are ordinary names
 *   (ntdll's iswdigit takes only 1-9 and the three Latin-1 superscripts);
 * - a name may not end in a space or a period (Windows strips them), '.' and '..' excepted;
 * - a component is at most 255 UTF-16 units; a path at most MAX_PATH, 260 with its NUL, so 259;
 * - \\?\, \\.\ (either slash) and \??\ are the device namespace, where none of this applies (refused whole);
 * - a full path is C:\..., or \\server\share\... naming both, and a file after the share; C:foo (drive-relative),
 *   \foo (rooted on the current drive) and foo (relative) depend on a current folder.
 *
 * The posix flavor (the simulator on Linux) has the same NAME rules plus backslash (a separator on Windows), a
 * path that starts with /, and no whole-path limit.
 *
 * The property, for every path generated: the model says valid exactly when the checker finds no problem; every
 * problem has a message that ends with what to do; for an injected defect, its rule is among those reported; and
 * the checker never throws.
 */
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkBackupPathSyntax,
  checkBackupPlacement,
  defaultBackupFileName,
  type PathFlavor,
} from '../../../src/rules/backup-path.js';
import type { RuleProblem } from '../../../src/rules/rule.js';
import { trial } from '../figures.js';

// ------------------------------------------------------------------------------------------------ the model

const DEVICE_STEMS = ['CON', 'PRN', 'AUX', 'NUL'];
const DEVICE_DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '\u00B9', '\u00B2', '\u00B3'];
const RESERVED = new Set([...DEVICE_STEMS, ...DEVICE_DIGITS.flatMap((d) => [`COM${d}`, `LPT${d}`])]);
const FORBIDDEN = '<>:"|?*';

/** ASCII letters upper-cased, nothing else touched (the reserved names are ASCII but for the superscripts). */
function asciiUpper(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    out += c >= 0x61 && c <= 0x7a ? String.fromCharCode(c - 32) : text[i];
  }
  return out;
}

/** Why a single name (no separators) is not a Windows file or folder name; [] when it is one. */
function nameFaults(name: string, flavor: PathFlavor): string[] {
  if (name === '.' || name === '..') return [];
  const faults: string[] = [];
  let stem = '';
  let stemDone = false;
  for (let i = 0; i < name.length; i += 1) {
    const ch = name[i] ?? '';
    if (ch === '.') stemDone = true;
    if (!stemDone) stem += ch;
  }
  while (stem.endsWith(' ')) stem = stem.slice(0, -1);
  if (RESERVED.has(asciiUpper(stem))) faults.push('reserved-name');
  for (let i = 0; i < name.length; i += 1) {
    const ch = name[i] ?? '';
    if (name.charCodeAt(i) < 32 || FORBIDDEN.includes(ch) || (flavor === 'posix' && ch === '\\')) {
      faults.push('invalid-character');
      break;
    }
  }
  const last = name[name.length - 1];
  if (last === '.' || last === ' ') faults.push('trailing-dot-or-space');
  if (name.length > 255) faults.push('too-long');
  return faults;
}

const isSep = (ch: string | undefined, flavor: PathFlavor): boolean => ch === '/' || (flavor === 'win32' && ch === '\\');
const isLetter = (ch: string | undefined): boolean => ch !== undefined && /^[A-Za-z]$/.test(ch);

/** The model's verdict on a whole path: the set of faults (empty: a good backup file path). */
function modelFaults(file: string, flavor: PathFlavor): Set<string> {
  const faults = new Set<string>();
  if (file === '') return new Set(['no-file-name']);
  let rest: string;
  let unc = false;
  const [a, b, c, d] = [file[0], file[1], file[2], file[3]];
  if (flavor === 'posix') {
    if (a !== '/') faults.add('absolute');
    rest = file;
  } else if ((isSep(a, flavor) && isSep(b, flavor) && (c === '?' || c === '.') && isSep(d, flavor)) || file.startsWith('\\??\\')) {
    return new Set(['device-path']);
  } else if (isLetter(a) && b === ':') {
    if (!isSep(c, flavor)) faults.add('absolute');
    rest = file.slice(isSep(c, flavor) ? 3 : 2);
  } else if (isSep(a, flavor) && isSep(b, flavor)) {
    unc = true;
    rest = file.slice(2);
  } else {
    if (isSep(a, flavor)) rest = file.slice(1);
    else rest = file;
    faults.add('absolute');
  }
  // Components, every separator a cut (empty ones are repeated separators, which Windows collapses).
  const parts: string[] = [''];
  for (const ch of rest) {
    if (isSep(ch, flavor)) parts.push('');
    else parts[parts.length - 1] += ch;
  }
  if (unc) {
    // \\server\share: both named, right after the two separators.
    if ((parts[0] ?? '') === '' || (parts[1] ?? '') === '' || parts.length < 2) faults.add('absolute');
  }
  for (const part of parts) if (part !== '') for (const fault of nameFaults(part, flavor)) faults.add(fault);
  if (flavor === 'win32' && file.length > 259) faults.add('too-long');
  const last = parts[parts.length - 1] ?? '';
  // A UNC path's file comes after the share: \\server\share alone is the share's root folder.
  const shareOnly = unc && parts.length === 2 && !faults.has('absolute');
  if (last === '' || last === '.' || last === '..' || shareOnly) faults.add('no-file-name');
  return faults;
}

// ------------------------------------------------------------------------------------------------ the checks

/** Every message ends with a sentence that says what to do (as test/unit/rules-backup-path.test.ts asks). */
const ACTION = /^(Give|Use|Choose|Remove|Add|Shorten|Name|Write)\b/;

function expectGoodMessages(problems: readonly RuleProblem[]): void {
  for (const p of problems) {
    expect(p.message.length, p.message).toBeGreaterThanOrEqual(30);
    expect(p.message, p.message).toMatch(/\.$/);
    expect(p.message.split(/(?<=\.)\s+(?=[A-Z])/).at(-1) ?? '', p.message).toMatch(ACTION);
  }
}

/** The checker's verdict, held against the model's. */
function agrees(file: string, flavor: PathFlavor, injected?: string): void {
  let problems: RuleProblem[] = [];
  expect(() => (problems = checkBackupPathSyntax(file, flavor)), JSON.stringify(file)).not.toThrow();
  const expected = modelFaults(file, flavor);
  const rules = new Set(problems.map((p) => p.rule));
  const label = `${flavor} ${JSON.stringify(file)}: model ${JSON.stringify([...expected])}, checker ${JSON.stringify([...rules])}`;
  expect(rules.size === 0, label).toBe(expected.size === 0);
  if (injected !== undefined) expect(rules.has(injected), label).toBe(true);
  // The rules the model names are reported (the device namespace is refused whole, nothing else said).
  for (const fault of expected) expect(rules.has(fault), label).toBe(true);
  expectGoodMessages(problems);
}

// ------------------------------------------------------------------------------------------------ generators

const SAFE_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_ .,;=+!#$%&()[]{}\'~@^`';
const UNICODE_CHARS = ['é', 'ñ', 'ß', 'Ω', 'ж', '中', '\u0627', '\u05D0', '\u0301', '\u200B', '\u00A0', '\uD83D\uDE00', 'ı', 'ſ', 'K'];

/** A name Windows takes: safe characters and some Unicode, not ending in a dot or a space, not reserved. */
const goodName = fc
  .array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...SAFE_CHARS) }, { weight: 1, arbitrary: fc.constantFrom(...UNICODE_CHARS) }), {
    minLength: 1,
    maxLength: 24,
  })
  .map((chars) => chars.join(''))
  .map((name) => name.replace(/[. ]+$/, '') || 'x')
  .filter((name) => name !== '.' && name !== '..' && nameFaults(name, 'win32').length === 0);

const goodFile = fc.tuple(goodName, fc.constantFrom('.bak', '.BAK', '', '.tar.bak', '.txt')).map(([n, e]) => n + e).filter((n) => nameFaults(n, 'win32').length === 0);

/** Reserved names in random case, with or without spaces before an extension. */
const reservedName = fc
  .tuple(
    fc.constantFrom(...RESERVED),
    fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    fc.constantFrom('', ' ', '  '),
    fc.constantFrom('', '.bak', '.txt', '.tar.gz', '.', '.BAK'),
  )
  .map(([name, upper, spaces, ext]) => [...name].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch.toLowerCase())).join('') + (ext === '' ? '' : spaces + ext));

/** Names that only look like a device: not reserved. */
const nearReserved = fc
  .tuple(fc.constantFrom('COM0', 'LPT0', 'COM10', 'COM\u2074', 'LPT\u2079', 'CONSOLE', 'NULL', 'AUXILIARY', 'PRN1', 'xCON', 'CON_', 'CONIN', ' CON', 'C0N'), fc.constantFrom('', '.bak'))
  .map(([n, e]) => n + e);

const forbiddenChar = fc.oneof(fc.constantFrom(...FORBIDDEN), fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)));

type Mutation = { file: string; injected?: string };

/** A good win32 path: drive, UNC or (posix) root, 0-4 folders, a file; mixed separators on win32. */
function goodPath(flavor: PathFlavor): fc.Arbitrary<{ root: string; dirs: string[]; file: string; seps: string[] }> {
  const root =
    flavor === 'win32'
      ? fc.oneof(
          fc.tuple(fc.constantFrom(...'ACDZacdz'), fc.constantFrom('\\', '/')).map(([l, s]) => `${l}:${s}`),
          fc.tuple(goodName, goodName, fc.constantFrom('\\', '/')).map(([srv, share, s]) => `${s}${s}${srv}${s}${share}${s}`),
        )
      : fc.constant('/');
  return fc.record({
    root,
    dirs: fc.array(goodName, { maxLength: 4 }),
    file: goodFile,
    seps: fc.array(fc.constantFrom(...(flavor === 'win32' ? ['\\', '/', '\\\\'] : ['/', '//'])), { minLength: 5, maxLength: 5 }),
  });
}

const join = (p: { root: string; dirs: string[]; file: string; seps: string[] }): string =>
  p.root + [...p.dirs, p.file].map((part, i) => (i === 0 ? part : (p.seps[i] ?? '\\') + part)).join('');

/** A good path with one defect put into one of its parts (or its root), and the rule that must answer it. */
function mutated(flavor: PathFlavor): fc.Arbitrary<Mutation> {
  return fc
    .tuple(
      goodPath(flavor),
      fc.nat(),
      fc.constantFrom('reserved', 'near-reserved', 'char', 'trailing', 'long-name', 'long-path', 'root', 'end', 'dots'),
      reservedName,
      nearReserved,
      forbiddenChar,
      fc.constantFrom('.', ' ', '..', ' .', '. '),
      fc.integer({ min: 250, max: 400 }),
      fc.constantFrom('x.bak', 'backups\\x.bak', 'C:x.bak', 'C:', '\\x.bak', '/x.bak', '\\\\?\\C:\\x.bak', '//?/C:/x.bak', '\\\\.\\COM1', '\\??\\C:\\x.bak', '\\\\server', '\\\\server\\\\x.bak', '\\\\server\\share', '//server/share', '.\\x.bak', '..\\x.bak'),
      fc.constantFrom('\\', '/', '\\.', '\\..', '/.'),
    )
    .map(([good, at, kind, reserved, near, bad, trail, length, root, end]): Mutation => {
      const parts = [...good.dirs, good.file];
      const i = at % parts.length;
      const original = parts[i] ?? 'x';
      const rebuild = (): string => join({ ...good, dirs: parts.slice(0, -1), file: parts[parts.length - 1] ?? '' });
      switch (kind) {
        case 'reserved':
          parts[i] = reserved;
          return { file: rebuild(), injected: 'reserved-name' };
        case 'near-reserved':
          parts[i] = near;
          return { file: rebuild() };
        case 'char': {
          const cut = at % (original.length + 1);
          parts[i] = original.slice(0, cut) + bad + original.slice(cut);
          return { file: rebuild(), injected: 'invalid-character' };
        }
        case 'trailing':
          parts[i] = original + trail;
          return { file: rebuild(), injected: 'trailing-dot-or-space' };
        case 'long-name':
          parts[i] = 'n'.repeat(length);
          return { file: rebuild(), ...(length > 255 ? { injected: 'too-long' } : {}) };
        case 'long-path': {
          const file = rebuild();
          const pad = Math.max(0, length - file.length);
          parts[i] = original + 'p'.repeat(Math.min(pad, 200));
          return { file: rebuild() };
        }
        case 'root':
          return { file: flavor === 'win32' ? root : root.replaceAll('\\', '/') };
        case 'end':
          return { file: rebuild() + (flavor === 'win32' ? end : end.replaceAll('\\', '/')), injected: 'no-file-name' };
        case 'dots':
          parts.splice(i, 0, at % 2 === 0 ? '.' : '..');
          return { file: rebuild() };
      }
    });
}

/** Anything at all, biased towards the characters that matter to paths. */
const anyPath = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('\\', '/', ':', '.', ' ', '?', 'C', 'c', 'a', 'x', '\\\\', '..', 'CON', 'nul', 'COM\u00B9', 'lpt9', '.bak', '\\\\?\\', '\\\\.\\', '\\??\\', 'C:\\', 'C:') },
      { weight: 2, arbitrary: forbiddenChar },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
      { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('\uD800', '\uDFFF', '\uFFFE', '\u0000', 'é'), maxLength: 3 }) },
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

// ------------------------------------------------------------------------------------------------ properties

const SEED = 0x7a7e5;

describe('backup path syntax against a model of Windows naming rules', () => {
  for (const flavor of ['win32', 'posix'] as const) {
    it(`${flavor}: good paths are accepted`, ({ task }) => {
      const runs = 1500;
      trial(task, 'input', runs);
      fc.assert(fc.property(goodPath(flavor), (p) => agrees(join(p), flavor)), { numRuns: runs, seed: SEED });
    });

    it(`${flavor}: a path with one defect is refused with the rule for it, and with a message that says what to do`, ({ task }) => {
      const runs = 4000;
      trial(task, 'input', runs);
      fc.assert(fc.property(mutated(flavor), (m) => agrees(m.file, flavor, m.injected)), { numRuns: runs, seed: SEED });
    });

    it(`${flavor}: any string at all: the checker agrees with the model and never throws`, ({ task }) => {
      const runs = 4000;
      trial(task, 'input', runs);
      fc.assert(fc.property(anyPath, (file) => agrees(file, flavor)), { numRuns: runs, seed: SEED });
    });
  }

  it('exactly at the limits: 255/256-unit names and 259/260-unit win32 paths, astral characters counted as two units', ({ task }) => {
    const runs = 600;
    trial(task, 'input', runs);
    fc.assert(
      fc.property(fc.integer({ min: 250, max: 262 }), fc.constantFrom('n', '\uD83D\uDE00', 'é'), fc.boolean(), (length, unit, wholePath) => {
        if (wholePath) {
          const head = 'C:\\' + 'd'.repeat(200) + '\\';
          const file = head + unit.repeat(Math.ceil((length - head.length) / unit.length)).slice(0, Math.max(0, length - head.length - 4)) + '.bak';
          agrees(file.replace(/[\uD800-\uDBFF](?=\.bak$)/, 'x'), 'win32');
        } else {
          const name = unit.repeat(Math.ceil(length / unit.length));
          agrees(`C:\\${name}`, 'win32');
          agrees(`/tmp/${name}`, 'posix');
        }
      }),
      { numRuns: runs, seed: SEED },
    );
  });
});

describe('regressions found by these properties', () => {
  it('\\\\server\\share alone names the share, not a file: refused as no-file-name', () => {
    for (const file of ['\\\\server\\share', '//server/share', '\\\\fs01\\backups$']) {
      expect(checkBackupPathSyntax(file, 'win32').map((p) => p.rule)).toEqual(['no-file-name']);
    }
    expect(checkBackupPathSyntax('\\\\server\\share\\x.bak', 'win32')).toEqual([]);
  });
});

describe('placement and the default name', () => {
  it('checkBackupPlacement never throws, whatever the path, install folder and folder contents', ({ task }) => {
    const runs = 2000;
    trial(task, 'input', runs);
    fc.assert(
      fc.property(anyPath, fc.option(anyPath, { nil: undefined }), fc.array(anyPath, { maxLength: 6 }), fc.constantFrom('win32', 'posix'), (file, installDir, siblingNames, flavor) => {
        let problems: RuleProblem[] = [];
        expect(() => (problems = checkBackupPlacement(file, { flavor, siblingNames, ...(installDir === undefined ? {} : { installDir }) }))).not.toThrow();
        expectGoodMessages(problems);
      }),
      { numRuns: runs, seed: SEED },
    );
  });

  it('a file anywhere under the install folder is warned about, in any letter case and with either separator (win32)', ({ task }) => {
    const runs = 1000;
    trial(task, 'input', runs);
    fc.assert(
      fc.property(goodPath('win32'), fc.array(goodName, { minLength: 0, maxLength: 3 }), goodFile, fc.boolean(), (dir, sub, file, upper) => {
        const installDir = join(dir);
        const inside = [installDir, ...sub, file].join(upper ? '/' : '\\');
        // ASCII letters in the other case (Windows' own upper-case table for the rest is not JavaScript's).
        const cased = upper ? asciiUpper(inside) : inside.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
        const rules = checkBackupPlacement(cased, { flavor: 'win32', installDir, siblingNames: [] }).map((p) => p.rule);
        expect(rules, `${cased} in ${installDir}`).toContain('in-install-dir');
      }),
      { numRuns: runs, seed: SEED },
    );
  });

  it('the default file name, whatever the host name and date, passes every syntax and placement rule', ({ task }) => {
    const runs = 1500;
    trial(task, 'input', runs);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.date({ noInvalidDate: true, min: new Date(1000, 0, 1), max: new Date(9999, 11, 31) }), (host, now) => {
        const name = defaultBackupFileName(host, now);
        expect(modelFaults(`C:\\SSOBackup\\${name}`, 'win32').size).toBe(0);
        expect(checkBackupPathSyntax(`C:\\SSOBackup\\${name}`, 'win32')).toEqual([]);
        expect(checkBackupPathSyntax(`/var/tmp/sso/${name}`, 'posix')).toEqual([]);
        expect(checkBackupPlacement(`C:\\SSOBackup\\${name}`, { flavor: 'win32', siblingNames: [] })).toEqual([]);
      }),
      { numRuns: runs, seed: SEED },
    );
  });

  it('what the CLI does to --file before checking it (path.win32.resolve) never turns a refused device path into an accepted one', ({ task }) => {
    const runs = 500;
    trial(task, 'input', runs);
    const prefix = fc.constantFrom('\\\\?\\', '\\\\.\\', '//?/', '//./', '\\??\\', '\\\\?\\UNC\\', '\\/?\\');
    fc.assert(
      fc.property(prefix, goodPath('win32'), (device, p) => {
        const file = device + join(p);
        expect(modelFaults(file, 'win32')).toEqual(new Set(['device-path']));
        expect(checkBackupPathSyntax(path.win32.resolve(file), 'win32').length, path.win32.resolve(file)).toBeGreaterThan(0);
      }),
      { numRuns: runs, seed: SEED },
    );
  });
});
