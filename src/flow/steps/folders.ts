/** Facts about folders that steps check before anything is written: where a path would be created, and what is there. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/** The path itself if it exists, else its nearest existing ancestor (where a missing folder would be created). */
export function nearestExisting(folder: string): string {
  let current = folder;
  while (!existsSync(current)) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

export function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}
