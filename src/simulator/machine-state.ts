/**
 * The state of a simulated ENTSSO machine: one JSON file, `machine.json`, in the machine's folder. A person can
 * read and edit it to rehearse a bad machine; docs/simulator.md documents every field.
 *
 * Facts played (../shared/reference/entsso.md): section 1 (who may back up, where), section 4 (which failure
 * each state gives), section 6 (service, registry values, master secret server).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_VARIANTS, VARIANT_CHOICES, type Variants } from './variants.js';

export const STATE_FILE = 'machine.json';
export const STATE_SCHEMA = 1;

export type ServiceState = 'running' | 'stopped' | 'start-pending' | 'not-responding';
export const SERVICE_STATES: readonly ServiceState[] = ['running', 'stopped', 'start-pending', 'not-responding'];

export interface MachineState {
  schema: typeof STATE_SCHEMA;
  /** NetBIOS name of this computer. */
  computerName: string;
  /** DNS domain; the FQDN is computerName.dnsDomain. */
  dnsDomain: string;
  /** The signed-in user as DOMAIN\name. */
  user: string;
  /** The name the SSO database gives as master secret server (ssomanage -displaydb). */
  masterSecretServer: string;
  /** Whether the process token is elevated (UAC). */
  elevated: boolean;
  /** Member of BUILTIN\Administrators. */
  localAdministrator: boolean;
  /** Member of the SSO Administrators group named below. */
  ssoAdministrator: boolean;
  ssoAdministratorsGroup: string;
  service: { state: ServiceState; account: string };
  entsso: { productVersion: string; productName: string };
  /** The simulated master secret: what a backup encrypts and a restore brings back. */
  secret: { msid: string; previousMsid: string; key: string; generatedAt: string };
  /** Host path prefixes the simulated machine treats as not NTFS (10759) or as access denied (10784). */
  storage: { notNtfs: string[]; denied: string[] };
  variants: Variants;
}

export class MachineStateError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`The simulated machine state ${file} is not valid: ${problem}`);
    this.name = 'MachineStateError';
  }
}

export function newSecret(previousMsid = ''): MachineState['secret'] {
  return {
    msid: `{${randomUUID().toUpperCase()}}`,
    previousMsid,
    key: randomBytes(32).toString('base64'),
    generatedAt: new Date().toISOString(),
  };
}

export type MachineStateOverrides = Partial<Omit<MachineState, 'variants'>> & { variants?: Partial<Variants> };

export function defaultMachineState(overrides: MachineStateOverrides = {}): MachineState {
  const { variants, ...rest } = overrides;
  return {
    schema: STATE_SCHEMA,
    computerName: 'SSOSIM01',
    dnsDomain: 'contoso.local',
    user: 'CONTOSO\\btsadmin',
    masterSecretServer: 'SSOSIM01',
    elevated: true,
    localAdministrator: true,
    ssoAdministrator: true,
    ssoAdministratorsGroup: 'CONTOSO\\SSO Administrators',
    service: { state: 'running', account: 'CONTOSO\\svc-entsso' },
    entsso: { productVersion: '10.0.2242.0', productName: 'Microsoft Enterprise Single Sign-On' },
    secret: newSecret(),
    storage: { notNtfs: [], denied: [] },
    ...rest,
    variants: { ...DEFAULT_VARIANTS, ...variants },
  };
}

export function readMachineState(machineDir: string): MachineState {
  const file = path.join(machineDir, STATE_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new MachineStateError(file, error instanceof Error ? error.message : String(error));
  }
  return parseMachineState(raw, file);
}

/** Atomic: a reader never sees half a file. */
export function writeMachineState(machineDir: string, state: MachineState): void {
  const file = path.join(machineDir, STATE_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temp, file);
}

/** Validates a parsed state, naming the first bad field; missing variants take their defaults. */
export function parseMachineState(raw: unknown, file = STATE_FILE): MachineState {
  const fail = (problem: string): never => {
    throw new MachineStateError(file, problem);
  };
  const obj = (value: unknown, where: string): Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : fail(`${where} must be an object`);
  const str = (o: Record<string, unknown>, key: string, where: string): string =>
    typeof o[key] === 'string' ? o[key] : fail(`${where}.${key} must be a string`);
  const bool = (o: Record<string, unknown>, key: string): boolean =>
    typeof o[key] === 'boolean' ? o[key] : fail(`${key} must be true or false`);
  const strings = (o: Record<string, unknown>, key: string, where: string): string[] => {
    const value = o[key] ?? [];
    return Array.isArray(value) && value.every((v) => typeof v === 'string')
      ? value
      : fail(`${where}.${key} must be a list of paths`);
  };

  const root = obj(raw, 'the state');
  if (root['schema'] !== STATE_SCHEMA) fail(`schema must be ${STATE_SCHEMA}`);
  const service = obj(root['service'], 'service');
  const serviceState = str(service, 'state', 'service');
  if (!(SERVICE_STATES as readonly string[]).includes(serviceState)) {
    fail(`service.state must be one of ${SERVICE_STATES.join(', ')}`);
  }
  const entsso = obj(root['entsso'], 'entsso');
  const secret = obj(root['secret'], 'secret');
  const storage = obj(root['storage'] ?? {}, 'storage');
  const variantsRaw = obj(root['variants'] ?? {}, 'variants');
  const variants: Record<string, unknown> = { ...DEFAULT_VARIANTS };
  for (const [key, value] of Object.entries(variantsRaw)) {
    // Own keys only: `constructor` or `__proto__` in a hand-edited file are unknown variants, not crashes.
    const choices = Object.hasOwn(VARIANT_CHOICES, key) ? (VARIANT_CHOICES as Record<string, readonly string[]>)[key] : undefined;
    if (!choices) fail(`variants.${key} is not a known variant (known: ${Object.keys(VARIANT_CHOICES).join(', ')})`);
    else if (!choices.includes(value as string)) fail(`variants.${key} must be one of ${choices.join(', ')}`);
    variants[key] = value;
  }
  return {
    schema: STATE_SCHEMA,
    computerName: str(root, 'computerName', 'state'),
    dnsDomain: str(root, 'dnsDomain', 'state'),
    user: str(root, 'user', 'state'),
    masterSecretServer: str(root, 'masterSecretServer', 'state'),
    elevated: bool(root, 'elevated'),
    localAdministrator: bool(root, 'localAdministrator'),
    ssoAdministrator: bool(root, 'ssoAdministrator'),
    ssoAdministratorsGroup: str(root, 'ssoAdministratorsGroup', 'state'),
    service: { state: serviceState as ServiceState, account: str(service, 'account', 'service') },
    entsso: {
      productVersion: str(entsso, 'productVersion', 'entsso'),
      productName: str(entsso, 'productName', 'entsso'),
    },
    secret: {
      msid: str(secret, 'msid', 'secret'),
      previousMsid: str(secret, 'previousMsid', 'secret'),
      key: str(secret, 'key', 'secret'),
      generatedAt: str(secret, 'generatedAt', 'secret'),
    },
    storage: { notNtfs: strings(storage, 'notNtfs', 'storage'), denied: strings(storage, 'denied', 'storage') },
    variants: variants as unknown as Variants,
  };
}
