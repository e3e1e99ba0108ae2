/**
 * A hardened repository with other roles: every extra role widens its attack surface (a VMware
 * proxy brings VDDK; other roles are not allowed at all).
 * @module
 */
import { ANALYZER_PARAMETERS, hostPath, hostsWith, list } from './_helpers.js';
import type { Check } from './types.js';

export const hardenedRepoSingleRole: Check = {
  id: 'hardened-repo-single-role',
  title: 'Hardened repositories should not be used as backup proxy servers or for other roles',
  severity: 'medium',
  source: ANALYZER_PARAMETERS,
  analyzer: 'Hardened repositories should not be used as backup proxy servers',
  recommendation: 'Give a hardened repository no role but the repository: move backup proxy, gateway and other roles to other hosts.',
  run(d) {
    const repos = hostsWith(d, 'hardened-repository');
    if (!repos.length) return { status: 'passed', evidence: ['no hardened-repository host in the file'] };
    const mixed = repos.filter((h) => h.roles.length > 1);
    if (mixed.length)
      return {
        status: 'not-implemented',
        evidence: mixed.map((h) => `${h.name}: hardened repository also has ${list(h.roles.filter((r) => r !== 'hardened-repository'))}`),
        paths: mixed.map((h) => [...hostPath(h), 'roles']),
      };
    return { status: 'passed', evidence: repos.map((h) => `${h.name}: the hardened-repository role only`) };
  },
};
