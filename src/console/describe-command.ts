/** How a command line is shown to people: `"C:\...\ssoconfig.exe" -backupsecret "D:\backup.bak"`. Never the secret. */
import { windowsCommandLine } from '../machine/windows/command-line.js';

export function describeCommand(command: string, args: readonly string[]): string {
  return windowsCommandLine([command, ...args]);
}
