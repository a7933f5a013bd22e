#!/usr/bin/env node
// One CommonJS file with all of sso-backup's JavaScript: what the packaged exe carries (a Node.js single
// executable application runs one CommonJS script), and what `npm test` also runs end to end (target "bundle").
//
//   node packaging/bundle.mjs            -> build/bundle/sso-backup.cjs (+ meta.json: what went in, by size)
//
// node-pty stays outside: it is a native addon, loaded from disk beside the exe (node_modules/node-pty), and
// the banner below makes `require` able to reach it from inside the exe.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
export const BUNDLE = path.join(root, 'build', 'bundle', 'sso-backup.cjs');

// Inside a single executable application `require` loads Node's built-in modules only; Node's documentation
// gives this line for modules on disk. createRequire(process.execPath) resolves from the exe's own folder.
const banner = [
  '"use strict";',
  `// sso-backup ${pkg.version}, bundled from its sources (packaging/bundle.mjs). Licences: see the package README.`,
  'if (require("node:sea").isSea()) require = require("node:module").createRequire(process.execPath);',
  'var __ssoBackupBundleUrl = require("node:url").pathToFileURL(__filename).href;',
].join('\n');

export async function bundle() {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/bin/sso-backup.ts'],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // Node 20 runs the npm build and the tests; the exe carries Node 22.
    target: 'node20',
    external: ['node-pty'],
    define: {
      SSO_BACKUP_BUNDLED_VERSION: JSON.stringify(pkg.version),
      'import.meta.url': '__ssoBackupBundleUrl',
    },
    banner: { js: banner },
    // Whitespace and syntax only: names stay, so an internal error's stack still says where it happened.
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  writeFileSync(path.join(path.dirname(BUNDLE), 'meta.json'), JSON.stringify(result.metafile));
  return BUNDLE;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const file = await bundle();
  process.stdout.write(`bundle: ${path.relative(process.cwd(), file)}\n`);
}
