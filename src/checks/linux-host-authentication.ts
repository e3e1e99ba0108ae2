/**
 * Linux host authentication: unknown hosts are added manually, not trusted on first sight.
 * @module
 */
import { ANALYZER_PARAMETERS, SECURING, ref, securityPath } from './_helpers.js';
import type { Check } from './types.js';

export const linuxHostAuthentication: Check = {
  id: 'linux-host-authentication',
  title: 'Unknown Linux servers should not be trusted automatically',
  severity: 'medium',
  source: ref(SECURING, 'Backup Server'),
  seeAlso: [ANALYZER_PARAMETERS],
  analyzer: 'Unknown Linux servers should not be trusted automatically',
  recommendation: 'In the Linux hosts authentication settings, select "Add unknown hosts to the list manually" (manual SSH fingerprint verification), then declare security.linux-host-authentication: manual.',
  run(d) {
    const v = d.security['linux-host-authentication'];
    if (v === undefined) return { status: 'unable-to-detect', evidence: ['security.linux-host-authentication is not declared'] };
    return { status: v === 'manual' ? 'passed' : 'not-implemented', evidence: [`security.linux-host-authentication: ${v}`], paths: [securityPath('linux-host-authentication')] };
  },
};
