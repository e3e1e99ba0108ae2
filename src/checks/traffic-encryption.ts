/**
 * Traffic encryption in private networks (by default only traffic between public networks is encrypted).
 * @module
 */
import { ANALYZER_PARAMETERS, SECURING, declaredFlag, ref } from './_helpers.js';
import type { Check } from './types.js';

export const trafficEncryption: Check = {
  id: 'traffic-encryption',
  title: 'Network traffic encryption should be enabled in the backup network',
  severity: 'medium',
  source: ref(SECURING, 'Backup Server'),
  seeAlso: [ANALYZER_PARAMETERS],
  analyzer: 'Network traffic encryption should be enabled in the backup network',
  recommendation: 'Select "Encrypt network traffic" in every global network traffic rule, including rules for private (RFC 1918) networks, then declare security.traffic-encryption: true.',
  run: (d) => declaredFlag(d, 'traffic-encryption'),
};
