#!/usr/bin/env node
/**
 * Entry point of the simulated ssoconfig.exe. The launcher in a simulated machine's install directory starts it
 * with the machine folder in SSO_BACKUP_SIMULATOR_MACHINE and ssoconfig's own arguments.
 */
import { MACHINE_ENV } from '../simulator/machine-layout.js';
import { MachineStateError } from '../simulator/machine-state.js';
import { defaultPlayerIo, playSsoconfig } from '../simulator/ssoconfig-player.js';

const machineDir = process.env[MACHINE_ENV];
if (!machineDir) {
  process.stderr.write(
    'This is the sso-backup simulator of ssoconfig.exe. Run it through a simulated machine: ' +
      '`sso-backup simulator create <folder>` writes one, with ssoconfig.exe in its install directory.\n',
  );
  process.exit(1);
}

try {
  const result = await playSsoconfig(process.argv.slice(2), machineDir, defaultPlayerIo());
  if ('hang' in result) {
    // A stuck call into the SSO service: alive, silent, until someone kills it.
    setInterval(() => undefined, 1 << 30);
  } else {
    process.exitCode = result.exitCode;
  }
} catch (error) {
  if (error instanceof MachineStateError) {
    process.stderr.write(`${error.message}\nFix the file or create a new machine with \`sso-backup simulator create\`.\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
