/** Which machine this is: a simulated one when the ENTSSO directory belongs to one, else Windows or another host. */
import type { Machine } from './machine.js';
import { OtherHost } from './other-host.js';
import { simulatedMachineOf } from './simulated-machine.js';

/** The Windows seam (its tools' parsers, iconv-lite, the XML parser) is loaded only on Windows. */
export async function resolveMachine(options: { ssoDir?: string | undefined; platform?: NodeJS.Platform }): Promise<Machine> {
  const simulated = options.ssoDir !== undefined ? simulatedMachineOf(options.ssoDir) : undefined;
  if (simulated) return simulated;
  if ((options.platform ?? process.platform) !== 'win32') return new OtherHost();
  const { WindowsMachine } = await import('./windows/windows-machine.js');
  return new WindowsMachine();
}
