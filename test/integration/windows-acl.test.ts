/**
 * WindowsMachine.othersWhoCanRead (for --password-file): the ACL script runs with the path in its environment,
 * never in its text; its JSON is read; this user (whoami /user) and the owner are not "others"; any failure is
 * "unknown" (undefined), never an error. The tools are played in-process through the injected RunTool.
 */
import { describe, expect, it } from 'vitest';
import { ACL_PATH_ENV } from '../../src/machine/windows/parse-acl.js';
import { WindowsMachine, type RunTool } from '../../src/machine/windows/windows-machine.js';

const ENV: NodeJS.ProcessEnv = { SystemRoot: 'C:\\Windows' };
const ME = 'S-1-5-21-1004336348-1177238915-682003330-1001';
const FILE = "C:\\Secrets\\O'Neil $(Get-Date).txt";

interface Call {
  file: string;
  args: readonly string[];
  env: Readonly<Record<string, string>> | undefined;
}

function fakeTools(acl: { exitCode?: number; stdout: string }, calls: Call[]): RunTool {
  return async (file, args, options) => {
    calls.push({ file, args, env: options?.env });
    const bytes = (text: string) => new TextEncoder().encode(text);
    if (file.toLowerCase().endsWith('whoami.exe')) return { exitCode: 0, stdout: bytes(`"CONTOSO\\btsadmin","${ME}"\r\n`), stderr: bytes('') };
    if (file.toLowerCase().endsWith('powershell.exe')) return { exitCode: acl.exitCode ?? 0, stdout: bytes(acl.stdout), stderr: bytes('') };
    if (file.toLowerCase().endsWith('reg.exe')) return { exitCode: 1, stdout: bytes(''), stderr: bytes('') }; // no OEMCP: cp437
    return { exitCode: 1, stdout: bytes(''), stderr: bytes(`not played: ${file}`) };
  };
}

const rule = (sid: string, rights = 0x1200a9) => ({ Sid: sid, Rights: rights, Type: 'Allow' });

describe('WindowsMachine.othersWhoCanRead', () => {
  it('names Everyone and Users, not SYSTEM, Administrators, the owner or this user; the path only in the environment', async () => {
    const calls: Call[] = [];
    const stdout = JSON.stringify({
      Owner: 'S-1-5-32-544',
      Rules: [rule('S-1-5-18', 0x1f01ff), rule('S-1-5-32-544', 0x1f01ff), rule(ME, 0x1f01ff), rule('S-1-1-0'), rule('S-1-5-32-545')],
    });
    const machine = new WindowsMachine(ENV, fakeTools({ stdout }, calls));
    const others = await machine.othersWhoCanRead(FILE);
    expect(others).toHaveLength(2);
    expect(others!.join(' ')).toContain('Everyone');
    expect(others!.join(' ')).toContain('BUILTIN\\Users');
    const ps = calls.find((c) => c.file.toLowerCase().endsWith('powershell.exe'))!;
    expect(ps.env).toEqual({ [ACL_PATH_ENV]: FILE });
    const encoded = ps.args[ps.args.indexOf('-EncodedCommand') + 1]!;
    expect(Buffer.from(encoded, 'base64').toString('utf16le')).not.toContain('Get-Date');
  });

  it('only this user and the system: nobody else', async () => {
    const stdout = JSON.stringify({ Owner: ME, Rules: [rule('S-1-5-18', 0x1f01ff), rule(ME, 0x1f01ff)] });
    expect(await new WindowsMachine(ENV, fakeTools({ stdout }, [])).othersWhoCanRead(FILE)).toEqual([]);
  });

  it('a failed or unreadable answer is unknown, not an error', async () => {
    expect(await new WindowsMachine(ENV, fakeTools({ exitCode: 1, stdout: '' }, [])).othersWhoCanRead(FILE)).toBeUndefined();
    expect(await new WindowsMachine(ENV, fakeTools({ stdout: 'Get-Acl : Access is denied' }, [])).othersWhoCanRead(FILE)).toBeUndefined();
  });
});
