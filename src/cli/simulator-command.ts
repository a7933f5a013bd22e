/**
 * `sso-backup simulator create <folder> [switches]` and `sso-backup simulator show <folder>`: make a simulated
 * ENTSSO machine to rehearse on, and look at its state and event log.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeCommand } from '../console/describe-command.js';
import { SSOCONFIG } from '../entsso/facts.js';
import { runRestoreDrill } from './restore-drill.js';
import { parseArgs } from 'node:util';
import { UsageError, SsoBackupError, EXIT } from '../errors.js';
import { readEvents } from '../simulator/event-log.js';
import { generateSecret } from '../simulator/generate-secret.js';
import {
  backupsDirOf,
  createSimulatedMachine,
  installDirOf,
  isSimulatedMachine,
  MachineFolderError,
  MachineWriteError,
  type MachineFiles,
} from '../simulator/machine-layout.js';
import { readMachineState, SERVICE_STATES, type MachineStateOverrides, type ServiceState } from '../simulator/machine-state.js';
import { VARIANT_CHOICES, type Variants } from '../simulator/variants.js';

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const VARIANT_FLAGS = Object.keys(VARIANT_CHOICES).map((key) => ({ key: key as keyof Variants, flag: kebab(key) }));

export const SIMULATOR_HELP = `Usage:
  sso-backup simulator create <folder> [options]   make a simulated ENTSSO machine in a new or empty folder
  sso-backup simulator show <folder>               print its state and its ENTSSO events
  sso-backup simulator generate-secret <folder>    a new master secret, as an SSO Administrator makes one
                                                   (event 10525): every earlier backup is now out of date
  sso-backup simulator rehearse [options]          a new machine in a temporary folder, then its
                                                   ssoconfig -backupsecret and a restore drill, typed by you
  sso-backup simulator ssoconfig <arguments>       plays ssoconfig.exe for the machine named by
                                                   SSO_BACKUP_SIMULATOR_MACHINE (what a simulated install
                                                   directory's ssoconfig.exe runs)

Machine (create, rehearse):
  --service <state>              ${SERVICE_STATES.join(' | ')} (default running)
  --not-elevated                 the user's token is not elevated (ssoconfig says 10771)
  --not-sso-admin                the user is not in SSO Administrators (10772)
  --master-secret-server <name>  another server holds the master secret (10766)

ssoconfig behaviours nobody has confirmed, one switch each (create, rehearse):
${VARIANT_FLAGS.map(({ key, flag }) => `  --${flag} <${VARIANT_CHOICES[key].join('|')}>`).join('\n')}

The state is machine.json in the folder: edit it to change the machine later (docs/simulator.md).
`;

export async function runSimulatorCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'create') return create(rest, io);
  if (action === 'rehearse') return rehearse(rest, io);
  if (action === 'show') return show(rest, io);
  if (action === 'generate-secret') return generate(rest, io);
  if (action === undefined || action === '--help' || action === '-h') {
    io.out(SIMULATOR_HELP);
    return action === undefined ? EXIT.usage : EXIT.ok;
  }
  throw new UsageError(`"simulator ${action}" is not a simulator command.`, 'Use "simulator create|show|generate-secret <folder>" or "simulator rehearse".');
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

/** The options that shape a simulated machine: shared by simulator create, simulator rehearse and demo. */
export function machineOptionSpec(): OptionSpec {
  const options: OptionSpec = {
    service: { type: 'string' },
    'not-elevated': { type: 'boolean' },
    'not-sso-admin': { type: 'boolean' },
    'master-secret-server': { type: 'string' },
  };
  for (const { flag } of VARIANT_FLAGS) options[flag] = { type: 'string' };
  return options;
}

/** The machine state those options ask for; a value that is not a choice is a usage error. */
export function machineStateFrom(values: Record<string, unknown>): MachineStateOverrides {
  const variants: Partial<Variants> = {};
  for (const { key, flag } of VARIANT_FLAGS) {
    const value = values[flag];
    if (value === undefined) continue;
    if (!(VARIANT_CHOICES[key] as readonly unknown[]).includes(value)) {
      throw new UsageError(`--${flag} ${String(value)} is not a choice.`, `Use one of: ${VARIANT_CHOICES[key].join(', ')}.`);
    }
    (variants as Record<string, unknown>)[key] = value;
  }
  const state: MachineStateOverrides = { variants };
  if (values['service'] !== undefined) {
    const service = String(values['service']);
    if (!(SERVICE_STATES as readonly string[]).includes(service)) {
      throw new UsageError(`--service ${service} is not a service state.`, `Use one of: ${SERVICE_STATES.join(', ')}.`);
    }
    state.service = { state: service as ServiceState, account: 'CONTOSO\\svc-entsso' };
  }
  if (values['not-elevated']) state.elevated = false;
  if (values['not-sso-admin']) state.ssoAdministrator = false;
  if (values['master-secret-server'] !== undefined) state.masterSecretServer = String(values['master-secret-server']);
  return state;
}

function parseCreateOptions(args: readonly string[]): { positionals: string[]; state: MachineStateOverrides } {
  const { values, positionals } = parseOrExplain(args, machineOptionSpec());
  return { positionals, state: machineStateFrom(values) };
}

/** Removes `dir`; returns it if that failed. */
function removeIfPossible(dir: string): string | undefined {
  try {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  } catch {
    return dir;
  }
}

/** Why a file could not be written, from the system's error code, in words for an admin. */
function whyNotWritten(code: string | undefined, message: string): string {
  switch (code) {
    case 'ENOSPC':
      return 'The disk is full.';
    case 'EDQUOT':
      return 'The disk quota of this account is used up.';
    case 'EACCES':
    case 'EPERM':
      return 'Access was denied: this account may not write there, or another program (an antivirus, a backup agent) holds the file.';
    case 'EBUSY':
      return 'Another program (an antivirus, a backup agent) holds the file open.';
    case 'EROFS':
      return 'The disk is read-only.';
    default:
      return `The system said: ${message}`;
  }
}

/**
 * Makes a simulated machine in `dir`; a folder that is not empty is a usage error, and one that cannot be written
 * (a full disk, access denied, a locked file) is exit 3, this machine cannot do it, with what was left behind if any.
 * `temporary`: the folder is one made in the temporary folder (demo, simulator rehearse), not named by the user.
 */
export function createMachine(dir: string, state: MachineStateOverrides, how: { temporary?: boolean; files?: MachineFiles } = {}): void {
  try {
    createSimulatedMachine(dir, { state, ...(how.files ? { files: how.files } : {}) });
  } catch (error) {
    if (error instanceof MachineFolderError) {
      throw new SsoBackupError(
        { what: error.message, why: 'An existing folder is never overwritten.', next: 'Name a new or empty folder.' },
        EXIT.usage,
        { cause: error },
      );
    }
    if (error instanceof MachineWriteError) {
      const cause = error.cause as Error | undefined;
      const where = how.temporary
        ? 'It is made in the temporary folder: make room there, or set TMP (Windows) or TMPDIR (elsewhere) to a folder with room that you may write to, and run again.'
        : 'Make room there, or name a folder on another disk that you may write to, and run again.';
      // A temporary folder was made for the machine alone: it goes too.
      const leftBehind = error.leftBehind ?? (how.temporary ? removeIfPossible(dir) : undefined);
      const left = leftBehind === undefined ? ' Nothing was left behind.' : ` ${leftBehind} could not be removed: delete it by hand.`;
      throw new SsoBackupError(
        {
          what: `The simulated machine in ${dir} could not be made: ${error.path} could not be written${error.code ? ` (${error.code})` : ''}.`,
          why: whyNotWritten(error.code, cause?.message ?? error.message),
          next: `${where}${left}`,
        },
        EXIT.machineNotFit,
        { cause: error },
      );
    }
    throw error;
  }
}

function create(args: readonly string[], io: CommandIo): number {
  const { positionals, state } = parseCreateOptions(args);
  const dir = path.resolve(onlyFolder(positionals, 'create'));
  createMachine(dir, state);
  const install = installDirOf(dir);
  io.out(
    [
      `Simulated ENTSSO machine created in ${dir}`,
      `  install directory  ${install}`,
      `  a backup folder    ${backupsDirOf(dir)}`,
      '',
      'Rehearse ssoconfig by hand (it reads the console, like the real one):',
      ...ssoconfigByHand(install, path.join(backupsDirOf(dir), 'rehearsal.bak')).map((line) => `  ${line}`),
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}

/** A POSIX shell word: single quotes, a quote inside closed and reopened. */
function posixWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The commands that run a simulated install directory's ssoconfig.exe by hand, as they work in the shells of the
 * platform. Windows: `pushd` (which also changes the drive) and `.\ssoconfig.exe` work alike in cmd.exe and in
 * PowerShell (`./ssoconfig.exe` is refused by cmd.exe; a bare `ssoconfig.exe` is not looked for in the current
 * folder by PowerShell), with double quotes, which both take (a Windows path holds no `"`). Elsewhere: `cd` and
 * `./ssoconfig.exe`, single-quoted for sh.
 */
export function ssoconfigByHand(installDir: string, backupFile: string, platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'win32') {
    const quoted = (text: string): string => `"${text}"`;
    return [
      `pushd ${quoted(installDir)}`,
      `.\\${SSOCONFIG.executable} ${SSOCONFIG.backupSwitch} ${quoted(backupFile)}`,
      `.\\${SSOCONFIG.executable} ${SSOCONFIG.restoreSwitch} ${quoted(backupFile)}`,
    ];
  }
  return [
    `cd ${posixWord(installDir)}`,
    `./${SSOCONFIG.executable} ${SSOCONFIG.backupSwitch} ${posixWord(backupFile)}`,
    `./${SSOCONFIG.executable} ${SSOCONFIG.restoreSwitch} ${posixWord(backupFile)}`,
  ];
}

function simulatedMachineDir(args: readonly string[], action: string): string {
  const { positionals } = parseOrExplain(args, {});
  const dir = path.resolve(onlyFolder(positionals, action));
  if (!isSimulatedMachine(dir)) {
    throw new SsoBackupError(
      { what: `${dir} is not a simulated machine.`, why: 'It has no machine.json.', next: 'Create one with "sso-backup simulator create <folder>".' },
      EXIT.usage,
    );
  }
  return dir;
}

function generate(args: readonly string[], io: CommandIo): number {
  const dir = simulatedMachineDir(args, 'generate-secret');
  const { msid, previousMsid, event } = generateSecret(dir);
  io.out(`A new master secret ${msid} replaces ${previousMsid} on the simulated machine in ${dir}.\nENTSSO logged event ${event.id} at ${event.time}: every earlier backup is out of date; back up again.\n`);
  return EXIT.ok;
}

function show(args: readonly string[], io: CommandIo): number {
  const dir = simulatedMachineDir(args, 'show');
  const state = readMachineState(dir);
  const lines = [
    `${state.computerName} (${state.computerName}.${state.dnsDomain}), user ${state.user}`,
    `  master secret server  ${state.masterSecretServer}`,
    `  elevated ${yesNo(state.elevated)}, local administrator ${yesNo(state.localAdministrator)}, SSO administrator ${yesNo(state.ssoAdministrator)} (${state.ssoAdministratorsGroup})`,
    `  ENTSSO service        ${state.service.state}, account ${state.service.account}`,
    `  ENTSSO version        ${state.entsso.productVersion}, master secret ${state.secret.msid}`,
    `  variants              ${Object.entries(state.variants).map(([k, v]) => `${kebab(k)}=${v}`).join(' ')}`,
    '',
    'ENTSSO events (Application log):',
    ...readEvents(dir)
      .filter((event) => event.source === 'ENTSSO')
      .map((event) => `  ${event.time}  ${event.id}  ${event.level.padEnd(11)} ${event.data['File Name'] ?? event.message.slice(0, 60)}`),
    '',
  ];
  io.out(lines.join('\n'));
  return EXIT.ok;
}

async function rehearse(args: readonly string[], io: CommandIo): Promise<number> {
  const { positionals, state } = parseCreateOptions(args);
  if (positionals.length > 0) throw new UsageError('"simulator rehearse" takes no folder.', 'It makes a new machine in a temporary folder.');
  const dir = mkdtempSync(path.join(tmpdir(), 'sso-rehearsal-'));
  createMachine(dir, state, { temporary: true });
  const install = installDirOf(dir);
  const file = path.join(backupsDirOf(dir), 'rehearsal.bak');
  const ssoconfig = path.join(install, SSOCONFIG.executable);
  io.out(
    [
      `A simulated ENTSSO machine is ready in ${dir}.`,
      'This is ssoconfig as an admin meets it: type a password (7 to 256 characters; each key shows as *),',
      'the same password again, and a reminder that helps you but would not help anyone else.',
      '',
      `> ${describeCommand(ssoconfig, [SSOCONFIG.backupSwitch, file])}`,
      '',
    ].join('\n'),
  );
  const { execa } = await import('execa');
  const backup = await execa(ssoconfig, [SSOCONFIG.backupSwitch, file], { cwd: install, stdio: 'inherit', reject: false });
  if (backup.exitCode !== 0 || !existsSync(file)) {
    io.out(`\nssoconfig ended with exit code ${String(backup.exitCode)} and no backup file. Read its message above.\n`);
    return EXIT.ssoconfigFailed;
  }
  io.out(`\nThe backup file is ${file}.\nNow the restore drill: ssoconfig shows the reminder and asks for the password. Did you remember it?\n`);
  const remembered = await runRestoreDrill(install, file, io.out);
  io.out(`The machine's ENTSSO events: sso-backup simulator show ${dir}\n`);
  return remembered ? EXIT.ok : EXIT.notVerified;
}

const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

function onlyFolder(positionals: string[], action: string): string {
  if (positionals.length !== 1) {
    throw new UsageError(`"simulator ${action}" takes one folder.`, `Run "sso-backup simulator ${action} <folder>".`);
  }
  return positionals[0]!;
}

export function parseOrExplain(args: readonly string[], options: OptionSpec, help = 'sso-backup simulator --help') {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message, `Run "${help}" for the options.`);
  }
}
