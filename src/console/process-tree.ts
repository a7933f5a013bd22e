/**
 * Ends a process and its children. On Windows, taskkill /T takes the tree (a ConPTY child can otherwise leave
 * conhost.exe behind: node-pty issue #965, ../shared/reference/windows-output.md); elsewhere a pseudo-terminal
 * child leads its own process group, which one signal ends.
 */
import { systemTool } from '../machine/windows/system-tools.js';

export async function killProcessTree(pid: number, platform: NodeJS.Platform = process.platform): Promise<void> {
  if (platform === 'win32') {
    // execa is loaded here, not with the driver: a run that ends well never kills anything (bench/).
    const { execa } = await import('execa');
    await execa(systemTool('taskkill.exe'), ['/PID', String(pid), '/T', '/F'], { reject: false });
    return;
  }
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      // no such group (the child does not lead one) or already gone: try the next, then stop
    }
  }
}
