import { describe, expect, it } from 'vitest';
import {
  BACKUP_FORMAT,
  BackupFileFormatError,
  WrongPasswordError,
  decryptBackup,
  encryptBackup,
  parseBackupFile,
  readBackupReminder,
} from '../../src/simulator/backup-file.js';

const INPUT = {
  secretKey: 'c2VjcmV0LW1hc3Rlci1rZXktYnl0ZXMtZm9yLXRlc3Q=',
  msid: '{6F1D2C3B-0A4E-4F5D-9C8B-7A6E5D4C3B2A}',
  reminder: 'the blue notebook, page 12',
  password: 'Correct-Horse-7',
  createdAt: new Date('2024-05-06T07:08:09.000Z'),
};

// One encryption shared by the read-only tests: scrypt is deliberately slow.
const FILE = encryptBackup(INPUT);

/** Parses the file, lets a test edit the JSON, and serialises it again. */
function edited(bytes: Buffer, edit: (json: Record<string, unknown>) => void): Buffer {
  const json = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  edit(json);
  return Buffer.from(JSON.stringify(json, null, 2));
}

describe('encryptBackup / decryptBackup', () => {
  it('round-trips the secret and its id with the right password', () => {
    expect(decryptBackup(FILE, INPUT.password)).toEqual({ secretKey: INPUT.secretKey, msid: INPUT.msid });
  });

  it('rejects a wrong password with WrongPasswordError', () => {
    expect(() => decryptBackup(FILE, 'Correct-Horse-8')).toThrow(WrongPasswordError);
    expect(() => decryptBackup(FILE, '')).toThrow(WrongPasswordError);
  });

  it('the wrong-password message is ENTSSO error 10779', () => {
    expect(() => decryptBackup(FILE, 'nope-nope')).toThrow('An incorrect password was specified for the backup file.');
  });

  it('accepts the same password typed in another Unicode normal form', () => {
    const composed = 'Caf\u00e9-secret';
    const decomposed = 'Cafe\u0301-secret';
    const file = encryptBackup({ ...INPUT, password: composed });
    expect(decryptBackup(file, decomposed).secretKey).toBe(INPUT.secretKey);
  });

  it('round-trips a non-ASCII secret and reminder', () => {
    const file = encryptBackup({ ...INPUT, secretKey: 'Schlüssel-ключ-鍵', reminder: 'Erinnerung: Küche' });
    expect(decryptBackup(file, INPUT.password).secretKey).toBe('Schlüssel-ключ-鍵');
    expect(readBackupReminder(file).reminder).toBe('Erinnerung: Küche');
  });

  it('two encryptions of the same input differ (fresh salt and iv), and both decrypt', () => {
    const again = encryptBackup(INPUT);
    expect(again.equals(FILE)).toBe(false);
    const a = parseBackupFile(FILE);
    const b = parseBackupFile(again);
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.cipher.iv).not.toBe(b.cipher.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(decryptBackup(again, INPUT.password).secretKey).toBe(INPUT.secretKey);
  });
});

describe('what the file shows', () => {
  it('holds neither the password nor the secret in clear', () => {
    const text = FILE.toString('utf8');
    expect(text).not.toContain(INPUT.password);
    expect(text).not.toContain(INPUT.secretKey);
    expect(FILE.includes(Buffer.from(INPUT.password))).toBe(false);
    expect(FILE.toString('latin1')).not.toContain(INPUT.password);
  });

  it('is JSON in the simulator format', () => {
    const json = JSON.parse(FILE.toString('utf8')) as { format: string };
    expect(json.format).toBe(BACKUP_FORMAT);
  });

  it('readBackupReminder gives reminder, msid and creation time without the password', () => {
    expect(readBackupReminder(FILE)).toEqual({
      reminder: INPUT.reminder,
      msid: INPUT.msid,
      createdAt: '2024-05-06T07:08:09.000Z',
    });
  });
});

describe('a changed file is detected', () => {
  it('a changed reminder makes decryption fail', () => {
    const tampered = edited(FILE, (json) => {
      json['reminder'] = 'a different reminder';
    });
    expect(readBackupReminder(tampered).reminder).toBe('a different reminder');
    expect(() => decryptBackup(tampered, INPUT.password)).toThrow(WrongPasswordError);
  });

  it('a changed msid makes decryption fail', () => {
    const tampered = edited(FILE, (json) => {
      json['msid'] = '{00000000-0000-0000-0000-000000000000}';
    });
    expect(() => decryptBackup(tampered, INPUT.password)).toThrow(WrongPasswordError);
  });

  it('one flipped ciphertext bit makes decryption fail', () => {
    const tampered = edited(FILE, (json) => {
      const bytes = Buffer.from(json['ciphertext'] as string, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 0x01;
      json['ciphertext'] = bytes.toString('base64');
    });
    expect(() => decryptBackup(tampered, INPUT.password)).toThrow(WrongPasswordError);
  });

  it('a changed authentication tag makes decryption fail', () => {
    const tampered = edited(FILE, (json) => {
      const cipher = json['cipher'] as { tag: string };
      const tag = Buffer.from(cipher.tag, 'base64');
      tag[tag.length - 1] = (tag[tag.length - 1] ?? 0) ^ 0x80;
      cipher.tag = tag.toString('base64');
    });
    expect(() => decryptBackup(tampered, INPUT.password)).toThrow(WrongPasswordError);
  });
});

describe('a file that is not a backup', () => {
  it.each([
    ['truncated to half', FILE.subarray(0, Math.floor(FILE.length / 2))],
    ['truncated just before the closing brace', FILE.subarray(0, FILE.lastIndexOf('}'))],
    ['empty', Buffer.alloc(0)],
    ['not JSON', Buffer.from('this is not a backup file')],
    ['binary garbage', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02])],
  ])('%s gives BackupFileFormatError on decrypt and on reading the reminder', (_name, bytes) => {
    expect(() => decryptBackup(bytes, INPUT.password)).toThrow(BackupFileFormatError);
    expect(() => readBackupReminder(bytes)).toThrow(BackupFileFormatError);
  });

  it.each([
    ['another format', (j: Record<string, unknown>) => void (j['format'] = 'something-else/1')],
    ['a missing reminder', (j: Record<string, unknown>) => void delete j['reminder']],
    ['a missing ciphertext', (j: Record<string, unknown>) => void delete j['ciphertext']],
    ['a missing kdf', (j: Record<string, unknown>) => void delete j['kdf']],
    ['a non-integer kdf N', (j: Record<string, unknown>) => void ((j['kdf'] as { N: unknown }).N = 'big')],
    ['another cipher', (j: Record<string, unknown>) => void ((j['cipher'] as { name: string }).name = 'aes-128-cbc')],
  ])('JSON with %s gives BackupFileFormatError', (_name, edit) => {
    expect(() => parseBackupFile(edited(FILE, edit))).toThrow(BackupFileFormatError);
  });

  it.each(['[]', '"text"', '42', 'null'])('the JSON value %s gives BackupFileFormatError', (text) => {
    expect(() => parseBackupFile(Buffer.from(text))).toThrow(BackupFileFormatError);
  });

  it('scrypt parameters past the limit are refused before any key is derived', () => {
    const huge = edited(FILE, (json) => {
      (json['kdf'] as { N: number }).N = 1 << 24;
    });
    expect(() => decryptBackup(huge, INPUT.password)).toThrow(BackupFileFormatError);
  });
});
