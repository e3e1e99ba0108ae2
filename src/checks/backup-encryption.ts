/**
 * Backup files encrypted with Veeam built-in encryption.
 * @module
 */
import { SECURING, declaredFlag, ref } from './_helpers.js';
import type { Check } from './types.js';

export const backupEncryption: Check = {
  id: 'backup-encryption',
  title: 'Backups should be encrypted',
  severity: 'medium',
  source: ref(SECURING, 'Backup Repositories'),
  recommendation: 'Enable backup file encryption in the backup jobs (Veeam built-in encryption), then declare security.backup-encryption: true.',
  run: (d) => declaredFlag(d, 'backup-encryption'),
};
