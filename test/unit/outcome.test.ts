import { describe, expect, it } from 'vitest';
import type { AnsweredSoFar } from '../../src/console/answer-plan.js';
import type { FileSnapshot } from '../../src/console/file-snapshot.js';
import {
  decideOutcome,
  type BackupOutcome,
  type Failure,
  type PtyUnavailable,
  type RunFacts,
  type StopReason,
} from '../../src/console/outcome.js';
import { ENTSSO_ERRORS } from '../../src/entsso/errors.js';

const ALL_ANSWERED: AnsweredSoFar = { password: true, confirm: true, reminder: true, overwrite: false };
const NONE_ANSWERED: AnsweredSoFar = { password: false, confirm: false, reminder: false, overwrite: false };
const NO_FILE: FileSnapshot = { exists: false };
const NEW_FILE: FileSnapshot = { exists: true, size: 1834, mtimeMs: 1_700_000_100_000, sha256: 'b'.repeat(64) };
const OLD_FILE: FileSnapshot = { exists: true, size: 1790, mtimeMs: 1_700_000_000_000, sha256: 'a'.repeat(64) };

const PROMPTS = [
  'Enter the password for the backup file: ********',
  'Confirm the password: ********',
  'Enter a password reminder: the blue notebook',
];
const SUCCESS = 'The operation completed successfully.';
const RPC_ERROR = 'ERROR: 0x800706BA: The RPC server is unavailable.';

/** A clean successful run; each test changes what it is about. */
function facts(overrides: Partial<RunFacts> = {}): RunFacts {
  return {
    mode: 'pty',
    command: 'ssoconfig -backupsecret C:\\backup\\sso.bak',
    transcript: [...PROMPTS, SUCCESS].join('\n'),
    exitCode: 0,
    signal: null,
    answered: ALL_ANSWERED,
    before: NO_FILE,
    after: NEW_FILE,
    ...overrides,
  };
}

function failureOf(outcome: BackupOutcome): Failure {
  if (outcome.ok) throw new Error(`expected a failure, got success with warnings ${JSON.stringify(outcome.warnings)}`);
  expect(outcome.failure.what.trim()).not.toBe('');
  expect(outcome.failure.why.trim()).not.toBe('');
  expect(outcome.failure.next.trim()).not.toBe('');
  return outcome.failure;
}

function successOf(outcome: BackupOutcome): Extract<BackupOutcome, { ok: true }> {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.failure.kind}: ${outcome.failure.what}`);
  return outcome;
}

describe('decideOutcome: success', () => {
  it('a clean run with a success line is ok without warnings', () => {
    const run = facts();
    const outcome = successOf(decideOutcome(run));
    expect(outcome.successLine).toBe(SUCCESS);
    expect(outcome.warnings).toEqual([]);
    expect(outcome.facts).toBe(run);
  });

  it('a clean run without a success line is ok, with a warning that says so', () => {
    const outcome = successOf(decideOutcome(facts({ transcript: PROMPTS.join('\n') })));
    expect(outcome.successLine).toBeUndefined();
    expect('successLine' in outcome).toBe(false);
    expect(outcome.warnings).toHaveLength(1);
    expect(outcome.warnings[0]).toMatch(/no success message/);
  });

  it('warns when no confirmation was asked', () => {
    const outcome = successOf(decideOutcome(facts({ answered: { ...ALL_ANSWERED, confirm: false } })));
    expect(outcome.warnings).toEqual([expect.stringMatching(/confirm/)]);
  });

  it('warns when no reminder was asked', () => {
    const outcome = successOf(decideOutcome(facts({ answered: { ...ALL_ANSWERED, reminder: false } })));
    expect(outcome.warnings).toEqual([expect.stringMatching(/reminder/)]);
  });

  it('a file that existed before and changed is ok', () => {
    expect(decideOutcome(facts({ before: OLD_FILE, after: NEW_FILE })).ok).toBe(true);
  });

  it('a file with the same content but a new time stamp counts as rewritten', () => {
    expect(decideOutcome(facts({ before: OLD_FILE, after: { ...OLD_FILE, mtimeMs: OLD_FILE.mtimeMs + 5 } })).ok).toBe(
      true,
    );
  });

  it('handover mode (answers unknown) with a new file is ok, without answer warnings', () => {
    const run = facts({ mode: 'handover' });
    delete run.answered;
    const outcome = successOf(decideOutcome(run));
    expect(outcome.warnings).toEqual([]);
  });

  it('handover mode without a success line only warns about the missing success line', () => {
    const run = facts({ mode: 'handover', transcript: '' });
    delete run.answered;
    const outcome = successOf(decideOutcome(run));
    expect(outcome.warnings).toEqual([expect.stringMatching(/no success message/)]);
  });
});

describe('decideOutcome: ssoconfig printed an error', () => {
  it('an error line with exit code 0 is a failure, and says the exit code was 0', () => {
    const failure = failureOf(decideOutcome(facts({ transcript: [...PROMPTS, RPC_ERROR].join('\n'), exitCode: 0 })));
    expect(failure.kind).toBe('ssoconfig-error');
    expect(failure.why).toMatch(/code 0\b/);
    expect(failure.why).toMatch(/although|not trusted/);
    expect(failure.next).toBe(ENTSSO_ERRORS.rpcUnavailable.advice);
    expect(failure.what).toContain('0x800706BA');
    expect(failure.what).toContain('The RPC server is unavailable.');
    expect(failure.error?.known).toBe(ENTSSO_ERRORS.rpcUnavailable);
  });

  it('an error line wins even when a success line and a new file are there too', () => {
    const transcript = [...PROMPTS, RPC_ERROR, SUCCESS].join('\n');
    expect(failureOf(decideOutcome(facts({ transcript }))).kind).toBe('ssoconfig-error');
  });

  it('an error line with a non-zero exit code names that code', () => {
    const failure = failureOf(decideOutcome(facts({ transcript: RPC_ERROR, exitCode: 5 })));
    expect(failure.kind).toBe('ssoconfig-error');
    expect(failure.why).toMatch(/code 5\b/);
  });

  it('an unknown error gets generic advice', () => {
    const failure = failureOf(decideOutcome(facts({ transcript: 'error: something odd', exitCode: 1 })));
    expect(failure.kind).toBe('ssoconfig-error');
    expect(failure.error?.known).toBeUndefined();
    expect(failure.next).toMatch(/Application log/);
  });
});

describe('decideOutcome: our own echoed answers are not ssoconfig\'s words', () => {
  const reminder = 'vault entry 0xC0FFEE42, Access is denied. without Anna';
  const transcript = ['Password : ****', 'Password : ****', `Password reminder : ${reminder}`, SUCCESS].join('\n');

  it('a reminder with an HRESULT-like word and an ENTSSO message is not an error', () => {
    expect(decideOutcome(facts({ transcript, echoes: [reminder] })).ok).toBe(true);
  });

  it('without the echo known, the same transcript reads as an error (what the echoes are for)', () => {
    expect(decideOutcome(facts({ transcript })).ok).toBe(false);
  });

  it('a real error after the echo is still found', () => {
    const failing = `${transcript}\nERROR: 0x800706BA: The RPC server is unavailable.`;
    expect(failureOf(decideOutcome(facts({ transcript: failing, echoes: [reminder] }))).error?.hresult).toBe(0x800706ba);
  });

  it('a short reminder that is also a word of the error ("file") leaves the error message whole', () => {
    const error = 'ERROR: 0xC0002A20: Could not create or open the specified file. Check the file name and access permissions.';
    const failing = ['Password : ****', 'Password : ****', 'Password reminder : file', error].join('\n');
    const failure = failureOf(decideOutcome(facts({ transcript: failing, echoes: ['file'] })));
    expect(failure.what).toContain('Could not create or open the specified file. Check the file name');
  });
});

describe('decideOutcome: exit code, prompts and file', () => {
  it('a non-zero exit without an error line is an exit-code failure naming the code', () => {
    const failure = failureOf(decideOutcome(facts({ transcript: PROMPTS.join('\n'), exitCode: 3 })));
    expect(failure.kind).toBe('exit-code');
    expect(failure.what).toMatch(/code 3\b/);
  });

  it('a non-zero exit is a failure even with a success line and a new file', () => {
    expect(failureOf(decideOutcome(facts({ exitCode: 1 }))).kind).toBe('exit-code');
  });

  it('an end by signal is an exit-code failure naming the signal', () => {
    const failure = failureOf(
      decideOutcome(facts({ transcript: PROMPTS.join('\n'), exitCode: null, signal: 'SIGKILL' })),
    );
    expect(failure.kind).toBe('exit-code');
    expect(failure.what).toContain('SIGKILL');
  });

  it('an error line from a run ended by a signal says so, not "exited with code SIGKILL"', () => {
    const failure = failureOf(
      decideOutcome(facts({ transcript: 'ERROR: 0x800706BA: The RPC server is unavailable.', exitCode: null, signal: 'SIGKILL' })),
    );
    expect(failure.kind).toBe('ssoconfig-error');
    expect(failure.why).toBe('It was ended by signal SIGKILL.');
  });

  it('exit code 0 together with a signal (how node-pty reports a kill) is still an exit-code failure', () => {
    const failure = failureOf(decideOutcome(facts({ exitCode: 0, signal: 'SIGTERM' })));
    expect(failure.kind).toBe('exit-code');
    expect(failure.what).toContain('SIGTERM');
  });

  it('exit 0 without the password ever answered is an early exit', () => {
    const failure = failureOf(decideOutcome(facts({ transcript: 'Usage: ssoconfig <option>', answered: NONE_ANSWERED })));
    expect(failure.kind).toBe('early-exit');
  });

  it('an early exit is reported even when a file appeared', () => {
    expect(failureOf(decideOutcome(facts({ answered: NONE_ANSWERED, after: NEW_FILE }))).kind).toBe('early-exit');
  });

  it('no file after a clean exit is a no-file failure', () => {
    expect(failureOf(decideOutcome(facts({ after: NO_FILE }))).kind).toBe('no-file');
  });

  it('an empty file is an empty-file failure', () => {
    const empty: FileSnapshot = { exists: true, size: 0, mtimeMs: 1_700_000_100_000, sha256: 'e'.repeat(64) };
    expect(failureOf(decideOutcome(facts({ after: empty }))).kind).toBe('empty-file');
  });

  it('a file identical before and after is a file-unchanged failure', () => {
    expect(failureOf(decideOutcome(facts({ before: OLD_FILE, after: { ...OLD_FILE } }))).kind).toBe('file-unchanged');
  });

  it('handover mode without a file is a no-file failure', () => {
    const run = facts({ mode: 'handover', after: NO_FILE });
    delete run.answered;
    expect(failureOf(decideOutcome(run)).kind).toBe('no-file');
  });
});

describe('decideOutcome: the driver stopped the run', () => {
  const stops: StopReason[] = [
    { kind: 'prompt-timeout', waitedMs: 30_000, after: 'after it started' },
    { kind: 'finish-timeout', waitedMs: 120_000 },
    { kind: 'total-timeout', waitedMs: 600_000 },
    { kind: 'unrecognised-prompt', prompt: 'Enter file name:' },
    { kind: 'asked-again', prompt: 'Password : ' },
    { kind: 'overwrite-refused', prompt: 'File exists. Overwrite? (y/n)' },
    { kind: 'cancelled' },
  ];

  it.each(stops)('$kind gives a failure of that kind', (stopped) => {
    // A clean-looking run otherwise: the stop alone must decide.
    const failure = failureOf(decideOutcome(facts({ stopped, exitCode: null, signal: 'SIGTERM' })));
    expect(failure.kind).toBe(stopped.kind);
  });

  it.each(stops)('$kind wins over a clean exit, a success line and a new file', (stopped) => {
    expect(failureOf(decideOutcome(facts({ stopped }))).kind).toBe(stopped.kind);
  });

  it.each(stops)('$kind keeps the error line ssoconfig printed', (stopped) => {
    const failure = failureOf(decideOutcome(facts({ stopped, transcript: RPC_ERROR })));
    expect(failure.error?.known).toBe(ENTSSO_ERRORS.rpcUnavailable);
  });

  it('a timeout says how long it waited, in seconds', () => {
    const failure = failureOf(decideOutcome(facts({ stopped: { kind: 'finish-timeout', waitedMs: 12_345 } })));
    expect(failure.what).toContain('12.3 s');
  });

  it.each([
    { kind: 'unrecognised-prompt', prompt: 'Enter file name:' },
    { kind: 'asked-again', prompt: 'Password : ' },
    { kind: 'overwrite-refused', prompt: 'File exists. Overwrite? (y/n)' },
  ] as const)('$kind quotes the prompt', (stopped) => {
    expect(failureOf(decideOutcome(facts({ stopped }))).what).toContain(stopped.prompt);
  });

  it('asked-again quotes what ssoconfig printed', () => {
    const failure = failureOf(
      decideOutcome(facts({ stopped: { kind: 'asked-again', prompt: 'Password : ' }, transcript: RPC_ERROR })),
    );
    expect(failure.why).toContain(RPC_ERROR);
  });
});

describe('decideOutcome: spawn failure', () => {
  it('a spawn error is spawn-failed and carries the reason', () => {
    const run = facts({ spawnError: 'spawn ssoconfig.exe ENOENT', exitCode: null, after: NO_FILE, transcript: '' });
    const failure = failureOf(decideOutcome(run));
    expect(failure.kind).toBe('spawn-failed');
    expect(failure.why).toBe('spawn ssoconfig.exe ENOENT');
    expect(failure.what).toContain(run.command);
  });

  it('a spawn error wins over a stop reason and an error line', () => {
    const run = facts({ spawnError: 'EACCES', stopped: { kind: 'cancelled' }, transcript: RPC_ERROR });
    expect(failureOf(decideOutcome(run)).kind).toBe('spawn-failed');
  });
});

describe('decideOutcome: no pseudo-console, and nobody at the console', () => {
  const notStarted = (ptyUnavailable: PtyUnavailable): Failure => {
    const run = facts({ ptyUnavailable, exitCode: null, transcript: '', after: NO_FILE });
    delete run.answered; // never asked: ssoconfig was not started
    return failureOf(decideOutcome(run));
  };

  it('the packaged exe: what failed to load and from where, the zip as the cause, unzip again as the remedy; exit code 3', () => {
    const failure = notStarted({
      build: 'exe',
      tried: 'C:\\Tools\\sso-backup\\node_modules\\node-pty',
      message: 'node-pty is missing beside sso-backup.exe: C:\\Tools\\sso-backup\\node_modules\\node-pty\\lib\\index.js (ENOENT)',
    });
    expect(failure.kind).toBe('spawn-failed');
    expect(failure.machineNotFit).toBe(true);
    expect(failure.what).toBe(
      'The pseudo-console module, node-pty, could not be loaded from C:\\Tools\\sso-backup\\node_modules\\node-pty, so ssoconfig was not started.',
    );
    expect(failure.why).toContain('lib\\index.js (ENOENT).');
    expect(failure.why).toContain('missing or damaged');
    expect(failure.why).toContain('nobody at the console');
    expect(failure.next).toMatch(/^Unzip the whole sso-backup zip again and keep its node_modules folder beside sso-backup\.exe/);
    expect(failure.next).toContain('without --yes or --json');
    // Nothing of ssoconfig's failures: it never ran.
    for (const text of [failure.what, failure.why, failure.next]) {
      expect(text).not.toMatch(/npm ci|Application log|install directory/);
    }
  });

  it('the npm build: the native part as the cause, npm ci as the remedy; exit code 3', () => {
    const failure = notStarted({
      build: 'npm',
      tried: '/opt/sso-backup/node_modules/node-pty',
      message: "Cannot find module '../build/Release/pty.node'",
    });
    expect(failure.machineNotFit).toBe(true);
    expect(failure.what).toContain('/opt/sso-backup/node_modules/node-pty');
    expect(failure.why).toContain("Cannot find module '../build/Release/pty.node'.");
    expect(failure.why).toContain('--ignore-scripts');
    expect(failure.next).toMatch(/^Run npm ci in the sso-backup folder/);
    expect(failure.next).not.toMatch(/[Uu]nzip/);
    expect(failure.why).not.toMatch(/Application log/);
  });

  it('the npm build with no node-pty at all names where it was looked for', () => {
    const failure = notStarted({ build: 'npm', tried: undefined, message: "Cannot find module 'node-pty'" });
    expect(failure.what).toContain("sso-backup's node_modules (no node-pty was found there)");
  });

  it('other failures that end a run are not the machine: no machineNotFit', () => {
    expect(failureOf(decideOutcome(facts({ spawnError: 'EACCES' }))).machineNotFit).toBeUndefined();
    expect(failureOf(decideOutcome(facts({ exitCode: 1 }))).machineNotFit).toBeUndefined();
  });
});
