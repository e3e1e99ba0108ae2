/**
 * `vbrwall probe` and `vbrwall listen` end to end, on loopback addresses (127.0.0.0/8) only:
 * open and refused in this namespace, filtered by a drop rule inside a namespace of its own.
 * Needs `npm run build` (it runs the built CLI) and, for the namespace, root with iproute2 and nftables.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

// Three zones on loopback prefixes: nothing here ever leaves the machine.
const DEPLOYMENT = `name: Loopback probe test
zones:
  mgmt: { cidrs: [127.0.1.0/24] }
  data: { cidrs: [127.0.2.0/24] }
  recovery: { cidrs: [127.0.3.0/24] }
hosts:
  vbr01: { address: 127.0.1.10, os: windows, roles: [backup-server] }
  proxy01: { address: 127.0.2.11, os: windows, roles: [vmware-proxy] }
  repo01: { address: 127.0.2.21, os: linux, roles: [hardened-repository], virtual: false }
  ccgw01: { address: 127.0.3.5, os: windows, roles: [cloud-gateway] }
`;


let dir: string;
let driver: string;
let file: string;
const NS = `vbwtest${process.pid}`;

const cli = (args: string[], ns?: string) => {
  const argv = [process.execPath, driver, ...args];
  const r = ns ? spawnSync('ip', ['netns', 'exec', ns, ...argv], { encoding: 'utf8', timeout: 60000 }) : spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 60000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** Starts `listen` and resolves once it printed its ready line (no sleeping). */
function startListen(args: string[], ns?: string): Promise<{ child: ChildProcessWithoutNullStreams; out: () => string; err: () => string; done: Promise<number | null> }> {
  const argv = [process.execPath, driver, 'listen', file, ...args];
  const child = ns ? spawn('ip', ['netns', 'exec', ns, ...argv]) : spawn(argv[0]!, argv.slice(1));
  let out = '';
  let err = '';
  const done = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`listen did not get ready: ${out}${err}`)), 30000);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (/^ready: /m.test(out)) {
        clearTimeout(timer);
        resolve({ child, out: () => out, err: () => err, done });
      }
    });
    void done.then((code) => {
      clearTimeout(timer);
      reject(new Error(`listen exited (${code}) before it was ready: ${out}${err}`));
    });
  });
}

type Json = { results: { to: string; address: string; protocol: string; port: number; status: string; jobOnly?: boolean }[] };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vbrwall-probe-e2e-'));
  chmodSync(dir, 0o755);
  driver = join(ROOT, 'bin', 'vbrwall.js');
  file = join(dir, 'loopback.yaml');
  writeFileSync(file, DEPLOYMENT);
});

afterAll(() => {
  spawnSync('ip', ['netns', 'del', NS]);
  rmSync(dir, { recursive: true, force: true });
});

describe('probe and listen on loopback', () => {
  it('open: listen opens what repo01 accepts, probe from proxy01 connects to every port', async () => {
    const l = await startListen(['--as', 'repo01', '--bind', '127.0.2.21', '--sample']);
    try {
      expect(l.out()).toContain('listening on 127.0.2.21: tcp 2500, 2900, 3300, 6160, 6162');
      const r = cli(['probe', file, '--as', 'proxy01', '--format', 'json']);
      expect(r.status).toBe(0);
      const j = JSON.parse(r.stdout) as Json;
      const toRepo = j.results.filter((x) => x.to === 'repo01');
      expect(toRepo.map((x) => `${x.port}:${x.status}`)).toEqual(['2500:open', '2900:open', '3300:open', '6162:open']);
      expect(toRepo.every((x) => x.address === '127.0.2.21' && x.protocol === 'tcp')).toBe(true);
    } finally {
      l.child.kill('SIGINT');
    }
    expect(await l.done).toBe(0);
    expect(l.out()).toMatch(/stopped \(interrupted\): [1-9]\d* connection/);
    expect(l.out()).toContain('contact: tcp/6162 from 127.0.0.1');
  });

  it('open over UDP: listen answers datagrams', async () => {
    const l = await startListen(['--as', 'ccgw01', '--bind', '127.0.3.5', '--sample']);
    try {
      const r = cli(['probe', file, '--as', 'repo01', '--format', 'json']);
      const j = JSON.parse(r.stdout) as Json;
      expect(j.results.filter((x) => x.to === 'ccgw01').map((x) => `${x.protocol}/${x.port}:${x.status}`)).toEqual(['tcp/6180:open', 'udp/6180:open']);
    } finally {
      l.child.kill('SIGTERM');
    }
    expect(await l.done).toBe(0);
  });

  it('refused: nothing listens; a port that listens only during jobs says so; exit 0', () => {
    const r = cli(['probe', file, '--as', 'vbr01']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/repo01\s+127\.0\.2\.21\s+tcp\s+2500\s+refused\s+listens only while a job runs/);
    expect(r.stdout).toMatch(/repo01\s+127\.0\.2\.21\s+tcp\s+6160\s+refused\s+reachable: nothing listening/);
    expect(r.stdout).toMatch(/0 filtered/);
    const u = JSON.parse(cli(['probe', file, '--as', 'repo01', '--format', 'json']).stdout) as Json;
    // ICMP port unreachable: a UDP port is refused, not filtered
    expect(u.results).toContainEqual(expect.objectContaining({ to: 'ccgw01', protocol: 'udp', port: 6180, status: 'refused' }));
  });

  it('listen refuses a port that is taken, says so, and goes on; --duration stops it', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(6162, '127.0.2.21', () => r()));
    try {
      const l = await startListen(['--as', 'repo01', '--bind', '127.0.2.21', '--sample', '--duration', '1']);
      expect(await l.done).toBe(1);
      expect(l.err()).toContain('tcp/6162 is already in use');
      expect(l.out()).toContain('ready: 4 ports open');
      expect(l.out()).toContain('stopped (after 1 s)');
    } finally {
      blocker.close();
    }
  });

  it('opens ranges in full by default and says so', async () => {
    const l = await startListen(['--as', 'repo01', '--bind', '127.0.2.21', '--duration', '1']);
    expect(await l.done).toBe(0);
    expect(l.out()).toContain('ranges are opened in full');
    expect(l.out()).toContain('tcp 2500-3300, 6160, 6162');
    expect(l.out()).toContain('ready: 803 ports open');
  });

  it('bad input: unknown host and missing --as exit 2', () => {
    expect(cli(['probe', file, '--as', 'nope']).status).toBe(2);
    expect(cli(['probe', file]).status).toBe(2);
    expect(cli(['listen', file, '--as', 'nope']).status).toBe(2);
    expect(cli(['probe', file, '--as', 'vbr01', '--format', 'xml']).status).toBe(2);
  });
});

describe('probe in a namespace of its own', () => {
  beforeAll(() => {
    const steps: string[][] = [
      ['ip', 'netns', 'add', NS],
      ['ip', '-n', NS, 'link', 'set', 'lo', 'up'],
    ];
    for (const s of steps) expect(spawnSync(s[0]!, s.slice(1), { encoding: 'utf8' }).status, s.join(' ')).toBe(0);
    // Loopback traffic goes through the input hook too: drop 6162 and UDP 6180 there.
    const rules = 'table inet vbwtest {\n chain input {\n  type filter hook input priority 0;\n  tcp dport 6162 drop\n  udp dport 6180 drop\n }\n}\n';
    const nft = spawnSync('ip', ['netns', 'exec', NS, 'nft', '-f', '-'], { input: rules, encoding: 'utf8' });
    expect(nft.status, nft.stderr).toBe(0);
  });

  it('filtered: a dropped port is told apart from open ones; exit 1; JUnit marks it failed', async () => {
    const l = await startListen(['--as', 'repo01', '--bind', '127.0.2.21', '--sample'], NS);
    try {
      const r = cli(['probe', file, '--as', 'proxy01', '--format', 'json', '--timeout', '400'], NS);
      expect(r.status).toBe(1);
      const j = JSON.parse(r.stdout) as Json;
      expect(j.results.filter((x) => x.to === 'repo01').map((x) => `${x.port}:${x.status}`)).toEqual(['2500:open', '2900:open', '3300:open', '6162:filtered']);
      // nothing listens for vbr01 here: reachable, refused
      expect(j.results.filter((x) => x.to === 'vbr01').every((x) => x.status === 'refused' || (x.port === 6162 && x.status === 'filtered'))).toBe(true);
      const x = cli(['probe', file, '--as', 'proxy01', '--format', 'junit', '--timeout', '400'], NS);
      expect(x.status, x.stderr).toBe(1);
      expect(x.stdout).toMatch(/<testcase classname="vbrwall\.probe\.proxy01\.repo01" name="tcp\/6162 127\.0\.2\.21"[^>]*>\s*<failure type="filtered"/);
    } finally {
      l.child.kill('SIGINT');
    }
    expect(await l.done).toBe(0);
    const u = JSON.parse(cli(['probe', file, '--as', 'repo01', '--format', 'json', '--timeout', '400'], NS).stdout) as Json;
    expect(u.results).toContainEqual(expect.objectContaining({ to: 'ccgw01', protocol: 'udp', port: 6180, status: 'filtered' }));
  });
});
