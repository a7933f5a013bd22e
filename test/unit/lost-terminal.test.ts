/** Which errors mean the terminal is gone (src/ui/lost-terminal.ts): let go by the entry point and the prompter. */
import { describe, expect, it } from 'vitest';
import { isLostTerminalError } from '../../src/ui/lost-terminal.js';

const errno = (code: string, syscall?: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code, ...(syscall ? { syscall } : {}) });

describe('isLostTerminalError', () => {
  it.each([
    ['EIO', 'write'],
    ['EPIPE', 'write'],
    ['EIO', 'setRawMode'],
    ['EIO', 'read'],
    ['ENXIO', 'read'],
    ['ECONNRESET', 'read'],
  ])('%s from %s: the terminal is gone', (code, syscall) => {
    expect(isLostTerminalError(errno(code, syscall))).toBe(true);
  });

  it.each([
    ['EIO', 'open'],
    ['EPIPE', undefined],
    ['ENOSPC', 'write'],
    ['EACCES', 'read'],
  ])('%s from %s: something else (a file, a share, a child)', (code, syscall) => {
    expect(isLostTerminalError(errno(code, syscall))).toBe(false);
  });

  it('not an error at all', () => {
    expect(isLostTerminalError(undefined)).toBe(false);
    expect(isLostTerminalError('EIO')).toBe(false);
  });
});
