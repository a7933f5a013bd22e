/**
 * resultJson: the one object --json prints. Built from a RunRecord for each status, it validates against the
 * documented schema (docs/result.schema.json); a Secret that slips into a text prints as [redacted]; timings are
 * whole, non-negative milliseconds.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/checks/checks.js';
import { Secret } from '../../src/console/secret.js';
import { EXIT } from '../../src/errors.js';
import { RESULT_SCHEMA, resultJson, type ResultStatus } from '../../src/report/json-result.js';
import { RunRecord } from '../../src/report/run-record.js';

const SCHEMA = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../docs/result.schema.json'), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(SCHEMA);

const STARTED = new Date('2026-11-22T10:00:00.000Z');
const FINISHED = new Date('2026-11-22T10:00:07.250Z');
const FILE = '/srv/sso/SSO-SSOSIM01-20261122-100000.bak';
const SHA = 'ab'.repeat(32);
const PROBLEM = { what: 'It failed.', why: 'Because.', next: 'Run again.' };

function expectValid(json: unknown): void {
  expect(validate(json), ajv.errorsText(validate.errors)).toBe(true);
}

function check(name: CheckResult['name'], status: CheckResult['status'], fix?: string): CheckResult {
  return { name, title: `${name} check`, status, reason: `${name} was looked at`, required: true, ...(fix === undefined ? {} : { fix }) };
}

/** What a run knows once the machine is found and checked. */
function started(): RunRecord {
  const record = new RunRecord(STARTED);
  record.host = 'SSOSIM01';
  record.machine = { kind: 'simulator', description: 'simulated machine SSOSIM01 in /tmp/x' };
  record.installDir = '/opt/entsso';
  record.target = FILE;
  record.checks = [
    { result: check('entsso-installed', 'ok'), waived: false },
    { result: check('backup-events', 'warning', 'Back up now.'), waived: false },
    { result: check('elevated', 'failed', 'Run as administrator.'), waived: true },
    { result: check('backup-target', 'skipped'), waived: false },
  ];
  return record;
}

const outcome = (status: ResultStatus, exitCode: number, extra: { dryRun?: boolean; error?: typeof PROBLEM } = {}) => ({
  command: 'backup' as const,
  status,
  exitCode,
  dryRun: extra.dryRun ?? false,
  version: '0.1.0',
  finishedAt: FINISHED,
  ...(extra.error ? { error: extra.error } : {}),
});

describe('resultJson validates against docs/result.schema.json', () => {
  it('succeeded: the backup, copies, removed files, events, phases and warnings', async () => {
    const record = started();
    await record.timed('ssoconfig', async () => undefined);
    record.backup = { file: FILE, size: 2048, sha256: SHA, receipt: `${FILE}.sha256`, manifest: `${FILE}.manifest.json`, createdAt: STARTED.toISOString() };
    record.copies = [
      { destination: '/share', file: '/share/x.bak', ok: true, sha256: SHA, error: null },
      { destination: '/nowhere', file: null, ok: false, sha256: null, error: 'ENOTDIR' },
    ];
    record.removed = ['/srv/sso/old.bak', '/srv/sso/old.bak.sha256'];
    record.events = [{ id: 10559, time: '2026-11-22T10:00:05.000Z', data: [FILE] }];
    record.warn('A warning.');

    const json = resultJson(record, outcome('succeeded', EXIT.ok));

    expectValid(json);
    expect(json).toMatchObject({ schema: RESULT_SCHEMA, tool: { name: 'sso-backup', version: '0.1.0' }, status: 'succeeded', exitCode: 0, error: null });
    expect(json.checks[1]).toEqual({ name: 'backup-events', title: 'backup-events check', status: 'warning', required: true, waived: false, reason: 'backup-events was looked at', fix: 'Back up now.' });
    expect(json.checks[0]!.fix).toBeNull();
    expect(json.checks[2]!.waived).toBe(true);
  });

  it('skipped: the backup found and why', () => {
    const record = started();
    record.skipped = { reason: 'A verified backup is recent.', existing: { file: FILE, createdAt: STARTED.toISOString(), sha256: SHA } };
    const json = resultJson(record, outcome('skipped', EXIT.ok));
    expectValid(json);
    expect(json.skipped?.existing.file).toBe(FILE);
  });

  it('planned: a dry run', () => {
    const json = resultJson(started(), outcome('planned', EXIT.ok, { dryRun: true }));
    expectValid(json);
    expect(json).toMatchObject({ dryRun: true, backup: null, target: FILE });
  });

  it.each([EXIT.ssoconfigFailed, EXIT.usage, EXIT.machineNotFit, EXIT.notVerified, EXIT.copyFailed, EXIT.internal])('failed with exit %d: the error', (exitCode) => {
    const json = resultJson(started(), outcome('failed', exitCode, { error: PROBLEM }));
    expectValid(json);
    expect(json.error).toEqual(PROBLEM);
  });

  it('cancelled', () => {
    const json = resultJson(started(), outcome('cancelled', EXIT.cancelled, { error: PROBLEM }));
    expectValid(json);
    expect(json).toMatchObject({ status: 'cancelled', exitCode: 130 });
  });

  it('a run that stopped before it learned anything', () => {
    const json = resultJson(new RunRecord(STARTED), outcome('failed', EXIT.usage, { error: PROBLEM }));
    expectValid(json);
    expect(json).toMatchObject({ host: null, machine: null, installDir: null, target: null, checks: [], copies: [], removed: [], events: [] });
  });

  it('only the error\'s what, why and next are printed', () => {
    const error = Object.assign(new Error('internal detail'), PROBLEM, { exitCode: EXIT.usage });
    const json = resultJson(new RunRecord(STARTED), outcome('failed', EXIT.usage, { error }));
    expect(json.error).toEqual(PROBLEM);
    expectValid(json);
  });
});

describe('a Secret never prints', () => {
  it('a Secret in the warnings serialises as [redacted]', () => {
    const canary = 'Canary-Quill-Harbor-7731';
    const record = started();
    record.warn(new Secret(canary) as unknown as string);
    const text = JSON.stringify(resultJson(record, outcome('succeeded', EXIT.ok)));
    expect(text).not.toContain(canary);
    expect(JSON.parse(text).warnings).toEqual(['[redacted]']);
  });
});

describe('timings', () => {
  it('phases and the total are whole, non-negative milliseconds', async () => {
    const record = new RunRecord();
    await record.timed('locate', () => new Promise((resolve) => setTimeout(resolve, 3)));
    await record.timed('questions', async () => undefined);
    await record.timed('questions', () => new Promise((resolve) => setTimeout(resolve, 2)));
    await expect(record.timed('checks', () => Promise.reject(new Error('failed phase')))).rejects.toThrow('failed phase');

    const { timings } = resultJson(record, { command: 'backup', status: 'succeeded', exitCode: 0, dryRun: false, version: '0.1.0' });

    expect(Object.keys(timings.phases).sort()).toEqual(['checks', 'locate', 'questions']);
    for (const ms of [timings.totalMs, ...Object.values(timings.phases)]) {
      expect(Number.isInteger(ms)).toBe(true);
      expect(ms).toBeGreaterThanOrEqual(0);
    }
    expect(timings.phases.locate).toBeGreaterThanOrEqual(2);
    expect(timings.totalMs).toBeGreaterThanOrEqual(timings.phases.locate!);
  });

  it('the total from start to finish', () => {
    const { timings } = resultJson(new RunRecord(STARTED), outcome('succeeded', EXIT.ok));
    expect(timings).toEqual({ startedAt: STARTED.toISOString(), finishedAt: FINISHED.toISOString(), totalMs: 7250, phases: {} });
  });

  it('a finish before the start (the clock moved back) is 0, never negative', () => {
    const { timings } = resultJson(new RunRecord(FINISHED), outcome('succeeded', EXIT.ok));
    expect(timings.totalMs).toBe(0);
  });
});
