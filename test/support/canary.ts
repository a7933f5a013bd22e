/** Where a canary password could leak: files below a folder (names and contents), and processes (/proc). */
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

/** Every /proc/<pid>/cmdline and environ that holds the text, as "pid cmdline|environ" (Linux). */
export function processesHolding(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
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
