/**
 * Compliance retention mode for immutable object storage and Dell Data Domain repositories.
 * @module
 */
import { ANALYZER_PARAMETERS, hostsWith, list, securityPath } from './_helpers.js';
import type { Check } from './types.js';

export const immutabilityComplianceMode: Check = {
  id: 'immutability-compliance-mode',
  title: 'Compliance mode should be used for repositories with immutability enabled',
  severity: 'medium',
  source: ANALYZER_PARAMETERS,
  analyzer: 'Compliance mode should be used for repositories with backup immutability enabled',
  recommendation: 'Use the compliance retention mode (not governance) on immutable object storage and Dell Data Domain repositories, then declare security.immutability.retention-mode: compliance.',
  run(d) {
    const mode = d.security.immutability?.['retention-mode'];
    if (mode !== undefined)
      return { status: mode === 'compliance' ? 'passed' : 'not-implemented', evidence: [`security.immutability.retention-mode: ${mode}`], paths: [securityPath('immutability', 'retention-mode')] };
    const objects = hostsWith(d, 'object-storage');
    if (!objects.length && d.security.immutability?.repositories !== true)
      return { status: 'passed', evidence: ['no object storage repository in the file and security.immutability.repositories is not true'] };
    return {
      status: 'unable-to-detect',
      evidence: [...(objects.length ? [`object storage: ${list(objects.map((h) => h.name))}`] : ['security.immutability.repositories: true']), 'security.immutability.retention-mode is not declared'],
    };
  },
};
