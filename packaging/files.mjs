// The files below a folder, as paths relative to `base` with '/' separators, each folder's entries in name order
// (the same order on every run: the zip and SHA256SUMS list them so). `keep` chooses among the files.
import { readdirSync } from 'node:fs';
import path from 'node:path';

export function filesBelow(base, dir = '', keep = () => true) {
  const files = [];
  for (const entry of readdirSync(path.join(base, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const rel = dir ? path.posix.join(dir, entry.name) : entry.name;
    if (entry.isDirectory()) files.push(...filesBelow(base, rel, keep));
    else if (keep(rel)) files.push(rel);
  }
  return files;
}
