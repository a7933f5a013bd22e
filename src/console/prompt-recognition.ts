/**
 * Recognises ssoconfig's prompts by meaning, not by exact text: its wording is UNCONFIRMED
 * (../shared/reference/entsso.md section 2) and ENTSSO ships localized. The order of the prompts (password,
 * confirmation, reminder) settles what words alone cannot, e.g. two identical `Password : ` prompts; that part
 * is answer-plan.ts.
 */

export type PromptKind = 'password' | 'confirm' | 'reminder' | 'overwrite';

// Words in English and in the languages BizTalk Server ships in that use the Latin alphabet.
const REMINDER = /remind|\bhint|\bclue|erinnerung|merkhilfe|hinweis|rappel|indice|aide-m[ée]moire|recordatorio|\bpista|sugerencia|promemoria|suggerimento|lembrete|\bdica\b/i;
const PASSWORD = /pass\s?(word|phrase)|\bpwd\b|\bpassw|kennwort|passwort|mot de passe|contrase[ñn]a|\bsenha|parola d'ordine/i;
const CONFIRM = /confirm|\bagain\b|re-?\s?(enter|type|key)|\bverify|\brepeat|best[äa]tig|wiederhol|erneut|ressaisi|retape|de nouveau|vuelva|otra vez|repet|conferm|ripet|novamente/i;
const EXISTS = /exist|overwrite|replace|[üu]berschreib|[ée]craser|remplacer|sobrescrib|reemplaz|sovrascriv/i;
const YES_NO = /[[(]\s*(y|j|o|s)\s*\/\s*n\s*[\])]|\b(yes|ja|oui|s[ií])\s*\/\s*(no|nein|non)\b|\?\s*$/i;

/** What a waiting line asks for, or undefined when its meaning is not one we answer. */
export function classifyPrompt(line: string): PromptKind | undefined {
  const text = line.trim();
  if (text === '') return undefined;
  if (EXISTS.test(text) && YES_NO.test(text)) return 'overwrite';
  if (REMINDER.test(text)) return 'reminder';
  if (CONFIRM.test(text)) return 'confirm';
  if (PASSWORD.test(text)) return 'password';
  return undefined;
}

/**
 * Whether a line ends the way a prompt ends: in `:`, `?`, `>` or a bracketed choice such as `(Y/N)`, trailing
 * spaces aside. A line cut off in the middle of a word (`Enter the pass`) or a sentence does not.
 */
export function endsLikePrompt(line: string): boolean {
  const text = line.trimEnd();
  return /[:?>]$/.test(text) || /[[(]\s*\w+\s*\/\s*\w+\s*[\])]$/.test(text);
}

/**
 * Whether a line looks like a program waiting for input: it ends like a prompt (`endsLikePrompt`), or its
 * meaning is a prompt's (some programs print just `Password`). A line ending in echoed `*` is an answered one,
 * and one ending in `.` or `!` is a statement ("The specified password is too short..."), not a question.
 */
export function isPromptShaped(line: string): boolean {
  const text = line.trimEnd();
  // Echoed input (`*`) ends an answered line; a full stop or `!` ends a statement such as an error message.
  if (text === '' || /[*.!]$/.test(text)) return false;
  if (endsLikePrompt(text)) return true;
  return classifyPrompt(text) !== undefined && text.length <= 200;
}
