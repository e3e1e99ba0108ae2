/**
 * Outdated protocols (SSL 2.0/3.0, TLS 1.0/1.1, SMB 1.0, LLMNR, NetBIOS) on backup infrastructure servers.
 * @module
 */
import { ANALYZER_PARAMETERS, declaredFlag, ref } from './_helpers.js';
import type { Check } from './types.js';

export const legacyProtocols: Check = {
  id: 'legacy-protocols',
  title: 'Outdated network protocols should be disabled',
  severity: 'medium',
  source: ref('general_security_considerations.md', 'Network'),
  seeAlso: [ANALYZER_PARAMETERS],
  analyzer: 'SMBv1 protocol should be disabled',
  recommendation: 'Disable SSL 2.0 and 3.0, TLS 1.0 and 1.1, SMB 1.0, LLMNR and NetBIOS on the backup server and the other backup infrastructure servers, then declare security.legacy-protocols-disabled: true.',
  run: (d) => declaredFlag(d, 'legacy-protocols-disabled'),
};
