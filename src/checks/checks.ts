/**
 * Can this machine do the backup? Pure rules from facts (src/machine/facts.ts) to results with reasons and fixes,
 * so `sso-backup check`, the wizard and the tests all read the same verdicts. Facts from
 * ../shared/reference/entsso.md sections 1, 4, 5 and 6.
 */
import path from 'node:path';
import type { InstallDirCandidate } from '../machine/machine.js';
import type {
  ComputerNames,
  EntssoEvent,
  InstallFacts,
  ServiceFacts,
  SsoDatabaseFacts,
  TokenFacts,
  VolumeFacts,
} from '../machine/facts.js';
import { hasAdministratorsGroup, hasGroupNamed, isElevated } from '../machine/windows/parse-whoami.js';

export type CheckStatus = 'ok' | 'warning' | 'failed' | 'skipped';

/** How many events of one id the machine seam reads at most (the newest). */
export const EVENTS_READ = 100;

export const CHECK_NAMES = [
  'entsso-installed',
  'elevated',
  'service',
  'master-secret-server',
  'sso-administrator',
  'backup-events',
  'backup-target',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export interface CheckResult {
  name: CheckName;
  title: string;
  status: CheckStatus;
  /** One line: what was found. */
  reason: string;
  /** What to do, when not ok. */
  fix?: string;
  /** A failed required check stops the backup (exit 3) unless skipped with --skip-check. */
  required: boolean;
}

/** Everything the checks read; undefined = could not be learned on this machine. */
export interface MachineReport {
  platformNote?: string | undefined;
  names?: ComputerNames | undefined;
  installDirs: InstallDirCandidate[];
  /** The directory given with --sso-dir, if any. */
  chosenInstallDir?: string | undefined;
  install?: InstallFacts | undefined;
  token?: TokenFacts | undefined;
  service?: ServiceFacts | undefined;
  ssoDatabase?: SsoDatabaseFacts | undefined;
  secretKeyPresent?: boolean | undefined;
  backupRequiredEvents?: EntssoEvent[] | undefined;
  backupSucceededEvents?: EntssoEvent[] | undefined;
  target?: { file: string; volume?: VolumeFacts | undefined } | undefined;
}

type Rule = (report: MachineReport) => CheckResult;

const result = (
  name: CheckName,
  title: string,
  required: boolean,
  status: CheckStatus,
  reason: string,
  fix?: string,
): CheckResult => ({ name, title, required, status, reason, ...(fix ? { fix } : {}) });

const unknown = (report: MachineReport, what: string): string => report.platformNote ?? `${what} could not be read`;

const sameFolder = (a: string, b: string): boolean =>
  path.win32.normalize(a).replace(/\\+$/, '').toLowerCase() === path.win32.normalize(b).replace(/\\+$/, '').toLowerCase();

export const entssoInstalled: Rule = (report) => {
  const check = (status: CheckStatus, reason: string, fix?: string) =>
    result('entsso-installed', 'ENTSSO installed', true, status, reason, fix);
  const version = report.install?.productVersion ? `version ${report.install.productVersion}` : 'version unknown';
  const usable = report.installDirs.filter((c) => c.hasSsoconfig);
  const chosen = report.chosenInstallDir ?? usable[0]?.dir;
  const source = report.chosenInstallDir ? 'chosen' : usable[0]?.source;
  if (chosen === undefined) {
    return check(
      'failed',
      report.platformNote?.replace(/^not checked: /, '') ?? `ssoconfig.exe was not found (${report.installDirs.map((c) => c.source).join(', ') || 'nowhere to look'})`,
      'Run on a server with ENTSSO (BizTalk Server or Host Integration Server), or pass --sso-dir with its install directory.',
    );
  }
  const registry = report.install?.registryInstallPath;
  const service = report.service?.imageFolder;
  if (registry && service && !sameFolder(registry, service)) {
    return check(
      'warning',
      `the registry says ${registry} but the ENTSSO service runs from ${service}; using ${chosen} (${version})`,
      'Check which installation is live; a repair of ENTSSO puts the two back in step.',
    );
  }
  return check('ok', `${chosen} (${source}; ${version})`);
};

export const elevated: Rule = (report) => {
  const check = (status: CheckStatus, reason: string, fix?: string) =>
    result('elevated', 'Elevated local administrator', true, status, reason, fix);
  if (!report.token) return check('skipped', unknown(report, 'the token (whoami /groups)'));
  const runAsAdmin = 'Close this console and open a new one with "Run as administrator".';
  if (!hasAdministratorsGroup(report.token)) {
    return check('failed', 'this user is not a member of the local Administrators group (ENTSSO error 10771)', 'Sign in as a local administrator (and SSO Administrator). ' + runAsAdmin);
  }
  const isHigh = isElevated(report.token);
  if (isHigh === undefined) return check('warning', 'a local administrator, but the integrity level could not be read');
  if (!isHigh) return check('failed', 'a local administrator, but this console is not elevated (UAC): ENTSSO error 10771', runAsAdmin);
  return check('ok', 'elevated, member of the local Administrators group');
};

const SERVICE_STATES: Record<number, string> = { 1: 'stopped', 2: 'starting', 3: 'stopping', 4: 'running', 5: 'continuing', 6: 'pausing', 7: 'paused' };

export const service: Rule = (report) => {
  const check = (status: CheckStatus, reason: string, fix?: string) =>
    result('service', 'ENTSSO service running', true, status, reason, fix);
  const facts = report.service;
  if (!facts) return check('skipped', unknown(report, 'the service (sc query ENTSSO)'));
  if (!facts.exists) return check('failed', 'there is no ENTSSO service on this computer', 'Install and configure Enterprise Single Sign-On, or run on the master secret server.');
  const account = facts.account ? `, account ${facts.account}` : '';
  const state = facts.state === undefined ? 'in an unknown state' : (SERVICE_STATES[facts.state] ?? `in state ${facts.state}`);
  if (facts.state === 4) return check('ok', `running${account}`);
  if (facts.state === 2) {
    return check('warning', `starting${account}: ENTSSO can take about 3 minutes to start`, 'Wait until it is running (sc query ENTSSO shows STATE 4), then run again.');
  }
  return check('failed', `${state}${account}`, 'Start it: net start ENTSSO (it can take about 3 minutes), then run again.');
};

/**
 * Whether a server name is this computer: its NetBIOS name, its DNS name, or an FQDN whose host label is this
 * computer's (NetBIOS names are the first 15 characters of the host name), in any case.
 */
function isThisComputer(names: ComputerNames | undefined, name: string): boolean | undefined {
  if (!names) return undefined;
  const wanted = name.trim().toLowerCase();
  const netbios = names.netbios.toLowerCase();
  if (wanted === netbios || (names.dns !== undefined && wanted === names.dns.toLowerCase())) return true;
  const hostLabel = wanted.split('.')[0] ?? '';
  return hostLabel === netbios || hostLabel.slice(0, 15) === netbios;
}

export const masterSecretServer: Rule = (report) => {
  const check = (status: CheckStatus, reason: string, fix?: string) =>
    result('master-secret-server', 'This is the master secret server', true, status, reason, fix);
  const named = report.ssoDatabase?.masterSecretServer;
  const here = named !== undefined ? isThisComputer(report.names, named) : undefined;
  const key = report.secretKeyPresent;
  const goThere = (server: string) => `Run the backup on ${server} (the SSO database names it; on a cluster, the SSO network name).`;
  if (here === false && key !== true) {
    return check('failed', `the master secret server is ${named}, not this computer (ENTSSO error 10766)`, goThere(named!));
  }
  if (here === false && key === true) {
    return check(
      'warning',
      `this computer holds the secret key (SSOSS), but the SSO database names ${named}: a cluster node?`,
      'On a cluster the SSO database must name the SSO cluster network name; run on the node that owns the SSO resource.',
    );
  }
  if (here === true && key === false) {
    return check(
      'warning',
      `the SSO database names ${named}, this computer, but the SSOSS key is absent: has the master secret been generated here?`,
      'Check the ENTSSO events (10525 after a generation, 10534 "this computer is the master secret server").',
    );
  }
  if (key === true || here === true) {
    const how = [key === true ? 'the SSOSS key is present' : '', here === true ? `the SSO database names ${named}` : ''].filter(Boolean).join('; ');
    return check('ok', how);
  }
  if (key === false) {
    return check('failed', 'the HKLM\\SOFTWARE\\Microsoft\\ENTSSO\\SSOSS key is absent: it exists only on the master secret server', 'Run on the master secret server (ssomanage -displaydb names it).');
  }
  return check('skipped', unknown(report, 'the SSOSS key and the SSO database'));
};

export const ssoAdministrator: Rule = (report) => {
  const check = (status: CheckStatus, reason: string, fix?: string) =>
    result('sso-administrator', 'Member of SSO Administrators', true, status, reason, fix);
  const group = report.ssoDatabase?.ssoAdministratorsGroup;
  if (!report.token) return check('skipped', unknown(report, 'the token (whoami /groups)'));
  if (!group) {
    return check('warning', 'the SSO Administrators group could not be read (ssomanage -displaydb), so membership is not decided', 'Make sure you are in the SSO Administrators group named by ssomanage -displaydb.');
  }
  if (hasGroupNamed(report.token, group)) return check('ok', `member of ${group}`);
  const fix = `Ask for membership of ${group}, then sign out and in again so the token carries it.`;
  // Decided only when the token carries groups of the same domain, spelled the same way: a name spelled
  // otherwise (contoso.com\X against CONTOSO\X) or an account that is a user, not a group, stays undecided.
  const domain = group.includes('\\') ? group.split('\\')[0]!.toLowerCase() : undefined;
  const seesDomain = domain !== undefined && report.token.groups.some((g) => g.name.toLowerCase().startsWith(`${domain}\\`));
  if (!seesDomain) return check('warning', `${group} is not among this token's groups, but the token shows no groups of that domain to compare with`, fix);
  return check('failed', `not a member of ${group} (ENTSSO error 10772)`, fix);
};

export const backupEvents: Rule = (report) => {
  const check = (status: CheckStatus, reason: string, fix?: string) =>
    result('backup-events', 'Event 10589 (secret not backed up)', false, status, reason, fix);
  const required = report.backupRequiredEvents;
  if (!required) return check('skipped', unknown(report, 'the Application log (wevtutil)'));
  const latest = (events: EntssoEvent[]) => events.map((e) => e.time).sort().at(-1);
  const lastRequired = latest(required);
  const lastBackup = latest(report.backupSucceededEvents ?? []);
  const count = required.length >= EVENTS_READ ? `at least ${required.length}` : String(required.length);
  if (!lastRequired) {
    return check('ok', lastBackup ? `not logged; last backup (10559) at ${lastBackup}` : 'not logged in the Application log');
  }
  if (lastBackup && lastBackup > lastRequired) {
    return check('ok', `logged ${count} time(s), the last at ${lastRequired}, before the backup (10559) at ${lastBackup}`);
  }
  return check('warning', `logged ${count} time(s), the last at ${lastRequired}: the master secret is not backed up`, 'Back it up: sso-backup.');
};

export const backupTarget: Rule = (report) => {
  const check = (status: CheckStatus, reason: string, fix?: string) =>
    result('backup-target', 'Backup target on NTFS or removable media', true, status, reason, fix);
  const target = report.target;
  if (!target) return check('skipped', 'no backup file named (--file)');
  const volume = target.volume;
  if (!volume) return check('skipped', unknown(report, `the volume of ${target.file}`));
  if (volume.unc || volume.driveType === 'Network') {
    return check('warning', `${target.file} is on a network share: whether ENTSSO writes there is unconfirmed`, 'Write to a local NTFS folder, then copy the file to the share.');
  }
  if (volume.driveType === 'Removable') return check('ok', `removable media (${volume.fileSystem ?? 'file system unknown'})`);
  if (volume.fileSystem?.toUpperCase() === 'NTFS') return check('ok', `NTFS, ${volume.driveType ?? 'drive type unknown'}`);
  return check(
    'failed',
    `${target.file} is on ${volume.fileSystem ?? 'an unknown file system'}: ENTSSO requires NTFS or removable media (10759, event 10561)`,
    'Choose a folder on a local NTFS volume or on removable media.',
  );
};

const RULES: Rule[] = [entssoInstalled, elevated, service, masterSecretServer, ssoAdministrator, backupEvents, backupTarget];

export function runChecks(report: MachineReport): CheckResult[] {
  return RULES.map((rule) => rule(report));
}

/** The failed required checks that were not skipped on purpose. */
export function blockingFailures(results: readonly CheckResult[], skip: readonly CheckName[] = []): CheckResult[] {
  return results.filter((r) => r.required && r.status === 'failed' && !skip.includes(r.name));
}

