// Speed of `vbrwall audit` (issue 5): an iptables-save of 100,000 rules for the large synthetic
// deployment of bench/gen-large.mjs (2,000 hosts in 20 zones), audited as a zone firewall, whole
// process, 5 runs; prints the median. Goal: under 2 s.
// Usage: npm run build && node bench/audit-100k.mjs [RULES] [RUNS] [FORMAT]   (FORMAT: json (default), table, sarif, md)
//   VBRWALL_DIST=dir   use another build of src/ (default: dist/)
//   PHASES=1           then also time each phase (load, plan, parse, evaluate, excess, shadowed,
//                      unused, breaks, report) in a fresh process per run, and print their medians
// The ruleset: one rule per flow between zones and address pair (multiport lists of at most 15
// ports, as iptables allows), grouped in a chain per source zone as administrators write them,
// then broad, shadowed and dropping rules mixed in (1 in 50) until RULES rules. The plan is built
// by the same code the audit uses, so most flows are allowed and the rest are found blocked.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { largeDeployment } from './gen-large.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = process.env.VBRWALL_DIST ?? join(here, '..', 'dist');
const RULES = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.argv[3] ?? 5);
const FORMAT = process.argv[4] ?? 'json';

const { loadDeployment } = await import(join(dist, 'model', 'load.js'));
const { buildPlan } = await import(join(dist, 'plan', 'plan.js'));
const { formatCidr } = await import(join(dist, 'net', 'ip.js'));

const yaml = largeDeployment(2000);
const yamlPath = '/tmp/vbrwall-audit-bench.yaml';
const rulesPath = '/tmp/vbrwall-audit-bench.rules';
writeFileSync(yamlPath, yaml);
const loaded = loadDeployment(yaml, 'large.yaml');
if (!loaded.ok) throw new Error('the large deployment does not load');
const d = loaded.value.deployment;
const plan = buildPlan(d);

// Addresses of a host as iptables writes them (IPv4 only: this is an iptables-save).
const hostOf = new Map(d.hosts.map((h) => [h.name, h]));
const zoneCidrs = new Map(d.zones.map((z) => [z.name, z.cidrs.filter((c) => c.family === 4).map((c) => formatCidr(c))]));
const addrs = (name) => {
  const h = hostOf.get(name);
  if (h.kind === 'host' || h.kind === 'group') return h.addresses.filter((c) => c.family === 4).map((c) => formatCidr(c));
  if (h.kind === 'zone' || h.kind === 'fqdn') return zoneCidrs.get(h.zone)?.length ? zoneCidrs.get(h.zone) : ['0.0.0.0/0'];
  return [];
};
const portText = ([a, b]) => (a === b ? String(a) : `${a}:${b}`);
const chunks = (ports) => {
  const out = [];
  let cur = [];
  let n = 0;
  for (const p of ports) {
    const w = p[0] === p[1] ? 1 : 2;
    if (n + w > 15) {
      out.push(cur);
      cur = [];
      n = 0;
    }
    cur.push(p);
    n += w;
  }
  if (cur.length) out.push(cur);
  return out;
};

const byZone = new Map();
let count = 0;
let noise = 0;
const crossing = plan.flows.filter((f) => f.fromZone !== f.toZone);
outer: for (const f of crossing) {
  const list = byZone.get(f.fromZone) ?? [];
  byZone.set(f.fromZone, list);
  for (const s of addrs(f.from))
    for (const t of addrs(f.to))
      for (const c of chunks(f.ports)) {
        const m = c.length === 1 ? `-p ${f.protocol} -m ${f.protocol} --dport ${portText(c[0])}` : `-p ${f.protocol} -m multiport --dports ${c.map(portText).join(',')}`;
        list.push(`-s ${s} -d ${t} ${m} -j ACCEPT`);
        if (++count % 50 === 0) {
          // Noise: a drop, a duplicate (shadowed) and a broad rule, as in real rulesets.
          const k = noise++ % 3;
          list.push(k === 0 ? `-s ${s} -d ${t} -p tcp -m tcp --dport 23 -j DROP` : k === 1 ? `-s ${s} -d ${t} ${m} -j ACCEPT` : `-s ${s} -d ${t} -p tcp -m tcp --dport ${1024 + (count % 4000)} -j ACCEPT`);
          count++;
        }
        if (count >= RULES) break outer;
      }
}
const lines = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]'];
const chainOf = (z) => `FROM-${z.toUpperCase().slice(0, 20)}`;
for (const z of byZone.keys()) lines.push(`:${chainOf(z)} - [0:0]`);
lines.push('-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', '-A FORWARD -m conntrack --ctstate INVALID -j DROP');
for (const z of byZone.keys()) for (const c of zoneCidrs.get(z) ?? []) lines.push(`-A FORWARD -s ${c} -j ${chainOf(z)}`);
for (const [z, list] of byZone) {
  if (!(zoneCidrs.get(z) ?? []).length) for (const r of list) lines.push(`-A FORWARD ${r}`);
  else for (const r of list) lines.push(`-A ${chainOf(z)} ${r}`);
}
lines.push('COMMIT', '');
writeFileSync(rulesPath, lines.join('\n'));
const ruleCount = lines.filter((l) => l.startsWith('-A ')).length;
console.log(`deployment: ${d.hosts.length} hosts, ${d.zones.length} zones; plan: ${plan.flows.length} flows, ${crossing.length} between zones`);
console.log(`ruleset: ${ruleCount} rules in ${byZone.size + 1} chains (${rulesPath})`);

// The audit, whole process: bin/vbrwall.js (dist/), or with VBRWALL_DIST the command module of that build.
const bin = join(here, '..', 'bin', 'vbrwall.js');
const viaBin = !process.env.VBRWALL_DIST && spawnSync(process.execPath, [bin, 'audit', '--help']).status === 0;
const runner = `const m = await import(${JSON.stringify(join(dist, 'cli', 'commands', 'audit.js'))});
process.exitCode = await m.run({ io: { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), cwd: process.cwd() },
  values: { ruleset: ${JSON.stringify(rulesPath)}, format: ${JSON.stringify(FORMAT)} }, positionals: [${JSON.stringify(yamlPath)}] });`;
const args = viaBin ? [bin, 'audit', yamlPath, '--ruleset', rulesPath, '--format', FORMAT] : ['--input-type=module', '-e', runner];
const times = [];
let last;
for (let i = 0; i < RUNS; i++) {
  const t0 = process.hrtime.bigint();
  // The output is read as bytes: decoding 50 MB of it is this process's work, not the audit's.
  last = spawnSync(process.execPath, args, { maxBuffer: 1 << 30 });
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  if (last.status !== 0 && last.status !== 1) throw new Error(`audit failed (exit ${last.status}): ${last.stderr.toString('utf8').slice(0, 2000)}`);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
if (FORMAT === 'json') {
  const { summary: s } = JSON.parse(last.stdout.toString('utf8'));
  console.log(`audit: ${s.flows} flows (${s.allowed} allowed, ${s.partial} partial, ${s.blocked} blocked), ${s.excess} excess, ${s.shadowed} shadowed, ${s.unused} unused; exit ${last.status}`);
} else console.log(`audit (${FORMAT}): ${last.stdout.length} bytes of output; exit ${last.status}`);
console.log(`runs (ms): ${times.map((t) => t.toFixed(0)).join(', ')}`);
// Figures from a busy machine are not comparable with quiet ones: say how busy it was.
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`median: ${(median / 1000).toFixed(2)} s (goal: under 2 s)${viaBin ? ' [bin/vbrwall.js audit]' : ' [the audit command module of VBRWALL_DIST, in its own node process]'}`);

// Per phase, each run in a fresh process (as the CLI runs: cold code, one heap); the report is
// written to /dev/null in the FORMAT asked for.
if (process.env.PHASES) {
  const script = `
const dist = ${JSON.stringify(dist)};
const { readFileSync, openSync, writeSync } = await import('node:fs');
const imp = (p) => import(dist + '/' + p);
const [{ loadDeployment }, { buildPlan }, { parseRuleset }, { Engine }, { Geometry, scopedFlows }, { Cover }, { evaluateFlows }, { findExcess }, { findShadowed, findUnused, decidingRefs }, { whatBreaks }, { writeAuditJson, auditToJson, auditJsonBytes }, { formatAuditTable, auditTableBytes }, { formatAuditMarkdown, auditMarkdownBytes }, { formatAuditSarif, auditSarifBytes }] = await Promise.all(
  ['model/load.js', 'plan/plan.js', 'audit/parse/registry.js', 'audit/engine.js', 'audit/scope.js', 'audit/cover.js', 'audit/evaluate.js', 'audit/excess.js', 'audit/shadow.js', 'audit/breaks.js', 'audit/report/json.js', 'audit/report/table.js', 'audit/report/md.js', 'audit/report/sarif.js'].map(imp));
const out = {};
let t = performance.now();
const lap = (k) => { const n = performance.now(); out[k] = n - t; t = n; };
const d = loadDeployment(readFileSync(${JSON.stringify(yamlPath)}, 'utf8'), 'large.yaml').value.deployment; lap('load');
const plan = buildPlan(d); lap('plan');
const acl = parseRuleset(readFileSync(${JSON.stringify(rulesPath)}, 'utf8'), { file: ${JSON.stringify(rulesPath)}, lenient: false, deployment: d }, 'auto').value; lap('parse');
const scope = { kind: 'zone-firewall' };
const geo = new Geometry(d); const engine = new Engine(acl);
const { flows, notAudited } = scopedFlows(plan, scope, acl.hooks);
const ctx = { plan, acl, engine, geo, scope, flows, hook: 'forward', cover: new Cover(geo, flows.filter((f) => f.hook === 'forward')), diagnostics: [] };
const ev = evaluateFlows(acl, engine, geo, flows, {}); lap('evaluate');
const excess = findExcess(ctx); lap('excess');
const shadowed = findShadowed(ctx, decidingRefs?.(ev.verdicts)); lap('shadowed');
const unused = findUnused(ctx); lap('unused');
const breaks = whatBreaks(ev.verdicts, d); lap('breaks');
const r = { deployment: d.name, version: d.version, phase: plan.phase, failover: plan.failover, scope, ruleset: { file: acl.file, format: acl.format, rules: acl.rules.length, chains: acl.chains.size, families: acl.families, replies: acl.replies },
  verdicts: ev.verdicts, notAudited: [...notAudited, ...ev.notAudited], excess, shadowed, unused, breaks, diagnostics: ctx.diagnostics };
const fd = openSync('/dev/null', 'w');
const fmt = ${JSON.stringify(FORMAT)};
// As the CLI writes it: UTF-8 chunks where the build makes them, else the text.
const bytes = { json: auditJsonBytes && ((x) => auditJsonBytes(x, x.diagnostics)), table: auditTableBytes, md: auditMarkdownBytes, sarif: auditSarifBytes }[fmt];
if (bytes) for (const c of bytes(r)) writeSync(fd, c);
else if (fmt === 'json' && writeAuditJson) writeAuditJson(r, r.diagnostics, (s) => writeSync(fd, s));
else if (fmt === 'json') writeSync(fd, JSON.stringify(auditToJson(r, r.diagnostics), null, 2) + '\\n'); // builds before writeAuditJson
else writeSync(fd, fmt === 'md' ? formatAuditMarkdown(r) : fmt === 'sarif' ? formatAuditSarif(r) : formatAuditTable(r));
lap('report');
console.log(JSON.stringify(out));`;
  const per = [];
  for (let i = 0; i < RUNS; i++) {
    const p = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (p.status !== 0) throw new Error(`phase run failed: ${p.stderr.slice(0, 2000)}`);
    per.push(JSON.parse(p.stdout));
  }
  const med = (k) => {
    const v = per.map((x) => x[k]).sort((a, b) => a - b);
    return v[Math.floor(v.length / 2)];
  };
  const keys = Object.keys(per[0]);
  const audit = ['parse', 'evaluate', 'excess', 'shadowed', 'unused', 'breaks', 'report'];
  console.log(`phases (median ms, ${FORMAT}): ${keys.map((k) => `${k} ${med(k).toFixed(0)}`).join(', ')}`);
  console.log(`audit side (parse through report): ${audit.reduce((a, k) => a + med(k), 0).toFixed(0)} ms; load + plan: ${(med('load') + med('plan')).toFixed(0)} ms`);
}
