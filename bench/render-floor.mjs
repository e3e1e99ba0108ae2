// The fixed costs of `render --target all` on the large deployment (issue 3's 1 s goal), before
// any target does work of its own: Node start, load + plan + policy, building as much text as the
// targets write (line by line from a template, no logic), and writing it.
// Usage: npm run build && node bench/render-floor.mjs
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDeployment } from '../dist/model/load.js';
import { buildPlan } from '../dist/plan/plan.js';
import { buildPolicy } from '../dist/policy/build.js';
import { largeDeployment } from './gen-large.mjs';

const RUNS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const tmp = mkdtempSync(join(tmpdir(), 'vbrwall-floor-'));
const file = join(tmp, 'large.yaml');
writeFileSync(file, largeDeployment(2000, 20));
const bin = join(import.meta.dirname, '..', 'bin', 'vbrwall.js');
const out = join(tmp, 'out');
if (spawnSync(process.execPath, [bin, 'render', file, '--target', 'all', '--out', out, '--allow-partial']).status !== 0) throw new Error('render failed');
const files = [];
const walk = (d) => {
  for (const n of readdirSync(d)) {
    const p = join(d, n);
    if (statSync(p).isDirectory()) walk(p);
    else files.push(readFileSync(p));
  }
};
walk(out);
const bytes = files.reduce((a, f) => a + f.length, 0);

const start = [];
const steps = [];
const build = [];
const write = [];
let sink = 0; // the joined text's length, so that the joins are kept
for (let r = 0; r < RUNS; r++) {
  let t = performance.now();
  spawnSync(process.execPath, [bin, 'render', '--help']);
  start.push(performance.now() - t);
  t = performance.now();
  buildPolicy(buildPlan(loadDeployment(readFileSync(file, 'utf8'), file).value.deployment), { scope: 'zone-firewall' });
  steps.push(performance.now() - t);
  t = performance.now();
  let n = 0;
  let parts = [];
  for (let i = 0; n < bytes; i++) {
    const s = `  ip saddr 10.${i & 255}.${(i >> 8) & 255}.1 ip daddr 10.1.0.${i & 255} tcp dport ${i % 65535} accept\n`;
    parts.push(s);
    n += s.length;
    if (parts.length >= 4096) {
      sink += parts.join('').length;
      parts = [];
    }
  }
  build.push(performance.now() - t);
  const dir = join(tmp, `w${r}`);
  mkdirSync(dir);
  t = performance.now();
  files.forEach((f, i) => writeFileSync(join(dir, `f${i}`), f));
  write.push(performance.now() - t);
}
rmSync(tmp, { recursive: true, force: true });
const m = { start: median(start), steps: median(steps), build: median(build), write: median(write) };
console.log(`output of render --target all: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB (text built: ${(sink / RUNS / 1e6).toFixed(1)} MB per run)`);
console.log(`medians of ${RUNS} (ms): node start and CLI ${m.start.toFixed(0)}, load + plan + policy ${m.steps.toFixed(0)}, building that much text ${m.build.toFixed(0)}, writing it ${m.write.toFixed(0)}`);
console.log(`fixed costs: ${((m.start + m.steps + m.build + m.write) / 1000).toFixed(2)} s before any target does work of its own`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
