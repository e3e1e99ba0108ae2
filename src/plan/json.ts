/**
 * The plan in the contract's JSON shape (shared/contract/OUTPUTS.md), with extra fields added
 * (never renamed): zones, failover and deploy-only ports, reasons, defaults.
 * @module
 */
import type { Flow, Plan } from './types.js';

/** One flow in the contract's shape. */
export function flowToJson(f: Flow) {
  return {
    from: f.from,
    to: f.to,
    protocol: f.protocol,
    ports: f.ports,
    purposes: f.purposes,
    sources: f.sources,
    fromZone: f.fromZone,
    toZone: f.toZone,
    failoverPorts: f.failover,
    deployOnlyPorts: f.deployOnly,
    reasons: f.reasons.map((r) => ({
      entry: r.entry,
      purpose: r.purpose,
      ports: r.ports,
      failoverPorts: r.failover,
      phase: r.phase,
      ...(r.features.length ? { features: r.features } : {}),
      ...(r.dynamic ? { dynamic: true } : {}),
      ...(r.jobOnly ? { jobOnly: true } : {}),
      ...(r.defaults.length ? { defaults: r.defaults } : {}),
      sources: r.sources,
    })),
  };
}

export function planToJson(plan: Plan): unknown {
  return planJson(plan, plan.flows.map(flowToJson));
}

function planJson(plan: Plan, flows: unknown[]): unknown {
  const d = plan.deployment;
  return {
    deployment: d.name,
    phase: plan.phase,
    version: d.version,
    failover: plan.failover,
    flows,
    defaults: plan.defaults.map((x) => ({ id: x.id, role: x.role, hosts: x.hosts, message: x.message })),
  };
}

/** `"key": value` as JSON.stringify(…, null, 2) writes it at a depth (two spaces a level). */
const field = (key: string, value: unknown, depth: number): string => {
  const pad = '  '.repeat(depth);
  return `${pad}${JSON.stringify(key)}: ${JSON.stringify(value, null, 2).replace(/\n/g, `\n${pad}`)}`;
};

/**
 * Writes exactly `JSON.stringify(planToJson(plan), null, 2) + '\n'`, in chunks, without building
 * it: 130,000 flows are 250 MB of JSON. The parts of a flow that its reasons decide (ports,
 * purposes, sources, marks, reasons) are shared by every flow with the same reasons, so their
 * text is made once per reason list.
 */
export function writePlanJson(plan: Plan, write: (chunk: string) => void): void {
  for (const chunk of planJsonChunks(plan)) write(chunk);
}

/** The chunks of writePlanJson, one at a time (a caller can wait for a slow reader between them). */
export function* planJsonChunks(plan: Plan): Generator<string> {
  const head = JSON.stringify(planJson(plan, []), null, 2);
  // Everything up to the flows list, the flows, then the rest.
  const at = head.indexOf('\n  "flows": []');
  let buf = `${head.slice(0, at)}\n  "flows": [`;
  const shared = new WeakMap<object, { f: Plan['flows'][number]; a: string; b: string }>();
  const flows = plan.flows;
  for (let i = 0; i < flows.length; i++) {
    const f = flows[i]!;
    let s = shared.get(f.reasons);
    if (!s || s.f.ports !== f.ports || s.f.purposes !== f.purposes || s.f.sources !== f.sources || s.f.failover !== f.failover || s.f.deployOnly !== f.deployOnly) {
      const o = flowToJson(f);
      s = {
        f,
        a: [field('ports', o.ports, 3), field('purposes', o.purposes, 3), field('sources', o.sources, 3)].join(',\n'),
        b: [field('failoverPorts', o.failoverPorts, 3), field('deployOnlyPorts', o.deployOnlyPorts, 3), field('reasons', o.reasons, 3)].join(',\n'),
      };
      shared.set(f.reasons, s);
    }
    buf += `${i ? ',' : ''}\n    {\n${field('from', f.from, 3)},\n${field('to', f.to, 3)},\n${field('protocol', f.protocol, 3)},\n${s.a},\n${field('fromZone', f.fromZone, 3)},\n${field('toZone', f.toZone, 3)},\n${s.b}\n    }`;
    if (buf.length > 1 << 20) {
      yield buf;
      buf = '';
    }
  }
  yield `${buf}${flows.length ? '\n  ' : ''}]${head.slice(at + '\n  "flows": []'.length)}\n`;
}
