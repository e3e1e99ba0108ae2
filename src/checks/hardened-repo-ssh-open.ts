/**
 * SSH to a hardened repository outside the deploy phase: the plan opens TCP 22 for operation.
 * @module
 */
import { formatPorts, intersectPorts, subtractPorts } from '../net/ports.js';
import { ANALYZER_PARAMETERS, hostPath, hostsWith, list, ref } from './_helpers.js';
import type { Check } from './types.js';
import { selectFlows } from '../plan/typed.js';

const SSH: readonly (readonly [number, number])[] = [[22, 22]];

export const hardenedRepoSshOpen: Check = {
  id: 'hardened-repo-ssh-open',
  title: 'Hardened repositories should have SSH closed once deployed',
  severity: 'high',
  source: ANALYZER_PARAMETERS,
  seeAlso: [ref('hardened_repository_limitations.md', 'Veeam Infrastructure Appliance Hardened Repository')],
  analyzer: 'Hardened repositories should have the SSH Server disabled',
  recommendation:
    'Open SSH (TCP 22) to a hardened repository only in the deploy phase, to install or upgrade the Veeam Data Mover, then close it and disable the SSH server; give the roles that need SSH in operation to other hosts.',
  run(d, plan) {
    const repos = new Set(hostsWith(d, 'hardened-repository').map((h) => h.name));
    if (!repos.size) return { status: 'passed', evidence: ['no hardened-repository host in the file'] };
    const toRepos = selectFlows(plan, (_from, to, f) => f.protocol === 'tcp' && repos.has(to.name) && intersectPorts(f.ports, SSH).length > 0);
    const operate = toRepos.filter((f) => intersectPorts(subtractPorts(f.ports, f.deployOnly), SSH).length);
    if (operate.length)
      return {
        status: 'not-implemented',
        evidence: operate.map((f) => {
          const why = f.reasons.filter((r) => r.phase === 'operate' && intersectPorts(r.ports, SSH).length).map((r) => r.entry);
          return `${f.from} → ${f.to} tcp 22 in the ${plan.phase} phase (${list(why)})`;
        }),
        paths: [...new Set(operate.map((f) => f.to))].map((n) => hostPath(n)),
      };
    const deployOnly = toRepos.map((f) => `${f.from} → ${f.to} tcp ${formatPorts(intersectPorts(f.ports, SSH))} for the deploy phase only: close it once the Data Mover is deployed`);
    return {
      status: 'passed',
      evidence: [`no flow opens SSH to ${list([...repos])} in the ${plan.phase} phase`, ...deployOnly],
    };
  },
};
