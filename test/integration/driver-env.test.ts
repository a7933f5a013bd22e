/**
 * What the console driver gives ssoconfig as its environment: this process's, without NODE_DEBUG (Node's debug
 * switch is sso-backup's; the simulated ssoconfig is Node, and its debug lines would garble the prompts the driver
 * reads: on Windows there is no launcher script in between to unset it).
 */
import { describe, expect, it } from 'vitest';
import { backUpSecret, loadNodePty, type LoadedPty } from '../../src/console/backup-secret.js';
import { Secret } from '../../src/console/secret.js';
import { makeMachine } from '../support/machine.js';

describe('the environment ssoconfig gets', () => {
  it('is ours without NODE_DEBUG (any case), and the run succeeds with it set', async () => {
    const machine = makeMachine();
    const envs: Record<string, string | undefined>[] = [];
    const loadPty = async (): Promise<LoadedPty> => {
      const real = await loadNodePty();
      const spawn: LoadedPty['pty']['spawn'] = (file, args, options) => {
        envs.push({ ...options.env });
        return real.pty.spawn(file, args, options);
      };
      return { ...real, pty: { ...real.pty, spawn } };
    };
    const outcome = await backUpSecret(
      {
        installDir: machine.installDir,
        file: machine.backupFile(),
        password: new Secret('Lantern-Orchid-Gravel-5521'),
        reminder: 'KeePass: BizTalk / SSO',
        env: { ...process.env, NODE_DEBUG: 'stream,child_process', node_debug: 'net', SSO_KEEP_ME: 'yes' },
      },
      { loadPty },
    );
    expect(outcome.ok).toBe(true);
    expect(envs).toHaveLength(1);
    expect(Object.keys(envs[0]!).filter((key) => key.toUpperCase() === 'NODE_DEBUG')).toEqual([]);
    expect(envs[0]!['SSO_KEEP_ME']).toBe('yes');
  });
});
