/**
 * Auto log-off of idle console sessions.
 * @module
 */
import { SECURING, ref, securityPath } from './_helpers.js';
import type { Check } from './types.js';

export const autoLogoff: Check = {
  id: 'auto-logoff',
  title: 'Idle users should be logged off automatically',
  severity: 'low',
  source: ref(SECURING, 'Backup Server'),
  recommendation: 'In Users and Roles, select "Enable auto log off after <number> min of inactivity" and set the minutes, then declare security.auto-logoff-minutes.',
  run(d) {
    const v = d.security['auto-logoff-minutes'];
    if (v === undefined) return { status: 'unable-to-detect', evidence: ['security.auto-logoff-minutes is not declared'] };
    const paths = [securityPath('auto-logoff-minutes')];
    if (v === 0) return { status: 'not-implemented', evidence: ['security.auto-logoff-minutes: 0 (auto log-off is off)'], paths };
    return { status: 'passed', evidence: [`security.auto-logoff-minutes: ${v}`], paths };
  },
};
