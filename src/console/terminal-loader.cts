/**
 * Loads node-pty and @xterm/headless with a plain CommonJS `require`, when ssoconfig is about to run. CommonJS
 * for two reasons. Both packages are CommonJS: imported from an ES module, Node first scans their source for
 * the names they export (cjs-module-lexer over xterm's 180 kB file took about 20 ms and 5 MiB more than a
 * `require` in bench runs), which `require` does not. And `require` here is what both runs understand: Node's
 * own loader for the built `dist/`, and the bundler for the single-file bundle inside the packaged exe, where
 * node-pty stays outside, beside the exe (packaging/bundle.mjs).
 */
type PtyModule = typeof import('node-pty');
type XtermModule = typeof import('@xterm/headless');

/** node-pty and its version (its exit ordering, see LoadedPty.exitEndsOutput, is known for one major version). */
function requireNodePty(): { pty: PtyModule; version: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pty = require('node-pty') as PtyModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { version } = require('node-pty/package.json') as { version: string };
  return { pty, version };
}

/**
 * Where node-pty's package.json resolves to for Node running the npm build (named in the message when node-pty
 * does not load), or undefined when there is none. Inside the packaged exe node-pty is beside the exe instead.
 */
function resolveNodePtyPackage(): string | undefined {
  try {
    return require.resolve('node-pty/package.json');
  } catch {
    return undefined;
  }
}

function requireXterm(): XtermModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@xterm/headless') as XtermModule;
}

export = { requireNodePty, resolveNodePtyPackage, requireXterm };
