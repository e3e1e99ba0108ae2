/**
 * Throw-away network namespaces: one per host, each joined by a veth pair to a router namespace
 * that forwards between them and holds the ruleset under test.
 *
 *     host ns (vbw<pid>-<run>-<i>)              router ns (vbw<pid>-<run>-r)
 *     eth0: the host's addresses  <── veth ──>  h<i>: route to those addresses
 *     default via 169.254.0.1 / fe80::1         169.254.0.1 on lo, fe80::1 on every h<i>
 *
 * Nothing is configured in the namespace verify runs in: the deployment's addresses exist only
 * inside these namespaces. Everything created is removed by `destroy()`, which callers run in a
 * `finally`; names carry the creating process id so that two runs never collide and so that
 * `cleanupStale()` can tell a crashed run's leftovers from a live run's namespaces.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { exec, execOk } from './exec.js';
import type { TestHost } from './layout.js';

export const NS_PREFIX = 'vbw';
const GATEWAY4 = '169.254.0.1';
const GATEWAY6 = 'fe80::1';

let runs = 0;
/** Namespaces of this process not yet removed: the exit hook's last resort. */
const live = new Set<string>();
let exitHook = false;

function deleteSync(names: readonly string[]): void {
  if (!names.length) return;
  spawnSync('ip', ['-force', '-batch', '-'], { input: names.map((n) => `netns del ${n}\n`).join(''), stdio: ['pipe', 'ignore', 'ignore'], timeout: 10000 });
}

export interface NsHost {
  host: TestHost;
  ns: string;
  /** Interface of the host's veth in the router namespace. */
  routerIf: string;
}

export interface Sandbox {
  router: string;
  hosts: Map<string, NsHost>;
  /** Every namespace created, router first. */
  names: string[];
  /** Removes every namespace (idempotent). */
  destroy: () => Promise<void>;
  /** Leaves the namespaces in place for good (--keep): not even the exit hook removes them. */
  release: () => void;
}

async function nsBatch(ns: string, lines: string[]): Promise<void> {
  await execOk('ip', ['-n', ns, '-batch', '-'], { input: lines.join('\n') + '\n' });
}

/** Creates the namespaces, links, addresses and routes; on failure removes what it made and throws. */
export async function createSandbox(hosts: readonly TestHost[], opts: { signal?: AbortSignal } = {}): Promise<Sandbox> {
  const base = `${NS_PREFIX}${process.pid}-${++runs}`;
  const router = `${base}-r`;
  const nsHosts = new Map<string, NsHost>();
  hosts.forEach((h, i) => nsHosts.set(h.name, { host: h, ns: `${base}-${i}`, routerIf: `h${i}` }));
  const names = [router, ...[...nsHosts.values()].map((x) => x.ns)];
  let destroyed: Promise<void> | undefined;
  const sandbox: Sandbox = {
    router,
    hosts: nsHosts,
    names,
    destroy: () =>
      (destroyed ??= (async () => {
        await exec('ip', ['-force', '-batch', '-'], { input: names.map((n) => `netns del ${n}\n`).join('') });
        // A namespace whose deletion failed stays in `live` for the exit hook.
        const left = new Set((await exec('ip', ['netns', 'list'])).stdout.split('\n').map((l) => l.split(' ')[0]));
        for (const n of names) if (!left.has(n)) live.delete(n);
      })()),
    release: () => {
      for (const n of names) live.delete(n);
    },
  };
  for (const n of names) live.add(n);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => deleteSync([...live]));
  }
  try {
    const check = (): void => {
      if (opts.signal?.aborted) throw opts.signal.reason instanceof Error ? opts.signal.reason : new Error('interrupted');
    };
    await execOk('ip', ['-batch', '-'], { input: names.map((n) => `netns add ${n}\n`).join('') });
    check();
    const anyV6 = hosts.some((h) => h.addresses.some((a) => a.family === 6));
    const r: string[] = ['link set lo up', `addr add ${GATEWAY4}/32 dev lo`];
    for (const x of nsHosts.values()) {
      r.push(`link add ${x.routerIf} type veth peer name eth0 netns ${x.ns}`);
      if (anyV6) r.push(`link set ${x.routerIf} addrgenmode none`);
      r.push(`link set ${x.routerIf} up`);
      if (anyV6) r.push(`addr add ${GATEWAY6}/64 dev ${x.routerIf} nodad`);
      for (const a of x.host.addresses) r.push(`route add ${a.address}/${a.family === 4 ? 32 : 128} dev ${x.routerIf}`);
    }
    await nsBatch(router, r);
    check();
    const forward = `echo 1 > /proc/sys/net/ipv4/ip_forward${anyV6 ? ' && echo 1 > /proc/sys/net/ipv6/conf/all/forwarding' : ''}`;
    await Promise.all([
      execOk('ip', ['netns', 'exec', router, 'sh', '-c', forward]),
      ...[...nsHosts.values()].map((x) => {
        const v6 = x.host.addresses.some((a) => a.family === 6);
        const l = ['link set lo up'];
        if (v6) l.push('link set eth0 addrgenmode none');
        for (const a of x.host.addresses) l.push(`addr add ${a.address}/${a.family === 4 ? 32 : 128} dev eth0${a.family === 6 ? ' nodad' : ''}`);
        l.push('link set eth0 up');
        if (x.host.addresses.some((a) => a.family === 4)) l.push(`route add default via ${GATEWAY4} dev eth0 onlink`);
        if (v6) l.push(`route add ::/0 via ${GATEWAY6} dev eth0`);
        return nsBatch(x.ns, l);
      }),
    ]);
    check();
    return sandbox;
  } catch (e) {
    await sandbox.destroy();
    throw e;
  }
}

/** Runs a command inside a namespace. */
export const execIn = (ns: string, cmd: string, args: readonly string[], opts: { input?: string; timeoutMs?: number } = {}) => exec('ip', ['netns', 'exec', ns, cmd, ...args], opts);

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Removes namespaces left by runs whose process is gone; returns their names. */
export async function cleanupStale(): Promise<string[]> {
  const r = await exec('ip', ['netns', 'list']);
  const stale = r.stdout
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => {
      const m = new RegExp(`^${NS_PREFIX}(\\d+)-\\d+-(r|\\d+)$`).exec(n);
      return m !== null && Number(m[1]) !== process.pid && !isAlive(Number(m[1]));
    })
    .sort();
  if (stale.length) await exec('ip', ['-force', '-batch', '-'], { input: stale.map((n) => `netns del ${n}\n`).join('') });
  return stale;
}
