/** Every check rule, from facts to verdict, on a good machine and each bad one. */
import { describe, expect, it } from 'vitest';
import { blockingFailures, runChecks, type CheckName, type CheckResult, type MachineReport } from '../../src/checks/checks.js';
import type { TokenFacts } from '../../src/machine/facts.js';

const ELEVATED_ADMIN: TokenFacts = {
  integritySid: 'S-1-16-12288',
  groups: [
    { name: 'BUILTIN\\Administrators', sid: 'S-1-5-32-544', attributes: 'Mandatory group, Enabled by default, Enabled group, Group owner' },
    { name: 'CONTOSO\\SSO Administrators', sid: 'S-1-5-21-1-2-3-1104', attributes: 'Mandatory group, Enabled by default, Enabled group' },
    { name: 'CONTOSO\\Domain Users', sid: 'S-1-5-21-1-2-3-513', attributes: 'Mandatory group, Enabled by default, Enabled group' },
  ],
};

const INSTALL = 'C:\\Program Files\\Common Files\\Enterprise Single Sign-On';

function goodMachine(): MachineReport {
  return {
    names: { netbios: 'BTS01', dns: 'bts01.contoso.local' },
    installDirs: [{ dir: INSTALL, source: 'registry', hasSsoconfig: true }],
    install: { productVersion: '10.0.2242.0', registryInstallPath: `${INSTALL}\\` },
    token: ELEVATED_ADMIN,
    service: { exists: true, state: 4, account: 'CONTOSO\\svc-entsso', imageFolder: INSTALL },
    ssoDatabase: { masterSecretServer: 'BTS01', ssoAdministratorsGroup: 'CONTOSO\\SSO Administrators' },
    secretKeyPresent: true,
    backupRequiredEvents: [{ id: 10589, time: '2026-11-20T08:00:00.000Z', data: [] }],
    backupSucceededEvents: [],
    target: { file: 'D:\\SSO\\SSO.bak', volume: { fileSystem: 'NTFS', driveType: 'Fixed', unc: false } },
  };
}

const verdict = (report: MachineReport, name: CheckName): CheckResult => runChecks(report).find((r) => r.name === name)!;

describe('a good machine', () => {
  it('passes every required check; 10589 is a warning that says why to back up', () => {
    const results = runChecks(goodMachine());
    expect(blockingFailures(results)).toEqual([]);
    expect(results.filter((r) => r.status !== 'ok').map((r) => r.name)).toEqual(['backup-events']);
    expect(verdict(goodMachine(), 'backup-events').reason).toMatch(/logged 1 time\(s\), the last at 2026-11-20T08:00:00.000Z/);
  });
});

describe('each bad machine fails the check that names it, with a fix', () => {
  const cases: { name: string; change: (r: MachineReport) => void; check: CheckName; reason: RegExp; status?: string }[] = [
    { name: 'no ssoconfig.exe anywhere', change: (r) => (r.installDirs = [{ dir: INSTALL, source: 'the default folder', hasSsoconfig: false }]), check: 'entsso-installed', reason: /not found/ },
    { name: 'not elevated', change: (r) => (r.token = { ...ELEVATED_ADMIN, integritySid: 'S-1-16-8192' }), check: 'elevated', reason: /not elevated/ },
    { name: 'not a local administrator', change: (r) => (r.token = { integritySid: 'S-1-16-8192', groups: ELEVATED_ADMIN.groups.slice(1) }), check: 'elevated', reason: /not a member of the local Administrators/ },
    { name: 'service stopped', change: (r) => (r.service = { exists: true, state: 1 }), check: 'service', reason: /^stopped/ },
    { name: 'no service', change: (r) => (r.service = { exists: false }), check: 'service', reason: /no ENTSSO service/ },
    { name: 'another master secret server', change: (r) => { r.ssoDatabase = { masterSecretServer: 'BTS02' }; r.secretKeyPresent = false; }, check: 'master-secret-server', reason: /the master secret server is BTS02, not this computer/ },
    { name: 'no SSOSS key, database unreadable', change: (r) => { r.ssoDatabase = undefined; r.secretKeyPresent = false; }, check: 'master-secret-server', reason: /SSOSS key is absent/ },
    { name: 'not an SSO Administrator', change: (r) => (r.token = { ...ELEVATED_ADMIN, groups: ELEVATED_ADMIN.groups.filter((g) => !g.name.includes('SSO')) }), check: 'sso-administrator', reason: /not a member of CONTOSO\\SSO Administrators/ },
    { name: 'a FAT32 target', change: (r) => (r.target = { file: 'E:\\x.bak', volume: { fileSystem: 'FAT32', driveType: 'Fixed', unc: false } }), check: 'backup-target', reason: /FAT32: ENTSSO requires NTFS or removable media/ },
  ];
  it.each(cases)('$name', ({ change, check, reason }) => {
    const report = goodMachine();
    change(report);
    const result = verdict(report, check);
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(reason);
    expect(result.fix?.length).toBeGreaterThan(20);
    expect(blockingFailures(runChecks(report)).map((r) => r.name)).toEqual([check]);
    expect(blockingFailures(runChecks(report), [check])).toEqual([]);
  });
});

describe('warnings, not failures', () => {
  it('a service that is starting: ENTSSO can take minutes', () => {
    const report = { ...goodMachine(), service: { exists: true, state: 2 } };
    expect(verdict(report, 'service')).toMatchObject({ status: 'warning', reason: expect.stringMatching(/about 3 minutes/) });
  });

  it('registry and service disagree on the install directory', () => {
    const report = { ...goodMachine(), service: { exists: true, state: 4, imageFolder: 'D:\\ENTSSO' } };
    expect(verdict(report, 'entsso-installed')).toMatchObject({ status: 'warning', reason: expect.stringMatching(/registry says .* service runs from D:\\ENTSSO/) });
  });

  it('the same folder spelled differently is no disagreement', () => {
    const report = { ...goodMachine(), service: { exists: true, state: 4, imageFolder: INSTALL.toUpperCase() } };
    expect(verdict(report, 'entsso-installed').status).toBe('ok');
  });

  it('a cluster node: the key is here, the database names the network name', () => {
    const report = { ...goodMachine(), ssoDatabase: { masterSecretServer: 'SSOCLUSTER' } };
    expect(verdict(report, 'master-secret-server')).toMatchObject({ status: 'warning', fix: expect.stringMatching(/cluster network name/) });
  });

  it('SSO Administrators cannot be decided without the group name', () => {
    const report = { ...goodMachine(), ssoDatabase: { masterSecretServer: 'BTS01' } };
    expect(verdict(report, 'sso-administrator').status).toBe('warning');
  });

  it('a network share: unconfirmed', () => {
    const report = { ...goodMachine(), target: { file: '\\\\nas\\sso\\x.bak', volume: { unc: true } } };
    expect(verdict(report, 'backup-target').status).toBe('warning');
  });

  it('the master secret server named by its DNS name, in another case', () => {
    const report = { ...goodMachine(), ssoDatabase: { masterSecretServer: 'BTS01.CONTOSO.LOCAL', ssoAdministratorsGroup: 'CONTOSO\\SSO Administrators' } };
    expect(verdict(report, 'master-secret-server').status).toBe('ok');
  });
});

describe('names spelled otherwise are not decided against the admin', () => {
  it('ssomanage spells the domain as DNS (contoso.com\\...), the token as NetBIOS: a warning, not a failure', () => {
    const report = { ...goodMachine(), ssoDatabase: { masterSecretServer: 'BTS01', ssoAdministratorsGroup: 'contoso.com\\SSO Administrators' } };
    expect(verdict(report, 'sso-administrator').status).toBe('warning');
  });

  it('the master secret server as an FQDN whose host label is this computer, DNS name unknown: ok', () => {
    const report = { ...goodMachine(), names: { netbios: 'BTS01' }, ssoDatabase: { masterSecretServer: 'BTS01.contoso.com' } };
    expect(verdict(report, 'master-secret-server').status).toBe('ok');
  });

  it('a host name longer than NetBIOS allows (15 characters): ok', () => {
    const report = { ...goodMachine(), names: { netbios: 'BIZTALKPRODSSO0' }, ssoDatabase: { masterSecretServer: 'BIZTALKPRODSSO01.contoso.com' } };
    expect(verdict(report, 'master-secret-server').status).toBe('ok');
  });

  it('the database names this computer but the SSOSS key is absent: a warning', () => {
    const report = { ...goodMachine(), secretKeyPresent: false };
    expect(verdict(report, 'master-secret-server')).toMatchObject({ status: 'warning', reason: expect.stringMatching(/SSOSS key is absent/) });
  });

  it('as many 10589 events as are read: "at least"', () => {
    const many = Array.from({ length: 100 }, (_, i) => ({ id: 10589, time: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`, data: [] }));
    expect(verdict({ ...goodMachine(), backupRequiredEvents: many }, 'backup-events').reason).toMatch(/^logged at least 100 time\(s\)/);
  });
});

describe('10589 and 10559', () => {
  it('a backup after the last 10589: ok', () => {
    const report = { ...goodMachine(), backupSucceededEvents: [{ id: 10559, time: '2026-11-21T08:00:00.000Z', data: ['D:\\SSO\\SSO.bak'] }] };
    expect(verdict(report, 'backup-events')).toMatchObject({ status: 'ok', reason: expect.stringMatching(/before the backup \(10559\)/) });
  });

  it('no 10589 at all: ok', () => {
    expect(verdict({ ...goodMachine(), backupRequiredEvents: [] }, 'backup-events').status).toBe('ok');
  });
});

describe('a host without Windows', () => {
  it('skips the Windows checks with the reason, and fails only "ENTSSO installed"', () => {
    const report: MachineReport = { platformNote: 'not checked: ENTSSO runs only on Windows, and this is linux.', installDirs: [] };
    const results = runChecks(report);
    expect(results.filter((r) => r.status === 'skipped').map((r) => r.name)).toEqual([
      'elevated', 'service', 'master-secret-server', 'sso-administrator', 'backup-events', 'backup-target',
    ]);
    expect(results.find((r) => r.status === 'skipped' && r.name === 'service')?.reason).toContain('ENTSSO runs only on Windows');
    expect(blockingFailures(results).map((r) => r.name)).toEqual(['entsso-installed']);
  });

  it('with --sso-dir, "ENTSSO installed" passes and nothing blocks', () => {
    const report: MachineReport = { platformNote: 'not checked: not Windows', installDirs: [], chosenInstallDir: '/opt/entsso' };
    expect(blockingFailures(runChecks(report))).toEqual([]);
  });
});
