/**
 * The hardening suite's figures. A trust test says what it tried with `trial(task, ...)`; the figures ride on the
 * test's own result (vitest's task meta), so a test that fails counts as failed without any bookkeeping of its own,
 * and test/trust/reporter.ts adds them up into the summary table printed after every run (and written to
 * reports/trust.md for docs/trust.md and CI).
 *
 *   it('a fault', async ({ task }) => {
 *     const t = trial(task, 'faults');          // one fault injected
 *     ...
 *     t.add('places', 12);                      // a figure of its own, summed over the section
 *   });
 */
import type { TestContext } from 'vitest';

/** The sections of docs/trust.md, in its order, with what one trial is and what a passing trial means. */
export const SECTIONS = {
  secrets: { title: 'Secret hygiene', tried: 'runs with a canary password', passed: 'runs with no leak' },
  faults: { title: 'Faults', tried: 'faults injected', passed: 'handled correctly' },
  interruptions: { title: 'Interruptions', tried: 'interruption points tried', passed: 'ended as documented' },
  input: { title: 'Bad input', tried: 'cases generated', passed: 'cases that held' },
  concurrency: { title: 'Concurrency', tried: 'simultaneous runs', passed: 'locked or refused cleanly' },
} as const;

export type Section = keyof typeof SECTIONS;

export interface TrustMeta {
  section: Section;
  /** How many trials this test makes (1, or fast-check's number of runs). */
  tried: number;
  /** Further figures, summed per section: places searched, leaks found, processes seen... */
  extra: Record<string, number>;
}

declare module 'vitest' {
  interface TaskMeta {
    trust?: TrustMeta;
  }
}

export interface Trial {
  /** Adds to a figure of this section (created at 0). */
  add(figure: string, amount?: number): void;
  /** Sets how many trials this test made (fast-check: the runs it generated). */
  tried(count: number): void;
}

export function trial(task: TestContext['task'], section: Section, tried = 1): Trial {
  const meta: TrustMeta = { section, tried, extra: {} };
  task.meta.trust = meta;
  return {
    add: (figure, amount = 1) => {
      meta.extra[figure] = (meta.extra[figure] ?? 0) + amount;
    },
    tried: (count) => {
      meta.tried = count;
    },
  };
}
