/**
 * The audit in the contract's JSON shape (shared/contract/OUTPUTS.md): `flows` with `from`, `to`,
 * `protocol`, `ports`, `status`, and `excess` with `rule` and `description`; more fields are
 * added, none renamed.
 * @module
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import { LineRef, type RuleRef } from '../acl.js';
import type { AuditReport } from '../audit.js';
import type { FlowVerdict } from '../evaluate.js';
import type { Break } from '../breaks.js';
import { ByteChunks, utf8 } from './_bytes.js';
import { breakTexts, statusCounts } from './_text.js';

const ref = (r: RuleRef): { rule: string; line: number; column?: number } => {
  const o: { rule: string; line: number; column?: number } = { rule: r.label, line: r.line };
  if (r.column) o.column = r.column;
  return o;
};

export function summary(r: AuditReport) {
  const { allowed, partial, blocked } = statusCounts(r.verdicts);
  return {
    flows: r.verdicts.length,
    allowed,
    partial,
    blocked,
    notAudited: r.notAudited.length,
    excess: r.excess.length,
    shadowed: r.shadowed.length,
    unused: r.unused.length,
  };
}

type Located = Diagnostic & { line?: number; col?: number };

/** The report's top-level fields in order: small ones as values, lists as a count and an item maker (built one at a time when streamed). */
function parts(r: AuditReport, diagnostics: readonly Located[]): [string, unknown | List][] {
  const breaksOf = breakTexts(r);
  const flows = new FlowBytes();
  const list = <T>(xs: readonly T[], f: (x: T, i: number) => unknown) => ({ list: xs.length, item: (i: number) => f(xs[i]!, i) });
  return [
    ['deployment', r.deployment],
    ['version', r.version],
    ['phase', r.phase],
    ['failover', r.failover],
    ['scope', r.scope.kind],
    ...(r.scope.kind === 'host' ? [['host', r.scope.host] as [string, unknown]] : []),
    [
      'ruleset',
      {
        file: r.ruleset.file,
        format: r.ruleset.format,
        rules: r.ruleset.rules,
        chains: r.ruleset.chains,
        families: r.ruleset.families.map((f) => `ipv${f}`),
        returnTraffic: r.ruleset.replies === 'implicit' ? 'implicit (stateful platform)' : 'by rules (connection tracking where the ruleset has it)',
      },
    ],
    ['summary', summary(r)],
    ['flows', { ...list(r.verdicts, (v, i) => flowJson(v, breaksOf(i))), write: (i: number, out: ByteChunks) => flows.write(out, r.verdicts[i]!, breaksOf(i)) }],
    ['notAudited', list(r.notAudited, (n) => ({ from: n.flow.from, to: n.flow.to, protocol: n.flow.protocol, ports: n.flow.ports, reason: n.reason }))],
    [
      'excess',
      list(r.excess, (e) => ({
        rule: e.rule.label,
        description: e.description,
        kind: e.kind,
        severity: e.severity,
        file: e.rule.file,
        line: e.rule.line,
        ...(e.rule.column ? { column: e.rule.column } : {}),
        protocols: e.protocols,
        ports: e.ports,
        sources: e.sources,
        destinations: e.destinations,
        fromZones: e.fromZones,
        toZones: e.toZones,
        hosts: e.hosts,
      })),
    ],
    ['shadowed', list(r.shadowed, (s) => ({ ...ref(s.rule), description: s.description, conflict: s.conflict, by: s.by.map((b) => b.label) }))],
    ['unused', list(r.unused, (u) => ({ ...ref(u.rule), description: u.description }))],
    [
      'breaks',
      {
        ...list(r.breaks, (b) => ({ text: b.text, from: b.from, to: b.to, protocol: b.protocol, ports: b.ports, entry: b.entry, ...(b.feature ? { feature: b.feature } : {}) })),
        write: (i: number, out: ByteChunks) => writeBreak(out, r.breaks[i]!),
      },
    ],
    ['diagnostics', list(diagnostics, (d) => ({ code: d.code, severity: d.severity, message: d.message, ...(d.file ? { file: d.file } : {}), ...(d.line ? { line: d.line, column: d.col } : {}), ...(d.range ? { range: d.range } : {}), ...(d.hint ? { hint: d.hint } : {}) }))],
  ];
}

interface List {
  list: number;
  item: (i: number) => unknown;
  /** Writes `JSON.stringify(item(i))` directly as bytes (the 100,000 flows and their breaks). */
  write?: (i: number, out: ByteChunks) => void;
}

const q = JSON.stringify;
type Ports = readonly (readonly [number, number])[];

const portsText = (ps: Ports): string => {
  if (!ps.length) return '[]';
  let t = '[';
  for (let i = 0; i < ps.length; i++) t += `${i ? ',' : ''}[${ps[i]![0]},${ps[i]![1]}]`;
  return `${t}]`;
};

function writePorts(out: ByteChunks, ps: Ports): void {
  out.text('[');
  for (let i = 0; i < ps.length; i++) {
    out.text(i ? ',[' : '[');
    out.num(ps[i]![0]);
    out.text(',');
    out.num(ps[i]![1]);
    out.text(']');
  }
  out.text(']');
}

/** A list of texts as JSON.stringify writes it. */
function writeStrings(out: ByteChunks, xs: readonly string[]): void {
  out.text('[');
  for (let i = 0; i < xs.length; i++) {
    if (i) out.text(',');
    out.quoted(xs[i]!);
  }
  out.text(']');
}

function writeRefs(out: ByteChunks, rs: readonly RuleRef[]): void {
  out.text('[');
  for (let i = 0; i < rs.length; i++) {
    const r = rs[i]!;
    if (r instanceof LineRef) {
      // The label of a line reference is `line N`, its column none: written without making the label.
      out.text(i ? ',{"rule":"line ' : '{"rule":"line ');
      out.num(r.line);
      out.text('","line":');
      out.num(r.line);
      out.text('}');
      continue;
    }
    out.text(i ? ',{"rule":' : '{"rule":');
    out.quoted(r.label);
    out.text(',"line":');
    out.num(r.line);
    if (r.column) {
      out.text(',"column":');
      out.num(r.column);
    }
    out.text('}');
  }
  out.text(']');
}

/** A break as JSON.stringify writes the item of `breaks`. */
function writeBreak(out: ByteChunks, b: Break): void {
  out.text('{"text":');
  out.quoted(b.text);
  out.text(',"from":');
  out.quoted(b.from);
  out.text(',"to":');
  out.quoted(b.to);
  out.text(',"protocol":');
  out.quoted(b.protocol);
  out.text(',"ports":');
  writePorts(out, b.ports);
  out.text(',"entry":');
  out.quoted(b.entry);
  if (b.feature) {
    out.text(',"feature":');
    out.quoted(b.feature);
  }
  out.text('}');
}

/**
 * The bytes of `flowJson`, exactly those of its JSON.stringify (a test holds them equal), made
 * from pieces that many flows share and that are made once per report: the quoted names, the
 * plan's port lists (one list per kind of flow, shared between its flows), the status-and-zones
 * tail. A flow is then a handful of copies instead of a JSON.stringify per value. (Each table has
 * its own get-or-make code, not one generic helper: a closure per call would cost more than it saves.)
 */
class FlowBytes {
  /** `{"from":"vbr01","to":` per source. */
  private readonly heads = new Map<string, Uint8Array>();
  /** `"repo01","protocol":` per destination. */
  private readonly tos = new Map<string, Uint8Array>();
  /** `"tcp","ports":` per protocol. */
  private readonly protocols = new Map<string, Uint8Array>();
  /** Port lists by identity: the plan shares them between the flows of one kind. */
  private readonly ports = new Map<Ports, Uint8Array>();
  /** `,"status":"allowed","fromZone":"z1","toZone":"z2","direction":"forward"` by status, direction, zone and zone. */
  private readonly tails: Nested = new Map();

  /** The last flow's source, protocol and port list, and their pieces: flows come in runs from one host, of one kind. */
  private lastFrom: string | undefined;
  private lastHead: Uint8Array | undefined;
  private lastProtocol: string | undefined;
  private lastProtocolBytes: Uint8Array | undefined;
  private lastPorts: Ports | undefined;
  private lastPortsBytes: Uint8Array | undefined;

  write(out: ByteChunks, v: FlowVerdict, breaks: readonly string[] | undefined): void {
    const f = v.flow;
    let head = f.from === this.lastFrom ? this.lastHead : this.heads.get(f.from);
    if (head === undefined) this.heads.set(f.from, (head = utf8(`{"from":${q(f.from)},"to":`)));
    this.lastFrom = f.from;
    this.lastHead = head;
    let to = this.tos.get(f.to);
    if (to === undefined) this.tos.set(f.to, (to = utf8(`${q(f.to)},"protocol":`)));
    let protocol = f.protocol === this.lastProtocol ? this.lastProtocolBytes : this.protocols.get(f.protocol);
    if (protocol === undefined) this.protocols.set(f.protocol, (protocol = utf8(`${q(f.protocol)},"ports":`)));
    this.lastProtocol = f.protocol;
    this.lastProtocolBytes = protocol;
    let ports = f.ports === this.lastPorts ? this.lastPortsBytes : this.ports.get(f.ports);
    if (ports === undefined) this.ports.set(f.ports, (ports = utf8(portsText(f.ports))));
    this.lastPorts = f.ports;
    this.lastPortsBytes = ports;
    out.bytes(head);
    out.bytes(to);
    out.bytes(protocol);
    out.bytes(ports);
    out.bytes(this.tail(v));
    if (v.status !== 'allowed') {
      out.text(',"allowedPorts":');
      writePorts(out, v.allowedPorts);
    }
    if (v.missing) {
      out.text(',"missing":');
      writeMissing(out, v.missing);
    }
    if (v.allowedBy.length) {
      out.text(',"allowedBy":');
      writeRefs(out, v.allowedBy);
    }
    if (v.blockedBy.length) {
      out.text(',"blockedBy":');
      writeRefs(out, v.blockedBy);
    }
    if (breaks?.length) {
      out.text(',"breaks":');
      writeStrings(out, breaks);
    }
    if (v.notes.length) {
      out.text(',"notes":');
      writeStrings(out, v.notes);
    }
    out.text('}');
  }

  private tail(v: FlowVerdict): Uint8Array {
    const f = v.flow;
    const byTo = child(child(child(this.tails, v.status), v.direction), f.fromZone);
    let t = byTo.get(f.toZone) as Uint8Array | undefined;
    if (t === undefined) byTo.set(f.toZone, (t = utf8(`,"status":${q(v.status)},"fromZone":${q(f.fromZone)},"toZone":${q(f.toZone)},"direction":${q(v.direction)}`)));
    return t;
  }
}

/** Nested tables: the inner table under `k`, made empty the first time. */
type Nested = Map<string, Nested | Uint8Array>;
function child(m: Nested, k: string): Nested {
  let c = m.get(k) as Nested | undefined;
  if (c === undefined) m.set(k, (c = new Map()));
  return c;
}

/** `missing` of flowJson, in its key order. */
function writeMissing(out: ByteChunks, m: NonNullable<FlowVerdict['missing']>): void {
  out.text('{"ports":');
  writePorts(out, m.ports);
  out.text(',"sources":');
  if (m.allSources) out.text('"all"');
  else writeStrings(out, m.sources);
  out.text(',"destinations":');
  if (m.allDestinations) out.text('"all"');
  else writeStrings(out, m.destinations);
  out.text(m.returnTraffic ? ',"returnTraffic":true' : ',"returnTraffic":false');
  if (m.parts.length > 1) {
    out.text(',"parts":');
    out.text(q(m.parts.map((p) => ({ ...ref(p.rule), reply: p.reply, sources: p.sources, destinations: p.destinations, ports: p.ports }))));
  }
  out.text('}');
}

function flowJson(v: FlowVerdict, breaks: readonly string[] | undefined): unknown {
  const f = v.flow;
  // Property by property, in this order (it is the output's): spreads would copy each flow twice.
  const o: Record<string, unknown> = { from: f.from, to: f.to, protocol: f.protocol, ports: f.ports, status: v.status, fromZone: f.fromZone, toZone: f.toZone, direction: v.direction };
  if (v.status !== 'allowed') o.allowedPorts = v.allowedPorts;
  const m = v.missing;
  if (m) {
    const missing: Record<string, unknown> = { ports: m.ports, sources: m.allSources ? 'all' : m.sources, destinations: m.allDestinations ? 'all' : m.destinations, returnTraffic: m.returnTraffic };
    if (m.parts.length > 1) missing.parts = m.parts.map((p) => ({ ...ref(p.rule), reply: p.reply, sources: p.sources, destinations: p.destinations, ports: p.ports }));
    o.missing = missing;
  }
  if (v.allowedBy.length) o.allowedBy = v.allowedBy.map(ref);
  if (v.blockedBy.length) o.blockedBy = v.blockedBy.map(ref);
  if (breaks?.length) o.breaks = breaks;
  if (v.notes.length) o.notes = v.notes;
  return o;
}

const isList = (v: unknown): v is List => typeof v === 'object' && v !== null && 'item' in v && typeof (v as { item: unknown }).item === 'function';

export function auditToJson(r: AuditReport, diagnostics: readonly Located[] = r.diagnostics): unknown {
  const out: Record<string, unknown> = {};
  for (const [k, v] of parts(r, diagnostics)) out[k] = isList(v) ? Array.from({ length: v.list }, (_, i) => v.item(i)) : v;
  return out;
}

/**
 * The same JSON as `auditToJson`, written in pieces: the top level indented, one line per entry of
 * each list (a flow, an excess finding, …), so that 100,000 flows stay a file one can grep and
 * diff, a third of the size of fully indented JSON, and never one string in memory.
 */
export function writeAuditJson(r: AuditReport, diagnostics: readonly Located[], write: (s: string) => void): void {
  for (const chunk of auditJsonBytes(r, diagnostics)) write(chunk.toString('utf8'));
}

/**
 * The UTF-8 bytes of writeAuditJson, a chunk (about a megabyte) at a time: the CLI writes them as
 * they are (no string to convert) and can wait for a slow reader between them. Chunks end between
 * two entries, so each is whole UTF-8.
 */
export function* auditJsonBytes(r: AuditReport, diagnostics: readonly Located[]): Generator<Buffer> {
  const out = new ByteChunks();
  out.text('{');
  let first = true;
  for (const [k, v] of parts(r, diagnostics)) {
    out.text(`${first ? '' : ','}\n  ${JSON.stringify(k)}: `);
    first = false;
    if (!isList(v)) {
      out.text(JSON.stringify(v, null, 2).replace(/\n/g, '\n  '));
      continue;
    }
    if (!v.list) {
      out.text('[]');
      continue;
    }
    out.text('[');
    for (let i = 0; i < v.list; i++) {
      out.text(i ? ',\n    ' : '\n    ');
      if (v.write) v.write(i, out);
      else out.text(JSON.stringify(v.item(i)));
      if (out.full) yield out.take();
    }
    out.text('\n  ]');
  }
  out.text('\n}\n');
  yield out.take();
}
