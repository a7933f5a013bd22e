#!/usr/bin/env node
/**
 * Entry point: the only place that sets the process exit code. The same entry is the packaged exe's, so it also
 * decides which program this process is: sso-backup itself, or the simulated ssoconfig.exe a simulated machine
 * starts (src/simulator/player-program.ts). No top-level await: the bundle inside the exe is CommonJS.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { isSea } from 'node:sea';
import { runCli } from '../cli/main.js';
import { SSOCONFIG } from '../entsso/facts.js';
import { EXIT } from '../errors.js';

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
  return runCli(args, {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
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
    // A stuck call into the SSO service (a simulator variant): alive, silent, until someone kills it.
    if (end === 'hang') setInterval(() => undefined, 1 << 30);
    else if (end !== 'script') endWith(end);
  },
  (error: unknown) => {
    // A defect, not a user error: say so, keep the stack for the report, and never exit 0.
    process.stderr.write(
      `sso-backup: unexpected internal error. Please report it with this text.\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    endWith(EXIT.internal);
  },
);
