// Benchmarks (issue 2 and 3): whole-process times of `vbrwall plan` and `vbrwall render --target all`,
// rule counts per target against plan flows and a lower bound, peak memory (GNU time).
// Usage: npm run bench   (builds first). Figures go to stdout and bench/results.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDeployment } from '../dist/model/load.js';
import { buildPlan } from '../dist/plan/plan.js';
import { buildPolicy } from '../dist/policy/build.js';
import { renderers } from '../dist/render/registry.js';
import { largeDeployment } from './gen-large.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
/** The large runs take minutes each: fewer of them. */
const LARGE_RUNS = Number(process.env.BENCH_LARGE_RUNS ?? 5);
const bin = join(import.meta.dirname, '..', 'bin', 'vbrwall.js');
const tmp = mkdtempSync(join(tmpdir(), 'vbrwall-bench-'));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

/** Runs a command RUNS times; returns median wall ms and the peak RSS (MB) of the last run. */
function time(args, runs = RUNS) {
  const walls = [];
  let rss;
  const gnuTime = existsSync('/usr/bin/time');
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = gnuTime
      ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })
      : spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
    walls.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
    if (gnuTime) rss = Number(r.stderr.trim().split('\n').pop()) / 1024;
  }
  return { medianMs: Math.round(median(walls)), minMs: Math.round(Math.min(...walls)), maxMs: Math.round(Math.max(...walls)), peakRssMB: rss === undefined ? null : Math.round(rss) };
}

function counts(file) {
  const r = loadDeployment(readFileSync(file, 'utf8'), file);
  if (!r.ok) throw new Error(`${file}: bad input`);
  const plan = buildPlan(r.value.deployment);
  const policy = buildPolicy(plan, { scope: 'zone-firewall' });
  const crossing = plan.flows.filter((f) => f.fromZone !== f.toZone);
  const zonePairs = new Set(crossing.map((f) => `${f.fromZone}>${f.toZone}`)).size;
  return { hosts: r.value.deployment.hosts.length, planFlows: plan.flows.length, crossingFlows: crossing.length, policyRules: policy.rules.length, lowerBound: zonePairs };
}

/** In one process: the median time of each phase on the large deployment, and of each target's render() with its output size. */
function inProcess(file) {
  const text = readFileSync(file, 'utf8');
  const ms = (f) => { const t = process.hrtime.bigint(); const v = f(); return [Number(process.hrtime.bigint() - t) / 1e6, v]; };
  const phases = { load: [], plan: [], policy: [] };
  let policy;
  for (let i = 0; i < RUNS; i++) {
    const [a, r] = ms(() => loadDeployment(text, file));
    const [b, plan] = ms(() => buildPlan(r.value.deployment));
    const [c, p] = ms(() => buildPolicy(plan, { scope: 'zone-firewall' }));
    phases.load.push(a); phases.plan.push(b); phases.policy.push(c);
    policy = p;
  }
  const targets = {};
  for (const r of renderers.filter((x) => x.supports.scopes.includes('zone-firewall'))) {
    const times = [];
    let bytes = 0;
    for (let i = 0; i < 3; i++) {
      const [t, out] = ms(() => r.render(policy, { outbound: false }));
      times.push(t);
      bytes = out.files.reduce((n, f) => n + (typeof f.content === 'string' ? Buffer.byteLength(f.content) : f.content.length), 0);
    }
    targets[r.id] = { medianMs: Math.round(median(times)), outputMB: Math.round(bytes / 1e5) / 10 };
  }
  return { phasesMs: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(median(v))])), targets };
}

const example = join(import.meta.dirname, '..', 'examples', 'four-zone.yaml');
const large = join(tmp, 'large.yaml');
writeFileSync(large, largeDeployment(2000, 20));

const results = { runs: { small: RUNS, large: LARGE_RUNS }, machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadAverageAtStart: loadavg().map((x) => Math.round(x * 10) / 10) } };
results.planFourZone = time(['plan', example]);
results.planFourZoneJson = time(['plan', example, '--format', 'json']);
results.fourZone = counts(example);
results.large = counts(large);
results.renderAllFourZone = time(['render', example, '--target', 'all', '--out', join(tmp, 'out-4z'), '--allow-partial']);
results.planLarge = time(['plan', large, '--format', 'json'], LARGE_RUNS);
results.renderAllLarge = time(['render', large, '--target', 'all', '--out', join(tmp, 'out-large'), '--allow-partial'], LARGE_RUNS);
results.renderNetworkTargetsLarge = Object.fromEntries(['nftables', 'iptables', 'asa', 'panos', 'fortios', 'srx'].map((t) => [t, time(['render', large, '--target', t, '--out', join(tmp, `out-${t}`), '--allow-partial'], LARGE_RUNS)]));
results.inProcessLarge = inProcess(large);
results.targets = renderers.filter((r) => r.supports.scopes.includes('zone-firewall')).map((r) => r.id);
rmSync(tmp, { recursive: true, force: true });
results.machine.loadAverageAtEnd = loadavg().map((x) => Math.round(x * 10) / 10);

console.log(JSON.stringify(results, null, 2));
writeFileSync(join(import.meta.dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
