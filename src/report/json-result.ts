/**
 * The one JSON object `--json` prints on stdout at the end of a run, success or failure. Its schema is
 * docs/json-result.md and docs/result.schema.json: version 1 is stable (fields are only ever added).
 */
import type { ProblemText } from '../errors.js';
import type { RunRecord } from './run-record.js';

export const RESULT_SCHEMA = 'sso-backup/result/1';

export type ResultStatus = 'succeeded' | 'skipped' | 'planned' | 'failed' | 'cancelled';

export interface ResultJson {
  schema: typeof RESULT_SCHEMA;
  tool: { name: 'sso-backup'; version: string };
  command: 'backup' | 'verify';
  status: ResultStatus;
  exitCode: number;
  dryRun: boolean;
  host: string | null;
  machine: { kind: string; description: string } | null;
  installDir: string | null;
  target: string | null;
  backup: RunRecord['backup'];
  copies: RunRecord['copies'];
  removed: string[];
  wouldRemove: string[];
  skipped: RunRecord['skipped'];
  checks: { name: string; title: string; status: string; required: boolean; waived: boolean; reason: string; fix: string | null }[];
  events: { id: number; time: string; data: string[] }[];
  timings: { startedAt: string; finishedAt: string; totalMs: number; phases: Record<string, number> };
  warnings: string[];
  notes: string[];
  error: { what: string; why: string; next: string } | null;
}

export function resultJson(
  record: RunRecord,
  outcome: { command: ResultJson['command']; status: ResultStatus; exitCode: number; dryRun: boolean; version: string; error?: ProblemText; finishedAt?: Date },
): ResultJson {
  const finishedAt = outcome.finishedAt ?? new Date();
  return {
    schema: RESULT_SCHEMA,
    tool: { name: 'sso-backup', version: outcome.version },
    command: outcome.command,
    status: outcome.status,
    exitCode: outcome.exitCode,
    dryRun: outcome.dryRun,
    host: record.host,
    machine: record.machine,
    installDir: record.installDir,
    target: record.target,
    backup: record.backup,
    copies: record.copies,
    removed: record.removed,
    wouldRemove: record.wouldRemove,
    skipped: record.skipped,
    checks: record.checks.map(({ result, waived }) => ({
      name: result.name,
      title: result.title,
      status: result.status,
      required: result.required,
      waived,
      reason: result.reason,
      fix: result.fix ?? null,
    })),
    events: record.events.map((e) => ({ id: e.id, time: e.time, data: [...e.data] })),
    timings: {
      startedAt: record.startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      totalMs: Math.max(0, finishedAt.getTime() - record.startedAt.getTime()),
      phases: { ...record.phases },
    },
    warnings: [...record.warnings],
    notes: [...record.notes],
    error: outcome.error ? { what: outcome.error.what, why: outcome.error.why, next: outcome.error.next } : null,
  };
}
