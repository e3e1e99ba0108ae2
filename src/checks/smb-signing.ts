/**
 * SMB shares used as repositories without signing and encryption: open to NTLMv2 relay.
 * @module
 */
import { ANALYZER_PARAMETERS, SECURING, hostsWith, list, ref, securityPath } from './_helpers.js';
import type { Check } from './types.js';

export const smbSigning: Check = {
  id: 'smb-signing',
  title: 'SMB signing and encryption should be enabled on SMB shares',
  severity: 'medium',
  source: ref(SECURING, 'Backup Repositories'),
  seeAlso: [ANALYZER_PARAMETERS],
  analyzer: 'SMBv3 signing and encryption should be enabled',
  recommendation: 'Require SMB signing and SMB encryption on every SMB share used as a backup repository, to prevent NTLMv2 relay attacks; declare security.smb-signing and security.smb-encryption.',
  run(d) {
    const shares = hostsWith(d, 'smb-share');
    if (!shares.length) return { status: 'passed', evidence: ['no smb-share host in the file'] };
    const s = d.security;
    const facts = [
      ['smb-signing', s['smb-signing']],
      ['smb-encryption', s['smb-encryption']],
    ] as const;
    const evidence = [`SMB shares: ${list(shares.map((h) => h.name))}`, ...facts.map(([k, v]) => (v === undefined ? `security.${k} is not declared` : `security.${k}: ${String(v)}`))];
    const paths = facts.filter(([, v]) => v !== undefined).map(([k]) => securityPath(k));
    if (facts.some(([, v]) => v === false)) return { status: 'not-implemented', evidence, paths };
    if (facts.some(([, v]) => v === undefined)) return { status: 'unable-to-detect', evidence, paths };
    return { status: 'passed', evidence, paths };
  },
};
