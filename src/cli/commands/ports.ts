/**
 * `vbrwall ports PORT`: every catalog flow that uses a port.
 * @module
 */
import { CATALOG } from '../../catalog/index.js';
import { formatPorts, portsContain } from '../../net/ports.js';
import { oneOf } from '../common.js';
import { EXIT, UsageError } from '../exit.js';
import type { CommandContext } from '../io.js';

export async function run({ io, values, positionals }: CommandContext): Promise<number> {
  const format = oneOf(values, 'format', ['table', 'json'] as const, 'table');
  const arg = positionals[0];
  if (positionals.length !== 1 || !arg || !/^\d{1,5}$/.test(arg) || Number(arg) > 65535)
    throw new UsageError(`ports takes one port number from 0 to 65535${arg ? `, not '${positionals.join(' ')}'` : ''}`, 'e.g. vbrwall ports 6162');
  const port = Number(arg);
  const hits = CATALOG.filter((e) => portsContain(e.ports, port) || portsContain(e.failover ?? [], port)).map((e) => ({
    id: e.id,
    from: e.from,
    to: e.to,
    protocols: e.protocols,
    ports: e.ports,
    failover: e.failover ?? [],
    role: portsContain(e.failover ?? [], port) && !portsContain(e.ports, port) ? 'failover' : 'primary',
    purpose: e.purpose,
    ...(e.when ? { when: e.when } : {}),
    sources: e.sources,
  }));
  if (format === 'json') {
    io.stdout(JSON.stringify({ port, flows: hits }, null, 2) + '\n');
    return EXIT.OK;
  }
  if (!hits.length) {
    io.stdout(`Port ${port} is in no documented Veeam Backup & Replication v13 flow of the catalog.\n`);
    return EXIT.OK;
  }
  const out = [`Port ${port}: ${hits.length} documented flow${hits.length === 1 ? '' : 's'}`, ''];
  for (const h of hits) {
    const cond = h.when ? Object.entries(h.when).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ') : '';
    out.push(`${h.from.join(', ')} → ${h.to.join(', ')}  ${h.protocols.join('/')} ${formatPorts(h.ports)}${h.failover.length ? ` (failover ${formatPorts(h.failover)})` : ''}${h.role === 'failover' ? `  [${port} is a failover port]` : ''}`);
    out.push(`  ${h.purpose}`);
    if (cond) out.push(`  when: ${cond}`);
    out.push(`  source: ${h.sources.map((s) => `${s.page} § ${s.section}`).join('; ')}   (${h.id})`, '');
  }
  io.stdout(out.join('\n'));
  return EXIT.OK;
}
