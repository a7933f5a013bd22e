/**
 * A restore drill on a simulated machine: ssoconfig -restoresecret on the real console, so the person types
 * the password from memory. Only ever on the simulator: a restore on a real server changes the live secret.
 */
import path from 'node:path';
import { describeCommand } from '../console/describe-command.js';
import { SSOCONFIG } from '../entsso/facts.js';
import { CancelledError } from '../prompts/prompter.js';

export async function runRestoreDrill(installDir: string, file: string, out: (text: string) => void): Promise<boolean> {
  const ssoconfig = path.join(installDir, SSOCONFIG.executable);
  out(`\n> ${describeCommand(ssoconfig, [SSOCONFIG.restoreSwitch, file])}\n\n`);
  const { execa } = await import('execa');
  const restore = await execa(ssoconfig, [SSOCONFIG.restoreSwitch, file], { cwd: installDir, stdio: 'inherit', reject: false });
  if (restore.signal === 'SIGINT' || restore.exitCode === 130) {
    throw new CancelledError(`Cancelled during the restore drill. The backup itself is made and verified: ${file}`);
  }
  out(
    restore.exitCode === 0
      ? '\nThe password opens the backup. On a real server, this is the pair to keep safe: the file and its password.\n'
      : '\nThe password did not open the backup. On a real server this backup would be useless: make a new one, with a password you will remember.\n',
  );
  return restore.exitCode === 0;
}
