/**
 * Hardened repositories on virtual machines: the hypervisor can reach the disks.
 * @module
 */
import { ANALYZER_PARAMETERS, hostPath, hostsWith, list } from './_helpers.js';
import type { Check } from './types.js';

export const hardenedRepoVirtual: Check = {
  id: 'hardened-repo-virtual',
  title: 'Hardened repositories should not be hosted in virtual machines',
  severity: 'medium',
  source: ANALYZER_PARAMETERS,
  seeAlso: [{ page: 'hardened_repository_limitations.md', section: 'Linux Server' }],
  analyzer: 'Hardened repositories should not be hosted in virtual machines',
  recommendation: 'Host each hardened repository on a physical machine with local storage, and say so with `virtual: false`.',
  run(d) {
    const repos = hostsWith(d, 'hardened-repository');
    if (!repos.length) return { status: 'passed', evidence: ['no hardened-repository host in the file'] };
    const virtual = repos.filter((h) => h.virtual === true);
    const unknown = repos.filter((h) => h.virtual === undefined);
    const physical = repos.filter((h) => h.virtual === false);
    if (virtual.length)
      return {
        status: 'not-implemented',
        evidence: virtual.map((h) => `${h.name}: hardened repository with virtual: true`),
        paths: virtual.map((h) => [...hostPath(h), 'virtual']),
      };
    if (unknown.length)
      return {
        status: 'unable-to-detect',
        evidence: [
          ...unknown.map((h) => `${h.name}: hardened repository without virtual: (physical or virtual is not said)`),
          ...(physical.length ? [`physical: ${list(physical.map((h) => h.name))}`] : []),
        ],
        recommendation: 'Set `virtual: false` on each hardened repository that runs on a physical machine; move any that run on a VM to physical hardware.',
        paths: unknown.map((h) => hostPath(h)),
      };
    return { status: 'passed', evidence: physical.map((h) => `${h.name}: hardened repository with virtual: false`) };
  },
};
