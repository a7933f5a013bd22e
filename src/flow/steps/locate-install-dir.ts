/**
 * Step 1: the ENTSSO install directory. --sso-dir wins; otherwise the machine says where ENTSSO may be and the
 * person accepts one or types another. A directory without ssoconfig.exe is refused.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SSOCONFIG } from '../../entsso/facts.js';
import { EXIT, SsoBackupError } from '../../errors.js';
import { ANOTHER_DIRECTORY, installDirChoice, installDirQuestion } from '../../prompts/questions.js';
import type { FlowContext } from '../context.js';

export interface InstallDir {
  dir: string;
  source: string;
}

export async function locateInstallDir(
  ctx: Pick<FlowContext, 'options' | 'machine' | 'prompter' | 'out' | 'style'>,
): Promise<InstallDir> {
  const { options, machine, prompter, out, style } = ctx;
  if (options.ssoDir !== undefined) {
    const dir = path.resolve(options.ssoDir);
    if (!existsSync(path.join(dir, SSOCONFIG.executable))) {
      throw new SsoBackupError(
        {
          what: `--sso-dir ${dir} has no ${SSOCONFIG.executable}.`,
          why: 'ssoconfig must run from the ENTSSO install directory, and it is not in that folder.',
          next: 'Pass the folder that holds ssoconfig.exe (by default C:\\Program Files\\Common Files\\Enterprise Single Sign-On), or leave --sso-dir out to have it found.',
        },
        EXIT.usage,
      );
    }
    return { dir, source: '--sso-dir' };
  }
  if (machine.kind === 'other') {
    throw new SsoBackupError(
      {
        what: 'There is no ENTSSO on this machine to back up.',
        why: machine.unsupportedReason ?? 'ENTSSO runs only on Windows.',
        next: 'Run sso-backup on the master secret server. To rehearse here, run "sso-backup demo", or pass --sso-dir with the install directory of a simulated machine ("sso-backup simulator create").',
      },
      EXIT.machineNotFit,
    );
  }

  const candidates = await machine.findInstallDirs();
  out(`${style.bold('Where ENTSSO is')}\n`);
  for (const candidate of candidates) {
    out(
      candidate.hasSsoconfig
        ? `  ${style.ok(style.symbols.ok)} ${candidate.dir}  ${style.dim(`(${candidate.source})`)}\n`
        : `  ${style.dim(`- ${candidate.dir} (${candidate.source}): no ${SSOCONFIG.executable} there`)}\n`,
    );
  }
  const usable = candidates.filter((c) => c.hasSsoconfig);
  if (usable.length === 0) out(`  ${style.warn(style.symbols.warn)} ssoconfig.exe was not found in any of these places.\n`);
  const chosen = usable.length > 0 ? await prompter.select(installDirChoice(candidates)) : ANOTHER_DIRECTORY;
  if (chosen !== ANOTHER_DIRECTORY) {
    return { dir: chosen, source: usable.find((c) => c.dir === chosen)?.source ?? 'found' };
  }
  const typed = await prompter.input(installDirQuestion(machine.pathFlavor));
  return { dir: path.resolve(typed.trim()), source: 'typed' };
}
