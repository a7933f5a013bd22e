/**
 * Making a simulated machine when the disk says no (full, access denied, a locked file: on Windows the ~90 MB exe
 * is copied across volumes), and the launcher's command line (Node's own options go along).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMachine } from '../../src/cli/simulator-command.js';
import { EXIT, SsoBackupError } from '../../src/errors.js';
import {
  createSimulatedMachine,
  defaultMachineFiles,
  installDirOf,
  MachineWriteError,
  selfCommand,
  SIMULATED_SSOCONFIG,
  type MachineFiles,
  type SimulatorLauncher,
} from '../../src/simulator/machine-layout.js';
import { STATE_FILE } from '../../src/simulator/machine-state.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sso-layout-'));
  made.push(dir);
  return dir;
}

const errno = (code: string, message: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: ${message}`), { code });

/** Windows across volumes: no hard link (EXDEV), and the copy of the exe fails half way with `code`. */
function copyFails(code: string): MachineFiles {
  return {
    ...defaultMachineFiles,
    link: () => {
      throw errno('EXDEV', 'cross-device link not permitted');
    },
    copy: (_from, to) => {
      defaultMachineFiles.writeFile(to, 'half an exe');
      throw errno(code, `copyfile -> '${to}'`);
    },
  };
}

const EXE: SimulatorLauncher = { kind: 'executable', executable: process.execPath };

describe('createSimulatedMachine when the launcher cannot be written', () => {
  it.each(['ENOSPC', 'EACCES', 'EBUSY'])('%s: a MachineWriteError naming ssoconfig.exe, and the empty folder left as it was', (code) => {
    const dir = tempDir();
    let thrown: unknown;
    try {
      createSimulatedMachine(dir, { launcher: EXE, files: copyFails(code) });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MachineWriteError);
    const error = thrown as MachineWriteError;
    expect(error.code).toBe(code);
    expect(error.path).toBe(path.join(installDirOf(dir), SIMULATED_SSOCONFIG));
    expect(error.leftBehind).toBeUndefined();
    // Nothing half made: no machine.json that would make it look like a machine, and a retry is not "not empty".
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(path.join(dir, STATE_FILE))).toBe(false);
    createSimulatedMachine(dir, { launcher: { kind: 'script', command: process.execPath, args: [] } });
    expect(existsSync(path.join(dir, STATE_FILE))).toBe(true);
  });

  it('a folder it made itself is removed altogether', () => {
    const dir = path.join(tempDir(), 'new-machine');
    expect(() => createSimulatedMachine(dir, { launcher: EXE, files: copyFails('ENOSPC') })).toThrow(MachineWriteError);
    expect(existsSync(dir)).toBe(false);
  });

  it('the launcher script that cannot be written (access denied): the same', () => {
    const dir = tempDir();
    const files: MachineFiles = {
      ...defaultMachineFiles,
      writeFile: () => {
        throw errno('EACCES', 'permission denied');
      },
    };
    expect(() => createSimulatedMachine(dir, { launcher: { kind: 'script', command: 'node', args: [] }, files })).toThrow(MachineWriteError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('what cannot be removed again is named', () => {
    const dir = tempDir();
    const files: MachineFiles = {
      ...copyFails('ENOSPC'),
      remove: () => {
        throw errno('EPERM', 'operation not permitted');
      },
    };
    try {
      createSimulatedMachine(dir, { launcher: EXE, files });
      expect.unreachable();
    } catch (error) {
      expect((error as MachineWriteError).leftBehind).toBe(dir);
    }
  });
});

describe('createMachine (simulator create, demo, rehearse) when the disk says no', () => {
  function problemOf(run: () => void): SsoBackupError {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(SsoBackupError);
      return error as SsoBackupError;
    }
    throw new Error('createMachine did not throw');
  }
  // createMachine makes its own launcher; the failure is injected in the file operations either way.
  const failing = (code: string): MachineFiles => ({
    ...copyFails(code),
    writeFile: (file, text) => {
      if (path.basename(file) === SIMULATED_SSOCONFIG) throw errno(code, `open '${file}'`);
      defaultMachineFiles.writeFile(file, text);
    },
  });

  it.each([
    ['ENOSPC', /disk is full/],
    ['EACCES', /Access was denied/],
    ['EPERM', /Access was denied/],
    ['EBUSY', /holds the file open/],
  ])('%s: exit 3 with what, why and next, not an internal error', (code, why) => {
    const dir = tempDir();
    const problem = problemOf(() => createMachine(dir, {}, { files: failing(code) }));
    expect(problem.exitCode).toBe(EXIT.machineNotFit);
    expect(problem.what).toContain(`${SIMULATED_SSOCONFIG} could not be written (${code})`);
    expect(problem.why).toMatch(why);
    expect(problem.next).toMatch(/another disk[\s\S]*Nothing was left behind/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a temporary folder (demo, rehearse): TMP or TMPDIR is the way out, and the folder goes too', () => {
    const dir = tempDir();
    const problem = problemOf(() => createMachine(dir, {}, { temporary: true, files: failing('ENOSPC') }));
    expect(problem.next).toMatch(/TMP \(Windows\) or TMPDIR[\s\S]*Nothing was left behind/);
    expect(existsSync(dir)).toBe(false);
  });

  it('what is left behind is named, to be deleted by hand', () => {
    const dir = tempDir();
    const files: MachineFiles = {
      ...failing('ENOSPC'),
      remove: () => {
        throw errno('EPERM', 'operation not permitted');
      },
    };
    const problem = problemOf(() => createMachine(dir, {}, { files }));
    expect(problem.next).toContain(`${dir} could not be removed: delete it by hand`);
  });
});

describe('selfCommand: how the launcher starts this program again', () => {
  const script = path.resolve('dist/bin/sso-backup.js');

  it("Node's own options go along, before the script; a relative module is made absolute", () => {
    const self = selfCommand({
      execPath: '/usr/bin/node',
      argv: ['/usr/bin/node', 'dist/bin/sso-backup.js', 'simulator', 'create', 'x'],
      execArgv: ['--import', './hooks/register.mjs', '--require=../preload.cjs', '--enable-source-maps', '--import', 'tsx'],
      isSea: false,
    });
    expect(self).toEqual({
      command: '/usr/bin/node',
      args: ['--import', path.resolve('hooks/register.mjs'), `--require=${path.resolve('../preload.cjs')}`, '--enable-source-maps', '--import', 'tsx', script],
    });
  });

  it('a debugger option is left out: the launched player would take the same port', () => {
    const self = selfCommand({
      execPath: '/usr/bin/node',
      argv: ['/usr/bin/node', script],
      execArgv: ['--inspect-brk=9229', '--inspect-port', '9230', '--no-warnings'],
      isSea: false,
    });
    expect(self.args).toEqual(['--no-warnings', script]);
  });

  it('the single executable starts alone: its options are not Node options', () => {
    expect(selfCommand({ execPath: '/opt/sso-backup', argv: ['/opt/sso-backup', 'demo'], execArgv: ['--max-old-space-size=100'], isSea: true })).toEqual({
      command: '/opt/sso-backup',
      args: [],
    });
  });

  it('the launcher script written carries them', () => {
    const dir = tempDir();
    const self = selfCommand({ execPath: process.execPath, argv: [process.execPath, script], execArgv: ['--import', './x.mjs'], isSea: false });
    createSimulatedMachine(dir, { launcher: { kind: 'script', command: self.command, args: [...self.args, 'simulator', 'ssoconfig'] } });
    const launcher = readFileSync(path.join(installDirOf(dir), SIMULATED_SSOCONFIG), 'utf8');
    expect(launcher).toContain(`'--import' '${path.resolve('x.mjs')}' '${script}' 'simulator' 'ssoconfig' "$@"`);
  });
});
