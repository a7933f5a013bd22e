#!/usr/bin/env node
// One CommonJS file with all of sso-backup's JavaScript: what the packaged exe carries (a Node.js single
// executable application runs one CommonJS script), and what `npm test` also runs end to end (target "bundle").
//
//   node packaging/bundle.mjs            -> build/bundle/sso-backup.cjs (+ meta.json: what went in, by size)
//
// node-pty stays outside: it is a native addon, loaded from disk beside the exe (node_modules/node-pty), and
// the banner below makes `require` able to reach it from inside the exe.
//
// The big packages that only some runs need are chunks of their own (build/bundle/<name>.cjs beside the bundle;
// SEA assets inside the exe), compiled by the banner's loader on first use: V8 would otherwise compile their
// code at every start, `--help` included (the whole bundle took 27 ms of a 150 ms first prompt). zxcvbn (800 KB
// of dictionaries) only when a password is measured; the terminal emulator and execa when a program runs; iconv-lite
// and the XML parser on Windows only.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
export const BUNDLE = path.join(root, 'build', 'bundle', 'sso-backup.cjs');
/** The chunks loaded on first use, and the module specifiers each one answers for. */
const CHUNK_SPECIFIERS = {
  'zxcvbn.cjs': ['zxcvbn', 'zxcvbn/lib/matching', 'zxcvbn/lib/scoring'],
  'xterm.cjs': ['@xterm/headless'],
  'execa.cjs': ['execa'],
  'iconv-lite.cjs': ['iconv-lite'],
  'fast-xml-parser.cjs': ['fast-xml-parser'],
};
/** name -> file beside the bundle (and the SEA asset of the same name). */
export const CHUNKS = Object.fromEntries(Object.keys(CHUNK_SPECIFIERS).map((name) => [name, path.join(root, 'build', 'bundle', name)]));
const chunkOf = new Map(Object.entries(CHUNK_SPECIFIERS).flatMap(([name, specifiers]) => specifiers.map((specifier) => [specifier, name])));

// Inside a single executable application `require` loads Node's built-in modules only. The exe loads one thing
// from disk: node-pty, from node_modules\node-pty beside sso-backup.exe, by that absolute path (never from a parent
// folder, NODE_PATH or the user's folders, which Node's own search would try), and only after every one of its
// files matches the SHA-256 recorded when the exe was built (the asset node-pty.json, packaging/sea.mjs): the
// password passes through node-pty on its way to ssoconfig.
const banner = [
  '"use strict";',
  `// sso-backup ${pkg.version}, bundled from its sources (packaging/bundle.mjs). Licences: see the package README.`,
  'if (require("node:sea").isSea()) require = (function (disk) {',
  '  var path = disk("node:path"), fs = disk("node:fs"), crypto = disk("node:crypto"), isBuiltin = disk("node:module").isBuiltin;',
  '  var dir = path.join(path.dirname(process.execPath), "node_modules", "node-pty"), checked = false;',
  '  try { dir = fs.realpathSync(dir); } catch (e) { /* missing: check() says so */ }',
  '  var same = process.platform === "win32" ? function (p) { return p.toLowerCase(); } : function (p) { return p; };',
  '  function check() {',
  '    var manifest = JSON.parse(disk("node:sea").getAsset("node-pty.json", "utf8"));',
  '    for (var rel in manifest) {',
  '      var file = path.join(dir, rel), data;',
  '      try { data = fs.readFileSync(file); } catch (e) { throw new Error("node-pty is missing beside sso-backup.exe: " + file + " (" + e.code + ")"); }',
  '      if (crypto.createHash("sha256").update(data).digest("hex") !== manifest[rel]) throw new Error(file + " is not the file this sso-backup.exe was built with (its SHA-256 differs)");',
  '    }',
  '    checked = true;',
  '  }',
  '  return function (id) {',
  '    if (isBuiltin(id)) return disk(id);',
  '    var file = id === "node-pty" ? dir : id.indexOf("node-pty/") === 0 ? path.join(dir, id.slice(9)) : path.resolve(id);',
  '    if (same(file) !== same(dir) && same(file).indexOf(same(dir + path.sep)) !== 0) throw new Error("sso-backup.exe loads nothing from disk but node-pty: " + id);',
  '    if (!checked) check();',
  '    return disk(file);',
  '  };',
  '})(require("node:module").createRequire(process.execPath));',
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

/**
 * Each chunked specifier, wherever imported or required, is the chunk's export of that name: one module instance
 * (zxcvbn and zxcvbn/lib/matching share theirs, which the password rules rely on).
 */
const chunked = {
  name: 'chunks',
  setup(build) {
    const filter = new RegExp(`^(${[...chunkOf.keys()].map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'chunk' }));
    build.onLoad({ filter: /.*/, namespace: 'chunk' }, (args) => ({
      contents: `module.exports = __ssoBackupChunk(${JSON.stringify(chunkOf.get(args.path))})[${JSON.stringify(args.path)}];`,
      loader: 'js',
    }));
  },
};

/** What the bundle and its chunks are built with alike. */
const COMMON = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // Node 20 runs the npm build and the tests; the exe carries Node 22.
  target: 'node20',
  // Whitespace and syntax only: names stay, so an internal error's stack still says where it happened.
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
};

export async function bundle() {
  const chunks = await Promise.all(
    Object.entries(CHUNK_SPECIFIERS).map(([name, specifiers]) =>
      build({
        ...COMMON,
        stdin: { contents: `module.exports = { ${specifiers.map((s) => `${JSON.stringify(s)}: require(${JSON.stringify(s)})`).join(', ')} };`, resolveDir: root, loader: 'js' },
        outfile: CHUNKS[name],
      }),
    ),
  );
  const result = await build({
    ...COMMON,
    entryPoints: ['src/bin/sso-backup.ts'],
    outfile: BUNDLE,
    external: ['node-pty'],
    define: {
      SSO_BACKUP_BUNDLED_VERSION: JSON.stringify(pkg.version),
      'import.meta.url': '__ssoBackupBundleUrl',
    },
    banner: { js: banner },
    plugins: [chunked],
  });
  // One metafile for the bundle and its chunks: what the packages' notices are made from.
  // A chunked package that reaches the main bundle by another specifier would be a second module instance (the
  // password rules patch zxcvbn's own) and would be compiled at every start: refuse such a bundle.
  const strays = Object.keys(result.metafile.inputs).filter((input) =>
    Object.values(CHUNK_SPECIFIERS).flat().some((specifier) => input.startsWith(`node_modules/${specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')}/`)),
  );
  if (strays.length > 0) throw new Error(`bundle: chunked packages also in the main bundle (add their specifiers to CHUNK_SPECIFIERS): ${strays.join(', ')}`);
  const metafiles = [result, ...chunks].map((built) => built.metafile);
  writeFileSync(
    path.join(path.dirname(BUNDLE), 'meta.json'),
    JSON.stringify({ inputs: Object.assign({}, ...metafiles.map((m) => m.inputs)), outputs: Object.assign({}, ...metafiles.map((m) => m.outputs)) }),
  );
  return BUNDLE;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const file = await bundle();
  process.stdout.write(`bundle: ${path.relative(process.cwd(), file)}\n`);
}
