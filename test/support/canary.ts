/** Where a canary password could leak: files below a folder (names and contents), and processes (/proc). */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every file below a folder whose name or content holds the text. */
export function filesHolding(dir: string, text: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(dir, entry);
    if (entry.includes(text)) found.push(`${file} (name)`);
    if (statSync(file).isFile() && readFileSync(file).includes(text)) found.push(file);
  }
  return found;
}

/** A canary of its own for each test run: the same project's tests run three times at once (dist, bundle, sea). */
export function uniqueCanary(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/**
 * Every /proc/<pid>/cmdline and environ that holds the text, as "pid cmdline|environ" (Linux). `ignore` leaves out
 * processes by their command line (NUL-separated, as in /proc).
 */
export function processesHolding(text: string, ignore: (cmdline: string) => boolean = () => false): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (ignore(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) continue;
    } catch {
      continue;
    }
    for (const part of ['cmdline', 'environ']) {
      try {
        if (readFileSync(`/proc/${pid}/${part}`).includes(text)) found.push(`${pid} ${part}`);
      } catch {
        // the process ended, or is not ours to read: nothing to find there
      }
    }
  }
  return found;
}
