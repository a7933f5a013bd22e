/**
 * Step 2: the backup file. --file or a suggested name in a folder off the ENTSSO directory; checked before
 * anything runs: the name (Windows rules), the folder (exists, or may be created after the final yes; writable),
 * an existing file (never replaced without an explicit choice), and where it would sit (warnings).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { EXIT, SsoBackupError } from '../../errors.js';
import { CancelledError } from '../../prompts/prompter.js';
import {
  backupFileQuestion,
  createFolderQuestion,
  existingFileChoice,
  keepInInstallDirQuestion,
} from '../../prompts/questions.js';
import { checkBackupPathSyntax, checkBackupPlacement, defaultBackupFileName } from '../../rules/backup-path.js';
import type { RuleProblem } from '../../rules/rule.js';
import type { FlowContext } from '../context.js';
import { isDirectory, nearestExisting } from './folders.js';

export interface BackupTarget {
  file: string;
  /** The folder does not exist yet: created after the final yes. */
  createFolder: boolean;
  /** The file exists and the person chose to replace it. */
  replaceExisting: boolean;
  warnings: RuleProblem[];
}

type Ctx = Pick<FlowContext, 'options' | 'machine' | 'prompter' | 'out' | 'style' | 'now'>;

export async function chooseBackupFile(ctx: Ctx, installDir: string): Promise<BackupTarget> {
  const { options, machine, prompter } = ctx;
  const flavor = machine.pathFlavor;
  const names = await machine.names();
  const folder = options.folder !== undefined ? path.resolve(options.folder) : machine.defaultBackupFolder();
  const suggested = path.join(folder, defaultBackupFileName(names.host, ctx.now()));

  let file: string;
  if (options.file !== undefined) {
    const problems = checkBackupPathSyntax(options.file, flavor);
    if (problems.length > 0) {
      throw new SsoBackupError(
        {
          what: `--file ${options.file} cannot be a backup file name.`,
          why: problems.map((p) => p.message).join(' '),
          next: `Choose another name, e.g. ${suggested}`,
        },
        EXIT.usage,
      );
    }
    file = options.file;
  } else {
    file = (await prompter.input(backupFileQuestion(suggested, flavor))).trim();
  }

  for (;;) {
    const target = await examine(ctx, file, installDir);
    if (typeof target !== 'string') return target;
    file = (await prompter.input(backupFileQuestion(suggested, flavor, target))).trim();
  }
}

/** The target if this file will do, or why another name is needed (told to the person already). */
async function examine(ctx: Ctx, file: string, installDir: string): Promise<BackupTarget | string> {
  const { prompter, out, style, machine } = ctx;
  const folder = path.dirname(file);
  const refuse = (text: string): string => {
    out(`${style.error(style.symbols.error)} ${text}\n`);
    return text;
  };
  let createFolder = false;
  if (!existsSync(folder)) {
    const ancestor = nearestExisting(folder);
    if (!isDirectory(ancestor)) return refuse(`${ancestor} is a file, so there can be no folder ${folder} under it. Choose another place.`);
    if (!(await machine.canWrite(ancestor))) {
      return refuse(`${folder} does not exist, and you may not create folders in ${ancestor}. Choose another place.`);
    }
    if (!(await prompter.confirm(createFolderQuestion(folder)))) return `You chose not to create ${folder}.`;
    createFolder = true;
  } else if (!isDirectory(folder)) {
    return refuse(`${folder} is a file, not a folder. Choose another place.`);
  } else if (!(await machine.canWrite(folder))) {
    return refuse(`You may not write to ${folder}. Choose another folder.`);
  }

  let replaceExisting = false;
  if (existsSync(file) && isDirectory(file)) return refuse(`${file} is a folder. Name a file in it instead.`);
  if (existsSync(file)) {
    const choice = await prompter.select(existingFileChoice(file));
    if (choice === 'cancel') throw new CancelledError('Cancelled: the backup file exists and you chose not to replace it.');
    if (choice === 'another') return `${file} exists, and you chose another name.`;
    replaceExisting = true;
  }

  const siblingNames = createFolder ? [] : namesIn(folder);
  const warnings = checkBackupPlacement(file, { flavor: machine.pathFlavor, installDir, siblingNames });
  for (const warning of warnings) out(`${style.warn(style.symbols.warn)} ${warning.message}\n`);
  if (warnings.some((w) => w.rule === 'in-install-dir') && !(await prompter.confirm(keepInInstallDirQuestion()))) {
    return 'You chose not to keep the backup in the ENTSSO folder.';
  }
  return { file, createFolder, replaceExisting, warnings };
}

/** The folder's entries; none when it cannot be listed (the placement warnings then have less to go on). */
function namesIn(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
