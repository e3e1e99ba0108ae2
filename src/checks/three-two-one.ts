/**
 * The 3-2-1 rule: at least one more copy of every backup.
 * @module
 */
import { ANALYZER_PARAMETERS, SECURING, ref, securityPath } from './_helpers.js';
import type { Check } from './types.js';

export const threeTwoOne: Check = {
  id: 'three-two-one',
  title: 'All backups should have at least one copy (the 3-2-1 rule)',
  severity: 'medium',
  source: ref(SECURING, 'Backup Repositories'),
  seeAlso: [ref('planning.md', 'Step 4. Plan How Many Copies of Data You Need (3-2-1 rule)'), ANALYZER_PARAMETERS],
  analyzer: 'All backups should have at least one copy (the 3-2-1 backup rule)',
  recommendation:
    'Keep three copies of the data on two kinds of media, one of them off-site: add a backup copy job, a scale-out backup repository in copy mode, an archive tier or a backup to tape job, then set features.backup-copy or security.copy-jobs: true.',
  run(d) {
    const declared = d.security['copy-jobs'];
    if (d.features['backup-copy'])
      return { status: 'passed', evidence: ['features.backup-copy: true: backup copy jobs are in use'], paths: [['features', 'backup-copy']] };
    if (declared === true) return { status: 'passed', evidence: ['security.copy-jobs: true'], paths: [securityPath('copy-jobs')] };
    if (declared === false)
      return { status: 'not-implemented', evidence: ['security.copy-jobs: false, and features.backup-copy is not set: backups have no second copy'], paths: [securityPath('copy-jobs')] };
    return { status: 'unable-to-detect', evidence: ['features.backup-copy is not set and security.copy-jobs is not declared'] };
  },
};
