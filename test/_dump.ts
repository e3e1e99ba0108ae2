import { policyFor, hostsWithInbound, loadFixture } from '/work/main/test/helpers.js';
import { formatCidr } from '/work/main/src/net/ip.js';
const [fx, scope, host] = process.argv.slice(2);
const p = policyFor(fx!, scope as any, host);
console.log('hostsWithInbound', hostsWithInbound(fx!));
for (const r of [...p.rules, ...p.outbound]) console.log(r.name, r.phase, r.failover, JSON.stringify(r.source.label), r.source.any, r.source.cidrs.map(c=>formatCidr(c,true)).join(','), r.source.fqdns, '->', JSON.stringify(r.destination.label), r.destination.any, r.destination.cidrs.map(c=>formatCidr(c,true)).join(','), r.destination.fqdns, r.services.map(s=>s.protocol+'/'+s.ports.map(([a,b])=>a===b?a:a+'-'+b).join(',')).join(' '));
