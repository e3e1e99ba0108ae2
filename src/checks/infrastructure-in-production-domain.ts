/**
 * The backup server in the production Active Directory domain: whoever takes the domain takes the
 * backups too.
 * @module
 */
import { ANALYZER_PARAMETERS, SECURING, ref, securityPath } from './_helpers.js';
import type { Check } from './types.js';

export const infrastructureInProductionDomain: Check = {
  id: 'infrastructure-in-production-domain',
  title: 'The backup server should not be a part of the production domain',
  severity: 'high',
  source: ref(SECURING, 'Infrastructure Planning'),
  seeAlso: [ANALYZER_PARAMETERS],
  analyzer: 'Backup server should not be a part of the production domain',
  recommendation:
    'Put the backup server and the other backup infrastructure components in a management domain of a separate Active Directory forest (large environments) or in a workgroup (medium and small ones), then declare security.backup-server-domain.',
  run(d) {
    const v = d.security['backup-server-domain'];
    if (v === undefined) return { status: 'unable-to-detect', evidence: ['security.backup-server-domain is not declared'] };
    const paths = [securityPath('backup-server-domain')];
    if (v === 'production-domain') return { status: 'not-implemented', evidence: ['security.backup-server-domain: production-domain'], paths };
    return { status: 'passed', evidence: [`security.backup-server-domain: ${v}`], paths };
  },
};
