/**
 * The audit as SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), for code-scanning
 * dashboards: each finding is a result located at the ruleset line that decides it.
 * Shape: SARIF 2.1.0 §3.13 (run), §3.19 (toolComponent), §3.27 (result), §3.28 (location).
 * @module
 */
import type { RuleRef } from '../acl.js';
import type { AuditReport } from '../audit.js';
import { EXCESS_SEVERITY, type ExcessKind, type FindingSeverity } from '../excess.js';
import { chunksOf } from './_bytes.js';
import { breakTexts, flowPorts, missingText, PortWords, quote } from './_text.js';

type Level = 'error' | 'warning' | 'note';

const LEVEL: Readonly<Record<FindingSeverity, Level>> = { high: 'error', medium: 'warning', low: 'note' };

const EXCESS_TEXT: Readonly<Record<ExcessKind, string>> = {
  'any-any': 'Every port allowed between zones (any/any)',
  'policy-accept': 'A chain policy accepts what no rule handles',
  'internet-exposure': 'A port exposed to the internet (other than Cloud Connect 6180)',
  'any-source-veeam-port': 'Any source allowed to a Veeam port',
  'ssh-hardened-repository': 'SSH open to a hardened repository in the operate phase',
  'windows-port-on-linux': 'A Windows-only port opened on a Linux host',
  'other-version-port': 'A port of another Veeam version',
  'wide-subnet': 'More addresses allowed than the flows need',
  'unscoped-program': 'A rule bound to a program, not to ports or sources',
  'beyond-plan': 'Traffic allowed that no required flow uses',
};

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  defaultConfiguration: { level: Level };
}

const RULES: readonly SarifRule[] = [
  { id: 'flow-blocked', name: 'FlowBlocked', shortDescription: { text: 'A flow the deployment needs is blocked' }, defaultConfiguration: { level: 'error' } },
  { id: 'flow-partial', name: 'FlowPartial', shortDescription: { text: 'A flow the deployment needs is only partly allowed' }, defaultConfiguration: { level: 'error' } },
  ...(Object.keys(EXCESS_TEXT) as ExcessKind[]).map((k) => ({ id: `excess/${k}`, name: `Excess${k.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}`, shortDescription: { text: EXCESS_TEXT[k] }, defaultConfiguration: { level: LEVEL[EXCESS_SEVERITY[k]] } })),
  { id: 'rule-shadowed', name: 'RuleShadowed', shortDescription: { text: 'A rule that can never match' }, defaultConfiguration: { level: 'warning' } },
  { id: 'rule-unused', name: 'RuleUnused', shortDescription: { text: 'A rule that matches nothing the plan needs' }, defaultConfiguration: { level: 'note' } },
];

const location = (r: RuleRef | undefined) =>
  r && r.line > 0
    ? [{ physicalLocation: { artifactLocation: { uri: r.file }, region: { startLine: r.line, ...(r.column ? { startColumn: r.column } : {}) } } }]
    : [];

/** Inside a result: JSON.stringify(…, null, 2) indents results by 8 spaces, their properties by 10. */
const IN = '\n          ';

/** `value` as JSON.stringify(sarif, null, 2) writes it as a result (8 spaces in). */
const resultText = (value: unknown): string => `        ${JSON.stringify(value, null, 2).replace(/\n/g, '\n        ')}`;

export function formatAuditSarif(r: AuditReport, version = '0.1.0'): string {
  return sarifPieces(r, version).join('');
}

/** formatAuditSarif as chunks of UTF-8 (what the CLI writes: 25,000 results are never one string). */
export const auditSarifBytes = (r: AuditReport, version = '0.1.0'): Generator<Buffer> => chunksOf(sarifPieces(r, version));

/** The document in pieces, to be joined as they are: the head, each result with its separator, the end. */
function sarifPieces(r: AuditReport, version: string): string[] {
  // The results as text, one at a time (25,000 flows on the 100k-rule bench): the same bytes as
  // JSON.stringify of the whole document (a test holds them equal), without the object tree.
  const results: string[] = [];
  const words = new PortWords();
  const index = (id: string) => RULES.findIndex((x) => x.id === id);
  /** Locations of the deciding rules, by reference: the same policy or line decides many flows. */
  const locations = new Map<RuleRef | undefined, string>();
  const breaksOf = breakTexts(r);
  for (let i = 0; i < r.verdicts.length; i++) {
    const v = r.verdicts[i]!;
    if (v.status === 'allowed') continue;
    const id = v.status === 'blocked' ? 'flow-blocked' : 'flow-partial';
    const breaks = breaksOf(i) ?? [];
    const text = `${v.flow.from} → ${v.flow.to} ${flowPorts(v, words)} is ${v.status}: missing ${missingText(v, words)}${breaks.length ? `. ${breaks.join('; ')}` : ''}`;
    const ref = v.blockedBy[0];
    let loc = locations.get(ref);
    if (loc === undefined) locations.set(ref, (loc = JSON.stringify(location(ref), null, 2).replace(/\n/g, IN)));
    results.push(
      `        {${IN}"ruleId": ${quote(id)},${IN}"ruleIndex": ${index(id)},${IN}"level": "error",${IN}"message": {${IN}  "text": ${quote(text)}${IN}},${IN}"locations": ${loc},${IN}"partialFingerprints": {${IN}  "flow": ${quote(v.flow.id)}${IN}}\n        }`,
    );
  }
  for (const e of r.excess) {
    const id = `excess/${e.kind}`;
    results.push(resultText({ ruleId: id, ruleIndex: index(id), level: LEVEL[e.severity], message: { text: e.description }, locations: location(e.rule), partialFingerprints: { rule: `${e.rule.label}/${e.kind}` } }));
  }
  for (const s of r.shadowed) results.push(resultText({ ruleId: 'rule-shadowed', ruleIndex: index('rule-shadowed'), level: s.conflict ? 'warning' : 'note', message: { text: s.description }, locations: location(s.rule) }));
  for (const u of r.unused) results.push(resultText({ ruleId: 'rule-unused', ruleIndex: index('rule-unused'), level: 'note', message: { text: u.description }, locations: location(u.rule) }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'vbrwall', semanticVersion: version, rules: RULES } },
        artifacts: [{ location: { uri: r.ruleset.file } }],
        results: [],
      },
    ],
  };
  const doc = JSON.stringify(sarif, null, 2);
  // `results` is the run's last field: its empty list ends the document, and the results go in its place.
  const END = '"results": []\n    }\n  ]\n}';
  if (!doc.endsWith(END)) throw new Error('internal error: SARIF document without results at its end');
  if (!results.length) return [`${doc}\n`];
  const pieces = [`${doc.slice(0, -END.length)}"results": [\n`];
  for (let i = 0; i < results.length; i++) pieces.push(i ? `,\n${results[i]!}` : results[i]!);
  pieces.push('\n      ]\n    }\n  ]\n}\n');
  return pieces;
}
