/**
 * `vbrwall listen`: open, on this machine, every port HOST must accept, until Ctrl-C or --duration.
 * @module
 */
import { buildPlan } from '../../plan/plan.js';
import { formatPorts, portCount } from '../../net/ports.js';
import { interruptible, waitFor } from '../../probe/interrupt.js';
import { startListener } from '../../probe/listener.js';
import { inboundPorts } from '../../probe/targets.js';
import { intOption, oneOf, readDeployment } from '../common.js';
import { EXIT, UsageError } from '../exit.js';
import type { CommandContext } from '../io.js';

const list = (ports: readonly number[]): string => formatPorts(ports.map((p) => [p, p] as const));

export async function run({ io, values, positionals }: CommandContext): Promise<number> {
  if (positionals.length > 1) throw new UsageError(`listen takes one FILE, not ${positionals.length}`);
  const as = values.as;
  if (typeof as !== 'string') throw new UsageError('--as HOST is required: the host of the deployment this machine is', 'e.g. vbrwall listen site.yaml --as repo01');
  const duration = values.duration === undefined ? undefined : intOption(values, 'duration', 0, 1, 30 * 24 * 3600);
  const bind = typeof values.bind === 'string' ? values.bind : undefined;
  const sample = values.sample === true;
  const phase = values.phase === undefined ? undefined : oneOf(values, 'phase', ['operate', 'deploy'] as const, 'operate');
  const loaded = readDeployment(io, positionals[0]);
  if (!loaded.ok) return loaded.code;
  const d = loaded.value.deployment;
  if (!d.hosts.some((h) => h.name === as)) throw new UsageError(`no host '${as}' in ${loaded.value.file}`, `hosts: ${d.hosts.map((h) => h.name).join(', ')}`);
  const plan = buildPlan(d, { ...(phase ? { phase } : {}), failover: !values['no-failover'] });
  const ports = inboundPorts(plan, as, { sample });
  if (!ports.tcp.length && !ports.udp.length) {
    io.stderr(`info PROBE_NO_FLOWS: no flow of the plan ends at '${as}': nothing to listen on\n`);
    return EXIT.OK;
  }
  const ranged = [...ports.ranges.tcp, ...ports.ranges.udp].some(([a, b]) => b > a);
  for (const p of ['tcp', 'udp'] as const)
    if (ports.ranges[p].length) io.stdout(`${as} must accept ${p} ${formatPorts(ports.ranges[p])} (${portCount(ports.ranges[p])} port${portCount(ports.ranges[p]) === 1 ? '' : 's'})\n`);
  if (ranged) io.stdout(sample ? 'ranges: --sample opens only each range\'s ends and middle (probe samples the same ports)\n' : 'ranges are opened in full (every port); --sample opens only each range\'s ends and middle\n');
  const stop = interruptible(io.signal);
  const listener = await startListener({ tcp: ports.tcp, udp: ports.udp, ...(bind ? { bind } : {}), onContact: (c) => io.stdout(`contact: ${c.protocol}/${c.port} from ${c.from}\n`) });
  try {
    for (const f of listener.failed) io.stderr(`warning PROBE_PORT_UNAVAILABLE: ${f.message}\n`);
    const n = listener.listening.tcp.length + listener.listening.udp.length;
    if (!n) {
      io.stderr('error PROBE_PORT_UNAVAILABLE: no port could be opened\n');
      return EXIT.FINDINGS;
    }
    const on = [listener.listening.tcp.length ? `tcp ${list(listener.listening.tcp)}` : '', listener.listening.udp.length ? `udp ${list(listener.listening.udp)} (answers every datagram)` : ''].filter(Boolean).join('; ');
    io.stdout(`listening on ${listener.bind === '::' ? 'every address' : listener.bind}: ${on}\n`);
    io.stdout(`ready: ${n} port${n === 1 ? '' : 's'} open; stop with Ctrl-C${duration ? ` or wait ${duration} s` : ''}\n`);
    const why = await waitFor(stop.signal, duration === undefined ? undefined : duration * 1000);
    io.stdout(`stopped (${why === 'elapsed' ? `after ${duration} s` : 'interrupted'}): ${listener.contacts()} connection${listener.contacts() === 1 ? '' : 's'} and datagrams received\n`);
    return listener.failed.length ? EXIT.FINDINGS : EXIT.OK;
  } finally {
    await listener.close();
    stop.dispose();
  }
}
