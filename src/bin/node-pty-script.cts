/**
 * Runs one of node-pty's own helper scripts inside the packaged exe (src/bin/sso-backup.ts says when). A CommonJS
 * file because its `require` is, inside the exe, the bundle's loader: `require('node-pty')` first checks every
 * node-pty file beside the exe against the SHA-256 built into it (packaging/bundle.mjs), the script included.
 */
function runNodePtyScript(script: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('node-pty');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(script);
}

export = { runNodePtyScript };
