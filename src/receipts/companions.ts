/** The receipt and manifest that travel with a backup file: those of them that exist, as regular files. */
import { statSync } from 'node:fs';
import { manifestPathOf } from './manifest.js';
import { receiptPathOf } from './receipt.js';

export function companionsOf(file: string): string[] {
  return [receiptPathOf(file), manifestPathOf(file)].filter((f) => {
    try {
      return statSync(f).isFile();
    } catch {
      return false;
    }
  });
}
