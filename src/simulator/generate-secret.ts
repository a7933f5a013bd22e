/**
 * A new master secret on a simulated machine, as an SSO Administrator makes one (ssoconfig -generatesecret, or
 * the ENTSSO administration console): the secret and its id change, the old id becomes the previous one, and
 * ENTSSO logs event 10525 (../shared/reference/entsso.md section 5). Every backup made before it is a backup
 * of a secret that is no longer in use: a new backup is needed.
 */
import { ENTSSO_EVENTS } from '../entsso/facts.js';
import { appendEvent, type SimulatedEvent } from './event-log.js';
import { newSecret, readMachineState, writeMachineState } from './machine-state.js';

export function generateSecret(machineDir: string): { msid: string; previousMsid: string; event: SimulatedEvent } {
  const state = readMachineState(machineDir);
  const secret = newSecret(state.secret.msid);
  writeMachineState(machineDir, { ...state, secret });
  const event = appendEvent(machineDir, {
    time: secret.generatedAt,
    log: 'Application',
    source: ENTSSO_EVENTS.source,
    id: ENTSSO_EVENTS.secretGenerated,
    level: 'Information',
    message: 'A new master secret was generated. Back it up.',
    data: { MSID: secret.msid, 'Previous MSID': secret.previousMsid, 'Client User': state.user, 'Client Computer': state.computerName },
  });
  return { msid: secret.msid, previousMsid: secret.previousMsid, event };
}
