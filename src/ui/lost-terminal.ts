/**
 * An error of a terminal that is gone (closed under the run): its writes fail (EIO, EPIPE), a question's read or
 * its raw mode fails (EIO, ENXIO), a pipe in its place is reset (ECONNRESET). Only the terminal's own calls count:
 * the same codes from a file, a share or a child are something else.
 */
export function isLostTerminalError(error: unknown): boolean {
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  const terminalCall = syscall === 'write' || syscall === 'writev' || syscall === 'read' || syscall === 'setRawMode';
  return terminalCall && (code === 'EIO' || code === 'EPIPE' || code === 'ENXIO' || code === 'ECONNRESET');
}
