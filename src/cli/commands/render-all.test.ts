import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { policyFor } from '../../../test/helpers.js';
import { renderers } from '../../render/registry.js';
import { renderPolicy } from '../../render/render.js';
import { writeFileAtomic } from '../common.js';
import { renderAllTargets } from './render-all.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('renderAllTargets', () => {
  it('writes every file of every target as renderPolicy gives it, and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vbrwall-all-'));
    dirs.push(dir);
    const policy = policyFor('four-zone', 'zone-firewall');
    const req = { scope: 'zone-firewall' as const, outbound: false };
    const ids = renderers.filter((r) => r.supports.scopes.includes('zone-firewall')).map((r) => r.id);
    const done = renderAllTargets({ policy, req, dir, ids });
    expect(done.map((d) => d.id)).toEqual(ids);
    expect(readdirSync(dir).sort()).toEqual([...ids].sort());
    for (const r of renderers.filter((x) => ids.includes(x.id))) {
      const out = renderPolicy(policy, r, req);
      if (!out.ok) throw new Error(r.id);
      expect((readdirSync(join(dir, r.id), { recursive: true }) as string[]).filter((p) => p.includes('.')).sort(), r.id).toEqual(out.result.files.map((f) => f.path).sort());
      for (const f of out.result.files) expect(readFileSync(join(dir, r.id, f.path)).equals(Buffer.from(f.content)), `${r.id}/${f.path}`).toBe(true);
    }
  });


  it('writeFileAtomic: pieces are written joined by newlines, and no temp file is left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vbrwall-all-'));
    dirs.push(dir);
    const big = 'x'.repeat(300_000);
    writeFileAtomic(join(dir, 'a', 'p.txt'), ['é', '', big, '']);
    writeFileAtomic(join(dir, 'a', 'b.bin'), new Uint8Array([0, 255]));
    writeFileAtomic(join(dir, 'a', 's.txt'), 'text');
    writeFileAtomic(join(dir, 'a', 'e.txt'), []);
    expect(readFileSync(join(dir, 'a', 'p.txt'), 'utf8')).toBe(`é\n\n${big}\n`);
    expect([...readFileSync(join(dir, 'a', 'b.bin'))]).toEqual([0, 255]);
    expect(readFileSync(join(dir, 'a', 's.txt'), 'utf8')).toBe('text');
    expect(readFileSync(join(dir, 'a', 'e.txt'), 'utf8')).toBe('');
    expect(readdirSync(join(dir, 'a')).sort()).toEqual(['b.bin', 'e.txt', 'p.txt', 's.txt']);
  });
});

describe('render --target T --out DIR', () => {
  it('writes each file as renderPolicy gives it (large files from their chunks)', async () => {
    const { run } = await import('./render.js');
    const { fixturePath, ROOT } = await import('../../../test/helpers.js');
    const dir = mkdtempSync(join(tmpdir(), 'vbrwall-one-'));
    dirs.push(dir);
    const policy = policyFor('wide', 'zone-firewall');
    for (const id of ['iptables', 'nftables', 'asa']) {
      let err = '';
      const io = { stdout: () => undefined, stderr: (s: string) => void (err += s), cwd: ROOT };
      const code = await run({ io, values: { target: id, out: join(dir, id), 'allow-partial': true }, positionals: [fixturePath('wide')] });
      expect(code, err).toBe(0);
      const out = renderPolicy(policy, renderers.find((r) => r.id === id)!, { scope: 'zone-firewall', outbound: false });
      if (!out.ok) throw new Error(id);
      for (const f of out.result.files) expect(readFileSync(join(dir, id, f.path), 'utf8'), `${id}/${f.path}`).toBe(String(f.content));
    }
  });
});
