#!/usr/bin/env node
// One CommonJS file with all of sso-backup's JavaScript: what the packaged exe carries (a Node.js single
// executable application runs one CommonJS script), and what `npm test` also runs end to end (target "bundle").
//
//   node packaging/bundle.mjs            -> build/bundle/sso-backup.cjs (+ meta.json: what went in, by size)
//
// node-pty stays outside: it is a native addon, loaded from disk beside the exe (node_modules/node-pty), and
// the banner below makes `require` able to reach it from inside the exe.
//
// zxcvbn is a chunk of its own (build/bundle/zxcvbn.cjs; a SEA asset inside the exe): its dictionaries are 800 KB
// of JavaScript that V8 would otherwise scan at every start, `--help` included, though they are needed only when a
// password is measured. The banner's loader compiles the chunk on first use.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
export const BUNDLE = path.join(root, 'build', 'bundle', 'sso-backup.cjs');
/** The chunks loaded on first use: name -> file beside the bundle (and SEA asset of the same name). */
export const CHUNKS = { 'zxcvbn.cjs': path.join(root, 'build', 'bundle', 'zxcvbn.cjs') };

// Inside a single executable application `require` loads Node's built-in modules only; Node's documentation
// gives this line for modules on disk. createRequire(process.execPath) resolves from the exe's own folder.
const banner = [
  '"use strict";',
  `// sso-backup ${pkg.version}, bundled from its sources (packaging/bundle.mjs). Licences: see the package README.`,
  'if (require("node:sea").isSea()) require = require("node:module").createRequire(process.execPath);',
  'var __ssoBackupBundleUrl = require("node:url").pathToFileURL(__filename).href;',
  // A chunk: the SEA asset of that name inside the exe, else the file beside the bundle; compiled once, on first use.
  'var __ssoBackupChunks = {};',
  'function __ssoBackupChunk(name) {',
  '  if (__ssoBackupChunks[name]) return __ssoBackupChunks[name].exports;',
  '  var sea = require("node:sea"), file = require("node:path").join(__dirname, name);',
  '  var code = sea.isSea() ? sea.getAsset(name, "utf8") : require("node:fs").readFileSync(file, "utf8");',
  '  var chunk = (__ssoBackupChunks[name] = { exports: {} });',
  '  require("node:vm").compileFunction(code, ["exports", "require", "module", "__filename", "__dirname"], { filename: file })(chunk.exports, require, chunk, file, __dirname);',
  '  return chunk.exports;',
  '}',
].join('\n');

/** `zxcvbn` and `zxcvbn/lib/matching`, wherever imported, are the zxcvbn chunk's two halves (one module instance). */
const zxcvbnChunk = {
  name: 'zxcvbn-chunk',
  setup(build) {
    build.onResolve({ filter: /^zxcvbn(\/lib\/matching)?$/ }, (args) => ({ path: args.path, namespace: 'zxcvbn-chunk' }));
    build.onLoad({ filter: /.*/, namespace: 'zxcvbn-chunk' }, (args) => ({
      contents: `module.exports = __ssoBackupChunk('zxcvbn.cjs').${args.path === 'zxcvbn' ? 'zxcvbn' : 'matching'};`,
      loader: 'js',
    }));
  },
};

export async function bundle() {
  const chunk = await build({
    absWorkingDir: root,
    stdin: { contents: "module.exports = { zxcvbn: require('zxcvbn'), matching: require('zxcvbn/lib/matching') };", resolveDir: root, loader: 'js' },
    outfile: CHUNKS['zxcvbn.cjs'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
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
    plugins: [zxcvbnChunk],
    metafile: true,
    logLevel: 'warning',
  });
  // One metafile for the bundle and its chunks: what the packages' notices are made from.
  const inputs = { ...result.metafile.inputs, ...chunk.metafile.inputs };
  writeFileSync(path.join(path.dirname(BUNDLE), 'meta.json'), JSON.stringify({ inputs, outputs: { ...result.metafile.outputs, ...chunk.metafile.outputs } }));
  return BUNDLE;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const file = await bundle();
  process.stdout.write(`bundle: ${path.relative(process.cwd(), file)}\n`);
}
