/**
 * Enterprise Manager on the backup server: a key change attack needs only one machine.
 * @module
 */
import { formatCidr } from '../net/ip.js';
import type { Host } from '../model/types.js';
import { SECURING, hostPath, hostsWith, ref } from './_helpers.js';
import type { Check, FieldPath } from './types.js';

/** Two host entries that are one machine: a shared address or FQDN. */
function sameMachine(a: Host, b: Host): string | undefined {
  if (a.kind === 'host' && b.kind === 'host') {
    const x = new Set(a.addresses.map((c) => formatCidr(c, true)));
    const shared = b.addresses.map((c) => formatCidr(c, true)).find((s) => x.has(s));
    if (shared) return `address ${shared}`;
  }
  if (a.fqdn && b.fqdn && a.fqdn.toLowerCase() === b.fqdn.toLowerCase()) return `FQDN ${a.fqdn}`;
  return undefined;
}

export const emOnBackupServer: Check = {
  id: 'em-on-backup-server',
  title: 'Enterprise Manager should be installed on a machine other than the backup server',
  severity: 'high',
  source: ref(SECURING, 'Veeam Backup Enterprise Manager'),
  recommendation: 'Deploy Veeam Backup Enterprise Manager on its own server, not on the Veeam Backup & Replication server, to reduce the risk of a key change attack.',
  run(d) {
    const servers = hostsWith(d, 'backup-server');
    const ems = hostsWith(d, 'enterprise-manager');
    if (!ems.length) return { status: 'passed', evidence: ['no enterprise-manager host in the file'] };
    const evidence: string[] = [];
    const paths: FieldPath[] = [];
    for (const em of ems) {
      if (em.roles.includes('backup-server')) {
        evidence.push(`${em.name}: roles backup-server and enterprise-manager on one host`);
        paths.push([...hostPath(em), 'roles']);
        continue;
      }
      for (const s of servers) {
        const why = sameMachine(em, s);
        if (why) {
          evidence.push(`${em.name} (enterprise-manager) and ${s.name} (backup-server) share the ${why}`);
          paths.push(hostPath(em), hostPath(s));
        }
      }
    }
    if (evidence.length) return { status: 'not-implemented', evidence, paths };
    return {
      status: 'passed',
      evidence: ems.map((em) => `${em.name} (enterprise-manager) is a host of its own${servers.length ? `, apart from ${servers.map((s) => s.name).join(', ')} (backup-server)` : ''}`),
    };
  },
};
