/** The checks as a person reads them: one row each, the fix under anything not ok. */
import type { CheckResult, CheckStatus } from '../checks/checks.js';
import type { Style } from './style.js';

export function formatCheckTable(results: readonly CheckResult[], style: Style, skipped: readonly string[] = []): string {
  const mark: Record<CheckStatus, string> = {
    ok: style.ok(style.symbols.ok),
    warning: style.warn(style.symbols.warn),
    failed: style.error(style.symbols.error),
    skipped: style.dim('-'),
  };
  const width = Math.max(...results.map((r) => r.title.length));
  const lines: string[] = [];
  for (const r of results) {
    const waived = r.status === 'failed' && skipped.includes(r.name) ? style.warn(' (skipped with --skip-check)') : '';
    lines.push(`  ${mark[r.status]} ${r.title.padEnd(width)}  ${r.status === 'skipped' ? style.dim(r.reason) : r.reason}${waived}`);
    if (r.fix && r.status !== 'ok' && r.status !== 'skipped') lines.push(`    ${' '.repeat(width)}  ${style.dim('→')} ${r.fix}`);
  }
  return `${lines.join('\n')}\n`;
}
