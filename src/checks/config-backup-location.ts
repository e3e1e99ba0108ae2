/**
 * Where the configuration backup goes: not the backup server, not the backup server's network.
 * @module
 */
import { ANALYZER_PARAMETERS, SECURING, hostPath, hostsWith, list, ref, securityPath } from './_helpers.js';
import type { Check } from './types.js';

export const configBackupLocation: Check = {
  id: 'config-backup-location',
  title: "The configuration backup should be stored outside the backup server and its network",
  severity: 'high',
  source: ref(SECURING, 'Veeam Backup & Replication Database'),
  seeAlso: [ref('export_vbr_config.md', 'Backup Repository Target'), ANALYZER_PARAMETERS],
  analyzer: 'The configuration backup must not be stored on the backup server',
  recommendation:
    "Target the configuration backup at a repository on another host in another zone than the backup server (not the default backup repository), and declare it as security.config-backup.repository.",
  run(d) {
    const cb = d.security['config-backup'];
    if (!cb) return { status: 'unable-to-detect', evidence: ['security.config-backup is not declared'] };
    if (cb.enabled === false)
      return { status: 'not-implemented', evidence: ['security.config-backup.enabled: false: there is no configuration backup to restore the backup server from'], paths: [securityPath('config-backup', 'enabled')] };
    if (cb.repository === undefined)
      return {
        status: 'unable-to-detect',
        evidence: ['security.config-backup.repository is not declared (by default the configuration backup goes to the default backup repository on the backup server)'],
        paths: [securityPath('config-backup')],
      };
    const path = securityPath('config-backup', 'repository');
    const repo = d.hosts.find((h) => h.name === cb.repository);
    if (!repo) return { status: 'unable-to-detect', evidence: [`security.config-backup.repository: '${cb.repository}' is not a host of the file`], paths: [path] };
    const servers = hostsWith(d, 'backup-server');
    if (repo.roles.includes('backup-server'))
      return { status: 'not-implemented', evidence: [`security.config-backup.repository: ${repo.name}: the configuration backup stays on the backup server`], paths: [path, hostPath(repo)] };
    const sameZone = servers.filter((s) => s.zone === repo.zone);
    if (sameZone.length)
      return {
        status: 'not-implemented',
        evidence: [`security.config-backup.repository: ${repo.name} is in zone ${repo.zone}, the network of the backup server ${list(sameZone.map((s) => s.name))}`],
        paths: [path, hostPath(repo)],
      };
    return {
      status: 'passed',
      evidence: [`security.config-backup.repository: ${repo.name} in zone ${repo.zone}${servers.length ? `; the backup server ${list(servers.map((s) => `${s.name} is in zone ${s.zone}`))}` : ''}`],
      paths: [path],
    };
  },
};
