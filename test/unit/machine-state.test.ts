import { describe, expect, it } from 'vitest';
import {
  MachineStateError,
  SERVICE_STATES,
  STATE_FILE,
  STATE_SCHEMA,
  defaultMachineState,
  parseMachineState,
} from '../../src/simulator/machine-state.js';
import { DEFAULT_VARIANTS } from '../../src/simulator/variants.js';

/** The default state as a fresh parsed JSON object, ready to be broken by a test. */
function rawDefault(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(defaultMachineState())) as Record<string, unknown>;
}

/** Parses and returns the MachineStateError it must throw. */
function errorOf(raw: unknown, file?: string): MachineStateError {
  try {
    parseMachineState(raw, file);
  } catch (error) {
    expect(error).toBeInstanceOf(MachineStateError);
    return error as MachineStateError;
  }
  throw new Error('parseMachineState accepted an invalid state');
}

describe('defaultMachineState', () => {
  it('is valid and survives a JSON round trip unchanged', () => {
    const state = defaultMachineState();
    expect(parseMachineState(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });

  it('uses the current schema and the default variants', () => {
    const state = defaultMachineState();
    expect(state.schema).toBe(STATE_SCHEMA);
    expect(state.variants).toEqual(DEFAULT_VARIANTS);
    expect(state.service.state).toBe('running');
  });

  it('gives each machine a new secret with an MSID in braces', () => {
    const a = defaultMachineState();
    const b = defaultMachineState();
    expect(a.secret.msid).toMatch(/^\{[0-9A-F-]{36}\}$/);
    expect(a.secret.key).not.toBe(b.secret.key);
    expect(a.secret.msid).not.toBe(b.secret.msid);
  });

  it('applies overrides and merges partial variants over the defaults', () => {
    const state = defaultMachineState({ elevated: false, variants: { prompts: 'terse' } });
    expect(state.elevated).toBe(false);
    expect(state.variants).toEqual({ ...DEFAULT_VARIANTS, prompts: 'terse' });
    expect(parseMachineState(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });

  it('does not let an override change DEFAULT_VARIANTS', () => {
    defaultMachineState({ variants: { successText: 'none' } });
    expect(DEFAULT_VARIANTS.successText).toBe('shown');
  });
});

describe('parseMachineState: what it fills in', () => {
  it('missing variants take their defaults', () => {
    const raw = rawDefault();
    delete raw['variants'];
    expect(parseMachineState(raw).variants).toEqual(DEFAULT_VARIANTS);
  });

  it('some variants given: the rest take their defaults', () => {
    const raw = rawDefault();
    raw['variants'] = { existingFile: 'ask', input: 'stdin' };
    expect(parseMachineState(raw).variants).toEqual({ ...DEFAULT_VARIANTS, existingFile: 'ask', input: 'stdin' });
  });

  it('missing storage means no special paths', () => {
    const raw = rawDefault();
    delete raw['storage'];
    expect(parseMachineState(raw).storage).toEqual({ notNtfs: [], denied: [] });
  });

  it.each(SERVICE_STATES)('accepts service.state %s', (serviceState) => {
    const raw = rawDefault();
    (raw['service'] as Record<string, unknown>)['state'] = serviceState;
    expect(parseMachineState(raw).service.state).toBe(serviceState);
  });
});

describe('parseMachineState: a bad state names the field', () => {
  const cases: [string, (raw: Record<string, unknown>) => void, RegExp][] = [
    ['a bad variant value', (raw) => (raw['variants'] = { prompts: 'loud' }), /variants\.prompts/],
    ['a variant value of the wrong type', (raw) => (raw['variants'] = { successText: true }), /variants\.successText/],
    ['an unknown variant key', (raw) => (raw['variants'] = { colour: 'blue' }), /variants\.colour/],
    [
      'an unknown variant key that is an Object.prototype name',
      (raw) => (raw['variants'] = { constructor: 'standard' }),
      /variants\.constructor/,
    ],
    ['variants that are not an object', (raw) => (raw['variants'] = ['standard']), /variants/],
    ['a bad service.state', (raw) => ((raw['service'] as Record<string, unknown>)['state'] = 'paused'), /service\.state/],
    ['a missing service', (raw) => delete raw['service'], /service/],
    ['a wrong schema', (raw) => (raw['schema'] = 2), /schema/],
    ['a schema given as text', (raw) => (raw['schema'] = '1'), /schema/],
    ['a non-boolean elevated', (raw) => (raw['elevated'] = 'yes'), /elevated/],
    ['a missing localAdministrator', (raw) => delete raw['localAdministrator'], /localAdministrator/],
    ['a numeric computerName', (raw) => (raw['computerName'] = 42), /computerName/],
    ['a missing secret.key', (raw) => delete (raw['secret'] as Record<string, unknown>)['key'], /secret\.key/],
    ['a missing entsso', (raw) => delete raw['entsso'], /entsso/],
    [
      'storage paths that are not strings',
      (raw) => (raw['storage'] = { notNtfs: [1], denied: [] }),
      /storage\.notNtfs/,
    ],
  ];

  it.each(cases)('%s throws MachineStateError naming the field', (_name, breakIt, field) => {
    const raw = rawDefault();
    breakIt(raw);
    expect(errorOf(raw).message).toMatch(field);
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['a string', 'machine'],
  ])('a state that is %s is refused', (_name, raw) => {
    expect(errorOf(raw).message).toMatch(/must be an object/);
  });

  it('names the file in the error', () => {
    const raw = rawDefault();
    raw['elevated'] = 1;
    const error = errorOf(raw, 'C:\\sim\\machine.json');
    expect(error.file).toBe('C:\\sim\\machine.json');
    expect(error.message).toContain('C:\\sim\\machine.json');
    expect(errorOf(raw).file).toBe(STATE_FILE);
  });

  it('lists the allowed values of a bad variant', () => {
    const raw = rawDefault();
    raw['variants'] = { existingFile: 'delete' };
    expect(errorOf(raw).message).toMatch(/overwrite, refuse, ask/);
  });
});
