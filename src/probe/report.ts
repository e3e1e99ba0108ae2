/**
 * Probe reports: a table for people, JSON per the contract (shared/contract/OUTPUTS.md: `results`
 * with to, address, protocol, port, status; fields are only ever added) and JUnit XML for CI.
 * @module
 */
import type { ProbeStatus } from './connector.js';
import type { Probed } from './run.js';
import type { ProbeSpec, Skipped } from './targets.js';

export interface ProbeReport {
  deployment: string;
  from: string;
  timeoutMs: number;
  results: Probed<ProbeSpec>[];
  skipped: Skipped[];
  /** The run was stopped (Ctrl-C) before every probe ran. */
  aborted: boolean;
}

export const countStatuses = (results: readonly { status: ProbeStatus }[]): Record<ProbeStatus, number> => {
  const c: Record<ProbeStatus, number> = { open: 0, refused: 0, filtered: 0 };
  for (const r of results) c[r.status]++;
  return c;
};

/** Required ports that did not get through: the contract's exit-1 condition. */
export const probeFailed = (r: ProbeReport): boolean => r.results.some((x) => x.status === 'filtered');

/** One line on what a result means, in the plan's terms. */
export function resultNote(r: Probed<ProbeSpec>, timeoutMs: number): string {
  const parts: string[] = [];
  if (r.status === 'refused')
    parts.push(r.jobOnly ? 'listens only while a job runs: not a failure' : r.protocol === 'udp' ? 'reachable (ICMP port unreachable): nothing listening' : 'reachable: nothing listening (service not installed or not running)');
  if (r.status === 'filtered') {
    const why = r.detail && r.detail !== 'timeout' ? ` (${r.detail})` : '';
    parts.push(r.protocol === 'udp' ? `no answer in ${timeoutMs} ms${why}: dropped, or open and silent (UDP)` : `no answer in ${timeoutMs} ms${why}: dropped by a firewall, or the host is down`);
  }
  if (r.failover) parts.push('failover port');
  if (r.dynamic) parts.push('may move to the next free port');
  if (r.deployOnly) parts.push('deploy phase only');
  return parts.join('; ');
}

function table(rows: string[][], head: string[]): string[] {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]!))).join('  ')}`.trimEnd();
  return [line(head), ...rows.map(line)];
}

export function formatProbeTable(r: ProbeReport): string {
  const c = countStatuses(r.results);
  const out = [`Probe from ${r.from} (${r.deployment}): ${r.results.length} probe${r.results.length === 1 ? '' : 's'}, timeout ${r.timeoutMs} ms`, ''];
  if (r.results.length)
    out.push(...table(r.results.map((x) => [x.to, x.address, x.protocol, String(x.port), x.status, resultNote(x, r.timeoutMs)]), ['TO', 'ADDRESS', 'PROTO', 'PORT', 'STATUS', 'NOTE']), '');
  if (r.skipped.length) out.push('Not probed:', ...r.skipped.map((s) => `  ${s.to}: ${s.reason}`), '');
  const jobOnly = r.results.filter((x) => x.status === 'refused' && x.jobOnly).length;
  out.push(`${c.open} open, ${c.refused} refused (reachable${jobOnly ? `; ${jobOnly} listen only during jobs` : ''}), ${c.filtered} filtered${r.aborted ? '; stopped before the end' : ''}`);
  if (c.filtered) out.push('Filtered ports are required by the plan: check the firewalls on the path (exit status 1).');
  return out.join('\n') + '\n';
}

export function probeToJson(r: ProbeReport): unknown {
  return {
    deployment: r.deployment,
    from: r.from,
    timeoutMs: r.timeoutMs,
    results: r.results.map((x) => ({
      to: x.to,
      address: x.address,
      protocol: x.protocol,
      port: x.port,
      status: x.status,
      flow: x.flow,
      ms: x.ms,
      ...(x.detail && x.status !== 'open' ? { detail: x.detail } : {}),
      ...(x.jobOnly ? { jobOnly: true } : {}),
      ...(x.dynamic ? { dynamic: true } : {}),
      ...(x.failover ? { failover: true } : {}),
      ...(x.deployOnly ? { deployOnly: true } : {}),
    })),
    skipped: r.skipped.map((s) => ({ to: s.to, ...(s.flow ? { flow: s.flow } : {}), code: s.code, reason: s.reason })),
    summary: { ...countStatuses(r.results), aborted: r.aborted },
  };
}

const xml = (s: string): string =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** JUnit XML: one test case per probe; `filtered` is a failure, `refused` passes with a note. */
export function probeToJunit(r: ProbeReport): string {
  const c = countStatuses(r.results);
  const cases = r.results.map((x) => {
    const head = `    <testcase classname="${xml(`vbrwall.probe.${r.from}.${x.to}`)}" name="${xml(`${x.protocol}/${x.port} ${x.address}`)}" time="${(x.ms / 1000).toFixed(3)}"`;
    const note = resultNote(x, r.timeoutMs);
    if (x.status === 'filtered') return `${head}>\n      <failure type="filtered" message="${xml(note)}"/>\n    </testcase>`;
    if (x.status === 'refused') return `${head}>\n      <system-out>${xml(`refused: ${note}`)}</system-out>\n    </testcase>`;
    return `${head}/>`;
  });
  const skipped = r.skipped.map((s) => `    <testcase classname="${xml(`vbrwall.probe.${r.from}.${s.to}`)}" name="${xml(s.flow ?? s.to)}">\n      <skipped message="${xml(s.reason)}"/>\n    </testcase>`);
  const n = cases.length + skipped.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="vbrwall probe" tests="${n}" failures="${c.filtered}" skipped="${skipped.length}">`,
    `  <testsuite name="${xml(`${r.deployment}: from ${r.from}`)}" tests="${n}" failures="${c.filtered}" errors="0" skipped="${skipped.length}">`,
    ...cases,
    ...skipped,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
