import { defineConfig } from 'vitest/config';

/**
 * Four projects, one run (`npm test` builds all three targets first):
 *   dist     every test; the end-to-end ones run Node on the TypeScript build (dist/)
 *   bundle   the end-to-end tests again, on the single-file bundle that goes into the exe
 *   sea      the end-to-end tests again, on the Linux single executable built the same way as the Windows exe
 *   package  the Linux executable from a folder of its own, and the Windows zip and the exe inside it
 * test/support/target.ts reads SSO_BACKUP_TEST_TARGET; production code never does.
 */
const E2E = ['test/e2e/**/*.test.ts'];

export default defineConfig({
  // TypeScript in CommonJS form too (src/rules/zxcvbn-loader.cts): Vite's default leaves .cts out.
  oxc: { include: /\.(m?ts|cts|[jt]sx)$/ },
  test: {
    // node-pty children and real terminals: separate processes are the safe pool.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The JSON report lets .ci/run print a plain 'N passed, N failed' line; the trust reporter prints the
    // hardening suite's figures (test/trust) and writes them to reports/trust.md.
    reporters: ['default', 'json', './test/trust/reporter.ts'],
    outputFile: { json: 'reports/vitest.json' },
    projects: [
      { extends: true, test: { name: 'dist', include: ['test/**/*.test.ts'], exclude: ['test/package/**'], env: { SSO_BACKUP_TEST_TARGET: 'dist' } } },
      { extends: true, test: { name: 'bundle', include: E2E, env: { SSO_BACKUP_TEST_TARGET: 'bundle' } } },
      { extends: true, test: { name: 'sea', include: E2E, env: { SSO_BACKUP_TEST_TARGET: 'sea' } } },
      { extends: true, test: { name: 'package', include: ['test/package/**/*.test.ts'] } },
    ],
  },
});
