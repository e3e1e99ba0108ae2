/**
 * What breaks, in the words of the people who run the backups: for each flow that is not wholly
 * allowed, every reason (catalog entry) whose ports are lost, turned into the feature or job that
 * fails, e.g. "guest processing on win-guests falls back to crash-consistent backups: 6173
 * blocked from vbr01".
 * @module
 */
import type { Deployment } from '../model/types.js';
import { formatPorts, intersectPorts, portsCover, type PortRange } from '../net/ports.js';
import type { FlowReason } from '../plan/types.js';
import type { FlowVerdict } from './evaluate.js';

export interface Break {
  /** The flow's id, `from>to/protocol`. */
  flow: string;
  from: string;
  to: string;
  protocol: string;
  ports: PortRange[];
  entry: string;
  feature?: string;
  /** What fails, without the ports. */
  consequence: string;
  /** The whole sentence. */
  text: string;
}

interface Ctx {
  from: string;
  to: string;
  roles: (name: string) => readonly string[];
}

type Rule = { when: (r: FlowReason, c: Ctx, lost: PortRange[]) => boolean; say: (r: FlowReason, c: Ctx) => string; feature?: string };

const has = (r: FlowReason, f: string): boolean => (r.features as readonly string[]).includes(f);
const isGuest = (c: Ctx): boolean => c.roles(c.to).some((x) => x === 'windows-guest' || x === 'linux-guest');

/** First match wins; the catalog's features first, then the kind of entry by its id. */
const CONSEQUENCES: readonly Rule[] = [
  { when: (r) => r.phase === 'deploy', say: (_, c) => `installing or upgrading Veeam components on ${c.to} fails` },
  { when: (r, _, lost) => r.failover.length > 0 && portsCover(r.failover, lost), say: (_, c) => `jobs between ${c.from} and ${c.to} fail whenever the primary port is unavailable (the failover range is blocked)` },
  { when: (r) => has(r, 'guest-processing'), feature: 'guest-processing', say: (_, c) => (isGuest(c) ? `guest processing on ${c.to} falls back to crash-consistent backups` : `application-aware processing and guest indexing through ${c.to} fail (crash-consistent backups only)`) },
  { when: (r) => has(r, 'instant-recovery'), feature: 'instant-recovery', say: (_, c) => `Instant VM Recovery and SureBackup through ${c.to} fail` },
  { when: (r) => has(r, 'file-level-restore'), feature: 'file-level-restore', say: (_, c) => `file-level restore through ${c.to} fails` },
  { when: (r) => has(r, 'backup-copy'), feature: 'backup-copy', say: (_, c) => `backup copy jobs between ${c.from} and ${c.to} fail` },
  { when: (r) => has(r, 'scale-out'), feature: 'scale-out', say: () => 'data moves between scale-out repository extents fail' },
  { when: (r) => has(r, 'remote-console'), feature: 'remote-console', say: (_, c) => `file restores to the remote console on ${c.to} fail` },
  { when: (r) => has(r, 'veeam-updates'), feature: 'veeam-updates', say: (_, c) => `update and licence checks from ${c.from} fail` },
  { when: (r) => has(r, 'cdp'), feature: 'cdp', say: (_, c) => `continuous data protection (CDP) between ${c.from} and ${c.to} fails` },
  { when: (r) => has(r, 'vspc'), feature: 'vspc', say: (_, c) => `Veeam Service Provider Console management between ${c.from} and ${c.to} fails` },
  { when: (r) => has(r, 'sql-always-on'), feature: 'sql-always-on', say: (_, c) => `SQL Server Always On log backups through ${c.to} fail` },
  { when: (r) => has(r, 'object-storage-direct'), feature: 'object-storage-direct', say: (_, c) => `direct backups from ${c.from} to object storage ${c.to} fail` },
  { when: (r) => has(r, 'sosapi'), feature: 'sosapi', say: (_, c) => `capacity and state reporting of object storage ${c.to} (SOSAPI) fails` },
  { when: (r) => r.entry.startsWith('cc-tenant'), say: (_, c) => `Cloud Connect tenants cannot back up to or replicate through ${c.to}` },
  { when: (r) => r.entry.startsWith('cc-'), say: (_, c) => `Cloud Connect between ${c.from} and ${c.to} fails` },
  { when: (_, c) => c.roles(c.to).includes('object-storage'), say: (_, c) => `backups, offloads and copies to object storage ${c.to} fail` },
  { when: (r) => r.entry.includes('installer') || r.entry.includes('deploy'), say: (_, c) => `Veeam cannot install or update its components on ${c.to}` },
  { when: (r) => r.entry.includes('data-mover') || r.entry.includes('-data') || r.entry.includes('transport'), say: (_, c) => `backup, restore and replication jobs between ${c.from} and ${c.to} fail` },
  { when: (r) => r.entry.startsWith('plat-vmw'), say: (_, c) => `${c.from} cannot reach VMware ${c.to}: backups and restores of its VMs fail` },
  { when: (r) => r.entry.startsWith('plat-hv'), say: (_, c) => `Hyper-V operations between ${c.from} and ${c.to} fail` },
  { when: (r) => r.entry.startsWith('agent-'), say: (_, c) => `Veeam Agent management between ${c.from} and ${c.to} fails` },
  { when: (r) => r.entry.startsWith('em-'), say: (r) => `Enterprise Manager: ${firstClause(r.purpose)} fails` },
  { when: (r) => r.entry.startsWith('pve-') || r.entry.startsWith('ahv-'), say: (r) => `${firstClause(r.purpose)} fails` },
];

const firstClause = (s: string): string => {
  const t = s.split(/(?<=[a-z)])[.;:](?:\s|$)|, from | \(/)[0]!.trim();
  return t.length > 100 ? `${t.slice(0, 97)}...` : t;
};

export function whatBreaks(verdicts: readonly FlowVerdict[], d: Deployment): Break[] {
  const roles = new Map(d.hosts.map((h) => [h.name, h.roles as readonly string[]]));
  const out: Break[] = [];
  for (const v of verdicts) {
    if (v.status === 'allowed' || !v.missing) continue;
    const f = v.flow;
    const c: Ctx = { from: f.from, to: f.to, roles: (n) => roles.get(n) ?? [] };
    const merged = new Map<string, Break>();
    for (const r of f.reasons) {
      const lost = intersectPorts(r.ports, v.missing.ports);
      if (!lost.length) continue;
      const rule = CONSEQUENCES.find((x) => x.when(r, c, lost));
      const consequence = rule ? rule.say(r, c) : `${firstClause(r.purpose)} fails`;
      const prev = merged.get(consequence);
      const ports = prev ? intersectPorts(f.ports, [...prev.ports, ...lost]) : lost;
      const partSources = v.missing.allSources ? '' : ` (from ${v.missing.sources.slice(0, 3).join(', ')})`;
      const partDest = v.missing.allDestinations ? '' : ` (to ${v.missing.destinations.slice(0, 3).join(', ')})`;
      const proto = f.protocol === 'udp' ? 'udp ' : '';
      const mentionsTo = consequence.includes(f.to);
      const reply = v.missing.returnTraffic && !v.missing.parts.some((p) => !p.reply) ? ' (return traffic)' : '';
      merged.set(consequence, {
        flow: f.id,
        from: f.from,
        to: f.to,
        protocol: f.protocol,
        ports,
        entry: prev?.entry ?? r.entry,
        ...(rule?.feature ? { feature: rule.feature } : prev?.feature ? { feature: prev.feature } : {}),
        consequence,
        text: `${consequence}: ${proto}${formatPorts(ports)}${reply} blocked from ${f.from}${partSources}${mentionsTo ? '' : ` to ${f.to}`}${partDest}`,
      });
    }
    out.push(...merged.values());
  }
  return out;
}
