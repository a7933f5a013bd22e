/**
 * A simulated machine is a folder:
 *
 *   <machine>/machine.json                                           the state (machine-state.ts)
 *   <machine>/events/Application.jsonl, Security.jsonl               the event logs (event-log.ts)
 *   <machine>/Program Files/Common Files/Enterprise Single Sign-On/  the install directory, with ssoconfig.exe
 *   <machine>/Backups/                                               an empty folder off the install directory
 *
 * The install directory mirrors the default of ../shared/reference/entsso.md section 2, so whatever looks for
 * `ssoconfig.exe` in a directory finds it here as it would on a server.
 */
import { chmodSync, copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isSea } from 'node:sea';
import { DEFAULT_INSTALL_DIR_NAME, ENTSSO_EVENTS, SSOCONFIG } from '../entsso/facts.js';
import { appendEvent } from './event-log.js';
import {
  defaultMachineState,
  STATE_FILE,
  writeMachineState,
  type MachineState,
  type MachineStateOverrides,
} from './machine-state.js';

export const SIMULATED_SSOCONFIG = SSOCONFIG.executable;
/** The variable the launcher sets so the player knows its machine. */
export const MACHINE_ENV = 'SSO_BACKUP_SIMULATOR_MACHINE';

export function installDirOf(machineDir: string): string {
  return path.join(machineDir, 'Program Files', 'Common Files', DEFAULT_INSTALL_DIR_NAME);
}

export function backupsDirOf(machineDir: string): string {
  return path.join(machineDir, 'Backups');
}

/**
 * How a simulated install directory's ssoconfig.exe starts the player (player-program.ts):
 * - `script`: a shell script there runs `command args... <ssoconfig's arguments>` with the machine folder in
 *   SSO_BACKUP_SIMULATOR_MACHINE (Linux and macOS);
 * - `executable`: this executable itself is linked (or copied) there as ssoconfig.exe, and plays it when it sees
 *   that name (Windows, where the launcher must be a real .exe: the packaged sso-backup.exe only).
 */
export type SimulatorLauncher =
  | { kind: 'script'; command: string; args: string[] }
  | { kind: 'executable'; executable: string };

/**
 * How this very program starts itself again: Node with its own options (`--import`, `--require`...) and its entry
 * script, or the packaged executable alone (a single executable's options are its own, not Node's). A relative
 * module after `--import`, `--require`, `--loader` or `--experimental-loader` is made absolute: the launcher runs
 * from another folder. `--inspect` and the like are left out: the launcher's process would take the same port.
 */
export function selfCommand(
  runtime: { execPath: string; argv: readonly string[]; execArgv: readonly string[]; isSea: boolean } = {
    execPath: process.execPath,
    argv: process.argv,
    execArgv: process.execArgv,
    isSea: isSea(),
  },
): { command: string; args: string[] } {
  const script = runtime.argv[1];
  if (runtime.isSea || script === undefined) return { command: runtime.execPath, args: [] };
  return { command: runtime.execPath, args: [...nodeOptionsForAChild(runtime.execArgv), path.resolve(script)] };
}

const MODULE_OPTIONS: ReadonlySet<string> = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);
const DEBUGGER_OPTION = /^--(inspect|debug)(-brk|-port|-wait|-publish-uid)?(=|$)/;

function absoluteModule(specifier: string): string {
  return specifier.startsWith('./') || specifier.startsWith('../') ? path.resolve(specifier) : specifier;
}

function nodeOptionsForAChild(execArgv: readonly string[]): string[] {
  const options: string[] = [];
  for (let i = 0; i < execArgv.length; i += 1) {
    const arg = execArgv[i]!;
    if (DEBUGGER_OPTION.test(arg)) {
      // `--inspect-port 9230`: its value goes too.
      if (/^--(inspect|debug)-port$/.test(arg)) i += 1;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (MODULE_OPTIONS.has(name) && eq !== -1) {
      options.push(`${name}=${absoluteModule(arg.slice(eq + 1))}`);
    } else if (MODULE_OPTIONS.has(arg) && i + 1 < execArgv.length) {
      options.push(arg, absoluteModule(execArgv[i + 1]!));
      i += 1;
    } else {
      options.push(arg);
    }
  }
  return options;
}

/** The launcher this program makes: itself, playing ssoconfig. */
export function defaultLauncher(platform: NodeJS.Platform = process.platform, sea: boolean = isSea()): SimulatorLauncher {
  if (platform === 'win32') {
    if (!sea) throw new SimulatorUnavailableError();
    return { kind: 'executable', executable: process.execPath };
  }
  const self = selfCommand();
  return { kind: 'script', command: self.command, args: [...self.args, 'simulator', 'ssoconfig'] };
}

/** No simulated machine can be made here: on Windows only the packaged sso-backup.exe can play ssoconfig.exe. */
export class SimulatorUnavailableError extends Error {
  constructor() {
    super('On Windows the simulator runs from the packaged sso-backup.exe only: Node running a script cannot stand in for ssoconfig.exe.');
    this.name = 'SimulatorUnavailableError';
  }
}

export class MachineFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MachineFolderError';
  }
}

/**
 * A simulated machine could not be written: a full disk, access denied, a locked file (the ~90 MB exe copied
 * across volumes on Windows). What was made of it is removed again, so a retry finds the folder as it was.
 */
export class MachineWriteError extends Error {
  /** The file or folder that could not be written. */
  readonly path: string;
  /** The system's error code (ENOSPC, EACCES, EPERM, EBUSY...), when there is one. */
  readonly code: string | undefined;
  /** What could not be removed again after the failure; undefined when nothing was left behind. */
  readonly leftBehind: string | undefined;

  constructor(what: { path: string; cause: unknown; leftBehind?: string | undefined }) {
    const code = (what.cause as NodeJS.ErrnoException | undefined)?.code;
    super(`The simulated machine could not be written: ${what.path}: ${(what.cause as Error | undefined)?.message ?? String(what.cause)}`, {
      cause: what.cause,
    });
    this.name = 'MachineWriteError';
    this.path = what.path;
    this.code = typeof code === 'string' ? code : undefined;
    this.leftBehind = what.leftBehind;
  }
}

/** The file operations a machine is made with; tests pass failing ones (a full disk, a locked file). */
export interface MachineFiles {
  link(existing: string, created: string): void;
  copy(from: string, to: string): void;
  writeFile(file: string, text: string): void;
  /** Removes a file or folder and all in it (the undoing of a machine that failed). */
  remove(target: string): void;
}

export const defaultMachineFiles: MachineFiles = {
  link: (existing, created) => linkSync(existing, created),
  copy: (from, to) => copyFileSync(from, to),
  writeFile: (file, text) => writeFileSync(file, text),
  remove: (target) => rmSync(target, { recursive: true, force: true }),
};

export interface CreateMachineOptions {
  state?: MachineStateOverrides;
  launcher?: SimulatorLauncher;
  /** How many past 10589 events to seed, one a day, the latest an hour ago. */
  backupRequiredEvents?: number;
  now?: Date;
  files?: MachineFiles;
}

/**
 * Creates a simulated machine in `machineDir`, which must be missing or empty: an existing machine or any
 * other folder's content is never overwritten. The launcher (the part that can fail for want of space or rights:
 * on Windows a copy of the whole exe) is written first, machine.json after it; if anything fails, what was made is
 * removed and MachineWriteError says what could not be written.
 */
export function createSimulatedMachine(machineDir: string, options: CreateMachineOptions = {}): MachineState {
  // Decided before anything is written: on Windows without the packaged exe there is no launcher to make.
  const launcher = options.launcher ?? defaultLauncher();
  const files = options.files ?? defaultMachineFiles;
  const dir = path.resolve(machineDir);
  const existed = existsSync(dir);
  if (existed && readdirSync(dir).length > 0) {
    throw new MachineFolderError(`${dir} is not empty; a simulated machine is only created in a new or empty folder.`);
  }
  const state = defaultMachineState(options.state);
  let step = dir;
  try {
    step = installDirOf(dir);
    mkdirSync(step, { recursive: true });
    step = path.join(installDirOf(dir), SIMULATED_SSOCONFIG);
    writeLauncher(dir, launcher, files);
    step = backupsDirOf(dir);
    mkdirSync(step, { recursive: true });
    step = path.join(dir, STATE_FILE);
    writeMachineState(dir, state);
    step = path.join(dir, 'events');
    seedBackupRequiredEvents(dir, options);
  } catch (error) {
    throw new MachineWriteError({ path: step, cause: error, leftBehind: undoMachine(dir, existed, files) });
  }
  return state;
}

/** Removes what createSimulatedMachine made (the folder too, if it made it); returns what is left, if anything. */
function undoMachine(dir: string, existed: boolean, files: MachineFiles): string | undefined {
  try {
    if (existed) {
      for (const name of readdirSync(dir)) files.remove(path.join(dir, name));
    } else {
      files.remove(dir);
    }
    return undefined;
  } catch {
    return dir;
  }
}

function seedBackupRequiredEvents(dir: string, options: CreateMachineOptions): void {
  const now = (options.now ?? new Date()).getTime();
  const count = options.backupRequiredEvents ?? 3;
  for (let i = count - 1; i >= 0; i--) {
    appendEvent(dir, {
      time: new Date(now - 3_600_000 - i * 86_400_000).toISOString(),
      log: 'Application',
      source: ENTSSO_EVENTS.source,
      id: ENTSSO_EVENTS.backupRequired,
      level: 'Error',
      message:
        'The master secret has not been backed up. If you lose the master secret all the information stored in the SSO system will be lost permanently and your systems may fail to work correctly. Please use the SSO administration tools to back up your master secret.',
      data: {},
    });
  }
}

export function isSimulatedMachine(machineDir: string): boolean {
  return existsSync(path.join(machineDir, STATE_FILE));
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function writeLauncher(machineDir: string, launcher: SimulatorLauncher, files: MachineFiles): void {
  const file = path.join(installDirOf(machineDir), SIMULATED_SSOCONFIG);
  if (launcher.kind === 'executable') {
    // A hard link costs nothing and needs the same volume; a copy (some tens of megabytes) works everywhere.
    try {
      files.link(launcher.executable, file);
    } catch {
      files.copy(launcher.executable, file);
    }
    return;
  }
  files.writeFile(
    file,
    [
      '#!/bin/sh',
      '# Simulated ssoconfig.exe, written by the sso-backup simulator. It plays ssoconfig against the machine',
      '# state in machine.json; see docs/simulator.md.',
      "# Node's debug log (NODE_DEBUG, set for sso-backup) would write into ssoconfig's console and garble its prompts.",
      'unset NODE_DEBUG',
      `${MACHINE_ENV}=${shellQuote(machineDir)} exec ${[launcher.command, ...launcher.args].map(shellQuote).join(' ')} "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(file, 0o755);
}
