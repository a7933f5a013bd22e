/**
 * Parser for `ssomanage.exe -displaydb`. ITS LAYOUT IS UNCONFIRMED: no transcript was available, only the
 * documentation's word that it shows the SSO database, its server and the master secret server name. This is a
 * guess, written to read any of these line shapes (CRLF or LF, any indentation):
 *
 *     Label : value        Label: value        Label = value
 *     Label<TAB>value      Label<2 or more spaces>value
 *
 * The label ends at the first such separator, so a value may contain `:` or `=` (`tcp:SQL01,1433`). Labels are
 * matched by meaning, in English (ssomanage is not known to localize them), case-insensitively, with the words
 * run together, spaced, or joined by `_` or `-` (`Secret Server`, `secretServer`, `SSO_Admin_Account`):
 *
 * - secret server                                          -> masterSecretServer
 * - (sso) admin / administrator(s) group / account, but not one with "affiliate" in it -> ssoAdministratorsGroup
 * - database server, db server, sql server                 -> databaseServer
 * - database name, db name                                 -> databaseName
 *
 * (The camelCase spellings are those of ssomanage's -updatedb XML: secretServer, SSOAdminAccount.)
 *
 * The first non-empty value for each wins; values are trimmed and kept as printed. Lines with no separator (a
 * banner such as "Using SSO server on this computer") and unknown labels are ignored, so an unknown layout, an
 * error message or garbage gives {}. Nothing here throws.
 */
import type { SsoDatabaseFacts } from '../facts.js';

/** A lazy label, then the first separator (`:`, `=`, a tab, or 2+ spaces, with any blanks around it), then the value. */
const LABELLED_LINE = /^[ \t]*(\S.*?)[ \t]*(?::|=|\t| {2,})[ \t]*(.*?)[ \t]*$/;

type Field = keyof SsoDatabaseFacts;

/** A label pattern whose spaces also match nothing (camelCase), several blanks, `_` or `-`. */
const words = (source: string): RegExp => new RegExp(source.replaceAll(' ', String.raw`[\s_-]*`), 'i');

const LABELS: readonly { field: Field; pattern: RegExp; unless?: RegExp }[] = [
  { field: 'masterSecretServer', pattern: words('secret server') },
  { field: 'ssoAdministratorsGroup', pattern: words('(sso )?admin(istrator)?s? (group|account)'), unless: /affiliate/i },
  { field: 'databaseServer', pattern: words('(database|db) server|sql server') },
  { field: 'databaseName', pattern: words('(database|db) name') },
];

/** What `ssomanage -displaydb` says about the SSO database (see the header: the layout is a guess). */
export function parseSsomanageDisplayDb(stdout: string): SsoDatabaseFacts {
  const result: SsoDatabaseFacts = {};
  const text = stdout.startsWith('\uFEFF') ? stdout.slice(1) : stdout;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const m = LABELLED_LINE.exec(line);
    if (m === null) continue;
    const [, label, raw] = m;
    const value = raw?.trim();
    if (label === undefined || value === undefined || value === '') continue;
    const field = LABELS.find((l) => l.pattern.test(label) && !(l.unless?.test(label) ?? false))?.field;
    if (field === undefined || result[field] !== undefined) continue;
    result[field] = value;
  }
  return result;
}
