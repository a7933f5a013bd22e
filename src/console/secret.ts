import buffer from 'node:buffer';

/**
 * Node's own debug logs print every chunk a stream reads as `<Buffer 43 61 ...>` with its first 50 bytes
 * (NODE_DEBUG=stream, which an admin may well turn on to see why a run failed): the password piped to
 * --password-stdin, typed key by key at the wizard, or echoed in clear by a program in the pseudo-console would be
 * on stderr in hex. A process that can hold a Secret (every one that loads this module) shows no Buffer's bytes:
 * `<Buffer  ... 18 more bytes>`. Nothing in sso-backup prints a Buffer's bytes on purpose.
 */
(buffer as { INSPECT_MAX_BYTES: number }).INSPECT_MAX_BYTES = 0;

/**
 * A password that cannot leak by accident: printing, logging, JSON-serialising or inspecting it shows
 * `[redacted]`. Only `reveal()` gives the text, and only the console driver and the rules call it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get length(): number {
    return this.#value.length;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Secret([redacted])';
  }
}

export const REDACTED = '[redacted]';

/**
 * Removes every occurrence of each secret from a text. Used on everything the driver keeps or returns, so that
 * a program that echoes the password in clear (a cooked-mode read) still leaves no trace of it.
 */
export function redactSecrets(text: string, secrets: readonly Secret[]): string {
  let result = text;
  for (const secret of secrets) {
    const value = secret.reveal();
    if (value.length === 0) continue;
    result = result.split(value).join(REDACTED);
  }
  return result;
}
