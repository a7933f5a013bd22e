/** Windows tools are called by absolute path under %SystemRoot%\System32 (../shared/reference/windows-output.md). */
import path from 'node:path';

export function systemTool(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.win32.join(env['SystemRoot'] ?? 'C:\\Windows', 'System32', name);
}
