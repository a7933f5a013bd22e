import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { findPasswordFlag, passwordOnCommandLineError } from '../../src/secrets/argv-guard.js';
import { SecretSourceError } from '../../src/secrets/password-sources.js';

const CANARY = 'Canary-7f3a-Zq!9';

describe('findPasswordFlag refuses a password flag, and returns it without its value', () => {
  it.each([
    [['--password', CANARY], '--password'],
    [[`--password=${CANARY}`], '--password'],
    [['--password='], '--password'],
    [[`--password=a:b=${CANARY}`], '--password'],
    [[`--PASSWORD=${CANARY}`], '--PASSWORD'],
    [['--PassWord', CANARY], '--PassWord'],
    [['--pass', CANARY], '--pass'],
    [[`--passwd=${CANARY}`], '--passwd'],
    [['--pw', CANARY], '--pw'],
    [['-p', CANARY], '-p'],
    [['-P', CANARY], '-P'],
    [[`-p=${CANARY}`], '-p'],
    [[`--secret=${CANARY}`], '--secret'],
    [['--backup-password', CANARY], '--backup-password'],
    [[`--file-password=${CANARY}`], '--file-password'],
    [['--Backup-Password', CANARY], '--Backup-Password'],
    // ssoconfig's own style (single dash, long name), as someone used to `ssoconfig -backupsecret` might type it
    [['-password', CANARY], '-password'],
    // Windows style
    [[`/password:${CANARY}`], '/password'],
    [[`/Password=${CANARY}`], '/Password'],
    [['/password', CANARY], '/password'],
    [[`/PW:${CANARY}`], '/PW'],
    [[`/p:${CANARY}`], '/p'],
    [['/secret', CANARY], '/secret'],
    // among other flags
    [['--file', 'D:\\SSO-Backups\\SSO-BTS01.bak', `--pw=${CANARY}`, '--min-score', '3'], '--pw'],
    [['demo', '-p', CANARY], '-p'],
    // the value after a safe source's flag is skipped only when it does not look like a flag
    [['--password-file', '-p', CANARY], '-p'],
    [['--password-env', `--password=${CANARY}`], '--password'],
  ])('%j → %s', (args, expected) => {
    const flag = findPasswordFlag(args);
    expect(flag).toBe(expected);
    expect(flag).not.toContain(CANARY);
    expect(flag).not.toMatch(/[=:]/);
  });

  it('returns the first one when there are several', () => {
    expect(findPasswordFlag(['--pw', 'x', '--password', 'y'])).toBe('--pw');
  });
});

describe('findPasswordFlag lets through what is not a password flag', () => {
  it.each([
    [[]],
    [['--password-stdin']],
    [['--PASSWORD-STDIN']],
    [['--password-stdin=true']],
    [['--password-env', 'SSO_BACKUP_PASSWORD']],
    [['--password-env=SSO_BACKUP_PASSWORD']],
    [['--password-file=/x']],
    [['--password-file', '/x']],
    [['--password-file=C:\\secrets\\sso.txt']],
    [['--reminder', 'in the vault']],
    [['--reminder-env', 'SSO_REMINDER']],
    [['--file', 'D:\\SSO-Backups\\pw.bak']],
    [['--sso-dir', 'C:\\Program Files\\Common Files\\Enterprise Single Sign-On']],
    [['--min-score', '-1']],
    [['demo', '--prompts', 'terse']],
    [['simulator', 'create', '/tmp/machine']],
    [['--help']],
    [['-h']],
    [['/?']],
    // lookalikes: other names that merely start like one
    [['--passphrase']],
    [['--pwd']],
    [['--secrets-dir', 'x']],
    [['--no-password']],
    [['/passwords/x']],
    // a path that happens to be /secret or /pw is the value of a safe source's flag, not a flag
    [['--password-file', '/secret']],
    [['--password-file', '/pw']],
    [['--reminder-env', 'P']],
    // after a bare --, arguments are positionals: a folder named -p is given as `-- -p`
    [['simulator', 'create', '--', '-p']],
    [['--', '--password', 'x']],
    // a short option with its value attached is not recognized (documented: it cannot be told from -prompts)
    [[`-p${CANARY}`]],
    [['-prompts']],
  ])('%j passes', (args) => {
    expect(findPasswordFlag(args)).toBeUndefined();
  });
});

describe('passwordOnCommandLineError', () => {
  const error = passwordOnCommandLineError('--password');

  it('is a usage error (exit code 2) naming the flag', () => {
    expect(error).toBeInstanceOf(SecretSourceError);
    expect(error.exitCode).toBe(EXIT.usage);
    expect(error.what).toBe('--password is refused: a password is never taken on the command line.');
  });

  it('says why: the command line is visible to every process and kept in history and logs', () => {
    for (const word of ['Task Manager', 'wmic process', '4688', 'Sysmon', 'shell history', 'runbook logs']) {
      expect(error.why).toContain(word);
    }
  });

  it('says what to do: a safe source, and a new password since this one is burnt', () => {
    for (const word of ['--password-stdin', '--password-env NAME', '--password-file PATH', 'burnt', 'another password']) {
      expect(error.next).toContain(word);
    }
  });

  it('never holds the value, from the flag found in a real command line to the message', () => {
    const flag = findPasswordFlag([`/Password:${CANARY}`]) ?? '';
    const refusal = passwordOnCommandLineError(flag);
    for (const text of [refusal.what, refusal.why, refusal.next, refusal.message, String(refusal.stack)]) {
      expect(text).not.toContain(CANARY);
    }
    expect(refusal.what).toContain('/Password is refused');
  });
});
