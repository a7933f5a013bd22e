/** The trust suite's summary (test/trust/reporter.ts): figures added per section, failures counted, every section listed. */
import { describe, expect, it } from 'vitest';
import { summarise, table } from '../trust/reporter.js';

describe('the trust summary', () => {
  it('adds trials and extra figures per section; a failed test counts all its trials as failed', () => {
    const sums = summarise([
      { meta: { section: 'secrets', tried: 1, extra: { 'places searched': 14, 'leaks found': 0 } }, ok: true },
      { meta: { section: 'secrets', tried: 1, extra: { 'places searched': 9 } }, ok: false },
      { meta: { section: 'input', tried: 1000, extra: {} }, ok: true },
    ]);
    expect(sums.get('secrets')).toEqual({ tests: 2, tried: 2, passed: 1, failed: 1, extra: { 'places searched': 23, 'leaks found': 0 } });
    expect(sums.get('input')).toMatchObject({ tried: 1000, passed: 1000, failed: 0 });
  });

  it('lists every section, in docs/trust.md order, saying which did not run', () => {
    const text = table(summarise([{ meta: { section: 'input', tried: 12345, extra: {} }, ok: true }]));
    const rows = text.split('\n').slice(2);
    expect(rows.map((r) => r.split('|')[1]!.trim())).toEqual(['Secret hygiene', 'Faults', 'Interruptions', 'Bad input', 'Concurrency']);
    expect(rows[3]).toContain('12,345 cases generated');
    expect(rows[0]).toContain('not run');
  });
});
