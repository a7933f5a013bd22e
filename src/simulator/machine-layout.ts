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
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** How the simulated ssoconfig.exe starts the player: Node running the built player script. */
export interface SimulatorLauncher {
  node: string;
  script: string;
}

/** The built player next to this module (dist/bin/ssoconfig-sim.js). */
export function defaultLauncher(): SimulatorLauncher {
  return {
    node: process.execPath,
    script: fileURLToPath(new URL('../bin/ssoconfig-sim.js', import.meta.url)),
  };
}

/** No simulated machine can be made on this platform (Windows, until the packaged exe). */
export class SimulatorUnavailableError extends Error {
  constructor() {
    super('The simulator cannot create a machine on Windows yet.');
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
  // On Windows the launcher must be a real .exe, which only the packaged sso-backup.exe can provide (issue 6);
  // refuse before anything is written.
  if (process.platform === 'win32') throw new SimulatorUnavailableError();
  const dir = path.resolve(machineDir);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new MachineFolderError(`${dir} is not empty; a simulated machine is only created in a new or empty folder.`);
  }
  const state = defaultMachineState(options.state);
  mkdirSync(installDirOf(dir), { recursive: true });
  mkdirSync(backupsDirOf(dir), { recursive: true });
  writeMachineState(dir, state);
  writeLauncher(dir, options.launcher ?? defaultLauncher());
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
  writeFileSync(
    file,
    [
      '#!/bin/sh',
      '# Simulated ssoconfig.exe, written by the sso-backup simulator. It plays ssoconfig against the machine',
      '# state in machine.json; see docs/simulator.md.',
      `${MACHINE_ENV}=${shellQuote(machineDir)} exec ${shellQuote(launcher.node)} ${shellQuote(launcher.script)} "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(file, 0o755);
}
