/**
 * Loads zxcvbn with a plain CommonJS `require`, called only on the first password measurement. A CommonJS file
 * because `require` here is what both runs understand: Node's own loader for the built `dist/`, and the bundler
 * for the single-file bundle inside the packaged exe (it bundles a `require` it can see, and evaluates the module
 * only when the call runs). zxcvbn's dictionaries are megabytes of JavaScript: nothing loads them at start-up.
 *
 * Three specifiers, one zxcvbn: `zxcvbn` (its main function), `zxcvbn/lib/matching` and `zxcvbn/lib/scoring`, the
 * module instances its main function itself requires, on which strength.ts installs its changes. (Were a bundle to
 * give `zxcvbn/lib/scoring` a copy of its own, the measurement would stay zxcvbn's, only slower on long weak
 * passwords: the faster scoring would sit on the copy.)
 */
import type { ZxcvbnMatching } from './l33t-cap.js';
import type { ZxcvbnScoring } from './zxcvbn-scoring.js';

type Zxcvbn = typeof import('zxcvbn');

function requireZxcvbn(): { zxcvbn: Zxcvbn; matching: ZxcvbnMatching; scoring: ZxcvbnScoring } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zxcvbn = require('zxcvbn') as Zxcvbn;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const matching = require('zxcvbn/lib/matching') as ZxcvbnMatching;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const scoring = require('zxcvbn/lib/scoring') as ZxcvbnScoring;
  return { zxcvbn, matching, scoring };
}

export = { requireZxcvbn };
