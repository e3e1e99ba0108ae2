/**
 * At least one copy that ransomware cannot change: an immutable repository or offline media.
 * @module
 */
import { ANALYZER_PARAMETERS, SECURING, hostPath, hostsWith, ref, securityPath } from './_helpers.js';
import type { Check, FieldPath } from './types.js';

export const noImmutableOrOfflineCopy: Check = {
  id: 'no-immutable-or-offline-copy',
  title: 'Immutable or offline (air-gapped) media should be used',
  severity: 'high',
  source: ref(SECURING, 'Backup Repositories'),
  seeAlso: [ANALYZER_PARAMETERS],
  analyzer: 'Immutable or offline (air gapped) media should be used',
  recommendation:
    'Keep at least one copy of every backup on immutable or offline media: a hardened repository, an immutable object storage, Dell Data Domain or HPE StoreOnce repository, tape, or rotated drives.',
  run(d) {
    const s = d.security;
    const hardened = hostsWith(d, 'hardened-repository');
    const facts: { key: string; value: boolean | undefined; path: FieldPath; text: string }[] = [
      { key: 'security.immutability.repositories', value: s.immutability?.repositories, path: securityPath('immutability', 'repositories'), text: 'a repository with immutability enabled' },
      { key: 'security.tape', value: s.tape, path: securityPath('tape'), text: 'tape' },
      { key: 'security.rotated-drives', value: s['rotated-drives'], path: securityPath('rotated-drives'), text: 'rotated drives' },
    ];
    const yes = facts.filter((f) => f.value === true);
    if (hardened.length || yes.length)
      return {
        status: 'passed',
        evidence: [
          ...hardened.map((h) => `${h.name}: hardened repository (immutable backups)`),
          ...yes.map((f) => `${f.key}: true: ${f.text}`),
        ],
        paths: [...hardened.map((h) => hostPath(h)), ...yes.map((f) => f.path)],
      };
    const unknown = facts.filter((f) => f.value === undefined);
    const evidence = ['no hardened-repository host in the file', ...facts.map((f) => (f.value === undefined ? `${f.key} is not declared` : `${f.key}: false`))];
    if (unknown.length) return { status: 'unable-to-detect', evidence };
    return { status: 'not-implemented', evidence, paths: facts.map((f) => f.path) };
  },
};
