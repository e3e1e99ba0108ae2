/**
 * Human formats of the plan: a table grouped by zone pair with a zone-pair summary, CSV and Markdown.
 * @module
 */
import { formatPorts, intersectPorts, normalizePorts, subtractPorts, type PortRange } from '../net/ports.js';
import type { Flow, Plan } from './types.js';

/** `6162, 2500-3300*, 22†`: failover ports starred, deploy-only ports daggered. */
export function portsLabel(f: Pick<Flow, 'ports' | 'failover' | 'deployOnly'>): string {
  const plain = subtractPorts(subtractPorts(f.ports, f.failover), f.deployOnly);
  const parts: { r: PortRange; mark: string }[] = [
    ...plain.map((r) => ({ r, mark: '' })),
    ...normalizePorts(f.failover).map((r) => ({ r, mark: '*' })),
    ...subtractPorts(f.deployOnly, f.failover).map((r) => ({ r, mark: '†' })),
    ...intersectPorts(f.failover, f.deployOnly).map((r) => ({ r, mark: '*†' })),
  ];
  // failover ranges that are also deploy-only were listed twice above; keep the combined mark
  const seen = new Set<string>();
  return parts
    .sort((a, b) => a.r[0] - b.r[0])
    .filter((p) => {
      const k = `${p.r[0]}-${p.r[1]}`;
      if (p.mark === '*' && intersectPorts([p.r], f.deployOnly).length && portsEq(p.r, intersectPorts([p.r], f.deployOnly))) return false;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .map((p) => formatPorts([p.r]) + p.mark)
    .join(', ');
}

const portsEq = (r: PortRange, s: PortRange[]): boolean => s.length === 1 && s[0]![0] === r[0] && s[0]![1] === r[1];

export interface ZonePair {
  from: string;
  to: string;
  flows: Flow[];
}

/** Flows grouped by ordered zone pair, in zone order of the deployment file. */
export function zonePairs(plan: Plan): ZonePair[] {
  const order = new Map(plan.deployment.zones.map((z, i) => [z.name, i]));
  const pairs = new Map<string, ZonePair>();
  for (const f of plan.flows) {
    const k = `${f.fromZone}\u0000${f.toZone}`;
    let p = pairs.get(k);
    if (!p) pairs.set(k, (p = { from: f.fromZone, to: f.toZone, flows: [] }));
    p.flows.push(f);
  }
  return [...pairs.values()].sort((a, b) => (order.get(a.from) ?? 0) - (order.get(b.from) ?? 0) || (order.get(a.to) ?? 0) - (order.get(b.to) ?? 0));
}

/** A name as the terminal shows it: control characters escaped, so a name cannot forge lines. */
export const showName = (s: string): string => (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(s) ? JSON.stringify(s) : s);

const pad = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - [...s].length));

export function planHeader(plan: Plan): string {
  const d = plan.deployment;
  const hosts = new Set(plan.flows.flatMap((f) => [f.from, f.to]));
  return [
    `${showName(d.name)} · Veeam Backup & Replication ${d.version} · ${plan.phase} phase · failover ports ${plan.failover ? 'included' : 'left out'}`,
    `${plan.flows.length} flows between ${hosts.size} of ${d.hosts.length} hosts in ${d.zones.length} zones`,
  ].join('\n');
}

export function formatPlanTable(plan: Plan, opts: { verbose?: boolean } = {}): string {
  const out: string[] = [planHeader(plan), ''];
  for (const pair of zonePairs(plan)) {
    const title = pair.from === pair.to ? `${showName(pair.from)} (inside the zone: host firewalls only)` : `${showName(pair.from)} → ${showName(pair.to)}`;
    out.push(`${title}  (${pair.flows.length} flow${pair.flows.length === 1 ? '' : 's'})`);
    const rows = pair.flows.map((f) => [`${showName(f.from)} → ${showName(f.to)}`, f.protocol, portsLabel(f), f]);
    const w0 = Math.max(...rows.map((r) => [...(r[0] as string)].length));
    const w2 = Math.max(...rows.map((r) => (r[2] as string).length));
    for (const [hosts, proto, ports, f] of rows as [string, string, string, Flow][]) {
      const first = f.purposes[0] ?? '';
      const more = f.purposes.length > 1 ? ` (+${f.purposes.length - 1} more)` : '';
      out.push(`  ${pad(hosts, w0)}  ${proto}  ${pad(ports, w2)}  ${opts.verbose ? '' : first + more}`.trimEnd());
      if (opts.verbose)
        for (const r of f.reasons)
          out.push(`      ${formatPorts(r.ports)}${r.phase === 'deploy' ? ' (deploy)' : ''}: ${r.purpose} [${r.sources.map((s) => `${s.page} § ${s.section}`).join('; ')}] (${r.entry})`);
    }
    out.push('');
  }
  out.push(...formatZoneMatrix(plan), '');
  out.push('* failover port   † deploy phase only   (ports: `vbrwall ports N` explains one; --verbose lists every reason)');
  if (plan.defaults.length) {
    out.push('', 'Defaults applied:');
    for (const x of plan.defaults) out.push(`  - ${x.message}`);
  }
  return out.join('\n') + '\n';
}

/** The zone-pair summary: rows are source zones, columns destination zones, cells the flow counts. */
export function formatZoneMatrix(plan: Plan): string[] {
  const zones = plan.deployment.zones.map((z) => z.name);
  const count = new Map<string, number>();
  for (const f of plan.flows) count.set(`${f.fromZone}\u0000${f.toZone}`, (count.get(`${f.fromZone}\u0000${f.toZone}`) ?? 0) + 1);
  const w0 = Math.max(9, ...zones.map((z) => [...z].length));
  const ws = zones.map((z) => Math.max(3, [...z].length));
  const lines = ['Zone pairs (flows from row zone to column zone; · none)', `  ${pad('from \\ to', w0)}  ${zones.map((z, i) => pad(showName(z), ws[i]!)).join('  ')}`];
  for (const a of zones)
    lines.push(`  ${pad(showName(a), w0)}  ${zones.map((b, i) => pad(String(count.get(`${a}\u0000${b}`) ?? '·'), ws[i]!)).join('  ')}`.trimEnd());
  return lines;
}

const csvCell = (s: string): string => {
  // Neutralise spreadsheet formulas and quote per RFC 4180.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function formatPlanCsv(plan: Plan): string {
  const head = ['from', 'from_zone', 'to', 'to_zone', 'protocol', 'ports', 'failover_ports', 'deploy_only_ports', 'purposes', 'sources'];
  const rows = plan.flows.map((f) => [
    f.from, f.fromZone, f.to, f.toZone, f.protocol, formatPorts(f.ports, ' '), formatPorts(f.failover, ' '), formatPorts(f.deployOnly, ' '),
    f.purposes.join(' | '), f.sources.map((s) => `${s.page} § ${s.section}`).join(' | '),
  ]);
  return [head, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const mdCell = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/([<>`*_[\]])/g, '\\$1');

export function formatPlanMarkdown(plan: Plan): string {
  const out = [`# ${mdCell(plan.deployment.name)}`, '', `Veeam Backup & Replication ${plan.deployment.version}, ${plan.phase} phase, failover ports ${plan.failover ? 'included' : 'left out'}. ${plan.flows.length} flows.`, ''];
  for (const pair of zonePairs(plan)) {
    out.push(`## ${mdCell(pair.from)} → ${mdCell(pair.to)}`, '', '| From | To | Protocol | Ports | Purpose | Source |', '|---|---|---|---|---|---|');
    for (const f of pair.flows)
      out.push(`| ${mdCell(f.from)} | ${mdCell(f.to)} | ${f.protocol.toUpperCase()} | ${mdCell(portsLabel(f))} | ${f.purposes.map(mdCell).join('<br>')} | ${f.sources.map((s) => `${mdCell(s.page)} § ${mdCell(s.section)}`).join('<br>')} |`);
    out.push('');
  }
  out.push('\\* failover port, † deploy phase only.', '');
  if (plan.defaults.length) out.push('## Defaults applied', '', ...plan.defaults.map((x) => `- ${mdCell(x.message)}`), '');
  return out.join('\n');
}
