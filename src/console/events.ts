/** What the console driver tells its caller as a run goes (for a spinner, a log, a test). Never a secret. */
import type { Answer } from './answer-plan.js';
import type { PromptKind } from './prompt-recognition.js';

export type DriverEvent =
  | { type: 'started'; mode: 'pty' | 'handover'; pid: number | undefined }
  | { type: 'handover'; reason: string; steps: string[] }
  | { type: 'prompt'; kind: PromptKind }
  | { type: 'answered'; answer: Answer }
  | { type: 'stopping'; reason: string }
  | { type: 'exited'; exitCode: number | null; signal: string | null };

export type DriverEventListener = (event: DriverEvent) => void;
