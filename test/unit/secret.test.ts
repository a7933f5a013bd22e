import { format, inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REDACTED, Secret, redactSecrets } from '../../src/console/secret.js';

const VALUE = 'Tr0ub4dor&3-horse';

describe('Secret never shows its value by accident', () => {
  const secret = new Secret(VALUE);

  it.each([
    ['String()', () => String(secret)],
    ['a template literal', () => `password=${secret}`],
    ['string concatenation', () => 'password=' + secret],
    ['JSON.stringify of an object holding it', () => JSON.stringify({ p: secret })],
    ['JSON.stringify of the secret itself', () => JSON.stringify(secret)],
    ['util.inspect', () => inspect(secret)],
    ['util.inspect of an object holding it', () => inspect({ nested: { p: secret } }, { depth: 10 })],
    ['util.inspect with showHidden', () => inspect(secret, { showHidden: true })],
    ['util.format %s %o %O %j', () => format('%s %o %O %j', secret, secret, secret, { p: secret })],
    ['an Error message built from it', () => new Error(`bad ${secret}`).message],
    ['Object.keys / Object.entries', () => JSON.stringify([Object.keys(secret), Object.entries(secret)])],
  ])('%s does not contain the value', (_how, show) => {
    const shown = show();
    expect(shown).not.toContain(VALUE);
    expect(shown).not.toContain('Tr0ub');
  });

  it('String() and toJSON show [redacted]', () => {
    expect(String(secret)).toBe(REDACTED);
    expect(JSON.stringify({ p: secret })).toBe('{"p":"[redacted]"}');
  });

  it('util.inspect shows Secret([redacted])', () => {
    expect(inspect(secret)).toBe('Secret([redacted])');
  });

  it('reveal() gives the value', () => {
    expect(secret.reveal()).toBe(VALUE);
  });

  it('length is the length of the value', () => {
    expect(secret.length).toBe(VALUE.length);
    expect(new Secret('').length).toBe(0);
  });
});

describe('redactSecrets', () => {
  const secret = new Secret('hunter22');

  it('removes the secret', () => {
    expect(redactSecrets('Password : hunter22', [secret])).toBe('Password : [redacted]');
  });

  it('removes every occurrence, several on one line and on several lines', () => {
    const text = 'hunter22 and hunter22hunter22\nagain: hunter22\r\n';
    const redacted = redactSecrets(text, [secret]);
    expect(redacted).toBe('[redacted] and [redacted][redacted]\nagain: [redacted]\r\n');
    expect(redacted).not.toContain('hunter22');
  });

  it('removes each of several secrets', () => {
    const other = new Secret('s3cond-one');
    expect(redactSecrets('a hunter22 b s3cond-one c', [secret, other])).toBe('a [redacted] b [redacted] c');
  });

  it('leaves a text without the secret alone', () => {
    const text = 'Password : ********\nThe operation completed successfully.';
    expect(redactSecrets(text, [secret])).toBe(text);
  });

  it('leaves a text alone when there are no secrets', () => {
    expect(redactSecrets('hunter22', [])).toBe('hunter22');
  });

  it('ignores an empty secret instead of redacting between every character', () => {
    expect(redactSecrets('Password : abc', [new Secret('')])).toBe('Password : abc');
  });

  it('is case-sensitive: a differently cased text is not the secret', () => {
    expect(redactSecrets('HUNTER22', [secret])).toBe('HUNTER22');
  });

  it('treats regular-expression and replacement characters literally', () => {
    const odd = new Secret('a$&.*b(');
    expect(redactSecrets('x a$&.*b( y aXXXb( z', [odd])).toBe('x [redacted] y aXXXb( z');
  });
});
