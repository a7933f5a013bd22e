/**
 * Rules for the backup file's path, decided on text alone (no file system access).
 *
 * The backup file always ends up on Windows (ssoconfig writes it), even when the path flavor is posix because the
 * simulator runs on Linux. So the Windows NAME rules (reserved device names, forbidden characters, trailing dots and
 * spaces, 255-character components) apply to every component in both flavors, while the path SHAPE rules (absolute,
 * device namespace, MAX_PATH) follow the flavor.
 *
 * Every message says what is wrong, why it matters, and ends with what to do.
 */
import path from 'node:path';
import type { RuleProblem } from './rule.js';

export type PathFlavor = 'win32' | 'posix';

/** Longest component NTFS and the Win32 API accept. */
const MAX_COMPONENT = 255;
/** MAX_PATH is 260 including the terminating NUL. */
const MAX_WIN32_PATH = 259;
/** Longest host part kept in the default file name (a DNS label is at most 63 characters). */
const MAX_HOST_PART = 63;

const EXAMPLE_WIN32 = 'C:\\SSOBackup\\SSO-SERVER.bak';
const EXAMPLE_POSIX = '/var/tmp/sso/SSO-SERVER.bak';

/** Device names Windows reserves in every folder, with or without an extension (superscript 1-3 included). */
const RESERVED_BASE = /^(?:CON|PRN|AUX|NUL|COM[1-9\u00B9\u00B2\u00B3]|LPT[1-9\u00B9\u00B2\u00B3])$/i;
/** Characters Windows refuses in a file or folder name. */
const INVALID_CHARS = new Set(['<', '>', ':', '"', '|', '?', '*']);

/** How a path starts, for the shape rules. */
type Root =
  | { kind: 'device' }
  | { kind: 'drive-absolute' }
  | { kind: 'drive-relative'; drive: string }
  | { kind: 'unc'; complete: boolean }
  | { kind: 'rooted-no-drive' }
  | { kind: 'posix-absolute' }
  | { kind: 'relative' };

interface SplitPath {
  root: Root;
  /** Non-empty components after the root (for UNC the server and share are components too). */
  components: string[];
  /** The last component, '' when the path ends in a separator or is only a root. */
  name: string;
}

const WIN32_SEP = /[\\/]/;

function splitWin32(file: string): SplitPath {
  let root: Root;
  let rest: string;
  if (/^[\\/]{2}[?.][\\/]/.test(file) || /^\\\?\?\\/.test(file)) {
    root = { kind: 'device' };
    rest = file;
  } else if (/^[A-Za-z]:[\\/]/.test(file)) {
    root = { kind: 'drive-absolute' };
    rest = file.slice(3);
  } else if (/^[A-Za-z]:/.test(file)) {
    root = { kind: 'drive-relative', drive: file.slice(0, 2) };
    rest = file.slice(2);
  } else if (/^[\\/]{2}/.test(file)) {
    rest = file.slice(2);
    // \\server\share\...: needs a server and a share before anything else.
    const parts = rest.split(WIN32_SEP);
    const complete = parts.length >= 2 && (parts[0] ?? '') !== '' && (parts[1] ?? '') !== '';
    root = { kind: 'unc', complete };
  } else if (/^[\\/]/.test(file)) {
    root = { kind: 'rooted-no-drive' };
    rest = file.slice(1);
  } else {
    root = { kind: 'relative' };
    rest = file;
  }
  const raw = rest.split(WIN32_SEP);
  return { root, components: raw.filter((c) => c !== ''), name: raw[raw.length - 1] ?? '' };
}

function splitPosix(file: string): SplitPath {
  const root: Root = file.startsWith('/') ? { kind: 'posix-absolute' } : { kind: 'relative' };
  const raw = file.split('/');
  return { root, components: raw.filter((c) => c !== ''), name: raw[raw.length - 1] ?? '' };
}

function split(file: string, flavor: PathFlavor): SplitPath {
  return flavor === 'win32' ? splitWin32(file) : splitPosix(file);
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code < 32 ? `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `"${ch}"`;
}

function shapeProblems(file: string, root: Root, flavor: PathFlavor): RuleProblem[] {
  const example = flavor === 'win32' ? EXAMPLE_WIN32 : EXAMPLE_POSIX;
  switch (root.kind) {
    case 'relative':
      return [
        {
          rule: 'absolute',
          message:
            `The backup path "${file}" is relative: ssoconfig would resolve it against its own working folder, ` +
            `so the file could land somewhere you do not expect. Give a full path such as ${example}.`,
        },
      ];
    case 'drive-relative':
      return [
        {
          rule: 'absolute',
          message:
            `The backup path "${file}" is drive-relative (${root.drive} without a backslash): it depends on that ` +
            `drive's current folder, which differs between processes. ` +
            `Give a full path that starts with ${root.drive}\\, such as ${root.drive}\\SSOBackup\\SSO-SERVER.bak.`,
        },
      ];
    case 'rooted-no-drive':
      return [
        {
          rule: 'absolute',
          message:
            `The backup path "${file}" starts at a root folder but names no drive: it lands on whatever drive ` +
            `is current for ssoconfig. Give a full path with a drive letter, such as ${EXAMPLE_WIN32}.`,
        },
      ];
    case 'unc':
      return root.complete
        ? []
        : [
            {
              rule: 'absolute',
              message:
                `The backup path "${file}" starts like a network path but does not name both a server and a share. ` +
                `Write it as \\\\server\\share\\folder\\file.bak, or better use a local path such as ${EXAMPLE_WIN32}.`,
            },
          ];
    case 'device':
    case 'drive-absolute':
    case 'posix-absolute':
      return [];
  }
}

function nameProblems(component: string, flavor: PathFlavor): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const isDots = component === '.' || component === '..';

  const base = component.split('.')[0]?.replace(/[ .]+$/, '') ?? '';
  if (RESERVED_BASE.test(base)) {
    problems.push({
      rule: 'reserved-name',
      message:
        `"${component}" uses the reserved Windows device name ${base.toUpperCase()}: Windows opens the device ` +
        `instead of a file, whatever the extension or letter case. Choose another name, such as SSO-SERVER.bak.`,
    });
  }

  const bad: string[] = [];
  for (const ch of component) {
    const code = ch.codePointAt(0) ?? 0;
    const invalid = INVALID_CHARS.has(ch) || code < 32 || (flavor === 'posix' && ch === '\\');
    if (invalid && !bad.includes(ch)) bad.push(ch);
  }
  if (bad.length > 0) {
    problems.push({
      rule: 'invalid-character',
      message:
        `"${component}" contains ${bad.map(describeChar).join(', ')}, which Windows does not allow in a file or ` +
        `folder name. Remove or replace ${bad.length === 1 ? 'that character' : 'those characters'}.`,
    });
  }

  if (!isDots && /[. ]$/.test(component)) {
    problems.push({
      rule: 'trailing-dot-or-space',
      message:
        `"${component}" ends with a ${component.endsWith('.') ? 'dot' : 'space'}, which Windows silently strips, ` +
        `so the file would get a different name than the one you will look for. Remove the trailing dots and spaces.`,
    });
  }

  if (component.length > MAX_COMPONENT) {
    problems.push({
      rule: 'too-long',
      message:
        `The path component "${component.slice(0, 24)}..." is ${component.length} characters long; Windows allows ` +
        `at most ${MAX_COMPONENT} per file or folder name. Shorten it.`,
    });
  }
  return problems;
}

/** Problems that make the path unusable as a backup file name. */
export function checkBackupPathSyntax(file: string, flavor: PathFlavor): RuleProblem[] {
  const example = flavor === 'win32' ? EXAMPLE_WIN32 : EXAMPLE_POSIX;
  if (file === '') {
    return [
      {
        rule: 'no-file-name',
        message: `The backup path is empty, so there is no file to write the master secret to. Give a full path such as ${example}.`,
      },
    ];
  }

  const parts = split(file, flavor);
  if (parts.root.kind === 'device') {
    // Nothing else is meaningful here: the device namespace skips the Win32 name rules entirely.
    return [
      {
        rule: 'device-path',
        message:
          `The backup path "${file}" is in the Windows device namespace (\\\\?\\, \\\\.\\ or \\??\\): ` +
          `ssoconfig and the Windows tools treat such paths differently from ordinary ones. ` +
          `Use an ordinary full path such as ${EXAMPLE_WIN32}.`,
      },
    ];
  }

  const problems = shapeProblems(file, parts.root, flavor);
  for (const component of parts.components) problems.push(...nameProblems(component, flavor));

  if (flavor === 'win32' && file.length > MAX_WIN32_PATH) {
    problems.push({
      rule: 'too-long',
      message:
        `The backup path is ${file.length} characters long; Windows tools handle at most ${MAX_WIN32_PATH} ` +
        `(MAX_PATH, 260 with the terminating NUL). Choose a shorter folder or file name.`,
    });
  }

  // \\server\share alone is the share's root folder: its last component is the share, not a file.
  const shareRoot = parts.root.kind === 'unc' && parts.root.complete && parts.components.length === 2;
  if (parts.name === '' || parts.name === '.' || parts.name === '..' || shareRoot) {
    problems.push({
      rule: 'no-file-name',
      message:
        parts.name === ''
          ? `The backup path "${file}" ends in a folder separator and names no file. Add a file name, such as SSO-SERVER.bak.`
          : shareRoot
            ? `The backup path "${file}" names a network share, the folder at its root, not a file in it. ` +
              `Add a file name, such as ${file}\\SSO-SERVER.bak.`
            : `The backup path "${file}" ends in "${parts.name}", which names a folder, not a file. ` +
              `Add a file name, such as SSO-SERVER.bak.`,
    });
  }
  return problems;
}

/** Trailing separators removed, and for win32 separators unified and case folded, for prefix comparison. */
function comparable(p: string, flavor: PathFlavor): string {
  if (flavor === 'win32') {
    let n = path.win32.normalize(p);
    while (n.length > 3 && n.endsWith('\\')) n = n.slice(0, -1);
    return n.toLowerCase();
  }
  let n = path.posix.normalize(p);
  while (n.length > 1 && n.endsWith('/')) n = n.slice(0, -1);
  return n;
}

function isInside(file: string, dir: string, flavor: PathFlavor): boolean {
  const f = comparable(file, flavor);
  const d = comparable(dir, flavor);
  if (d === '') return false;
  const sep = flavor === 'win32' ? '\\' : '/';
  return f === d || f.startsWith(d.endsWith(sep) ? d : d + sep);
}

/** Warnings about where the file would sit. */
export function checkBackupPlacement(
  file: string,
  place: { flavor: PathFlavor; installDir?: string; siblingNames: readonly string[] },
): RuleProblem[] {
  const { flavor } = place;
  const parts = split(file, flavor);
  const name = parts.name;
  const problems: RuleProblem[] = [];

  if (name !== '' && name !== '.' && name !== '..' && !name.toLowerCase().endsWith('.bak')) {
    problems.push({
      rule: 'extension',
      message:
        `The backup file name "${name}" does not end in .bak, the extension the ENTSSO docs and the restore ` +
        `instructions use, so it is easy to overlook or delete. Name it with a .bak extension, such as SSO-SERVER.bak.`,
    });
  }

  if (parts.root.kind === 'unc') {
    problems.push({
      rule: 'unc-unconfirmed',
      message:
        `The backup path "${file}" is on a network share: ENTSSO requires NTFS or removable media ` +
        `(events 10759/10561) and whether it writes to a share is unconfirmed. ` +
        `Write the backup to a local NTFS folder and copy it to the share afterwards.`,
    });
  }

  if (place.installDir !== undefined && place.installDir !== '' && isInside(file, place.installDir, flavor)) {
    problems.push({
      rule: 'in-install-dir',
      message:
        `The backup file would sit in the ENTSSO install folder "${place.installDir}", on the server itself: ` +
        `the known weak spot of the old wizard default (SSO478AD.bak), lost together with the server. ` +
        `Choose a folder outside the install folder and copy the file off the server afterwards.`,
    });
  }

  if (name !== '') {
    const self = flavor === 'win32' ? name.toLowerCase() : name;
    const others = place.siblingNames.filter(
      (s) => s.toLowerCase().endsWith('.bak') && (flavor === 'win32' ? s.toLowerCase() : s) !== self,
    );
    if (others.length > 0) {
      const shown = others.slice(0, 3).join(', ') + (others.length > 3 ? `, and ${others.length - 3} more` : '');
      problems.push({
        rule: 'other-bak-files',
        message:
          `The target folder already holds other .bak files (${shown}): ENTSSO may confuse them with the ` +
          `master secret backup at restore time (event 10564). Choose an empty folder for the backup, or move the other files away.`,
      });
    }
  }
  return problems;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * SSO-<HOST>-<yyyyMMdd-HHmmss>.bak, local time parts from the given date; HOST upper-cased and reduced to
 * [A-Z0-9-]: accents are dropped (é -> E), every run of other characters (dots of a FQDN, underscores, spaces)
 * becomes one '-', leading and trailing '-' are trimmed, the result is cut to 63 characters, and an empty result
 * becomes HOST. So 'bts01.contoso' gives 'SSO-BTS01-CONTOSO-...'.
 */
export function defaultBackupFileName(host: string, now: Date): string {
  if (Number.isNaN(now.getTime())) throw new RangeError('defaultBackupFileName needs a valid date');
  const date = `${pad(now.getFullYear(), 4)}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `SSO-${hostPartOf(host)}-${date}-${time}.bak`;
}

/** The host as the default file name writes it (see defaultBackupFileName); also names the folder's lock. */
export function hostPartOf(host: string): string {
  return (
    host
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toUpperCase()
      .replace(/[^A-Z0-9-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, MAX_HOST_PART)
      .replace(/-+$/, '') || 'HOST'
  );
}
