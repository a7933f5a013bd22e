/**
 * The simulated machine's event logs: one JSON object a line, appended, in `<machine>/events/<Log>.jsonl`.
 * Application events follow ../shared/reference/entsso.md section 5 (ids, field names). The Security log keeps
 * process-creation records (Windows event 4688 with command-line auditing on), which is exactly where a secret
 * passed on a command line would be found on a real server.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type EventLevel = 'Information' | 'Warning' | 'Error';

export interface SimulatedEvent {
  /** ISO 8601, UTC, like System/TimeCreated/@SystemTime. */
  time: string;
  log: 'Application' | 'Security';
  source: string;
  id: number;
  level: EventLevel;
  message: string;
  /** EventData/Data strings by name. */
  data: Record<string, string>;
}

export const EVENTS_DIR = 'events';
export const PROCESS_CREATION_EVENT = 4688;

function logFile(machineDir: string, log: SimulatedEvent['log']): string {
  return path.join(machineDir, EVENTS_DIR, `${log}.jsonl`);
}

export function appendEvent(machineDir: string, event: Omit<SimulatedEvent, 'time'> & { time?: string }): SimulatedEvent {
  const full: SimulatedEvent = { time: event.time ?? new Date().toISOString(), ...event } as SimulatedEvent;
  mkdirSync(path.join(machineDir, EVENTS_DIR), { recursive: true });
  appendFileSync(logFile(machineDir, full.log), `${JSON.stringify(full)}\n`);
  return full;
}

export function readEvents(machineDir: string, log: SimulatedEvent['log'] = 'Application'): SimulatedEvent[] {
  const file = logFile(machineDir, log);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SimulatedEvent);
}
