/**
 * `verify`: proves a zone-firewall ruleset against the real Linux packet filter. It builds a
 * namespace per host joined through a router namespace that loads the ruleset, listens in every
 * destination, probes from every source, and reports every required cross-zone flow that does not
 * get through and every unrequired connection on a common port that does.
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plan } from '../plan/types.js';
import type { ProbeStatus } from '../probe/connector.js';
import { execIn, cleanupStale, createSandbox, type Sandbox } from './netns.js';
import { COMMON_PORTS, excessChecks, listenPlan, requiredChecks, type Check, type SkippedFlow } from './expect.js';
import { layoutHosts, type TestHost } from './layout.js';
import { TOOLS, type RulesetFile, type VerifyTarget } from './ruleset.js';
import { which } from './exec.js';
import { NsWorker, workerAvailable, workerPath } from './worker-client.js';

export const VERIFY_TIMEOUT_MS = 1000;
export const VERIFY_CONCURRENCY = 256;
/** Required probes wait this many times the timeout before they count as dropped. */
const REQUIRED_FACTOR = 3;

export interface VerifyOptions {
  plan: Plan;
  target: VerifyTarget;
  rulesets: RulesetFile[];
  /** Where the ruleset came from, for the report: `rendered` or the paths given. */
  rulesetSource: string;
  /** Flows not to try, with the reason (rules the target could not express). */
  skip?: ReadonlyMap<string, string>;
  full?: boolean;
  /** More TCP ports to probe between every pair of hosts in different zones, besides COMMON_PORTS. */
  extraPorts?: readonly number[];
  timeoutMs?: number;
  concurrency?: number;
  /** Leave the namespaces in place (for debugging). */
  keep?: boolean;
  signal?: AbortSignal;
  /** Progress messages. */
  log?: (line: string) => void;
}

export interface CheckResult extends Check {
  status: ProbeStatus;
  ms: number;
  detail?: string;
  /** The destination listened on the port, so `open` can only mean the firewall let it through. */
  listened: boolean;
}

export interface VerifyReport {
  deployment: string;
  target: VerifyTarget;
  ruleset: string;
  hosts: TestHost[];
  namespaces: string[];
  /** Namespaces left in place with --keep. */
  kept: boolean;
  /** Every port of every range was tried (--full), not only ends and middle. */
  full: boolean;
  required: CheckResult[];
  excess: CheckResult[];
  /** Required probes that did not get through. */
  failures: CheckResult[];
  /** Unrequired probes that got through. */
  exposures: CheckResult[];
  skipped: SkippedFlow[];
  notes: string[];
  /** The ruleset did not load: the tool's message. */
  loadError?: { file: string; message: string };
  staleRemoved: string[];
  timing: { setupMs: number; probeMs: number; totalMs: number };
}

export type VerifyOutcome = { ok: true; report: VerifyReport } | { ok: false; unavailable: string[] };

/** Why verify cannot run here (empty: it can). */
export function preflight(target: VerifyTarget): string[] {
  const problems: string[] = [];
  if (process.platform !== 'linux') return [`verify needs Linux network namespaces; this is ${process.platform}`];
  if (typeof process.getuid === 'function' && process.getuid() !== 0) problems.push('verify needs root: it creates network namespaces (run it with sudo, or in CI as root)');
  if (!which('ip')) problems.push('no `ip` command: install iproute2');
  for (const t of TOOLS[target]) if (!which(t)) problems.push(`no \`${t}\` command: install ${target === 'nftables' ? 'nftables' : 'iptables'}`);
  if (!workerAvailable()) problems.push(`the namespace worker ${workerPath()} is missing: run \`npm run build\``);
  return problems;
}

/** A check passes the firewall when it is answered by the listener (or, where none could listen, by the host). */
const gotThrough = (r: CheckResult): boolean => r.status === 'open' || (r.status === 'refused' && !r.listened);

export async function verify(opts: VerifyOptions): Promise<VerifyOutcome> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const problems = preflight(opts.target);
  if (problems.length) return { ok: false, unavailable: problems };
  const plan = opts.plan;
  const layout = layoutHosts(plan.deployment);
  const notes = [...layout.problems];
  const hosts = layout.hosts.filter((h) => h.addresses.length);
  const { checks: required, skipped } = requiredChecks(plan, hosts, { ...(opts.full ? { full: true } : {}), ...(opts.skip ? { skip: opts.skip } : {}) });
  const known = new Set(COMMON_PORTS.map((p) => p.port));
  const extra = [...new Set(opts.extraPorts ?? [])].filter((p) => !known.has(p)).sort((a, b) => a - b).map((port) => ({ port, service: 'asked for' }));
  const excess = excessChecks(plan, hosts, [...COMMON_PORTS, ...extra]);
  const all = [...required, ...excess];
  const timeoutMs = opts.timeoutMs ?? VERIFY_TIMEOUT_MS;
  const concurrency = opts.concurrency ?? VERIFY_CONCURRENCY;

  const staleRemoved = await cleanupStale();
  log(`building ${hosts.length + 1} network namespaces (${hosts.length} hosts and a router)`);
  let sandbox: Sandbox;
  try {
    sandbox = await createSandbox(hosts, opts.signal ? { signal: opts.signal } : {});
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    return { ok: false, unavailable: [`cannot build the test network: ${(e as Error).message.trim()}`] };
  }
  const workers = new Map<string, NsWorker>();
  let dir: string | undefined;
  const report: VerifyReport = {
    deployment: plan.deployment.name,
    target: opts.target,
    ruleset: opts.rulesetSource,
    hosts,
    namespaces: sandbox.names,
    kept: opts.keep === true,
    full: opts.full === true,
    required: [],
    excess: [],
    failures: [],
    exposures: [],
    skipped,
    notes,
    staleRemoved,
    timing: { setupMs: 0, probeMs: 0, totalMs: 0 },
  };
  try {
    dir = mkdtempSync(join(tmpdir(), 'vbrwall-verify-'));
    for (const [i, f] of opts.rulesets.entries()) {
      const path = join(dir, `${i}-${f.loader}`);
      writeFileSync(path, f.content);
      const r = await execIn(sandbox.router, f.loader, f.loader === 'nft' ? ['-f', path] : [path]);
      if (r.code !== 0) {
        report.loadError = { file: f.name, message: (r.stderr || r.stdout).trim().split(dir).join('') };
        return { ok: true, report };
      }
    }
    // Workers where something listens or probes; listeners first, and all of them ready before any probe.
    const listen = listenPlan(all);
    const involved = new Set(all.flatMap((c) => [c.from, c.to]));
    // Workers exit by themselves after this, whatever happens to this process.
    const maxMs = 120000 + Math.ceil(all.length / concurrency + 2) * timeoutMs * (REQUIRED_FACTOR + 1);
    for (const name of [...involved].sort()) workers.set(name, new NsWorker(sandbox.hosts.get(name)!.ns, maxMs));
    log(`listening in ${listen.size} namespaces`);
    const listening = new Map<string, { tcp: Set<number>; udp: Set<number> }>();
    await Promise.all(
      [...workers].map(async ([name, w]) => {
        const l = listen.get(name) ?? { tcp: [], udp: [] };
        const r = await w.listen(l.tcp, l.udp, 120000, opts.signal);
        listening.set(name, { tcp: new Set(r.listening.tcp), udp: new Set(r.listening.udp) });
        for (const f of r.failed) notes.push(`${name}: could not listen on ${f.message}`);
      }),
    );
    report.timing.setupMs = Math.round(performance.now() - t0);
    const t1 = performance.now();
    // Required probes first, with a patient timeout (they answer at once unless blocked, and a busy
    // machine is not a firewall); then the unrequired ones, most of which wait out the timeout.
    log(`probing ${required.length} required connections`);
    const req = await probeAll(required, workers, { timeoutMs: timeoutMs * REQUIRED_FACTOR, concurrency }, opts.signal);
    log(`probing ${excess.length} unrequired connections on common ports`);
    const exc = await probeAll(excess, workers, { timeoutMs, concurrency }, opts.signal);
    const withListen = (c: Check, r: (typeof req)[number]): CheckResult => ({ ...c, ...r, listened: listening.get(c.to)?.[c.protocol].has(c.port) ?? false });
    report.required = required.map((c, i) => withListen(c, req[i]!));
    report.excess = excess.map((c, i) => withListen(c, exc[i]!));
    report.timing.probeMs = Math.round(performance.now() - t1);
    report.failures = report.required.filter((r) => !gotThrough(r));
    report.exposures = report.excess.filter(gotThrough);
    return { ok: true, report };
  } finally {
    await Promise.all([...workers.values()].map((w) => w.stop()));
    if (opts.keep) sandbox.release();
    else await sandbox.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
    report.timing.totalMs = Math.round(performance.now() - t0);
  }
}

/** Probes every check from its source's worker, all sources at once; results in check order. */
async function probeAll(checks: readonly Check[], workers: ReadonlyMap<string, NsWorker>, opts: { timeoutMs: number; concurrency: number }, signal?: AbortSignal): Promise<{ status: ProbeStatus; ms: number; detail?: string }[]> {
  const bySource = new Map<string, number[]>();
  checks.forEach((c, i) => {
    let l = bySource.get(c.from);
    if (!l) bySource.set(c.from, (l = []));
    l.push(i);
  });
  const out = new Array<{ status: ProbeStatus; ms: number; detail?: string }>(checks.length);
  await Promise.all(
    [...bySource].map(async ([from, idx]) => {
      const res = await workers.get(from)!.probe(idx.map((i) => ({ address: checks[i]!.address, protocol: checks[i]!.protocol, port: checks[i]!.port })), opts, signal);
      idx.forEach((i, k) => (out[i] = res[k] ?? { status: 'filtered', ms: 0, detail: 'no result' }));
    }),
  );
  return out;
}
