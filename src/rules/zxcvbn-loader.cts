/**
 * Loads zxcvbn with a plain CommonJS `require`, called only on the first password measurement. A CommonJS file
 * because `require` here is what both runs understand: Node's own loader for the built `dist/`, and the bundler
 * for the single-file bundle inside the packaged exe (it bundles a `require` it can see, and evaluates the module
 * only when the call runs). zxcvbn's dictionaries are megabytes of JavaScript: nothing loads them at start-up.
 */
import type { ZxcvbnMatching } from './l33t-cap.js';

type Zxcvbn = typeof import('zxcvbn');

function requireZxcvbn(): { zxcvbn: Zxcvbn; matching: ZxcvbnMatching } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zxcvbn = require('zxcvbn') as Zxcvbn;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const matching = require('zxcvbn/lib/matching') as ZxcvbnMatching;
  return { zxcvbn, matching };
}

export = { requireZxcvbn };
