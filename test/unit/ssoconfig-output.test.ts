import { describe, expect, it } from 'vitest';
import { findErrorLines, findSuccessLine } from '../../src/console/ssoconfig-output.js';
import { ENTSSO_ERRORS, fillMessage, formatHresult } from '../../src/entsso/errors.js';

const ALL_KNOWN = Object.entries(ENTSSO_ERRORS).map(([name, error]) => ({ name, error }));

describe('findErrorLines: the documented format', () => {
  it('reads ERROR: 0x800706BA: The RPC server is unavailable.', () => {
    const found = findErrorLines('ERROR: 0x800706BA: The RPC server is unavailable.');
    expect(found).toHaveLength(1);
    const [error] = found;
    expect(error?.line).toBe('ERROR: 0x800706BA: The RPC server is unavailable.');
    expect(error?.hresult).toBe(0x800706ba);
    expect(error?.message).toBe('The RPC server is unavailable.');
    expect(error?.known).toBe(ENTSSO_ERRORS.rpcUnavailable);
    expect(error?.known?.advice).toMatch(/ENTSSO/);
  });

  it.each(ALL_KNOWN)('maps $name printed as ERROR: <hresult>: <message> back to its entry', ({ error }) => {
    const message = fillMessage(error, 'SSOSIM01');
    const line = `ERROR: ${formatHresult(error.hresult)}: ${message}`;
    const [found, ...rest] = findErrorLines(line);
    expect(rest).toEqual([]);
    expect(found?.hresult).toBe(error.hresult >>> 0);
    expect(found?.message).toBe(message);
    expect(found?.known).toBe(error);
  });

  it.each(ALL_KNOWN)('finds $name printed as bare text, without error word or HRESULT', ({ error }) => {
    const message = fillMessage(error, 'SSOSIM01');
    const [found, ...rest] = findErrorLines(message);
    expect(rest).toEqual([]);
    expect(found).toBeDefined();
    expect(found?.hresult).toBeUndefined();
    expect(found?.known).toBe(error);
    expect(found?.message).toBe(message);
  });

  it('finds a known message inside a longer line, in any case', () => {
    const [found] = findErrorLines('ssoconfig: ENTERPRISE SINGLE SIGN-ON IS OFFLINE. (retry later)');
    expect(found?.known).toBe(ENTSSO_ERRORS.offline);
  });

  it('finds a known HRESULT in lowercase hex', () => {
    const [found] = findErrorLines('error: 0x80070005: Access is denied.');
    expect(found?.hresult).toBe(0x80070005);
    expect(found?.known).toBe(ENTSSO_ERRORS.accessDenied);
  });

  it('keeps an unknown failure HRESULT without a known entry', () => {
    const [found] = findErrorLines('ERROR: 0x80004005: Unspecified error');
    expect(found?.hresult).toBe(0x80004005);
    expect(found?.known).toBeUndefined();
    expect(found?.message).toBe('Unspecified error');
  });

  it('finds a failure HRESULT on a line with no error word', () => {
    const [found] = findErrorLines('Backup failed with 0xC0002A0E.');
    expect(found?.hresult).toBe(0xc0002a0e);
    expect(found?.known).toBe(ENTSSO_ERRORS.notMasterSecretServer);
  });
});

describe('findErrorLines: other error words', () => {
  it('reads lowercase "error: something"', () => {
    const found = findErrorLines('error: something went wrong');
    expect(found).toEqual([{ line: 'error: something went wrong', message: 'something went wrong' }]);
  });

  it('reads a localized "Fehler: ..."', () => {
    const [found] = findErrorLines('Fehler: Der RPC-Server ist nicht verfügbar.');
    expect(found?.message).toBe('Der RPC-Server ist nicht verfügbar.');
    expect(found?.known).toBeUndefined();
  });

  it('reads a localized error with an HRESULT and knows it by the code', () => {
    const [found] = findErrorLines('Fehler: 0x800706BA: Der RPC-Server ist nicht verfügbar.');
    expect(found?.known).toBe(ENTSSO_ERRORS.rpcUnavailable);
  });

  it.each(['Erreur : accès refusé', 'Errore: accesso negato', 'Erro: acesso negado'])('reads "%s"', (line) => {
    expect(findErrorLines(line)).toHaveLength(1);
  });

  it('keeps the whole line as message when nothing follows the error word', () => {
    const [found] = findErrorLines('ERROR:');
    expect(found?.message).toBe('ERROR:');
  });
});

describe('findErrorLines: lines that are not errors', () => {
  it.each([
    'Result: 0x00000000',
    'Status 0x00000001 (S_FALSE)',
    'Handle 0x7FFFFFFF',
    'The operation completed successfully.',
    'Enter the password for the backup file: ********',
    'Errors: none', // "error" must be a whole word at the start
    'An answer was typed.',
  ])('"%s" is not an error', (line) => {
    expect(findErrorLines(line)).toEqual([]);
  });

  it('returns [] for no lines', () => {
    expect(findErrorLines('')).toEqual([]);
    expect(findErrorLines('\n\r\n  \n')).toEqual([]);
  });
});

describe('findErrorLines: transcripts', () => {
  it('finds every error line of a CRLF transcript, in order, without the carriage returns', () => {
    const transcript = [
      'Microsoft (R) Enterprise Single Sign-On Configuration Tool',
      'Password : *******',
      'ERROR: 0xC0002A13: This function can only be performed by a local administrator.',
      'ERROR: 0x80070005: Access is denied.',
      '',
    ].join('\r\n');
    const found = findErrorLines(transcript);
    expect(found.map((e) => e.known)).toEqual([ENTSSO_ERRORS.notLocalAdministrator, ENTSSO_ERRORS.accessDenied]);
    for (const error of found) {
      expect(error.line).not.toMatch(/\r/);
      expect(error.message).not.toMatch(/\r/);
    }
  });

  it('trims the line it reports', () => {
    const [found] = findErrorLines('   ERROR: 0x800706BA: The RPC server is unavailable.   ');
    expect(found?.line).toBe('ERROR: 0x800706BA: The RPC server is unavailable.');
  });
});

describe('findSuccessLine', () => {
  it('finds "The operation completed successfully."', () => {
    expect(findSuccessLine('Password : *******\nThe operation completed successfully.\n')).toBe(
      'The operation completed successfully.',
    );
  });

  it.each([
    'The master secrets were successfully backed up.',
    'Backup succeeded.',
    'Die Sicherung war erfolgreich.',
    'La sauvegarde a réussi.',
  ])('finds "%s"', (line) => {
    expect(findSuccessLine(line)).toBe(line);
  });

  it.each([
    'The master secret has not been backed up.',
    'Failed to back up the master secrets.',
    'The operation did not complete successfully.',
    'The operation completed unsuccessfully.',
    'Die Sicherung war nicht erfolgreich.',
    'Enter the password for the backup file: ',
    'ERROR: 0x800706BA: The RPC server is unavailable.',
  ])('does not take "%s" as success', (line) => {
    expect(findSuccessLine(line)).toBeUndefined();
  });

  it('returns undefined for no lines', () => {
    expect(findSuccessLine('')).toBeUndefined();
  });

  it('returns the last success line, trimmed, from a CRLF transcript', () => {
    const transcript = '  Backup succeeded.  \r\nThe operation completed successfully.\r\nBye\r\n';
    expect(findSuccessLine(transcript)).toBe('The operation completed successfully.');
  });
});
