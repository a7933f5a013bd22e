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
import { chmodSync, copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
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

/** How this very program starts itself again: Node and its entry script, or the packaged executable alone. */
export function selfCommand(
  runtime: { execPath: string; argv: readonly string[]; isSea: boolean } = { execPath: process.execPath, argv: process.argv, isSea: isSea() },
): { command: string; args: string[] } {
  const script = runtime.argv[1];
  if (runtime.isSea || script === undefined) return { command: runtime.execPath, args: [] };
  return { command: runtime.execPath, args: [path.resolve(script)] };
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

export interface CreateMachineOptions {
  state?: MachineStateOverrides;
  launcher?: SimulatorLauncher;
  /** How many past 10589 events to seed, one a day, the latest an hour ago. */
  backupRequiredEvents?: number;
  now?: Date;
}

/**
 * Creates a simulated machine in `machineDir`, which must be missing or empty: an existing machine or any
 * other folder's content is never overwritten.
 */
export function createSimulatedMachine(machineDir: string, options: CreateMachineOptions = {}): MachineState {
  // Decided before anything is written: on Windows without the packaged exe there is no launcher to make.
  const launcher = options.launcher ?? defaultLauncher();
  const dir = path.resolve(machineDir);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new MachineFolderError(`${dir} is not empty; a simulated machine is only created in a new or empty folder.`);
  }
  const state = defaultMachineState(options.state);
  mkdirSync(installDirOf(dir), { recursive: true });
  mkdirSync(backupsDirOf(dir), { recursive: true });
  writeMachineState(dir, state);
  writeLauncher(dir, launcher);
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
  return state;
}

export function isSimulatedMachine(machineDir: string): boolean {
  return existsSync(path.join(machineDir, STATE_FILE));
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function writeLauncher(machineDir: string, launcher: SimulatorLauncher): void {
  const file = path.join(installDirOf(machineDir), SIMULATED_SSOCONFIG);
  if (launcher.kind === 'executable') {
    // A hard link costs nothing and needs the same volume; a copy (some tens of megabytes) works everywhere.
    try {
      linkSync(launcher.executable, file);
    } catch {
      copyFileSync(launcher.executable, file);
    }
    return;
  }
  writeFileSync(
    file,
    [
      '#!/bin/sh',
      '# Simulated ssoconfig.exe, written by the sso-backup simulator. It plays ssoconfig against the machine',
      '# state in machine.json; see docs/simulator.md.',
      `${MACHINE_ENV}=${shellQuote(machineDir)} exec ${[launcher.command, ...launcher.args].map(shellQuote).join(' ')} "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(file, 0o755);
}
