import { defineConfig } from 'vitest/config';

export default defineConfig({
  // TypeScript in CommonJS form too (src/rules/zxcvbn-loader.cts): Vite's default leaves .cts out.
  oxc: { include: /\.(m?ts|cts|[jt]sx)$/ },
  test: {
    include: ['test/**/*.test.ts'],
    // node-pty children and real terminals: separate processes are the safe pool.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The JSON report lets .ci/run print a plain 'N passed, N failed' line.
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
});
