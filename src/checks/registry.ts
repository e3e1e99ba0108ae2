/**
 * Every check, in one explicit list: design checks from the model and the plan first, then the
 * checks of declared settings. Output, help and `--ignore` read this list; nothing self-registers.
 * @module
 */
import { autoLogoff } from './auto-logoff.js';
import { backupEncryption } from './backup-encryption.js';
import { backupServerEgress } from './backup-server-egress.js';
import { cloudBackupEncryption } from './cloud-backup-encryption.js';
import { componentsNotSegmented } from './components-not-segmented.js';
import { configBackupEncryption } from './config-backup-encryption.js';
import { configBackupLocation } from './config-backup-location.js';
import { credentialRotation } from './credential-rotation.js';
import { emOnBackupServer } from './em-on-backup-server.js';
import { emailNotifications } from './email-notifications.js';
import { hardenedRepoSingleRole } from './hardened-repo-single-role.js';
import { hardenedRepoSshOpen } from './hardened-repo-ssh-open.js';
import { hardenedRepoVirtual } from './hardened-repo-virtual.js';
import { hostToProxyEncryption } from './host-to-proxy-encryption.js';
import { immutabilityComplianceMode } from './immutability-compliance-mode.js';
import { infrastructureInProductionDomain } from './infrastructure-in-production-domain.js';
import { internetExposure } from './internet-exposure.js';
import { legacyProtocols } from './legacy-protocols.js';
import { linuxHostAuthentication } from './linux-host-authentication.js';
import { linuxKeyAuthentication } from './linux-key-authentication.js';
import { mfa } from './mfa.js';
import { noImmutableOrOfflineCopy } from './no-immutable-or-offline-copy.js';
import { passwordLossProtection } from './password-loss-protection.js';
import { reverseIncremental } from './reverse-incremental.js';
import { smbSigning } from './smb-signing.js';
import { threeTwoOne } from './three-two-one.js';
import { trafficEncryption } from './traffic-encryption.js';
import type { Check } from './types.js';

export const CHECKS = [
  // design: the model and the plan
  internetExposure,
  backupServerEgress,
  emOnBackupServer,
  componentsNotSegmented,
  hardenedRepoSshOpen,
  hardenedRepoVirtual,
  hardenedRepoSingleRole,
  noImmutableOrOfflineCopy,
  threeTwoOne,
  configBackupLocation,
  infrastructureInProductionDomain,
  smbSigning,
  // declared settings (security: in the file)
  mfa,
  autoLogoff,
  trafficEncryption,
  hostToProxyEncryption,
  linuxHostAuthentication,
  linuxKeyAuthentication,
  configBackupEncryption,
  passwordLossProtection,
  backupEncryption,
  cloudBackupEncryption,
  immutabilityComplianceMode,
  emailNotifications,
  reverseIncremental,
  credentialRotation,
  legacyProtocols,
] as const satisfies readonly Check[];

export const CHECK_IDS: readonly string[] = CHECKS.map((c) => c.id);

export const findCheck = (id: string): Check | undefined => CHECKS.find((c) => c.id === id);
