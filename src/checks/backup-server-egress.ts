/**
 * The backup server's internet access: HTTPS to the Veeam update and licence servers (and the
 * certificate verification endpoints they need), nothing else.
 * @module
 */
import type { Role } from '../catalog/roles.js';
import { intersectPorts, portsCover, type PortRange } from '../net/ports.js';
import type { Flow } from '../plan/types.js';
import { SECURING, flowLabel, hostPath, hostsWith, internetZones, list, ref, sourceText } from './_helpers.js';
import type { Check } from './types.js';
import { selectFlows } from '../plan/typed.js';

/**
 * HTTPS, and HTTP where the official pages document it for these hosts: certificate verification
 * (CRL/OCSP, used_ports.md) and the Update Notification Server for Veeam Cloud Connect
 * (cloud/ports.md); the evidence names every use of port 80.
 */
const WEB: readonly PortRange[] = [[80, 80], [443, 443]];
const HTTP: readonly PortRange[] = [[80, 80]];

const ALLOWED: Partial<Record<Role, readonly PortRange[]>> = {
  'veeam-update-server': WEB,
  'veeam-license-server': WEB,
  'crl-server': WEB,
};

export const backupServerEgress: Check = {
  id: 'backup-server-egress',
  title: "The backup server's outbound internet access should be limited to Veeam update and licence servers",
  severity: 'high',
  source: ref(SECURING, 'Backup Server'),
  seeAlso: [ref('used_ports.md', 'Veeam Servers and Services')],
  recommendation:
    'Let the backup server reach the internet only over HTTPS to the Veeam Update Notification Server or Veeam Updater, the Veeam License Update Servers and their certificate verification endpoints (and Microsoft Update for a Windows server); route object storage and other internet services through a gateway server.',
  run(d, plan) {
    const inet = internetZones(d);
    const servers = new Set(hostsWith(d, 'backup-server').map((h) => h.name));
    if (!servers.size) return { status: 'passed', evidence: ['no backup-server host in the file'] };
    const byName = new Map(d.hosts.map((h) => [h.name, h]));
    const out = selectFlows(plan, (from, to) => servers.has(from.name) && inet.has(to.zone));
    const allowed = (to: string, ports: readonly PortRange[], protocol: string): boolean => {
      const roles = byName.get(to)?.roles ?? [];
      return protocol === 'tcp' && roles.length > 0 && roles.every((r) => ALLOWED[r] !== undefined && portsCover(ALLOWED[r]!, ports));
    };
    const bad = out.filter((f) => !allowed(f.to, f.ports, f.protocol));
    if (bad.length) {
      const defaults = new Set(bad.flatMap((f) => f.reasons.flatMap((r) => r.defaults)));
      const notes = plan.defaults.filter((x) => defaults.has(x.id)).map((x) => `default applied: ${x.message}`);
      return {
        status: 'not-implemented',
        evidence: [...bad.map((f) => `${flowLabel(f)}: ${list(byName.get(f.to)?.roles ?? [])} in zone ${f.toZone} (${list(f.reasons.map((r) => r.entry))})`), ...notes],
        ...(defaults.has('default-gateway')
          ? {
              recommendation:
                'Add a gateway server (a host with the gateway-server role) for object storage, so that the backup server does not carry backup data to the internet; keep its own internet access to HTTPS to the Veeam update and licence servers (and the object storage endpoint only where SOSAPI needs it).',
            }
          : {}),
        paths: [...new Set(bad.flatMap((f) => [f.from, f.to]))].map((n) => hostPath(n)),
      };
    }
    const http = (f: Flow): string => {
      const why = f.reasons.filter((r) => intersectPorts(r.ports, HTTP).length).flatMap((r) => r.sources);
      return why.length ? `; HTTP on 80 as ${list([...new Set(why.map(sourceText))])} documents` : '';
    };
    return {
      status: 'passed',
      evidence: out.length ? out.map((f) => `${flowLabel(f)}: ${list(byName.get(f.to)?.roles ?? [])}${http(f)}`) : [`the plan has no flow from ${list([...servers])} to the internet`],
    };
  },
};
