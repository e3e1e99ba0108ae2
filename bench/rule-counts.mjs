// Rules each target emits, against the plan's flows and a lower bound (issue 3).
// Usage: node bench/rule-counts.mjs [FILE...]   (after npm run build; default: the four-zone example)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDeployment } from '../dist/model/load.js';
import { buildPlan } from '../dist/plan/plan.js';
import { renderers } from '../dist/render/registry.js';
import { renderPlan } from '../dist/render/render.js';

/** How a rule shows in each target's output (one match per emitted rule or rule resource). */
const RULE = {
  nftables: /^\s*(ip6? .*|meta nfproto .*) accept comment /gm,
  iptables: /^-A VBRWALL-\S+ .* -j ACCEPT$/gm,
  asa: /^access-list \S+ extended permit /gm,
  panos: /^set rulebase security rules \S+ from /gm,
  fortios: /^\s*set name "/gm,
  srx: /^set security policies from-zone \S+ to-zone \S+ policy \S+ then permit$/gm,
  aws: /^resource "aws_vpc_security_group_(ingress|egress)_rule"/gm,
  azure: /^\s*security_rule \{/gm,
  aerleon: /^\s*- name: /gm,
  csv: /^(?!rule,)[^\r\n]+\r$/gm,
};

const files = process.argv.slice(2).length ? process.argv.slice(2) : [join(import.meta.dirname, '..', 'examples', 'four-zone.yaml')];
for (const file of files) {
  const r = loadDeployment(readFileSync(file, 'utf8'), file);
  if (!r.ok) throw new Error(`${file}: bad input`);
  const plan = buildPlan(r.value.deployment);
  const crossing = plan.flows.filter((f) => f.fromZone !== f.toZone);
  const pairs = new Set(crossing.map((f) => `${f.fromZone}>${f.toZone}`));
  const row = { file, hosts: r.value.deployment.hosts.length, planFlows: plan.flows.length, crossingFlows: crossing.length, lowerBound: pairs.size, targets: {} };
  for (const t of renderers) {
    if (!RULE[t.id]) continue;
    const out = renderPlan(plan, t, { scope: 'zone-firewall' });
    if (!out.ok) continue;
    const text = out.result.files.map((f) => (typeof f.content === 'string' ? f.content : '')).join('\n');
    row.targets[t.id] = { policyRules: out.policy.rules.length, emitted: (text.match(RULE[t.id]) ?? []).length };
  }
  console.log(JSON.stringify(row, null, 1));
}
