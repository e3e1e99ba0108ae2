/**
 * Backups that leave for the cloud are encrypted first.
 * @module
 */
import { ANALYZER_PARAMETERS, hostsWith, internetZones, list, securityPath } from './_helpers.js';
import type { Check } from './types.js';

export const cloudBackupEncryption: Check = {
  id: 'cloud-backup-encryption',
  title: 'Backup jobs to cloud repositories should use encryption',
  severity: 'medium',
  source: ANALYZER_PARAMETERS,
  analyzer: 'Backup jobs to cloud repositories should use encryption',
  recommendation: 'Enable backup file encryption in every job whose target is a cloud repository, then declare security.cloud-backup-encryption (or security.backup-encryption): true.',
  run(d) {
    const inet = internetZones(d);
    // Cloud repositories: object storage on the internet, and a service provider's cloud gateway (this deployment is a tenant).
    const cloud = hostsWith(d, 'object-storage', 'cloud-gateway').filter((h) => inet.has(h.zone));
    if (!cloud.length) return { status: 'passed', evidence: ['no cloud repository (object storage or Cloud Connect gateway in an internet zone) in the file'] };
    const all = d.security['backup-encryption'];
    const cloudOnly = d.security['cloud-backup-encryption'];
    const evidence = [`cloud repositories: ${list(cloud.map((h) => h.name))}`];
    if (all === true) return { status: 'passed', evidence: [...evidence, 'security.backup-encryption: true'], paths: [securityPath('backup-encryption')] };
    if (cloudOnly !== undefined)
      return { status: cloudOnly ? 'passed' : 'not-implemented', evidence: [...evidence, `security.cloud-backup-encryption: ${String(cloudOnly)}`], paths: [securityPath('cloud-backup-encryption')] };
    if (all === false) return { status: 'not-implemented', evidence: [...evidence, 'security.backup-encryption: false'], paths: [securityPath('backup-encryption')] };
    return { status: 'unable-to-detect', evidence: [...evidence, 'security.cloud-backup-encryption is not declared'] };
  },
};
