/** Which machine this is: a simulated one when the ENTSSO directory belongs to one, else Windows or another host. */
import type { Machine } from './machine.js';
import { OtherHost } from './other-host.js';
import { simulatedMachineOf } from './simulated-machine.js';
import { WindowsMachine } from './windows/windows-machine.js';

export function resolveMachine(options: { ssoDir?: string | undefined; platform?: NodeJS.Platform }): Machine {
  const simulated = options.ssoDir !== undefined ? simulatedMachineOf(options.ssoDir) : undefined;
  if (simulated) return simulated;
  return (options.platform ?? process.platform) === 'win32' ? new WindowsMachine() : new OtherHost();
}
