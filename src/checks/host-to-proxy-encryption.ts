/**
 * NBDSSL: VMware proxies in network mode read VM data from ESXi over an encrypted connection.
 * @module
 */
import { ANALYZER_PARAMETERS, declaredFlag, hostsWith, list } from './_helpers.js';
import type { Check } from './types.js';

export const hostToProxyEncryption: Check = {
  id: 'host-to-proxy-encryption',
  title: 'Host to proxy traffic encryption should be enabled for the network transport mode',
  severity: 'medium',
  source: ANALYZER_PARAMETERS,
  analyzer: 'Host to proxy traffic encryption should be enabled for the Network transport mode',
  recommendation: 'For every VMware backup proxy that uses the network (NBD) transport mode, select "Enable host to proxy traffic encryption in Network mode (NBDSSL)", then declare security.host-to-proxy-encryption: true.',
  run(d) {
    const nbd = hostsWith(d, 'vmware-proxy').filter((h) => h.transport.includes('network'));
    if (!nbd.length) return { status: 'passed', evidence: ['no VMware backup proxy uses the network transport mode'] };
    const r = declaredFlag(d, 'host-to-proxy-encryption');
    return { ...r, evidence: [`network-mode proxies: ${list(nbd.map((h) => h.name))}`, ...r.evidence] };
  },
};
