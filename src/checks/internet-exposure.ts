/**
 * Internet exposure: the only inbound from the internet a design may have is Veeam Cloud
 * Connect's 6180 to a cloud gateway, and never anything to the backup server.
 * @module
 */
import { portsCover } from '../net/ports.js';
import { SECURING, flowLabel, hostPath, internetZones, list, ref } from './_helpers.js';
import type { Check } from './types.js';
import { selectFlows } from '../plan/typed.js';

const CLOUD_CONNECT: readonly (readonly [number, number])[] = [[6180, 6180]];

export const internetExposure: Check = {
  id: 'internet-exposure',
  title: 'Nothing but Cloud Connect 6180 to a cloud gateway should be reachable from the internet',
  severity: 'critical',
  source: ref(SECURING, 'Backup Server'),
  seeAlso: [ref('cloud/ports.md', 'Ports')],
  recommendation:
    'Allow no inbound connection from the internet to the backup server or any other component; manage remotely through a console on a jump server or Veeam Backup Remote Access. Only a Veeam Cloud Connect gateway may face the internet, on 6180.',
  run(d, plan) {
    const inet = internetZones(d);
    if (!inet.size) return { status: 'passed', evidence: ['no zone has internet: true'] };
    const byName = new Map(d.hosts.map((h) => [h.name, h]));
    const inbound = selectFlows(plan, (from, to) => inet.has(from.zone) && !inet.has(to.zone));
    const bad = inbound.filter((f) => {
      const to = byName.get(f.to);
      if (!to || to.roles.includes('backup-server')) return true;
      return !(to.roles.includes('cloud-gateway') && portsCover(CLOUD_CONNECT, f.ports));
    });
    if (bad.length)
      return {
        status: 'not-implemented',
        evidence: bad.map((f) => {
          const to = byName.get(f.to);
          const what = to?.roles.includes('backup-server') ? 'inbound to the backup server' : to?.roles.includes('cloud-gateway') ? `ports other than 6180 to a cloud gateway` : `inbound to ${list(to?.roles ?? [])}`;
          return `${flowLabel(f)} from zone ${f.fromZone}: ${what} (${f.purposes[0] ?? ''})`.replace(/ \(\)$/, '');
        }),
        paths: [...new Set(bad.flatMap((f) => [f.from, f.to]))].map((n) => hostPath(n)),
      };
    return {
      status: 'passed',
      evidence: inbound.length
        ? inbound.map((f) => `${flowLabel(f)}: Veeam Cloud Connect to the cloud gateway`)
        : [`the plan has no flow from zone ${list([...inet])} into the other zones`],
    };
  },
};
