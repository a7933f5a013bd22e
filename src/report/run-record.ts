/**
 * What a run did, kept as it happens, for the one JSON object `--json` prints at the end (json-result.ts).
 * Steps write facts here; nothing here is ever the password (the Secret type cannot be put in: no field takes
 * one, and a Secret serialises as "[redacted]" anyway).
 */
import type { CheckResult } from '../checks/checks.js';
import type { EntssoEvent } from '../machine/facts.js';

export type Phase = 'locate' | 'checks' | 'questions' | 'ssoconfig' | 'verify' | 'copies' | 'retention';

export interface BackupFacts {
  file: string;
  size: number;
  sha256: string;
  receipt: string;
  manifest: string | null;
  /** When it was made; null when `verify` cannot tell. */
  createdAt: string | null;
  /** `verify` only: the reminder read back (or the manifest's), and the age in days. */
  reminder?: string | null;
  ageDays?: number | null;
}

export interface CopyFacts {
  destination: string;
  file: string | null;
  ok: boolean;
  sha256: string | null;
  error: string | null;
}

export interface SkipFacts {
  reason: string;
  existing: { file: string; createdAt: string; sha256: string };
}

export class RunRecord {
  readonly startedAt: Date;
  host: string | null = null;
  machine: { kind: string; description: string } | null = null;
  installDir: string | null = null;
  /** The file the run writes (or would write, in a dry run). */
  target: string | null = null;
  backup: BackupFacts | null = null;
  copies: CopyFacts[] = [];
  removed: string[] = [];
  /** --dry-run with --keep: what would be removed. */
  wouldRemove: string[] = [];
  /** Facts worth saying that are not warnings (verify's age and how the reminder was read). */
  notes: string[] = [];
  skipped: SkipFacts | null = null;
  checks: { result: CheckResult; waived: boolean }[] = [];
  events: EntssoEvent[] = [];
  warnings: string[] = [];
  readonly phases: Partial<Record<Phase, number>> = {};

  constructor(now: Date = new Date()) {
    this.startedAt = now;
  }

  /** Runs one phase and keeps how long it took (even when it fails). */
  async timed<T>(phase: Phase, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.phases[phase] = Math.round((this.phases[phase] ?? 0) + performance.now() - start);
    }
  }

  warn(text: string): void {
    if (!this.warnings.includes(text)) this.warnings.push(text);
  }
}
