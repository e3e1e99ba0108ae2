/**
 * Credentials and encryption passwords changed at least once a year.
 * @module
 */
import { ANALYZER_PARAMETERS, securityPath } from './_helpers.js';
import type { Check } from './types.js';

const MAX_DAYS = 365;

export const credentialRotation: Check = {
  id: 'credential-rotation',
  title: 'Credentials and encryption passwords should be rotated at least annually',
  severity: 'low',
  source: ANALYZER_PARAMETERS,
  analyzer: 'Credentials and encryption passwords should be rotated at least annually',
  recommendation: `Change the passwords in the Credentials Manager, Cloud Credentials Manager and Password Manager at least every ${MAX_DAYS} days, then declare security.credential-rotation-days.`,
  run(d) {
    const v = d.security['credential-rotation-days'];
    if (v === undefined) return { status: 'unable-to-detect', evidence: ['security.credential-rotation-days is not declared'] };
    return { status: v <= MAX_DAYS ? 'passed' : 'not-implemented', evidence: [`security.credential-rotation-days: ${v} (at most ${MAX_DAYS})`], paths: [securityPath('credential-rotation-days')] };
  },
};
