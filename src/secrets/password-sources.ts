/**
 * The three places an unattended run takes the backup password from (`--password-stdin`, `--password-env NAME`,
 * `--password-file PATH`) and the one it takes the reminder from (`--reminder-env NAME`). The password goes from
 * here straight into a `Secret`: no error, warning or message built here ever holds its text, only the name of
 * the source and of the flag. Whether the password is good enough is for rules/password.ts, not for this module:
 * the text is passed on as it came (spaces included), less the line ending and byte order mark that shells add.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { Secret } from '../console/secret.js';
import { SSOCONFIG_RULES } from '../entsso/facts.js';
import { EXIT, SsoBackupError, type ProblemText } from '../errors.js';

/** A secret source given wrongly or unusable. Its texts name the source and the flag, never the password. */
export class SecretSourceError extends SsoBackupError {
  constructor(problem: ProblemText, options?: { cause?: unknown }) {
    super(problem, EXIT.usage, options);
    this.name = 'SecretSourceError';
  }
}

/** Default bound on the first line of stdin: 16 times ENTSSO's longest password, so never a real one. */
export const STDIN_MAX_BYTES = 4096;

/** Bound on a password file: a password file holds one line; anything bigger is some other file given by mistake. */
export const PASSWORD_FILE_MAX_BYTES = 64 * 1024;

/** The portable environment variable name (POSIX shells); Windows allows more, but not every tool can set those. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const LF = 0x0a;

/** Said whenever the password may have been typed where a name or path belongs. */
const BURNT =
  'If you typed the password itself there, it has been exposed on the command line: choose another password.';

// ---------------------------------------------------------------------------------------------------------------
// One line of text

/**
 * The password in the bytes of one line (without its LF): UTF-8, one leading byte order mark removed (Windows
 * PowerShell 5.1 sends one when $OutputEncoding is UTF8Encoding, Notepad saves one) and one trailing CR removed
 * (PowerShell and Windows files end lines in CRLF). Undefined when the bytes are not UTF-8: decoding them anyway
 * would turn them into U+FFFD and back up under a password nobody can type again.
 */
function decodePasswordLine(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined; // not UTF-8: the caller explains, with the source's name
  }
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  if (text.endsWith('\r')) text = text.slice(0, -1);
  return text;
}

/** The bytes before the first LF, or all of them when there is none. */
function bytesOfFirstLine(bytes: Buffer): Buffer {
  const end = bytes.indexOf(LF);
  return end === -1 ? bytes : bytes.subarray(0, end);
}

/** The reason and the way out for a line that is not UTF-8, shared by stdin and the file. */
const NOT_UTF8: Omit<ProblemText, 'what'> = {
  why:
    'sso-backup reads the password as UTF-8. Text in another code page (an ANSI file, cmd.exe "type") would ' +
    'become a different password from the one you know.',
  next:
    'Save or send the password as UTF-8 (in Windows PowerShell 5.1, set $OutputEncoding = ' +
    '[Text.UTF8Encoding]::new($false) before the pipe), or keep the password to printable ASCII.',
};

// ---------------------------------------------------------------------------------------------------------------
// --password-stdin

/** `--password-stdin` on a terminal: what is typed would show on screen as it is typed. */
function stdinIsTerminalError(): SecretSourceError {
  return new SecretSourceError({
    what: '--password-stdin is refused: standard input is a terminal, not a pipe.',
    why:
      'A terminal shows what is typed on it, so the password would be on screen; --password-stdin is for a ' +
      'password piped in from another program.',
    next:
      'Pipe the password in from your secret store (for example: <command that prints it> | sso-backup ' +
      '--password-stdin), or leave --password-stdin out to be asked for it with hidden input.',
  });
}

function stdinEmptyError(): SecretSourceError {
  return new SecretSourceError({
    what: 'No password came on standard input (--password-stdin): its first line is empty.',
    why: 'The pipe closed before any text came, or its first line is blank; an empty password is never taken.',
    next: 'Check the command that feeds the pipe: it must print the password as its first line.',
  });
}

function stdinTooLongError(maxBytes: number): SecretSourceError {
  return new SecretSourceError({
    what: `The first line on standard input (--password-stdin) is longer than ${maxBytes} bytes.`,
    why:
      `ENTSSO takes passwords of at most ${SSOCONFIG_RULES.passwordMaxLength} characters, so this is not one: ` +
      'perhaps a file or the output of the wrong command was piped in.',
    next: 'Pipe only the password, on one line.',
  });
}

function stdinNotUtf8Error(): SecretSourceError {
  const what = 'The password on standard input (--password-stdin) is not UTF-8 text.';
  return new SecretSourceError({ what, ...NOT_UTF8 });
}

function stdinReadError(cause: unknown): SecretSourceError {
  return new SecretSourceError(
    {
      what: 'Standard input could not be read (--password-stdin).',
      why: `The system reported ${systemCode(cause)} while reading the pipe.`,
      next:
        'Run the command again; if it fails again, give the password with --password-file or --password-env ' +
        'instead.',
    },
    { cause },
  );
}

/** An error's code (`EACCES`) or its message: what the system said, never data read. */
function systemCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (typeof code === 'string') return code;
  return error instanceof Error ? `"${error.message}"` : 'an error';
}

/**
 * Collects chunks up to the first LF. `add` answers whether the line is complete (or the bound is passed), so the
 * caller can stop reading at once: a runbook that writes the password and keeps the pipe open must not hang us.
 */
class FirstLineCollector {
  readonly #chunks: Buffer[] = [];
  #size = 0;
  #lineEnd = -1;

  constructor(readonly maxBytes: number) {}

  /** Adds a chunk; true when no more is needed (a LF came, or more than maxBytes came without one). */
  add(chunk: Buffer): boolean {
    const at = chunk.indexOf(LF);
    if (at !== -1) this.#lineEnd = this.#size + at;
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    return this.#lineEnd !== -1 || this.#size > this.maxBytes;
  }

  /** The bytes of the line without its LF; undefined when they are more than maxBytes. */
  line(): Buffer | undefined {
    const all = Buffer.concat(this.#chunks);
    const line = this.#lineEnd === -1 ? all : all.subarray(0, this.#lineEnd);
    return line.length > this.maxBytes ? undefined : line;
  }
}

type PasswordStream = NodeJS.ReadableStream & { isTTY?: boolean };

/** True when the stream had already ended before we came: no 'end' event would ever come. */
function hasEnded(stream: PasswordStream): boolean {
  return (stream as { readableEnded?: unknown }).readableEnded === true;
}

/**
 * Lets the process end although the stream is still open. Pausing is not enough for a pipe: process.stdin is then
 * a net.Socket whose handle keeps reading (and so keeps the event loop alive) while a writer holds the pipe open.
 * Unref'ing the socket leaves fd 0 open (unlike destroy, which would free fd 0 for the next file opened); call
 * `ref()` on it to read stdin again later.
 */
function letProcessExit(stream: PasswordStream): void {
  const socket = stream as { unref?: unknown };
  if (typeof socket.unref === 'function') (socket.unref as () => void).call(stream);
}

/** The collected line as a Secret, or the error that explains why there is none. */
function secretFromStdinLine(collector: FirstLineCollector): Secret {
  const bytes = collector.line();
  if (bytes === undefined) throw stdinTooLongError(collector.maxBytes);
  const text = decodePasswordLine(bytes);
  if (text === undefined) throw stdinNotUtf8Error();
  if (text === '') throw stdinEmptyError();
  return new Secret(text);
}

/**
 * `--password-stdin`: the first line of standard input. Reading stops at the first LF (or at EOF): the listeners
 * are removed, the stream paused and (a pipe socket) unref'd, so a writer that keeps the pipe open neither holds
 * us nor keeps the process alive. Whatever came after the LF in the same chunk is dropped; the rest of the pipe
 * is left unread. A terminal is refused (the typed password would be seen). More than `maxBytes` (default 4096)
 * before a LF is refused without waiting for more.
 */
export async function readPasswordFromStdin(
  stream: PasswordStream,
  options: { maxBytes?: number } = {},
): Promise<Secret> {
  if (stream.isTTY === true) throw stdinIsTerminalError();
  const collector = new FirstLineCollector(options.maxBytes ?? STDIN_MAX_BYTES);
  if (hasEnded(stream)) return secretFromStdinLine(collector);
  return new Promise<Secret>((resolve, reject) => {
    const stop = (): void => {
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('close', onEnd);
      stream.removeListener('error', onError);
      stream.pause();
      letProcessExit(stream);
    };
    const finish = (): void => {
      stop();
      try {
        resolve(secretFromStdinLine(collector));
      } catch (error) {
        reject(error as Error);
      }
    };
    const onData = (chunk: Buffer | string): void => {
      if (collector.add(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk)) finish();
    };
    const onEnd = (): void => finish();
    const onError = (error: unknown): void => {
      stop();
      reject(stdinReadError(error));
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('close', onEnd);
    stream.once('error', onError);
    stream.resume();
  });
}

// ---------------------------------------------------------------------------------------------------------------
// --password-env, --reminder-env

/** `--password-env` / `--reminder-env` given something that is not a portable name. The name is not repeated. */
function badEnvNameError(flag: string): SecretSourceError {
  return new SecretSourceError({
    what:
      `The name given to ${flag} is not an environment variable name sso-backup takes (it is not repeated here, ` +
      'in case a password was typed in its place).',
    why:
      'Names must be letters A-Z and a-z, digits and underscores, not starting with a digit. Windows allows more ' +
      'characters, but names like that cannot be set from every shell and scheduler, so sso-backup keeps to the ' +
      'portable ones.',
    next:
      `Put the value in a variable with such a name and give that name, for example ${flag} ` +
      `SSO_BACKUP_PASSWORD. ${BURNT}`,
  });
}


function envMissingError(flag: string, given: string, present: boolean, platform: NodeJS.Platform): SecretSourceError {
  const caseNote =
    platform === 'win32' ? ' (names are matched in any case on Windows)' : ' (names are case-sensitive here)';
  // A --password-env name is never repeated: the password itself may have been typed in its place, and any name
  // (even CORRECT_HORSE_BATTERY_9) can be a password. Its length is enough to recognise a typo.
  const hidden = flag === '--password-env';
  const name = given;
  if (hidden) {
    return new SecretSourceError({
      what: `The environment variable named with ${flag} (a name of ${given.length} characters, not repeated here in case it is the password) is ${present ? 'empty' : 'not set'}.`,
      why: `sso-backup looked for it in its own environment${caseNote}; it must be set, not empty, by the process that starts sso-backup.`,
      next: `Give the name of the variable that holds the password, e.g. ${flag} SSO_BACKUP_PASSWORD. ${BURNT}`,
    });
  }
  return new SecretSourceError({
    what: `The environment variable ${name} (${flag}) is ${present ? 'empty' : 'not set'}.`,
    why:
      `sso-backup looked for ${name} in its own environment${caseNote}; it must be set, not empty, by the ` +
      'process that starts sso-backup.',
    next:
      flag === '--password-env'
        ? `Set ${name} to the password in the step that starts sso-backup (from your secret store), or give the ` +
          'password with --password-stdin or --password-file instead.'
        : `Set ${name} to the reminder in the step that starts sso-backup, or leave ${flag} out.`,
  });
}

/**
 * The keys of `env` that are the variable `name`: the exact key elsewhere; every key equal in any case on Windows,
 * where `Path` and `PATH` are one variable (process.env there is case-insensitive already; a plain object as used
 * in tests or built by a caller is not).
 */
function envKeys(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  if (platform !== 'win32') return Object.hasOwn(env, name) ? [name] : [];
  const wanted = name.toUpperCase();
  const keys = Object.keys(env).filter((key) => key.toUpperCase() === wanted);
  // The exact spelling first, so that it wins when a plain object holds two spellings.
  return keys.sort((a, b) => Number(b === name) - Number(a === name));
}

/** The value of the variable named by `flag`'s argument, checked for a valid name; undefined when not set. */
function lookUpEnv(
  flag: string,
  name: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
): { keys: string[]; value: string | undefined } {
  if (!ENV_NAME.test(name)) throw badEnvNameError(flag);
  const keys = envKeys(name, env, platform);
  const first = keys[0];
  return { keys, value: first === undefined ? undefined : env[first] };
}

/**
 * `--password-env NAME`: the variable's value, which is deleted from `env` at once (every spelling of it on
 * Windows), before it is judged, so that no child process started later (ssoconfig, PowerShell, a crash
 * reporter) inherits the password, even when the value is then refused. A name that is not portable is refused
 * without touching `env` and without being repeated. A missing or empty variable is an error naming the variable.
 */
export function takePasswordFromEnv(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Secret {
  const { keys, value } = lookUpEnv('--password-env', name, env, platform);
  for (const key of keys) delete env[key];
  if (value === undefined || value === '') throw envMissingError('--password-env', name, value !== undefined, platform);
  return new Secret(value);
}

/**
 * `--reminder-env NAME`: the reminder's text. The reminder is not a secret (ENTSSO shows it to anyone restoring),
 * so the variable is left in place. Missing or empty is an error naming the variable.
 */
export function reminderFromEnv(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const { value } = lookUpEnv('--reminder-env', name, env, platform);
  if (value === undefined || value === '') throw envMissingError('--reminder-env', name, value !== undefined, platform);
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// --password-file

/**
 * A missing file. The path is not repeated, and the system's error (which holds it) is not kept as `cause`: a
 * password typed in place of the path would be echoed otherwise.
 */
function fileMissingError(): SecretSourceError {
  return new SecretSourceError({
    what: 'The file given to --password-file does not exist.',
    why:
      'Nothing is at that path (the path is not repeated here, in case a password was typed in its place). A ' +
      'relative path is taken from the current folder, which for a scheduled task is usually C:\\Windows\\System32.',
    next: `Give the full path of the file that holds the password. ${BURNT}`,
  });
}

function fileIsFolderError(file: string): SecretSourceError {
  return new SecretSourceError({
    what: `${file} is a folder, not a file (--password-file).`,
    why: '--password-file reads the password from the first line of a file.',
    next: 'Give the path of the file inside it that holds the password.',
  });
}

function fileUnreadableError(file: string, cause: unknown): SecretSourceError {
  return new SecretSourceError(
    {
      what: `The password file ${file} could not be read (--password-file).`,
      why: `The system reported ${systemCode(cause)} when sso-backup opened or read it.`,
      next: 'Run sso-backup as an account that may read the file (and only that account), or fix its permissions.',
    },
    { cause },
  );
}

function fileTooLargeError(file: string): SecretSourceError {
  return new SecretSourceError({
    what: `The password file ${file} is larger than ${PASSWORD_FILE_MAX_BYTES / 1024} KiB (--password-file).`,
    why: 'A password file holds the password on one line, so this is some other file.',
    next: 'Give the path of the file that holds only the password.',
  });
}

function fileEmptyError(file: string): SecretSourceError {
  return new SecretSourceError({
    what: `The password file ${file} has an empty first line (--password-file).`,
    why: 'The password is taken from the first line of the file, and an empty password is never taken.',
    next: 'Put the password on the first line of the file, alone.',
  });
}

function fileNotUtf8Error(file: string): SecretSourceError {
  return new SecretSourceError({ what: `The password file ${file} is not UTF-8 text (--password-file).`, ...NOT_UTF8 });
}

/** The warning for a password file that others can read too; `who` comes from the platform's reader. */
function readableByOthersWarning(file: string, who: readonly string[]): string {
  return (
    `The password file ${file} can also be read by ${who.join(', ')}: any of them can read the backup password. ` +
    'Restrict it to your own account (Linux, macOS: chmod 600; Windows: Properties > Security, remove the other ' +
    'entries) and delete it when the backup is done.'
  );
}

/** The SecretSourceError for an error thrown while opening or reading the file. */
function fileError(file: string, error: unknown): SecretSourceError {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (code === 'ENOENT' || code === 'ENOTDIR') return fileMissingError();
  if (code === 'EISDIR') return fileIsFolderError(file);
  return fileUnreadableError(file, error);
}

/**
 * At most `limit + 1` bytes of an open file: reading stops as soon as it is known to be too large, whatever the
 * size said (a FIFO, as from `--password-file <(pass show x)`, has size 0).
 */
async function readBounded(handle: FileHandle, limit: number): Promise<Buffer> {
  const buffer = Buffer.alloc(limit + 1);
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/** The bytes of the file, refusing folders and files over the bound; throws SecretSourceError. */
async function readPasswordFileBytes(file: string): Promise<Buffer> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, 'r');
    const stats = await handle.stat();
    if (stats.isDirectory()) throw fileIsFolderError(file);
    if (stats.size > PASSWORD_FILE_MAX_BYTES) throw fileTooLargeError(file);
    const bytes = await readBounded(handle, PASSWORD_FILE_MAX_BYTES);
    if (bytes.length > PASSWORD_FILE_MAX_BYTES) throw fileTooLargeError(file);
    return bytes;
  } catch (error) {
    throw error instanceof SecretSourceError ? error : fileError(file, error);
  } finally {
    await handle?.close();
  }
}

/** Who else may read the file, or undefined when that cannot be learned (never throws). */
async function othersWhoMayRead(
  file: string,
  reader: (file: string) => Promise<string[] | undefined>,
): Promise<string[] | undefined> {
  try {
    return await reader(file);
  } catch {
    return undefined; // a failed permission check is "unknown", like an unsupported platform: no warning
  }
}

/**
 * `--password-file PATH`: the first line of the file (BOM and CR removed as for stdin; later lines are ignored
 * and not mentioned). Refused: a missing path (not repeated in the error), a folder, an unreadable file, more
 * than 64 KiB, a first line that is empty or not UTF-8. A file that others can read too is taken with a warning:
 * the password is already exposed to them, but refusing would not un-expose it, and the run may be the one that
 * clears event 10589. `othersWhoCanRead` (default `posixOthersWhoCanRead`) names them, or says undefined (unknown).
 */
export async function readPasswordFromFile(
  file: string,
  deps: { othersWhoCanRead?: (file: string) => Promise<string[] | undefined> } = {},
): Promise<{ secret: Secret; warnings: string[] }> {
  const bytes = await readPasswordFileBytes(file);
  const text = decodePasswordLine(bytesOfFirstLine(bytes));
  if (text === undefined) throw fileNotUtf8Error(file);
  if (text === '') throw fileEmptyError(file);
  const who = await othersWhoMayRead(file, deps.othersWhoCanRead ?? posixOthersWhoCanRead);
  const warnings = who !== undefined && who.length > 0 ? [readableByOthersWarning(file, who)] : [];
  return { secret: new Secret(text), warnings };
}

/**
 * Who besides the owner may read the file, from its mode bits: `the file's group (gid N)` when group-readable,
 * `every user of this machine` when readable by others. Undefined on Windows (mode bits there say nothing of the
 * ACL: see machine/windows/parse-acl.ts) and when the file cannot be stat'ed. POSIX ACLs (setfacl) and the
 * folders above the file are not looked at: a 0644 file in a 0700 folder is warned about needlessly (safe side).
 */
export async function posixOthersWhoCanRead(
  file: string,
  platform: NodeJS.Platform = process.platform,
): Promise<string[] | undefined> {
  if (platform === 'win32') return undefined;
  let mode: number;
  let gid: number;
  try {
    ({ mode, gid } = await stat(file));
  } catch {
    return undefined; // unknown: the reader of the file reports real problems with it
  }
  const who: string[] = [];
  if ((mode & 0o040) !== 0) who.push(`the file's group (gid ${gid})`);
  if ((mode & 0o004) !== 0) who.push('every user of this machine');
  return who;
}
