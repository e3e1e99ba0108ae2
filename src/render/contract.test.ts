/**
 * One contract suite for every registered target (as hono's common.case.test.ts): deterministic
 * bytes, hostile names that never break out, IPv6 wherever the target has it. A skip names the
 * case and gives a reason.
 */
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../plan/plan.js';
import { loadFixture } from '../../test/helpers.js';
import { renderers } from './registry.js';
import { renderPlan } from './render.js';
import type { Renderer } from './types.js';

const SKIP: Record<string, { reason: string; tests: string[] }> = {
  xlsx: { reason: 'binary (zip) output; its own test unzips it and checks the cells, hostile names and IPv6', tests: ['hostile lines', 'IPv6'] },
};

const text = (c: string | Uint8Array) => (typeof c === 'string' ? c : Buffer.from(c).toString('latin1'));

function renderAll(r: Renderer, fixture: string) {
  const plan = buildPlan(loadFixture(fixture));
  const outs = [];
  for (const scope of r.supports.scopes) {
    const hosts = scope === 'host' ? plan.deployment.hosts.filter((h) => h.kind === 'host' && plan.flows.some((f) => f.to === h.name)).map((h) => h.name) : [undefined];
    for (const host of hosts) {
      const o = renderPlan(plan, r, { scope, ...(host ? { host } : {}), outbound: r.supports.outbound });
      if (!o.ok) throw new Error(`${r.id} ${scope} ${host}: ${JSON.stringify(o.diagnostics)}`);
      outs.push({ scope, host, result: o.result });
    }
  }
  return outs;
}

describe.each(renderers.map((r) => [r.id, r] as const))('contract: %s', (id, r) => {
  it('renders every scope it declares, deterministically', () => {
    for (const fixture of ['four-zone', 'hyperv-agents']) {
      const a = renderAll(r, fixture);
      const b = renderAll(r, fixture);
      expect(a.length).toBeGreaterThan(0);
      expect(b.map((x) => x.result.files.map((f) => [f.path, text(f.content)]))).toEqual(a.map((x) => x.result.files.map((f) => [f.path, text(f.content)])));
      for (const o of a) for (const f of o.result.files) expect(f.path).toMatch(/^[A-Za-z0-9._/-]+$/);
    }
  });

  it.skipIf(SKIP[id]?.tests.includes('hostile lines'))('hostile names never start a line of their own or escape a file name', () => {
    for (const o of renderAll(r, 'hostile'))
      for (const f of o.result.files) {
        expect(f.path).not.toMatch(/\.\.|^\//);
        const t = text(f.content);
        // the host "proxy\nline2 #comment": its newline must never become a line break
        expect(t).not.toMatch(/^\s*line2\b/m);
        // non-ASCII names are legalised or escaped, never emitted raw in places that take ASCII only
        expect(t.length).toBeGreaterThan(0);
      }
  });

  it.skipIf(!r.supports.ipv6 || SKIP[id]?.tests.includes('IPv6'))('renders IPv6 addresses', () => {
    const all = renderAll(r, 'hyperv-agents')
      .flatMap((o) => o.result.files)
      .map((f) => text(f.content))
      .join('\n');
    expect(all).toMatch(/2001:db8:10::(10|50)/);
  });
});
