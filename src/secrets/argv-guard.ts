/**
 * The guard against a password on the command line. A command line is readable by every process on the machine
 * and is kept in shell history, scheduler definitions and runbook logs, so `--password x` must be refused before
 * any parser sees it (node's parseArgs would echo the unknown option, and a usage message might echo more), and
 * the refusal must name the flag only, never the value.
 *
 * What is looked at: every argument before a bare `--` (after it, arguments are positionals by convention). An
 * argument is a password flag when, after its prefix (`--`, `-` or `/`) and before any `=` or `:` value, its name
 * is one of PASSWORD_FLAG_NAMES in any case. So `-p` is refused wherever it stands before `--`, even where it was
 * meant as a positional (a folder named `-p`): sso-backup has no `-p`, parseArgs would take it for an option anyway,
 * and `-- -p` still passes. `-pSecret` (a short option with its value attached) is NOT recognized: it cannot be
 * told from other single-dash words (`-prompts`), and parseArgs reports it as `-p` alone, without the value.
 * The argument right after `--password-file`, `--password-env` or `--reminder-env` is their value (a path such as
 * `/secret` on Linux) and is skipped unless it starts with `-`.
 */
import { SecretSourceError } from './password-sources.js';

/** The names (lower case, without prefix) of flags that would carry a password. */
export const PASSWORD_FLAG_NAMES: ReadonlySet<string> = new Set([
  'password',
  'pass',
  'passwd',
  'pw',
  'p',
  'secret',
  'backup-password',
  'file-password',
]);

/** The safe sources that take a value as the next argument; that value is not a flag. */
const FLAGS_WITH_VALUE: ReadonlySet<string> = new Set(['--password-file', '--password-env', '--reminder-env']);

/** Prefix (`--`, `-`, `/`), then the name up to the first `=` or `:`; the rest (the value) is never captured. */
const FLAG = /^(--|-|\/)([^=:]+)/;

/** The flag part of `arg` as typed (`--PassWord` of `--PassWord=abc`) when it is a password flag; else undefined. */
function passwordFlagIn(arg: string): string | undefined {
  const match = FLAG.exec(arg);
  if (match === null) return undefined;
  const [flag, , name = ''] = match;
  return PASSWORD_FLAG_NAMES.has(name.toLowerCase()) ? flag : undefined;
}

/**
 * The first flag in `args` that would carry a password on the command line, as the user typed it and without
 * its value (`--password` for `--password=abc`, `/pw` for `/pw:abc`); undefined when there is none. The safe
 * sources `--password-stdin`, `--password-env` and `--password-file` (alone or with `=`) are not password flags.
 */
export function findPasswordFlag(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--') return undefined;
    const flag = passwordFlagIn(arg);
    if (flag !== undefined) return flag;
    const next = args[i + 1];
    if (FLAGS_WITH_VALUE.has(arg.toLowerCase()) && next !== undefined && !next.startsWith('-')) i += 1;
  }
  return undefined;
}

/** The refusal of a password flag: names the flag only; the password it carried is exposed and must be replaced. */
export function passwordOnCommandLineError(flag: string): SecretSourceError {
  return new SecretSourceError({
    what: `${flag} is refused: a password is never taken on the command line.`,
    why:
      'A command line is visible to every process on the machine (Task Manager, wmic process, Security event ' +
      '4688 with command-line auditing, Sysmon) and stays in shell history and runbook logs.',
    next:
      'Give the password with --password-stdin, --password-env NAME or --password-file PATH, or leave it out to be ' +
      'asked. The one on this command line has been exposed: treat it as burnt and choose another password.',
  });
}
