/** --file made absolute without losing that it names a folder (src/cli/backup-command.ts resolveFile). */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveFile } from '../../src/cli/backup-command.js';
import { checkBackupPathSyntax } from '../../src/rules/backup-path.js';

describe('resolveFile', () => {
  it('a file name is made absolute as path.resolve does', () => {
    expect(resolveFile('/var/backups/SSO-X.bak')).toBe('/var/backups/SSO-X.bak');
    expect(resolveFile('SSO-X.bak')).toBe(path.resolve('SSO-X.bak'));
    expect(resolveFile('a/../SSO-X.bak')).toBe(path.resolve('SSO-X.bak'));
  });

  it.each(['/var/backups/', '/var/backups//', '/var/backups/.', '/var/backups/x/..', '.', '..', '/'])(
    '%s still ends with a separator, so the path rules refuse it as naming no file',
    (file) => {
      const resolved = resolveFile(file);
      expect(resolved.endsWith(path.sep)).toBe(true);
      expect(checkBackupPathSyntax(resolved, 'posix').length).toBeGreaterThan(0);
      // path.resolve alone hid it: the name looked like a file named after the folder.
      if (file !== '/') expect(checkBackupPathSyntax(path.resolve(file), 'posix')).toEqual([]);
    },
  );
});
