/**
 * The tool's version: from package.json beside dist/ when Node runs the build, or written into the bundle when
 * it is built (packaging/bundle.mjs defines SSO_BACKUP_BUNDLED_VERSION). The packaged exe also names the Node.js
 * inside it and its own SHA-256, so an admin can match it against the release's SHA256SUMS on the server itself.
 */
import { readFileSync } from 'node:fs';
import { isSea } from 'node:sea';

declare const SSO_BACKUP_BUNDLED_VERSION: string | undefined;

export function toolVersion(): string {
  if (typeof SSO_BACKUP_BUNDLED_VERSION === 'string') return SSO_BACKUP_BUNDLED_VERSION;
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export interface VersionFacts {
  version: string;
  node: string;
  /** The packaged executable and its SHA-256; absent when Node runs a script. */
  executable?: { path: string; sha256: string };
}

export async function versionFacts(sea: boolean = isSea(), executable: string = process.execPath): Promise<VersionFacts> {
  const facts: VersionFacts = { version: toolVersion(), node: process.versions.node };
  if (sea) {
    // Read as a stream: the exe is some 90 MB (127 MB on Linux), not to be held in memory for a hash.
    const { sha256OfFile } = await import('../console/file-snapshot.js');
    facts.executable = { path: executable, sha256: await sha256OfFile(executable, 1 << 20) };
  }
  return facts;
}

export async function versionText(facts?: VersionFacts): Promise<string> {
  facts ??= await versionFacts();
  const lines = [`sso-backup ${facts.version} (Node.js ${facts.node})`];
  if (facts.executable) lines.push(`executable: ${facts.executable.path}`, `sha256: ${facts.executable.sha256}`);
  return `${lines.join('\n')}\n`;
}
