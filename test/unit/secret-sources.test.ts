import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/console/secret.js';
import { EXIT } from '../../src/errors.js';
import {
  PASSWORD_FILE_MAX_BYTES,
  SecretSourceError,
  posixOthersWhoCanRead,
  readPasswordFromFile,
  readPasswordFromStdin,
  reminderFromEnv,
  takePasswordFromEnv,
} from '../../src/secrets/password-sources.js';

const CANARY = 'Canary-7f3a-Zq!9';
const CANARY_BYTES = Buffer.from(CANARY, 'utf8');
const BOM = '\uFEFF';

/** Every text a SecretSourceError shows or logs: none may hold the canary, nor a part of it. */
function expectNoCanary(error: unknown): SecretSourceError {
  expect(error).toBeInstanceOf(SecretSourceError);
  const e = error as SecretSourceError;
  expect(e.exitCode).toBe(EXIT.usage);
  for (const text of [e.what, e.why, e.next, e.message, String(e.stack), inspect(e, { depth: 5 })]) {
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain('7f3a');
  }
  return e;
}

/** The error a promise rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<SecretSourceError> {
  const result = await promise.then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
  if (result === undefined) throw new Error('expected a rejection');
  return expectNoCanary(result.error);
}

/** The error a function throws (fails the test when it returns). */
function thrown(run: () => unknown): SecretSourceError {
  try {
    run();
  } catch (error) {
    return expectNoCanary(error);
  }
  throw new Error('expected a throw');
}

describe('--password-stdin: readPasswordFromStdin', () => {
  /** A pipe given `chunks` one after the other, with a pause between them; ended unless `end` is false. */
  function pipe(chunks: readonly (string | Buffer)[], options: { end?: boolean; pauseMs?: number } = {}): PassThrough {
    const stream = new PassThrough();
    void (async () => {
      for (const chunk of chunks) {
        stream.write(chunk);
        await delay(options.pauseMs ?? 0);
      }
      if (options.end !== false) stream.end();
    })();
    return stream;
  }

  it.each([
    ['a line ending in LF', [`${CANARY}\n`]],
    ['a line ending in CRLF (PowerShell)', [`${CANARY}\r\n`]],
    ['a BOM and CRLF (Windows PowerShell 5.1 with UTF8Encoding)', [`${BOM}${CANARY}\r\n`]],
    ['several lines: the first one', [`${CANARY}\nsecond line\r\nthird\n`]],
    ['EOF without a newline', [CANARY]],
    ['EOF after a CR without LF', [`${CANARY}\r`]],
    ['the line split mid-line in chunks', ['Can', 'ary-7f', '3a-Zq', '!9\r', '\nrest']],
    ['a BOM split across chunks', [Buffer.from([0xef]), Buffer.from([0xbb, 0xbf]), `${CANARY}\n`]],
  ])('takes %s', async (_case, chunks) => {
    const secret = await readPasswordFromStdin(pipe(chunks, { pauseMs: 15 }));
    expect(secret).toBeInstanceOf(Secret);
    expect(secret.reveal()).toBe(CANARY);
  });

  it('decodes UTF-8 with a character split between two chunks', async () => {
    const bytes = Buffer.from('Grüße-7f3a\n', 'utf8');
    const split = bytes.indexOf(0xc3) + 1; // inside the two bytes of ü
    const secret = await readPasswordFromStdin(pipe([bytes.subarray(0, split), bytes.subarray(split)], { pauseMs: 10 }));
    expect(secret.reveal()).toBe('Grüße-7f3a');
  });

  it('takes string chunks (a stream with an encoding set)', async () => {
    const stream = new PassThrough();
    stream.setEncoding('utf8');
    stream.end(`${CANARY}\n`);
    expect((await readPasswordFromStdin(stream)).reveal()).toBe(CANARY);
  });

  it('keeps spaces inside and at the ends (the password rules judge them, not the source)', async () => {
    expect((await readPasswordFromStdin(pipe([` ${CANARY} \n`]))).reveal()).toBe(` ${CANARY} `);
  });

  it('does not wait for EOF once the line came, and lets go of the stream', async () => {
    const stream = pipe([`${CANARY}\n`], { end: false });
    const secret = await readPasswordFromStdin(stream);
    expect(secret.reveal()).toBe(CANARY);
    expect(stream.listenerCount('data')).toBe(0);
    expect(stream.listenerCount('end')).toBe(0);
    expect(stream.listenerCount('error')).toBe(0);
    expect(stream.isPaused()).toBe(true);
    stream.destroy();
  });

  it("unref's a pipe socket so that an open pipe does not keep the process alive", async () => {
    const stream = Object.assign(new PassThrough(), { unrefCalls: 0 });
    Object.assign(stream, { unref: () => (stream.unrefCalls += 1) });
    stream.write(`${CANARY}\n`);
    await readPasswordFromStdin(stream);
    expect(stream.unrefCalls).toBe(1);
  });

  it('refuses a terminal without reading from it', async () => {
    const stream = Object.assign(new PassThrough(), { isTTY: true });
    stream.write(`${CANARY}\n`);
    const error = await rejection(readPasswordFromStdin(stream));
    expect(error.what).toContain('terminal');
    expect(error.next).toContain('leave --password-stdin out');
    expect(stream.listenerCount('data')).toBe(0);
  });

  it.each([
    ['nothing (EOF at once)', []],
    ['an empty first line', [`\n${CANARY}\n`]],
    ['a first line that is only CR', [`\r\n${CANARY}\n`]],
    ['a first line that is only a BOM', [`${BOM}\r\n${CANARY}\n`]],
  ])('refuses %s', async (_case, chunks) => {
    const error = await rejection(readPasswordFromStdin(pipe(chunks)));
    expect(error.what).toContain('--password-stdin');
    expect(error.what).toContain('empty');
  });

  it('refuses a stream that had already ended', async () => {
    const stream = new PassThrough();
    stream.end();
    stream.resume();
    await new Promise((resolve) => stream.once('end', resolve));
    const error = await rejection(readPasswordFromStdin(stream));
    expect(error.what).toContain('empty');
  });

  it('refuses more than maxBytes without a newline, without waiting for EOF', async () => {
    const stream = pipe([CANARY.repeat(2)], { end: false });
    const error = await rejection(readPasswordFromStdin(stream, { maxBytes: CANARY.length }));
    expect(error.what).toContain(`longer than ${CANARY.length} bytes`);
    stream.destroy();
  });

  it('refuses a first line over the default 4096 bytes, even when a newline follows', async () => {
    const error = await rejection(readPasswordFromStdin(pipe([`${CANARY}${'x'.repeat(4096)}\n`])));
    expect(error.what).toContain('longer than 4096 bytes');
  });

  it('takes a line of exactly maxBytes', async () => {
    const secret = await readPasswordFromStdin(pipe([`${CANARY}\n`]), { maxBytes: CANARY_BYTES.length });
    expect(secret.reveal()).toBe(CANARY);
  });

  it('refuses bytes that are not UTF-8 (an ANSI code page)', async () => {
    const latin1 = Buffer.concat([CANARY_BYTES, Buffer.from([0xe9, 0x0d, 0x0a])]); // é in Windows-1252
    const error = await rejection(readPasswordFromStdin(pipe([latin1])));
    expect(error.what).toContain('not UTF-8');
    expect(error.next).toContain('$OutputEncoding');
  });

  it('turns a read error into a SecretSourceError, with what came so far left out', async () => {
    const stream = new PassThrough();
    stream.write(CANARY);
    const reading = readPasswordFromStdin(stream);
    await delay(10);
    stream.destroy(Object.assign(new Error('read failed'), { code: 'EIO' }));
    const error = await rejection(reading);
    expect(error.why).toContain('EIO');
  });
});

describe('--password-env: takePasswordFromEnv', () => {
  it('takes the value and deletes the variable', () => {
    const env: NodeJS.ProcessEnv = { SSO_BACKUP_PASSWORD: CANARY, OTHER: 'kept' };
    expect(takePasswordFromEnv('SSO_BACKUP_PASSWORD', env, 'linux').reveal()).toBe(CANARY);
    expect(env).toEqual({ OTHER: 'kept' });
  });

  it('deletes it from process.env by default, so that a child process does not inherit it', () => {
    const name = `SSO_BACKUP_TEST_${process.pid}`;
    process.env[name] = CANARY;
    expect(takePasswordFromEnv(name).reveal()).toBe(CANARY);
    expect(process.env[name]).toBeUndefined();
    const child = spawnSync(process.execPath, ['-e', `process.stdout.write(String(process.env[${JSON.stringify(name)}]))`], {
      encoding: 'utf8',
    });
    expect(child.stdout).toBe('undefined');
  });

  it('deletes an empty variable too, and refuses it by the length of its name, never the name', () => {
    const env: NodeJS.ProcessEnv = { PW: '' };
    const error = thrown(() => takePasswordFromEnv('PW', env, 'linux'));
    expect(error.what).toBe('The environment variable named with --password-env (a name of 2 characters, not repeated here in case it is the password) is empty.');
    expect(Object.hasOwn(env, 'PW')).toBe(false);
  });

  it('refuses a missing variable without repeating its name: any name, even CORRECT_HORSE_BATTERY_9, may be a password', () => {
    for (const name of ['BTS_SSO_PW', 'CORRECT_HORSE_BATTERY_9']) {
      const error = thrown(() => takePasswordFromEnv(name, { OTHER: CANARY }, 'linux'));
      expect(error.what).toContain('is not set');
      expect(`${error.what} ${error.why} ${error.next}`).not.toContain(name);
      expect(error.next).toContain('SSO_BACKUP_PASSWORD'); // the example in the advice, not the name given
    }
  });

  it.each([
    ['the password itself typed as the name', CANARY],
    ['a name with a hyphen', 'SSO-PASSWORD'],
    ['a name starting with a digit', '1PASSWORD'],
    ['an empty name', ''],
    ['a name with a space', 'SSO PASSWORD'],
  ])('refuses %s without repeating it or touching env', (_case, name) => {
    const env: NodeJS.ProcessEnv = { [name]: CANARY };
    const error = thrown(() => takePasswordFromEnv(name, env, 'linux'));
    expect(error.what).toContain('--password-env');
    if (name !== '') expect(`${error.what} ${error.why} ${error.next}`).not.toContain(name);
    expect(error.why).toContain('Windows allows more');
    expect(env[name]).toBe(CANARY);
  });

  it('finds the name in any case on Windows, and deletes every spelling', () => {
    const env: NodeJS.ProcessEnv = { sso_backup_password: CANARY, Path: 'C:\\Windows' };
    expect(takePasswordFromEnv('SSO_BACKUP_PASSWORD', env, 'win32').reveal()).toBe(CANARY);
    expect(env).toEqual({ Path: 'C:\\Windows' });
  });

  it('prefers the exact spelling on Windows when a plain object holds two', () => {
    const env: NodeJS.ProcessEnv = { Sso_Backup_Password: 'other-spelling', SSO_BACKUP_PASSWORD: CANARY };
    expect(takePasswordFromEnv('SSO_BACKUP_PASSWORD', env, 'win32').reveal()).toBe(CANARY);
    expect(env).toEqual({});
  });

  it('is case-sensitive elsewhere', () => {
    const env: NodeJS.ProcessEnv = { sso_backup_password: CANARY };
    const error = thrown(() => takePasswordFromEnv('SSO_BACKUP_PASSWORD', env, 'linux'));
    expect(error.what).toContain('not set');
    expect(error.why).toContain('case-sensitive');
    expect(env).toEqual({ sso_backup_password: CANARY });
  });
});

describe('--reminder-env: reminderFromEnv', () => {
  it('takes the reminder and leaves the variable (it is not a secret)', () => {
    const env: NodeJS.ProcessEnv = { SSO_REMINDER: 'vault entry BTS-SSO-2026' };
    expect(reminderFromEnv('SSO_REMINDER', env, 'linux')).toBe('vault entry BTS-SSO-2026');
    expect(env).toEqual({ SSO_REMINDER: 'vault entry BTS-SSO-2026' });
  });

  it('finds the name in any case on Windows', () => {
    expect(reminderFromEnv('SSO_REMINDER', { sso_reminder: 'in the vault' }, 'win32')).toBe('in the vault');
  });

  it.each([
    ['missing', {}, 'not set'],
    ['empty', { SSO_REMINDER: '' }, 'empty'],
  ])('refuses a %s variable naming it', (_case, env: NodeJS.ProcessEnv, said) => {
    const error = thrown(() => reminderFromEnv('SSO_REMINDER', env, 'linux'));
    expect(error.what).toBe(`The environment variable SSO_REMINDER (--reminder-env) is ${said}.`);
    expect(error.next).toContain('--reminder-env');
  });

  it('refuses a name that is not portable, without repeating it', () => {
    const error = thrown(() => reminderFromEnv(CANARY, {}, 'linux'));
    expect(error.what).toContain('--reminder-env');
  });
});

describe('--password-file: readPasswordFromFile', () => {
  let dir: string;
  let serial = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sso-backup-secret-sources-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A new file readable by its owner only, holding `content`. */
  async function file(content: string | Buffer, mode = 0o600): Promise<string> {
    serial += 1;
    const path = join(dir, `password-${serial}.txt`);
    await writeFile(path, content);
    await chmod(path, mode);
    return path;
  }

  const nobodyElse = { othersWhoCanRead: () => Promise.resolve([]) };

  it.each([
    ['a line ending in LF', `${CANARY}\n`],
    ['CRLF', `${CANARY}\r\n`],
    ['a BOM (Notepad) and CRLF', `${BOM}${CANARY}\r\n`],
    ['no newline at the end', CANARY],
    ['several lines: the first one', `${CANARY}\r\nsecond\r\nthird\r\n`],
  ])('takes %s', async (_case, content) => {
    const { secret, warnings } = await readPasswordFromFile(await file(content), nobodyElse);
    expect(secret.reveal()).toBe(CANARY);
    expect(warnings).toEqual([]);
  });

  it('takes a file of exactly 64 KiB', async () => {
    const content = `${CANARY}\n`.padEnd(PASSWORD_FILE_MAX_BYTES, 'x');
    const { secret } = await readPasswordFromFile(await file(content), nobodyElse);
    expect(secret.reveal()).toBe(CANARY);
  });

  it.each([
    ['an empty file', ''],
    ['an empty first line', `\n${CANARY}\n`],
    ['a first line of CR only', `\r\n${CANARY}\r\n`],
    ['a BOM only', BOM],
  ])('refuses %s', async (_case, content) => {
    const path = await file(content);
    const error = await rejection(readPasswordFromFile(path, nobodyElse));
    expect(error.what).toBe(`The password file ${path} has an empty first line (--password-file).`);
  });

  it('refuses a file over 64 KiB', async () => {
    const path = await file(`${CANARY}\n${'x'.repeat(PASSWORD_FILE_MAX_BYTES)}`);
    const error = await rejection(readPasswordFromFile(path, nobodyElse));
    expect(error.what).toContain('larger than 64 KiB');
  });

  it('refuses a file that is not UTF-8', async () => {
    const path = await file(Buffer.concat([CANARY_BYTES, Buffer.from([0xe9, 0x0a])]));
    const error = await rejection(readPasswordFromFile(path, nobodyElse));
    expect(error.what).toContain('not UTF-8');
  });

  it('refuses a missing file without repeating the path (it may be the password typed in its place)', async () => {
    const error = await rejection(readPasswordFromFile(join(dir, CANARY), nobodyElse));
    expect(error.what).toBe('The file given to --password-file does not exist.');
    expect(error.next).toContain('choose another password');
  });

  it('refuses a folder', async () => {
    const folder = join(dir, 'a-folder');
    await mkdir(folder);
    const error = await rejection(readPasswordFromFile(folder, nobodyElse));
    expect(error.what).toBe(`${folder} is a folder, not a file (--password-file).`);
  });

  describe.skipIf(process.platform === 'win32')('on a POSIX system', () => {
    let server: Server | undefined;
    afterAll(() => server?.close());

    it('refuses a file that cannot be opened (a socket: ENXIO), with what the system said', async () => {
      const socketPath = join(dir, 'a-socket');
      server = createServer();
      await new Promise<void>((resolve) => server?.listen(socketPath, resolve));
      const error = await rejection(readPasswordFromFile(socketPath, nobodyElse));
      expect(error.what).toBe(`The password file ${socketPath} could not be read (--password-file).`);
      expect(error.why).toContain('ENXIO');
    });

    it.skipIf(process.getuid?.() === 0)('refuses a file without read permission (EACCES)', async () => {
      const path = await file(`${CANARY}\n`, 0o000);
      const error = await rejection(readPasswordFromFile(path, nobodyElse));
      expect(error.why).toContain('EACCES');
    });

    it.each([
      [0o600, []],
      [0o640, ['group']],
      [0o604, ['every user of this machine']],
      [0o644, ['group', 'every user of this machine']],
    ])('mode %o: warns about %j (real chmod, default reader)', async (mode, expected) => {
      const path = await file(`${CANARY}\n`, mode);
      const { secret, warnings } = await readPasswordFromFile(path);
      expect(secret.reveal()).toBe(CANARY);
      if (expected.length === 0) {
        expect(warnings).toEqual([]);
        return;
      }
      expect(warnings).toHaveLength(1);
      const [warning = ''] = warnings;
      expect(warning).toContain(path);
      expect(warning).toContain('chmod 600');
      expect(warning).not.toContain(CANARY);
      if (expected.includes('group')) expect(warning).toMatch(/the file's group \(gid \d+\)/);
      if (expected.includes('every user of this machine')) expect(warning).toContain('every user of this machine');
    });
  });

  it('warns with the names the injected reader gives', async () => {
    const path = await file(`${CANARY}\n`);
    const { warnings } = await readPasswordFromFile(path, {
      othersWhoCanRead: () => Promise.resolve(['the group "staff"', 'everyone']),
    });
    expect(warnings).toEqual([
      `The password file ${path} can also be read by the group "staff", everyone: any of them can read the backup ` +
        'password. Restrict it to your own account (Linux, macOS: chmod 600; Windows: Properties > Security, ' +
        'remove the other entries) and delete it when the backup is done.',
    ]);
  });

  it.each([
    ['unknown (undefined)', () => Promise.resolve(undefined)],
    ['a reader that fails', () => Promise.reject(new Error('powershell not found'))],
  ])('says nothing when who else can read is %s', async (_case, othersWhoCanRead) => {
    const { secret, warnings } = await readPasswordFromFile(await file(`${CANARY}\n`, 0o644), { othersWhoCanRead });
    expect(secret.reveal()).toBe(CANARY);
    expect(warnings).toEqual([]);
  });
});

describe('posixOthersWhoCanRead', () => {
  it('is undefined on Windows (mode bits say nothing of the ACL)', async () => {
    expect(await posixOthersWhoCanRead(process.execPath, 'win32')).toBeUndefined();
  });

  it('is undefined for a file that cannot be stat-ed', async () => {
    expect(await posixOthersWhoCanRead(join(tmpdir(), `no-such-file-${process.pid}-${Date.now()}`), 'linux')).toBeUndefined();
  });
});
