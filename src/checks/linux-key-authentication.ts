/**
 * Linux servers added with saved passwords: keys (or single-use credentials) are not exposed to a fake server.
 * @module
 */
import { ROLES } from '../catalog/roles.js';
import { ANALYZER_PARAMETERS, declaredFlag, list, ref } from './_helpers.js';
import type { Check } from './types.js';

export const linuxKeyAuthentication: Check = {
  id: 'linux-key-authentication',
  title: 'Linux servers should have password-based authentication disabled',
  severity: 'medium',
  source: ANALYZER_PARAMETERS,
  seeAlso: [ref('general_security_considerations.md', 'Linux Server')],
  analyzer: 'Linux servers should have password-based authentication disabled',
  recommendation: 'Add Linux servers with SSH key-based credentials (hardened repositories with single-use credentials, appliances with certificates), not with a saved password, then declare security.linux-key-authentication: true.',
  run(d) {
    // Hardened repositories take single-use credentials and appliances certificates: neither stores a password.
    const linux = d.hosts.filter((h) => h.os === 'linux' && !h.appliance && !h.roles.includes('hardened-repository') && h.roles.some((r) => ROLES[r].managed));
    if (!linux.length) return { status: 'passed', evidence: ['no managed Linux server that Veeam connects to over SSH with saved credentials'] };
    const r = declaredFlag(d, 'linux-key-authentication');
    return { ...r, evidence: [`Linux servers added over SSH: ${list(linux.map((h) => h.name))}`, ...r.evidence] };
  },
};
