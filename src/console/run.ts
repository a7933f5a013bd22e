/** What either way of running ssoconfig (pseudo-console or handover) needs. */
import type { DriverEventListener } from './events.js';
import type { DriverLimits } from './limits.js';
import type { Secret } from './secret.js';

export interface SsoconfigRun {
  /** Absolute path of ssoconfig.exe. */
  command: string;
  args: readonly string[];
  /** The install directory: ssoconfig runs from there. */
  cwd: string;
  /** The child's whole environment. */
  env: Record<string, string>;
  /** Typed (pseudo-console) or only redacted (handover); never passed on. */
  password: Secret;
  reminder: string;
  limits: DriverLimits;
  onEvent: DriverEventListener;
  signal?: AbortSignal | undefined;
}
