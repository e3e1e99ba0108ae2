/**
 * The verify report: a table for people and JSON for pipelines.
 * @module
 */
import type { CheckResult, VerifyReport } from './verify.js';

export const verifyFailed = (r: VerifyReport): boolean => r.failures.length > 0 || r.exposures.length > 0 || r.loadError !== undefined;

const why = (r: CheckResult): string =>
  r.status === 'filtered' ? 'dropped' : r.status === 'refused' ? (r.listened ? 'rejected' : 'reached the host, nothing listening') : 'open';

/** One line per (from, to, addresses, protocol, outcome), with its ports. */
function grouped(rs: readonly CheckResult[], label: (r: CheckResult) => string): string[] {
  const m = new Map<string, { head: string; ports: Map<number, string>; flows: Set<string> }>();
  for (const r of rs) {
    const head = `${r.from} → ${r.to} (${r.source} → ${r.address})`;
    const key = `${head} ${r.protocol}\u0000${label(r)}`;
    let e = m.get(key);
    if (!e) m.set(key, (e = { head, ports: new Map(), flows: new Set() }));
    e.ports.set(r.port, r.service ? `${r.port} ${r.service}` : String(r.port));
    if (r.flow) e.flows.add(r.flow);
  }
  return [...m.entries()].map(([key, e]) => {
    const [proto, outcome] = key.slice(e.head.length + 1).split('\u0000');
    const ports = [...e.ports.entries()].sort((a, b) => a[0] - b[0]).map((x) => x[1]);
    return `  ${e.head}: ${proto} ${ports.join(', ')}: ${outcome}${e.flows.size ? `  [${[...e.flows].join(', ')}]` : ''}`;
  });
}

export function formatVerifyTable(r: VerifyReport): string {
  const pairs = new Set(r.excess.map((x) => `${x.from}>${x.to}`)).size;
  const flows = new Set(r.required.map((x) => x.flow)).size;
  const out = [
    `Verify ${r.deployment}: ${r.target} ruleset (${r.ruleset}) in ${r.namespaces.length} network namespaces (${r.hosts.length} hosts and a router)`,
    '',
  ];
  if (r.loadError) {
    out.push(`The ruleset does not load (${r.loadError.file}):`, ...r.loadError.message.split('\n').map((l) => `  ${l}`), '');
  } else {
    out.push(
      `  required: ${r.required.length} probes of ${flows} cross-zone flows ${r.full ? '(every port of every range)' : '(ranges sampled: ends and middle; --full for every port)'}: ${r.required.length - r.failures.length} passed, ${r.failures.length} failed`,
      `  unrequired: ${r.excess.length} probes of ${new Set(r.excess.map((x) => x.port)).size} common TCP ports between ${pairs} host pairs in different zones: ${r.exposures.length} got through`,
    );
    if (r.skipped.length) out.push(`  not tried: ${r.skipped.length} flow${r.skipped.length === 1 ? '' : 's'} (below)`);
    out.push('');
    if (r.failures.length) out.push('Required flows that do not pass:', ...grouped(r.failures, why), '');
    if (r.exposures.length) out.push('Connections the plan does not need that pass:', ...grouped(r.exposures, (x) => `${why(x)} (not required)`), '');
  }
  if (r.skipped.length) out.push('Not tried:', ...r.skipped.map((s) => `  ${s.flow}: ${s.reason}`), '');
  if (r.notes.length) out.push('Notes:', ...r.notes.map((n) => `  ${n}`), '');
  if (r.staleRemoved.length) out.push(`Removed ${r.staleRemoved.length} namespaces left by an earlier run that crashed: ${r.staleRemoved.join(', ')}`, '');
  if (r.kept) out.push(`Kept for debugging (--keep): ${r.namespaces.join(' ')}`, `  inspect: ip netns exec ${r.namespaces[0]} nft list ruleset; remove: vbrwall verify --cleanup (after this process ends) or ip netns del NAME`, '');
  out.push(`Time: setup ${(r.timing.setupMs / 1000).toFixed(1)} s, probes ${(r.timing.probeMs / 1000).toFixed(1)} s, total ${(r.timing.totalMs / 1000).toFixed(1)} s`);
  out.push(verifyFailed(r) ? 'FAILED' : 'PASSED: every required flow passes and no common port is open beyond the plan');
  return out.join('\n') + '\n';
}

const resultJson = (x: CheckResult) => ({
  from: x.from,
  to: x.to,
  source: x.source,
  address: x.address,
  protocol: x.protocol,
  port: x.port,
  status: x.status,
  ...(x.flow ? { flow: x.flow } : {}),
  ...(x.service ? { service: x.service } : {}),
  ...(x.detail && x.status !== 'open' ? { detail: x.detail } : {}),
});

export function verifyToJson(r: VerifyReport): unknown {
  return {
    deployment: r.deployment,
    target: r.target,
    ruleset: r.ruleset,
    passed: !verifyFailed(r),
    ...(r.loadError ? { loadError: r.loadError } : {}),
    required: { probes: r.required.length, passed: r.required.length - r.failures.length, failed: r.failures.length },
    unrequired: { probes: r.excess.length, passed: r.exposures.length },
    failures: r.failures.map(resultJson),
    exposures: r.exposures.map(resultJson),
    skipped: r.skipped,
    notes: r.notes,
    hosts: r.hosts.map((h) => ({ name: h.name, zone: h.zone, addresses: h.addresses.map((a) => a.address), standIn: h.standIn })),
    namespaces: r.kept ? r.namespaces : [],
    timing: r.timing,
  };
}
