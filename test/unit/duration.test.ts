/** --if-older-than durations: what parseDuration takes and refuses, and how describeDuration says them. */
import { describe, expect, it } from 'vitest';
import { describeDuration, parseDuration } from '../../src/rules/duration.js';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('parseDuration takes a whole number and a unit, or several', () => {
  it.each([
    ['30d', 30 * D],
    ['12h', 12 * H],
    ['1w', 7 * D],
    ['1d12h', D + 12 * H],
    ['90m', 90 * M],
    ['45s', 45 * S],
    ['2w3d4h5m6s', 17 * D + 4 * H + 5 * M + 6 * S],
  ])('%s', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it('upper case units', () => {
    expect(parseDuration('30D')).toEqual({ ok: true, ms: 30 * D });
    expect(parseDuration('1D12H')).toEqual({ ok: true, ms: D + 12 * H });
  });

  it('spaces around it', () => {
    expect(parseDuration('  30d\t')).toEqual({ ok: true, ms: 30 * D });
  });

  it('a hundred years exactly is the longest taken', () => {
    expect(parseDuration('36500d')).toEqual({ ok: true, ms: 36_500 * D });
  });
});

describe('parseDuration refuses, saying why', () => {
  it.each(['', '   ', '30', 'd', '-1d', '1.5d', '30 days', '1d 12h', '1y', '1mo', '+1d', 'd30', '1e3d'])('%j is not a duration', (text) => {
    const parsed = parseDuration(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toBe(`"${text}" is not a duration: write a number and a unit, e.g. 30d, 12h, 1w or 1d12h (w, d, h, m, s).`);
  });

  it.each(['0d', '0s', '0w0d0h'])('%s is no time at all', (text) => {
    expect(parseDuration(text)).toEqual({ ok: false, problem: `"${text}" is no time at all: give a duration longer than zero.` });
  });

  it.each(['36501d', '5300w', '99999999999999999999d', `${'9'.repeat(400)}s`])('%s is longer than a hundred years', (text) => {
    expect(parseDuration(text)).toEqual({ ok: false, problem: `"${text}" is longer than a hundred years.` });
  });
});

describe('describeDuration: the two largest units, for people', () => {
  it.each([
    [0, 'less than a second'],
    [499, 'less than a second'],
    [-5 * D, 'less than a second'],
    [S, '1 second'],
    [1_500, '2 seconds'],
    [90 * M, '1 hour 30 minutes'],
    [D, '1 day'],
    [D + 12 * H, '1 day 12 hours'],
    [7 * D, '7 days'],
    [30 * D, '30 days'],
    [3 * D + 4 * H + 5 * M + 6 * S, '3 days 4 hours'],
    [2 * H + 59 * M + 59_600, '3 hours'],
  ])('%d ms is "%s"', (ms, text) => {
    expect(describeDuration(ms)).toBe(text);
  });

  it('says what parseDuration read', () => {
    const parsed = parseDuration('1d12h');
    expect(parsed.ok && describeDuration(parsed.ms)).toBe('1 day 12 hours');
  });
});
