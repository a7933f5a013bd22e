/**
 * Looks for a canary password everywhere a run could have put it, and counts the places looked at: texts
 * (stdout, stderr, the JSON, the screen and raw terminal bytes, a transcript), every file below a folder (names
 * and contents), the entries of a shared folder that appeared or changed during a run (os.tmpdir()), and the argv
 * and environment of every process on this machine (/proc, Linux), sampled while the run goes on.
 *
 * The canary is looked for as the whole text and as its random core (so a password cut short or quoted still
 * counts), in UTF-8, UTF-16LE (as Windows tools write), JSON-escaped, and as the hex bytes Node prints for a
 * Buffer (`<Buffer 43 61 ...>`, as its NODE_DEBUG=stream log does for every chunk read).
 */
import { lstatSync, readdirSync, readFileSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';

/** Files larger than this are not read (none of a run's own files comes near it). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

interface Needle {
  label: string;
  bytes: Buffer;
}

/** The forms a leaked canary could take in text or bytes. */
export function needlesOf(canary: string): Needle[] {
  const texts = [{ label: 'the password', text: canary }];
  // The random core of uniqueCanary('Prefix') = 'Prefix-<12 hex>': long enough never to be found by chance.
  const core = /([0-9a-f]{12})$/.exec(canary)?.[1];
  if (core !== undefined && core !== canary) texts.push({ label: 'its random part', text: core });
  const needles: Needle[] = [];
  for (const { label, text } of texts) {
    needles.push({ label, bytes: Buffer.from(text, 'utf8') });
    needles.push({ label: `${label} in UTF-16LE`, bytes: Buffer.from(text, 'utf16le') });
    const escaped = JSON.stringify(text).slice(1, -1);
    if (escaped !== text) needles.push({ label: `${label} JSON-escaped`, bytes: Buffer.from(escaped, 'utf8') });
    const hex = Buffer.from(text, 'utf8').toString('hex');
    needles.push({ label: `${label} as hex`, bytes: Buffer.from(hex) });
    needles.push({ label: `${label} as Buffer bytes`, bytes: Buffer.from(hex.replace(/(..)(?!$)/g, '$1 ')) });
  }
  return needles;
}

/** The bytes of every `<Buffer 43 61 ...>` in a text (util.inspect of a Buffer: NODE_DEBUG logs), one after another. */
export function bufferDumps(text: string): Buffer {
  const parts: Buffer[] = [];
  for (const match of text.matchAll(/<Buffer((?: [0-9a-f]{2})+)/g)) parts.push(Buffer.from(match[1]!.replace(/ /g, ''), 'hex'));
  return Buffer.concat(parts);
}

/** Which forms of the canary the bytes hold. */
function found(needles: readonly Needle[], content: Buffer): string[] {
  return needles.filter((needle) => content.includes(needle.bytes)).map((needle) => needle.label);
}

export interface LeakReport {
  /** How many places were searched. */
  places: number;
  /** Each place the canary was found in, with the form it took. */
  leaks: string[];
}

export class LeakScan {
  readonly #needles: Needle[];
  #places = 0;
  readonly #leaks: string[] = [];
  /** Files already searched (by path), so a folder given twice counts its files once. */
  readonly #seenFiles = new Set<string>();

  constructor(readonly canary: string) {
    this.#needles = needlesOf(canary);
  }

  /** One place: a text or bytes. Undefined (a place that does not exist in this run) is not counted. */
  text(place: string, content: string | Buffer | undefined | null): void {
    if (content === undefined || content === null) return;
    this.#places += 1;
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    for (const form of found(this.#needles, bytes)) this.#leaks.push(`${place}: ${form}`);
    // A password read a key at a time shows as one dump a key: put the dumps' bytes together and look again.
    const dumped = bufferDumps(bytes.toString('latin1'));
    for (const form of found(this.#needles, dumped)) this.#leaks.push(`${place}, its <Buffer ...> dumps put together: ${form}`);
  }

  /** One place: a value, as JSON and as util.inspect shows it (a log line, an error's own properties). */
  value(place: string, value: unknown): void {
    this.text(place, `${JSON.stringify(value) ?? ''}\n${inspect(value, { depth: 20, showHidden: true, getters: true })}`);
  }

  /**
   * Every file below `dir` (and `dir` itself if it is a file): its name, and its content up to 64 MiB, each file
   * one place. `skip` leaves out files that hold the canary on purpose (a --password-file). A folder that does
   * not exist counts as nothing.
   */
  files(dir: string, skip: (file: string) => boolean = () => false): void {
    let stats: Stats;
    try {
      stats = lstatSync(dir);
    } catch {
      return;
    }
    const entries = stats.isDirectory() ? listBelow(dir) : [dir];
    for (const file of entries) {
      if (this.#seenFiles.has(file) || skip(file)) continue;
      this.#seenFiles.add(file);
      const forms = found(this.#needles, Buffer.from(path.basename(file)));
      for (const form of forms) this.#leaks.push(`the name of ${file}: ${form}`);
      let content: Buffer;
      try {
        const fileStats = lstatSync(file);
        if (!fileStats.isFile()) continue;
        if (fileStats.size > MAX_FILE_BYTES) {
          this.#leaks.push(`${file}: too large to search (${fileStats.size} bytes)`);
          continue;
        }
        content = readFileSync(file);
      } catch {
        continue; // removed meanwhile (a concurrent test's file in the shared tmpdir): nothing left to leak
      }
      this.#places += 1;
      for (const form of found(this.#needles, content)) this.#leaks.push(`${file}: ${form}`);
    }
  }

  /** The argv and environment of processes read from /proc (see ProcessWatch): two places each. */
  processes(watch: ProcessSightings): void {
    this.#places += 2 * watch.processes;
    for (const hit of watch.hits) this.#leaks.push(`process ${hit}`);
  }

  report(): LeakReport {
    return { places: this.#places, leaks: [...this.#leaks] };
  }
}

/** Every file and folder below `dir`, not following links. */
function listBelow(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string): void => {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      return;
    }
    for (const name of names) {
      const full = path.join(folder, name);
      out.push(full);
      try {
        if (lstatSync(full).isDirectory()) walk(full);
      } catch {
        // gone meanwhile
      }
    }
  };
  walk(dir);
  return out;
}

/** The entries of a shared folder (os.tmpdir()) and when each last changed, to find what a run made or changed. */
export function snapshotFolder(dir: string = tmpdir()): Map<string, number> {
  const snapshot = new Map<string, number>();
  for (const name of safeReaddir(dir)) {
    try {
      snapshot.set(name, lstatSync(path.join(dir, name)).mtimeMs);
    } catch {
      // gone meanwhile
    }
  }
  return snapshot;
}

/** The entries of `dir` that are new or changed since `before` (other tests' files among them, on a shared tmpdir). */
export function changedSince(before: Map<string, number>, dir: string = tmpdir()): string[] {
  const after = snapshotFolder(dir);
  return [...after].filter(([name, mtime]) => before.get(name) !== mtime).map(([name]) => path.join(dir, name));
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export interface ProcessSightings {
  /** Distinct processes whose argv and environment were read. */
  processes: number;
  /** How many times every process was read. */
  samples: number;
  /** "pid cmdline" or "pid environ" (with the program) of each process seen holding the canary. */
  hits: string[];
}

/**
 * Reads the argv and environment of every process on this machine (/proc) now and every `everyMs` until
 * stopped, and whenever `sample()` is called (while ssoconfig waits at a prompt). `ignore` leaves out processes
 * by their command line (NUL-separated, as in /proc): the run itself, where the canary is in its own environment
 * by the runbook's doing (--password-env).
 */
export class ProcessWatch {
  readonly #needles: Needle[];
  readonly #seen = new Set<string>();
  readonly #hits = new Set<string>();
  #samples = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    canary: string,
    readonly ignore: (cmdline: string) => boolean = () => false,
    everyMs = 50,
  ) {
    // The forms a process could hold: the text itself (argv and environ are bytes of the text).
    this.#needles = needlesOf(canary).filter((needle) => !/hex|Buffer|UTF-16/.test(needle.label));
    this.sample();
    this.#timer = setInterval(() => this.sample(), everyMs);
  }

  sample(): void {
    this.#samples += 1;
    for (const pid of safeReaddir('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let cmdline: Buffer;
      try {
        cmdline = readFileSync(`/proc/${pid}/cmdline`);
      } catch {
        continue;
      }
      const program = cmdline.toString('utf8');
      if (this.ignore(program)) continue;
      this.#seen.add(`${pid} ${program}`);
      const parts: [string, Buffer | undefined][] = [['cmdline', cmdline]];
      try {
        parts.push(['environ', readFileSync(`/proc/${pid}/environ`)]);
      } catch {
        // ended, or not ours to read
      }
      for (const [part, bytes] of parts) {
        if (bytes !== undefined && found(this.#needles, bytes).length > 0) {
          this.#hits.add(`${pid} ${part} (${program.split('\0').slice(0, 3).join(' ')})`);
        }
      }
    }
  }

  stop(): ProcessSightings {
    clearInterval(this.#timer);
    this.sample();
    return { processes: this.#seen.size, samples: this.#samples, hits: [...this.#hits] };
  }
}
