#!/usr/bin/env node
/**
 * Entry point: the only place that sets the process exit code. The same entry is the packaged exe's, so it also
 * decides which program this process is: sso-backup itself, or the simulated ssoconfig.exe a simulated machine
 * starts (src/simulator/player-program.ts). No top-level await: the bundle inside the exe is CommonJS.
 */
import { closeSync, fstatSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { isSea } from 'node:sea';
// First, for every role (the CLI, the simulated ssoconfig.exe): Node's debug logs (NODE_DEBUG=stream) print no Buffer's
// bytes, so no password read through a stream is ever printed in hex (src/console/secret.ts).
import '../console/secret.js';
import { runCli } from '../cli/main.js';
import { SSOCONFIG } from '../entsso/facts.js';
import { EXIT } from '../errors.js';
import { isLostTerminalError } from '../ui/lost-terminal.js';

/** An exit code; 'hang' stays alive and silent until killed; 'script' leaves the process to the script it runs. */
type ProgramEnd = number | 'hang' | 'script';

/**
 * On Windows, node-pty forks a helper script of its own, conpty_console_list_agent (it lists a pseudo-console's
 * processes when one is closed), with process.execPath and an IPC channel: inside the packaged exe that is
 * sso-backup.exe itself, which runs that script and nothing else: only that name, only from the node-pty folder
 * beside the exe (any case, links resolved on Windows), only when started with an IPC channel.
 */
function nodePtyScript(first: string | undefined): string | undefined {
  if (first === undefined || process.send === undefined) return undefined;
  if (!/^conpty_console_list_agent(\.js)?$/i.test(path.basename(first))) return undefined;
  const real = (file: string): string => {
    try {
      return realpathSync(file);
    } catch {
      return path.resolve(file);
    }
  };
  const same = (a: string, b: string): boolean => (process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b);
  const lib = real(path.join(path.dirname(process.execPath), 'node_modules', 'node-pty', 'lib'));
  return same(real(path.dirname(path.resolve(first))), lib) ? path.join(lib, path.basename(first)) : undefined;
}

async function main(args: readonly string[]): Promise<ProgramEnd> {
  if (args[0] === 'simulator' && args[1] === 'ssoconfig') {
    const player = await import('../simulator/player-program.js');
    return player.playSimulatedSsoconfig(args.slice(2), player.machineOfEnvironment(process.env));
  }
  const script = isSea() ? nodePtyScript(args[0]) : undefined;
  if (script !== undefined) {
    // Inside the exe argv is [exe, exe, script, ...]; the script reads its own arguments from argv[2].
    process.argv.splice(1, 1);
    (await import('./node-pty-script.cjs')).default.runNodePtyScript(script);
    return 'script';
  }
  if (isSea() && path.basename(process.execPath).toLowerCase() === SSOCONFIG.executable.toLowerCase()) {
    const player = await import('../simulator/player-program.js');
    return player.playSimulatedSsoconfig(args, player.machineOfExecutable(process.execPath));
  }
  outliveTheTerminal();
  return runCli(args, {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}


/** The CLI's run has returned its code (or failed): set by the end of main, read when nothing is left to wait for. */
let cliEnded = false;

/**
 * A closed terminal must not kill the run half-way: its SIGHUP stops the run in order (ssoconfig stopped, files put
 * back), and that takes writes to the terminal that now fail. Node makes each failed write an 'error' event, and a
 * question's readline one it throws (setRawMode EIO); unhandled, the process died there (seen: by SIGSEGV, inside
 * Node's own report of it), files and all. So those errors are let go, and the run ends as it would have; any other
 * uncaught error is a defect: said, and exit 70, as for a rejected promise below.
 */
function outliveTheTerminal(): void {
  let lost = false;
  const onLost = (): void => {
    lost = true;
  };
  // Nothing left to wait for, and the run has not ended: what it waited on can never come. Seen when the terminal
  // closes at a question: its input ends, the question waits for ever, and Node would exit 0, a success that never
  // was. With the terminal gone that is a cancellation (nothing had been changed: at a question nothing has); else a
  // defect.
  process.on('beforeExit', () => {
    if (cliEnded) return;
    cliEnded = true;
    const gone = lost || controllingTerminalGone();
    if (!gone) reportDefect(new Error('The run stopped with nothing left to wait for, before it had ended.'));
    endWith(gone ? EXIT.cancelled : EXIT.internal);
  });
  for (const stream of [process.stdout, process.stderr]) stream.on('error', onLost);
  process.on('uncaughtException', (error) => {
    if (isLostTerminalError(error)) return onLost();
    reportDefect(error);
    process.exit(EXIT.internal);
  });
  // Node (20.20 here; nodejs/node#51519, fixed by #58200) restores the terminal's modes as it exits and aborts
  // (SIGABRT, after the run has ended in order) when that terminal is gone. It leaves alone a descriptor that is
  // closed: so, when the terminal is gone, its descriptors are closed first, and the exit code stands.
  process.on('exit', () => {
    if (!(lost || controllingTerminalGone())) return;
    // isatty() is false by now (it asks the terminal, which answers EIO): a character device it was.
    for (const fd of [0, 1, 2]) {
      try {
        if (fstatSync(fd).isCharacterDevice()) closeSync(fd);
      } catch {
        // already closed: nothing to restore there either
      }
    }
  });
}

/** Linux: this process had a controlling terminal and has lost it (a hang-up takes it from the whole session). */
function controllingTerminalGone(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[4] === '0';
  } catch {
    return false;
  }
}

function reportDefect(error: unknown): void {
  process.stderr.write(
    `sso-backup: unexpected internal error. Please report it with this text.\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
}

/**
 * How long a finished run may stay alive for its output to drain. All is done and said by then; a handle left
 * open by a child's pseudo-console (seen with node-pty's Windows console under Wine, after a failed run) must not
 * keep a runbook waiting for ever. The timer does not hold the process: a clean run ends at once.
 */
const EXIT_GRACE_MS = 3_000;

function endWith(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
}

main(process.argv.slice(2)).then(
  (end) => {
    cliEnded = true;
    // A stuck call into the SSO service (a simulator variant): alive, silent, until someone kills it.
    if (end === 'hang') setInterval(() => undefined, 1 << 30);
    else if (end !== 'script') endWith(end);
  },
  (error: unknown) => {
    cliEnded = true;
    // A defect, not a user error: say so, keep the stack for the report, and never exit 0.
    reportDefect(error);
    endWith(EXIT.internal);
  },
);
