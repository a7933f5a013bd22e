/**
 * Reads what ssoconfig printed: error lines and success lines. Both formats are UNCONFIRMED
 * (../shared/reference/entsso.md section 2): its sibling prints `ERROR: 0x800706BA: The RPC server is
 * unavailable.`, restore prints `The operation completed successfully.`. So an error is any of: a line that
 * starts with an error word, a failure HRESULT (high bit set), or the text of a known ENTSSO error.
 */
import { ENTSSO_ERRORS, findEntssoError, type EntssoError } from '../entsso/errors.js';

export interface ErrorLine {
  /** The line as printed (redacted). */
  line: string;
  hresult?: number;
  /** The message with the error word and HRESULT taken off. */
  message: string;
  /** The ENTSSO error it is, when known: gives the advice. */
  known?: EntssoError;
}

const ERROR_WORD = /^\s*(error|fehler|erreur|errore|erro)\b\s*:?/i;
const FAILURE_HRESULT = /\b0x([89a-f][0-9a-f]{7})\b/i;
const SUCCESS =
  /operation completed successfully|\bsuccessfully\b|\bsucceeded\b|\bbacked up\b|erfolgreich|r[ée]ussi|correctamente|riuscit/i;
const NEGATION = /\b(not|no|failed|fail|unable|cannot|nicht|pas|no se)\b/i;

const KNOWN_BY_TEXT = Object.values(ENTSSO_ERRORS as Record<string, EntssoError>).map((error) => ({
  error,
  // The first words, before any %1 insert, are enough and survive a changed ending.
  start: error.message.split('%1')[0]!.slice(0, 40).toLowerCase(),
}));

export function findErrorLines(transcript: string): ErrorLine[] {
  const found: ErrorLine[] = [];
  for (const raw of transcript.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const hresultMatch = FAILURE_HRESULT.exec(line);
    const hresult = hresultMatch ? Number.parseInt(hresultMatch[1]!, 16) >>> 0 : undefined;
    const lower = line.toLowerCase();
    const byText = KNOWN_BY_TEXT.find((k) => k.start.length >= 12 && lower.includes(k.start))?.error;
    if (!ERROR_WORD.test(line) && hresult === undefined && byText === undefined) continue;
    const message = line
      .replace(ERROR_WORD, '')
      .replace(FAILURE_HRESULT, '')
      .replace(/^[\s:.-]+/, '')
      .trim();
    const known = (hresult !== undefined ? findEntssoError(hresult) : undefined) ?? byText;
    found.push({
      line,
      message: message || line,
      ...(hresult !== undefined ? { hresult } : {}),
      ...(known ? { known } : {}),
    });
  }
  return found;
}

/** The last line that says the operation succeeded, if any. */
export function findSuccessLine(transcript: string): string | undefined {
  return transcript
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => SUCCESS.test(line) && !NEGATION.test(line))
    .at(-1);
}
