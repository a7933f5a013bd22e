/**
 * Adds up the figures the trust tests carry (figures.ts) and prints the summary table after the run; the same
 * table goes to reports/trust.md, which .ci/run prints and docs/trust.md quotes.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';
import { SECTIONS, type Section, type TrustMeta } from './figures.js';

interface Sum {
  tests: number;
  tried: number;
  passed: number;
  failed: number;
  extra: Record<string, number>;
}

export function summarise(results: readonly { meta: TrustMeta; ok: boolean }[]): Map<Section, Sum> {
  const sums = new Map<Section, Sum>();
  for (const { meta, ok } of results) {
    const sum = sums.get(meta.section) ?? { tests: 0, tried: 0, passed: 0, failed: 0, extra: {} };
    sum.tests += 1;
    sum.tried += meta.tried;
    if (ok) sum.passed += meta.tried;
    else sum.failed += meta.tried;
    for (const [name, value] of Object.entries(meta.extra)) sum.extra[name] = (sum.extra[name] ?? 0) + value;
    sums.set(meta.section, sum);
  }
  return sums;
}

export function table(sums: Map<Section, Sum>): string {
  const n = (value: number): string => value.toLocaleString('en-US');
  const rows = [
    '| Section | Tried | Passed | Failed | Tests | Other figures |',
    '|---|---:|---:|---:|---:|---|',
  ];
  for (const [section, text] of Object.entries(SECTIONS) as [Section, (typeof SECTIONS)[Section]][]) {
    const sum = sums.get(section);
    if (!sum) {
      rows.push(`| ${text.title} | not run | | | | |`);
      continue;
    }
    const extra = Object.entries(sum.extra)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => `${name}: ${n(value)}`)
      .join('; ');
    rows.push(`| ${text.title} | ${n(sum.tried)} ${text.tried} | ${n(sum.passed)} ${text.passed} | ${n(sum.failed)} | ${n(sum.tests)} | ${extra} |`);
  }
  return rows.join('\n');
}

export default class TrustReporter implements Reporter {
  /** Yesterday's figures must not pass for today's: a run that writes none leaves none. */
  onInit(): void {
    rmSync('reports/trust.md', { force: true });
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const results: { meta: TrustMeta; ok: boolean }[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const meta = test.meta().trust;
        const state = test.result().state;
        if (meta && state !== 'skipped' && state !== 'pending') results.push({ meta, ok: state === 'passed' });
      }
    }
    if (results.length === 0) return;
    const text = `Trust figures (test/trust, docs/trust.md)\n\n${table(summarise(results))}\n`;
    mkdirSync('reports', { recursive: true });
    writeFileSync('reports/trust.md', text);
    process.stdout.write(`\n${text}\n`);
  }
}
