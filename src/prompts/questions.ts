/**
 * Every question of the guided backup, as the configuration inquirer takes: message, default, validation.
 * Kept apart from the flow so each can be rendered and typed at on its own (test/prompts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Secret } from '../console/secret.js';
import { SSOCONFIG } from '../entsso/facts.js';
import type { InstallDirCandidate } from '../machine/machine.js';
import { checkBackupPathSyntax, type PathFlavor } from '../rules/backup-path.js';
import { checkPassword, type PasswordCheck, type PasswordRulesContext } from '../rules/password.js';
import { checkReminder, maskTellingRuns } from '../rules/reminder.js';
import type { RuleProblem } from '../rules/rule.js';
import type { ConfirmQuestion, InputQuestion, PasswordQuestion, SelectQuestion } from './prompter.js';

const explain = (problems: readonly RuleProblem[]): string | true =>
  problems.length === 0 ? true : problems.map((p) => p.message).join('\n');

export const ANOTHER_DIRECTORY = Symbol('another directory');

export function installDirChoice(candidates: readonly InstallDirCandidate[]): SelectQuestion<string | typeof ANOTHER_DIRECTORY> {
  return {
    id: 'install-dir-choice',
    message: 'ENTSSO install directory (ssoconfig runs from there)',
    choices: [
      ...candidates.filter((c) => c.hasSsoconfig).map((c) => ({ name: c.dir, value: c.dir, description: `Found through ${c.source}.` })),
      { name: 'Another directory…', value: ANOTHER_DIRECTORY, description: 'Type the folder that holds ssoconfig.exe.' },
    ],
  };
}

/** The folder must exist and hold ssoconfig.exe; the answer is resolved to an absolute path. */
export function installDirQuestion(flavor: PathFlavor, exists: (file: string) => boolean = existsSync): InputQuestion {
  const paths = flavor === 'win32' ? path.win32 : path.posix;
  return {
    id: 'install-dir',
    message: 'Folder that holds ssoconfig.exe',
    validate: (value) => {
      const dir = value.trim();
      if (dir === '') return 'Type the ENTSSO install directory, e.g. C:\\Program Files\\Common Files\\Enterprise Single Sign-On';
      if (!paths.isAbsolute(dir)) return 'Type an absolute path (from the drive letter or /).';
      if (!exists(paths.join(dir, SSOCONFIG.executable))) {
        return `There is no ${SSOCONFIG.executable} in ${dir}. ssoconfig must run from the ENTSSO install directory.`;
      }
      return true;
    },
  };
}

/** `again`: why the last file was refused, when it is asked again. */
export function backupFileQuestion(suggested: string, flavor: PathFlavor, again?: string): InputQuestion {
  return {
    id: 'backup-file',
    ...(again === undefined ? {} : { again }),
    message: 'Backup file (write it here, then copy it off the server)',
    default: suggested,
    validate: (value) => explain(checkBackupPathSyntax(value.trim(), flavor)),
  };
}

export type ExistingFileChoice = 'another' | 'replace' | 'cancel';

export function existingFileChoice(file: string): SelectQuestion<ExistingFileChoice> {
  return {
    id: 'replace-existing',
    message: `${file} exists already. What now?`,
    default: 'another',
    choices: [
      { name: 'Choose another file name', value: 'another' },
      {
        name: 'Replace it',
        value: 'replace',
        description: 'The old file is kept aside until the new backup is verified, then removed.',
      },
      { name: 'Cancel', value: 'cancel' },
    ],
  };
}

export function createFolderQuestion(folder: string): ConfirmQuestion {
  return { id: 'create-folder', message: `The folder ${folder} does not exist. Create it (after your final yes)?`, default: true };
}

export function keepInInstallDirQuestion(): ConfirmQuestion {
  return { id: 'keep-in-install-dir', message: 'Keep the backup file in the ENTSSO folder anyway?', default: false };
}

/**
 * `accepted` hears the check of each answer the rules accept (the last one heard is the answer given), so the
 * strength measured for it need not be measured again for the review.
 */
export function passwordQuestion(context: PasswordRulesContext, accepted?: (check: PasswordCheck) => void): PasswordQuestion {
  return {
    id: 'password',
    message: 'Password for the backup file',
    mask: '*',
    // inquirer offers Ctrl+T to show the password; on a server console (or a shared screen) it must not.
    toggleMask: false,
    validate: (value) => {
      const check = checkPassword(value, context);
      if (check.ok) accepted?.(check);
      return explain(check.problems);
    },
  };
}

export function confirmPasswordQuestion(): PasswordQuestion {
  return { id: 'confirm-password', message: 'The same password again', mask: '*', toggleMask: false };
}

export function reminderQuestion(password: Secret, context: PasswordRulesContext): InputQuestion {
  return {
    id: 'reminder',
    message: 'Password reminder (stored in the backup file, readable without the password)',
    validate: (value) => explain(checkReminder(value, password.reveal(), context).problems),
    // The password typed here by mistake is refused, and not left on the screen either.
    transformer: (value) => maskTellingRuns(value, password.reveal()),
  };
}

export function goAheadQuestion(): ConfirmQuestion {
  return { id: 'go-ahead', message: 'Run ssoconfig -backupsecret now?', default: false };
}

export function restoreDrillQuestion(): ConfirmQuestion {
  return { id: 'restore-drill', message: 'Run a restore drill on the simulated machine to prove you remember the password?', default: true };
}
