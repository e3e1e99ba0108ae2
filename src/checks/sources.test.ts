import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findSection, loadReferencePage } from '../catalog/reference.js';
import { CHECKS } from './registry.js';
import { CHECK_SEVERITIES } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const REFERENCE_DIR = process.env.VBRWALL_REFERENCE ?? join(here, '..', '..', '..', 'shared', 'reference', 'veeam-v13');
const ANALYZER_SECTIONS = ['Parameters for Veeam Backup & Replication on Microsoft Windows', 'Parameters for Veeam Backup & Replication on Linux'];

/** The analyzer's parameter names: the first cell of each table row of its two parameter lists. */
function analyzerParameters(): string[] {
  const sections = loadReferencePage(REFERENCE_DIR, 'best_practices_analyzer.md');
  return ANALYZER_SECTIONS.flatMap((title) =>
    (findSection(sections, title)?.text ?? '')
      .split('\n')
      .filter((l) => l.startsWith('| '))
      .map((l) => l.split('|')[1]!.trim()),
  );
}

describe('check registry', () => {
  it('has unique kebab-case ids, one module per check', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(existsSync(join(here, `${id}.ts`)), `src/checks/${id}.ts`).toBe(true);
    }
  });

  it('every check is well formed', () => {
    for (const c of CHECKS) {
      expect(CHECK_SEVERITIES, c.id).toContain(c.severity);
      expect(c.title.length, c.id).toBeGreaterThan(10);
      expect(c.recommendation.length, c.id).toBeGreaterThan(20);
    }
  });

  it('covers the design checks the issue names', () => {
    const ids = CHECKS.map((c) => c.id);
    for (const id of ['em-on-backup-server', 'hardened-repo-virtual', 'hardened-repo-ssh-open', 'internet-exposure', 'backup-server-egress', 'config-backup-location', 'no-immutable-or-offline-copy', 'three-two-one', 'infrastructure-in-production-domain', 'components-not-segmented', 'smb-signing'])
      expect(ids).toContain(id);
  });
});

describe('check sources', () => {
  it('reference pages are present', () => {
    expect(existsSync(join(REFERENCE_DIR, 'securing_backup_infrastructure.md'))).toBe(true);
  });

  // The provenance test: every cited section exists on its page, with its exact title.
  it.each(CHECKS.flatMap((c) => [c.source, ...(c.seeAlso ?? [])].map((s) => [c.id, s.page, s.section] as const)))('%s cites %s § %s', (_id, page, section) => {
    const found = findSection(loadReferencePage(REFERENCE_DIR, page), section);
    expect(found, `${page} § ${section}`).toBeDefined();
    expect(found!.title).toBe(section.split('>').pop()!.trim());
    expect(found!.text.trim().length).toBeGreaterThan(0);
  });

  it.each(CHECKS.filter((c) => c.analyzer).map((c) => [c.id, c.analyzer!] as const))('%s answers the analyzer parameter "%s"', (_id, parameter) => {
    expect(analyzerParameters()).toContain(parameter);
  });

  it('the seed and the primary page agree on the sections the checks cite', () => {
    const seed = readFileSync(join(REFERENCE_DIR, '..', '..', 'seeds', '001_d54a446889cb6ef8.txt'), 'utf8');
    for (const c of CHECKS.filter((x) => x.source.page === 'securing_backup_infrastructure.md')) expect(seed.split('\n').map((l) => l.trim()), c.id).toContain(c.source.section);
  });
});
