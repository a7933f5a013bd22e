/**
 * Durations on the command line (`--if-older-than 30d`): a whole number and a unit, or several (`1d12h`).
 * Units: w (weeks), d (days), h (hours), m (minutes), s (seconds). Months and years are refused: their length
 * varies, and a runbook that says 30d means 30 days.
 */
const UNIT_MS = { w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;

export type DurationParse = { ok: true; ms: number } | { ok: false; problem: string };

export function parseDuration(text: string): DurationParse {
  const value = text.trim().toLowerCase();
  if (!/^(\d+[wdhms])+$/.test(value)) {
    return { ok: false, problem: `"${text}" is not a duration: write a number and a unit, e.g. 30d, 12h, 1w or 1d12h (w, d, h, m, s).` };
  }
  let ms = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+)([wdhms])/g)) {
    ms += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  }
  if (!Number.isSafeInteger(ms) || ms > 100 * 365 * 86_400_000) return { ok: false, problem: `"${text}" is longer than a hundred years.` };
  if (ms === 0) return { ok: false, problem: `"${text}" is no time at all: give a duration longer than zero.` };
  return { ok: true, ms };
}

/** "3 days 4 hours", for people; the two largest units only. */
export function describeDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(ms / 1000)) * 1000;
  for (const [unit, size] of [['day', UNIT_MS.d], ['hour', UNIT_MS.h], ['minute', UNIT_MS.m], ['second', UNIT_MS.s]] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  }
  return parts.length === 0 ? 'less than a second' : parts.slice(0, 2).join(' ');
}
