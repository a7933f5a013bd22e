/**
 * A Windows command line as a person reads it and as process-creation auditing (event 4688) records it:
 * arguments with spaces or quotes in double quotes, inner quotes escaped with a backslash.
 */
export function windowsCommandLine(parts: readonly string[]): string {
  return parts.map((part) => (part === '' || /[\s"]/.test(part) ? `"${part.replace(/"/g, '\\"')}"` : part)).join(' ');
}
