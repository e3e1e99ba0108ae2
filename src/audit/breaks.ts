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

/** One reason of a kind of flow, prepared: the ports it loses and the consequence that applies. */
interface Prepared {
  reason: FlowReason;
  lost: PortRange[];
  lostText: string;
  rule: Rule | undefined;
  /** The consequence when no rule applies (it depends on the reason alone). */
  fallback: string;
}

/**
 * Memo of the reasons of flows that lose the same ports: flows of one kind share their list of
 * reasons (the plan's `Derived`), so the lost ports and the rule that applies are worked out once
 * per kind of flow, kind of destination and missing ports, not once per flow (25,000 blocked flows
 * of the 100k-rule bench are a few hundred kinds). The key holds everything a rule's `when` reads:
 * the reason, the lost ports and the destination's roles.
 */
class Preparer {
  private readonly memo = new Map<readonly FlowReason[], Map<number, ByPorts>>();
  /** Destinations by their roles: hosts with the same roles share a number. */
  private readonly roleClass = new Map<string, number>();
  private readonly classOf = new Map<string, number>();

  constructor(private readonly roles: (name: string) => readonly string[]) {}

  private kindOf(host: string): number {
    let k = this.classOf.get(host);
    if (k === undefined) {
      const key = this.roles(host).join('\n');
      k = this.roleClass.get(key);
      if (k === undefined) this.roleClass.set(key, (k = this.roleClass.size));
      this.classOf.set(host, k);
    }
    return k;
  }

  get(f: FlowVerdict['flow'], missing: PortRange[], c: Ctx): Prepared[] {
    let byKind = this.memo.get(f.reasons);
    if (!byKind) this.memo.set(f.reasons, (byKind = new Map()));
    const kind = this.kindOf(f.to);
    let byPorts = byKind.get(kind);
    if (!byPorts) byKind.set(kind, (byPorts = { whole: new Map(), text: new Map() }));
    // A wholly blocked flow misses its own port list, which the flows of a kind share: found by
    // identity, without a text key (all 25,000 blocked flows of the bench).
    const whole = missing === f.ports;
    const key = whole ? '' : portsKey(missing);
    let out = whole ? byPorts.whole.get(missing) : byPorts.text.get(key);
    if (!out) {
      out = [];
      for (const r of f.reasons) {
        const lost = intersectPorts(r.ports, missing);
        if (!lost.length) continue;
        out.push({ reason: r, lost, lostText: formatPorts(lost), rule: CONSEQUENCES.find((x) => x.when(r, c, lost)), fallback: `${firstClause(r.purpose)} fails` });
      }
      if (whole) byPorts.whole.set(missing, out);
      else byPorts.text.set(key, out);
    }
    return out;
  }
}

/** Prepared reasons by missing ports: by identity when they are the flow's own list, else by their text. */
interface ByPorts {
  whole: Map<readonly PortRange[], Prepared[]>;
  text: Map<string, Prepared[]>;
}

const portsKey = (ps: readonly PortRange[]): string => {
  let t = '';
  for (const [lo, hi] of ps) t += `${lo}-${hi},`;
  return t;
};

/** `guest processing on win01 falls back to …: 6173 blocked from vbr01 to win01`: the destination only when the consequence does not name it. */
const sentence = (consequence: string, proto: string, ports: string, tail: string, to: string, partDest: string): string =>
  `${consequence}: ${proto}${ports}${tail}${consequence.includes(to) ? '' : ` to ${to}`}${partDest}`;

export function whatBreaks(verdicts: readonly FlowVerdict[], d: Deployment): Break[] {
  const roleMap = new Map(d.hosts.map((h) => [h.name, h.roles as readonly string[]]));
  const roles = (n: string): readonly string[] => roleMap.get(n) ?? [];
  const prepare = new Preparer(roles);
  const out: Break[] = [];
  // One context, refilled per flow: rules read it while they run and keep nothing of it.
  const c: Ctx = { from: '', to: '', roles };
  for (const v of verdicts) {
    const m = v.missing;
    if (v.status === 'allowed' || !m) continue;
    const f = v.flow;
    c.from = f.from;
    c.to = f.to;
    const prepared = prepare.get(f, m.ports, c);
    if (!prepared.length) continue;
    const partSources = m.allSources ? '' : ` (from ${m.sources.slice(0, 3).join(', ')})`;
    const partDest = m.allDestinations ? '' : ` (to ${m.destinations.slice(0, 3).join(', ')})`;
    const proto = f.protocol === 'udp' ? 'udp ' : '';
    let reply = '';
    if (m.returnTraffic) {
      reply = ' (return traffic)';
      for (const p of m.parts) if (!p.reply) reply = '';
    }
    /** Everything of the sentence after the ports but the destination: the same for each reason. */
    const tail = `${reply} blocked from ${f.from}${partSources}`;
    if (prepared.length === 1) {
      // One reason (half the blocked flows): nothing to merge.
      const p = prepared[0]!;
      const consequence = p.rule ? p.rule.say(p.reason, c) : p.fallback;
      const feature = p.rule?.feature;
      const t = sentence(consequence, proto, p.lostText, tail, f.to, partDest);
      // The lost ports are shared by the flows of a kind, as the plan shares their port lists.
      out.push(
        feature
          ? { flow: f.id, from: f.from, to: f.to, protocol: f.protocol, ports: p.lost, entry: p.reason.entry, feature, consequence, text: t }
          : { flow: f.id, from: f.from, to: f.to, protocol: f.protocol, ports: p.lost, entry: p.reason.entry, consequence, text: t },
      );
      continue;
    }
    // Reasons with the same consequence make one break (a flow has a few reasons: a list, searched).
    const merged: Break[] = [];
    for (const p of prepared) {
      const consequence = p.rule ? p.rule.say(p.reason, c) : p.fallback;
      let at = -1;
      for (let i = 0; i < merged.length; i++)
        if (merged[i]!.consequence === consequence) {
          at = i;
          break;
        }
      const prev = at < 0 ? undefined : merged[at];
      const ports = prev ? intersectPorts(f.ports, [...prev.ports, ...p.lost]) : p.lost;
      const t = sentence(consequence, proto, prev ? formatPorts(ports) : p.lostText, tail, f.to, partDest);
      const entry = prev?.entry ?? p.reason.entry;
      const feature = p.rule?.feature ?? prev?.feature;
      // Key order as the break has always had (feature only when there is one).
      const b: Break = feature
        ? { flow: f.id, from: f.from, to: f.to, protocol: f.protocol, ports, entry, feature, consequence, text: t }
        : { flow: f.id, from: f.from, to: f.to, protocol: f.protocol, ports, entry, consequence, text: t };
      if (prev) merged[at] = b;
      else merged.push(b);
    }
    for (const b of merged) out.push(b);
  }
  return out;
}
