/**
 * Email notifications about job results.
 * @module
 */
import { ANALYZER_PARAMETERS, declaredFlag, hostsWith } from './_helpers.js';
import type { Check } from './types.js';

export const emailNotifications: Check = {
  id: 'email-notifications',
  title: 'Email notifications should be enabled',
  severity: 'low',
  source: ANALYZER_PARAMETERS,
  analyzer: 'Email notifications should be enabled',
  recommendation: 'Select "Enable e-mail notifications" in the global notification settings, add the mail server (smtp-server or mail-api host) so that the plan opens its flow, and declare security.email-notifications: true.',
  run(d) {
    const r = declaredFlag(d, 'email-notifications');
    if (r.status === 'passed' && !hostsWith(d, 'smtp-server', 'mail-api').length)
      return { ...r, evidence: [...r.evidence, 'no smtp-server or mail-api host in the file: the plan opens no flow for the notifications'] };
    return r;
  },
};
