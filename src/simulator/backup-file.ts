/**
 * The simulator's backup file: a format of our own (real ENTSSO files are opaque), JSON so a person can look.
 * The secret is really encrypted: scrypt derives a key from the password, AES-256-GCM encrypts the secret and
 * authenticates the header with it, so a changed reminder or a flipped byte is detected and only the right
 * password decrypts. As in ENTSSO, the reminder is readable without the password (ISSOConfigSS.
 * GetFilePasswordReminder, ../shared/reference/entsso.md section 7).
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

export const BACKUP_FORMAT = 'sso-backup-simulator/1';

const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 32 } as const;

interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  note: string;
  msid: string;
  reminder: string;
  createdAt: string;
}

interface BackupFileJson extends BackupHeader {
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string };
  ciphertext: string;
}

export class BackupFileFormatError extends Error {
  constructor(problem: string) {
    super(`Not a readable simulator backup file: ${problem}`);
    this.name = 'BackupFileFormatError';
  }
}

export class WrongPasswordError extends Error {
  constructor() {
    super('An incorrect password was specified for the backup file.');
    this.name = 'WrongPasswordError';
  }
}

function headerOf(file: BackupHeader): Buffer {
  const { format, note, msid, reminder, createdAt } = file;
  return Buffer.from(JSON.stringify({ format, note, msid, reminder, createdAt }));
}

function deriveKey(password: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Buffer {
  return scryptSync(password.normalize('NFC'), salt, SCRYPT.keyLength, { N: kdf.N, r: kdf.r, p: kdf.p });
}

export function encryptBackup(input: {
  secretKey: string;
  msid: string;
  reminder: string;
  password: string;
  createdAt?: Date;
}): Buffer {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    note: 'Simulated ENTSSO master secret backup made by the sso-backup simulator. Not a real ENTSSO file.',
    msid: input.msid,
    reminder: input.reminder,
    createdAt: (input.createdAt ?? new Date()).toISOString(),
  };
  const cipher = createCipheriv('aes-256-gcm', deriveKey(input.password, salt, SCRYPT), iv);
  cipher.setAAD(headerOf(header));
  const ciphertext = Buffer.concat([cipher.update(input.secretKey, 'utf8'), cipher.final()]);
  const file: BackupFileJson = {
    ...header,
    kdf: { name: 'scrypt', N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: salt.toString('base64') },
    cipher: { name: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64') },
    ciphertext: ciphertext.toString('base64'),
  };
  return Buffer.from(`${JSON.stringify(file, null, 2)}\n`);
}

export function parseBackupFile(bytes: Buffer): BackupFileJson {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new BackupFileFormatError('it is not JSON (truncated or not made by the simulator?)');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new BackupFileFormatError('it is not a backup object');
  const file = raw as Partial<BackupFileJson>;
  if (file.format !== BACKUP_FORMAT) throw new BackupFileFormatError(`format is not ${BACKUP_FORMAT}`);
  const textFields = [file.msid, file.reminder, file.createdAt, file.note, file.ciphertext];
  if (textFields.some((v) => typeof v !== 'string')) throw new BackupFileFormatError('a header field is missing');
  const kdf = file.kdf;
  const cipher = file.cipher;
  if (kdf?.name !== 'scrypt' || typeof kdf.salt !== 'string' || ![kdf.N, kdf.r, kdf.p].every(Number.isInteger)) {
    throw new BackupFileFormatError('the key derivation parameters are missing');
  }
  if (cipher?.name !== 'aes-256-gcm' || typeof cipher.iv !== 'string' || typeof cipher.tag !== 'string') {
    throw new BackupFileFormatError('the cipher parameters are missing');
  }
  return file as BackupFileJson;
}

/** What anyone with read access can learn: the reminder and the secret's id. */
export function readBackupReminder(bytes: Buffer): { reminder: string; msid: string; createdAt: string } {
  const { reminder, msid, createdAt } = parseBackupFile(bytes);
  return { reminder, msid, createdAt };
}

/** The secret, if the password is right and the file is intact. */
export function decryptBackup(bytes: Buffer, password: string): { secretKey: string; msid: string } {
  const file = parseBackupFile(bytes);
  if (file.kdf.N > 1 << 20 || file.kdf.r > 32 || file.kdf.p > 16) {
    throw new BackupFileFormatError('the key derivation parameters are out of range');
  }
  const key = deriveKey(password, Buffer.from(file.kdf.salt, 'base64'), file.kdf);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.cipher.iv, 'base64'));
  decipher.setAAD(headerOf(file));
  decipher.setAuthTag(Buffer.from(file.cipher.tag, 'base64'));
  try {
    const plain = Buffer.concat([decipher.update(Buffer.from(file.ciphertext, 'base64')), decipher.final()]);
    return { secretKey: plain.toString('utf8'), msid: file.msid };
  } catch {
    // GCM cannot tell a wrong password from a changed file; ENTSSO reports both as a wrong password (10779).
    throw new WrongPasswordError();
  }
}
