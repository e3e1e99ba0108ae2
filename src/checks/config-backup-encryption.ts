/**
 * Configuration backup enabled and encrypted.
 * @module
 */
import { ANALYZER_PARAMETERS, SECURING, ref, securityPath } from './_helpers.js';
import type { Check } from './types.js';

export const configBackupEncryption: Check = {
  id: 'config-backup-encryption',
  title: 'Configuration backup should be enabled and use encryption',
  severity: 'medium',
  source: ref(SECURING, 'Veeam Backup & Replication Database'),
  seeAlso: [ref('config_backup_encrypted.md', 'Enabling Encryption for Configuration Backups'), ANALYZER_PARAMETERS],
  analyzer: 'Configuration backup should be enabled and use encryption',
  recommendation: 'Enable the configuration backup and "Enable configuration backup file encryption" with a password from the Password Manager, then declare security.config-backup.enabled and .encrypted: true.',
  run(d) {
    const cb = d.security['config-backup'];
    const facts = [
      ['enabled', cb?.enabled],
      ['encrypted', cb?.encrypted],
    ] as const;
    const evidence = facts.map(([k, v]) => (v === undefined ? `security.config-backup.${k} is not declared` : `security.config-backup.${k}: ${String(v)}`));
    const paths = facts.filter(([, v]) => v !== undefined).map(([k]) => securityPath('config-backup', k));
    if (facts.some(([, v]) => v === false)) return { status: 'not-implemented', evidence, paths };
    if (facts.some(([, v]) => v === undefined)) return { status: 'unable-to-detect', evidence, paths };
    return { status: 'passed', evidence, paths };
  },
};
