import { describe, expect, it } from 'vitest';
import { planFor } from '../../../test/helpers.js';
import { auditRuleset } from '../audit-ruleset.js';
import { auditFixture } from '../parse/_test-helpers.js';
import type { AuditScope } from '../scope.js';
import { formatAuditSarif } from './sarif.js';

const CASES: { file: string; scope: AuditScope }[] = [
  { file: 'four-zone.zone-firewall.iptables-save', scope: { kind: 'zone-firewall' } },
  { file: 'four-zone.zone-firewall.nft', scope: { kind: 'zone-firewall' } },
  { file: 'four-zone.repo01.iptables-save', scope: { kind: 'host', host: 'repo01' } },
  { file: 'vbr01.windows.json', scope: { kind: 'host', host: 'vbr01' } },
];

describe('formatAuditSarif (results written as text)', () => {
  it.each(CASES)('$file: byte for byte JSON.stringify(…, null, 2) of its own value', ({ file, scope }) => {
    // A file name that needs escaping, and one that holds the text the writer looks for.
    for (const name of [file, `"results": []\n    }\n  ]\n}\\ ${file} →`]) {
      const out = auditRuleset(planFor('four-zone'), auditFixture(file), { file: name, scope });
      if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
      const text = formatAuditSarif(out.report);
      const value = JSON.parse(text) as { runs: { results: { ruleId: string }[] }[] };
      expect(text).toBe(JSON.stringify(value, null, 2) + '\n');
      expect(value.runs[0]!.results.filter((x) => x.ruleId.startsWith('flow-')).length).toBe(out.report.verdicts.filter((v) => v.status !== 'allowed').length);
    }
  });
});
