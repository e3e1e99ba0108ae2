/**
 * Multi-factor authentication for the backup console.
 * @module
 */
import { ANALYZER_PARAMETERS, SECURING, declaredFlag, ref } from './_helpers.js';
import type { Check } from './types.js';

export const mfa: Check = {
  id: 'mfa',
  title: 'MFA for the backup console should be enabled',
  severity: 'high',
  source: ref(SECURING, 'Backup Server'),
  seeAlso: [ref('mfa.md', 'Enabling MFA'), ANALYZER_PARAMETERS],
  analyzer: 'MFA for the backup console should be enabled',
  recommendation: 'Enable multi-factor authentication in Users & Roles > Security (service accounts excepted), then declare security.mfa: true.',
  run: (d) => declaredFlag(d, 'mfa'),
};
