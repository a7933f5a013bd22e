#!/usr/bin/env node
/** Entry point: the only place that sets the process exit code. */
import { runCli } from '../cli/main.js';
import { EXIT } from '../errors.js';

try {
  process.exitCode = await runCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
} catch (error) {
  // A defect, not a user error: say so, keep the stack for the report, and never exit 0.
  process.stderr.write(`sso-backup: unexpected internal error. Please report it with this text.\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = EXIT.internal;
}
