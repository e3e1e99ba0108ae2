/**
 * Declared security settings (`security:` in the deployment file), for the hardening checks
 * (`vbrwall check`): what a deployment file cannot show by itself. Every field is optional: a
 * check whose field is absent answers `unable-to-detect`, as the Security & Compliance Analyzer
 * does when it cannot tell.
 * @module
 */
import { z } from 'zod';

const flag = (text: string) => z.boolean().optional().describe(text);

export const ConfigBackupSettings = z
  .strictObject({
    enabled: flag('Configuration backup is enabled (Configuration Backup: "Enable configuration backup to the following repository").'),
    encrypted: flag('Configuration backup file encryption is enabled.'),
    repository: z
      .string()
      .optional()
      .describe('The host (a name under hosts:) that holds the target repository of the configuration backup; name the backup server when it is the default backup repository.'),
  })
  .describe('Configuration backup of the backup server.');

export const ImmutabilitySettings = z
  .strictObject({
    repositories: flag(
      'At least one repository other than a hardened repository has immutability enabled and is used: object storage, Dell Data Domain, HPE StoreOnce or a scale-out backup repository (hardened repositories in hosts: count by themselves).',
    ),
    'retention-mode': z
      .enum(['compliance', 'governance'])
      .optional()
      .describe('Retention mode of immutable object storage and Dell Data Domain repositories: compliance (recommended) or governance.'),
  })
  .describe('Immutability of backup files.');

export const SecuritySettings = z
  .strictObject({
    mfa: flag('Multi-factor authentication is enabled for the backup console (Users & Roles > Security).'),
    'auto-logoff-minutes': z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Users are logged off after this many minutes of inactivity ("Enable auto log off after <number> min of inactivity"); 0: auto log-off is off.'),
    'traffic-encryption': flag('Every global network traffic rule has "Encrypt network traffic" selected, so backup traffic is encrypted in private networks too.'),
    'host-to-proxy-encryption': flag('VMware backup proxies in the network (NBD) transport mode encrypt host-to-proxy traffic (NBDSSL).'),
    'linux-host-authentication': z
      .enum(['manual', 'automatic'])
      .optional()
      .describe('Linux hosts authentication: manual (add unknown hosts to the list manually, recommended) or automatic (trust every discovered host).'),
    'linux-key-authentication': flag('Linux servers are added with SSH keys, single-use credentials or certificates, never with a saved password of a standard account.'),
    'config-backup': ConfigBackupSettings.optional(),
    'password-loss-protection': flag('Encryption password loss protection is enabled in Veeam Backup Enterprise Manager.'),
    'backup-encryption': flag('Backup jobs encrypt backup files with Veeam built-in encryption.'),
    'cloud-backup-encryption': flag('Backup jobs to cloud repositories (object storage on the internet, Veeam Cloud Connect) encrypt backup files; implied by backup-encryption: true.'),
    immutability: ImmutabilitySettings.optional(),
    tape: flag('Backups are also written to tape (offline media).'),
    'rotated-drives': flag('Backups are also written to repositories with rotated drives (offline media).'),
    'copy-jobs': flag('Every backup has a second copy: a backup copy job, a scale-out backup repository in copy mode, an archive tier, or a backup to tape job (the 3-2-1 rule).'),
    'backup-server-domain': z
      .enum(['workgroup', 'management-domain', 'production-domain'])
      .optional()
      .describe('Where the backup server is joined: a workgroup, a management domain in a separate Active Directory forest, or the production domain.'),
    'smb-signing': flag('SMB signing is required on the SMB shares used as backup repositories.'),
    'smb-encryption': flag('SMB encryption is required on the SMB shares used as backup repositories.'),
    'email-notifications': flag('Global email notifications are enabled ("Enable e-mail notifications").'),
    'reverse-incremental': flag('Some backup job uses the reverse incremental backup method (deprecated).'),
    'credential-rotation-days': z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Passwords in the Credentials Manager, Cloud Credentials Manager and Password Manager are changed at least every this many days.'),
    'legacy-protocols-disabled': flag('SSL 2.0 and 3.0, TLS 1.0 and 1.1, SMB 1.0, LLMNR and NetBIOS are disabled on the backup infrastructure servers.'),
  })
  .describe('Declared security settings for `vbrwall check`: what the file cannot show by itself. A check whose setting is absent answers unable-to-detect.');

export type SecuritySettings = z.output<typeof SecuritySettings>;
export type ConfigBackupSettings = z.output<typeof ConfigBackupSettings>;
