/**
 * Encryption password loss protection (a Veeam Backup Enterprise Manager setting).
 * @module
 */
import { ANALYZER_PARAMETERS, SECURING, declaredFlag, hostsWith, list, ref } from './_helpers.js';
import type { Check } from './types.js';

export const passwordLossProtection: Check = {
  id: 'password-loss-protection',
  title: 'Encryption password loss protection should be enabled',
  severity: 'medium',
  source: ref(SECURING, 'Veeam Backup Enterprise Manager'),
  seeAlso: [ANALYZER_PARAMETERS],
  analyzer: 'Password loss protection should be enabled',
  recommendation: 'Deploy Veeam Backup Enterprise Manager and select "Enable encryption password loss protection" in its settings, then declare security.password-loss-protection: true.',
  run(d) {
    const ems = hostsWith(d, 'enterprise-manager');
    const r = declaredFlag(d, 'password-loss-protection');
    if (!ems.length && r.status !== 'not-implemented')
      return { status: 'not-implemented', evidence: ['no enterprise-manager host in the file: password loss protection is a Veeam Backup Enterprise Manager setting', ...r.evidence], ...(r.paths ? { paths: r.paths } : {}) };
    return { ...r, evidence: [...(ems.length ? [`Enterprise Manager: ${list(ems.map((h) => h.name))}`] : []), ...r.evidence] };
  },
};
