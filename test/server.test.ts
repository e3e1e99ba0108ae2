/**
 * `vbrwall serve`: the JSON API answers with the CLI's own `--format json` output, refuses bad
 * input with the CLI's located diagnostics, oversized bodies, cross-site requests and paths out of
 * the web root, and writes nothing but the FILE it edits.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as cli } from '../src/cli/main.js';
import { run as serve } from '../src/cli/commands/serve.js';
import type { Io } from '../src/cli/io.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { ROOT } from './helpers.js';

const EXAMPLE = readFileSync(join(ROOT, 'examples', 'four-zone.yaml'), 'utf8');
const BAD = readFileSync(join(ROOT, 'test', 'fixtures', 'bad', 'unknown-role.yaml'), 'utf8');

/** Runs the CLI in-process and returns what it printed. */
async function vbrwall(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd: ROOT };
  const code = await cli(argv, io);
  return { code, stdout, stderr };
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: () => any;
}

/** A raw HTTP request: the path goes out exactly as written (fetch would resolve `..`). */
function raw(base: string, method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Reply> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, method, path, headers: { ...(body !== undefined && !headers['transfer-encoding'] ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const post = (base: string, path: string, body: unknown, headers: Record<string, string> = {}) => raw(base, 'POST', path, JSON.stringify(body), { 'content-type': 'application/json', ...headers });

let web: string;
let outside: string;
let srv: RunningServer;

beforeAll(async () => {
  // A web root of our own, with a secret beside it that no path may reach.
  const base = mkdtempSync(join(tmpdir(), 'vbrwall-serve-'));
  web = join(base, 'web');
  outside = join(base, 'secret.txt');
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><meta name="csp-nonce" content="__CSP_NONCE__"><title>t</title>');
  writeFileSync(join(web, 'assets', 'app-1.js'), 'console.log(1)');
  writeFileSync(join(web, 'assets', 'app-1.css'), 'body{}');
  writeFileSync(join(web, '.env'), 'hidden');
  writeFileSync(outside, 'TOP SECRET');
  symlinkSync(outside, join(web, 'assets', 'link.txt'));
  srv = await startServer({ port: 0, webRoot: web });
});

afterAll(async () => {
  await srv.close();
});

describe('binding', () => {
  it('binds the loopback address by default and prints its URL', () => {
    const addr = srv.server.address();
    expect(typeof addr === 'object' && addr?.address).toBe('127.0.0.1');
    expect(srv.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(srv.port).toBeGreaterThan(0);
  });
});

describe('the API returns what the CLI prints', () => {
  it('POST /api/plan: byte for byte `vbrwall plan --format json`', async () => {
    const api = await post(srv.url, '/api/plan', { deployment: EXAMPLE, name: 'examples/four-zone.yaml' });
    const c = await vbrwall('plan', 'examples/four-zone.yaml', '--format', 'json');
    expect(api.status).toBe(200);
    expect(api.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(api.text).toBe(c.stdout);
  });

  it('POST /api/plan: the YAML itself as the body, options in the query (deploy phase, no failover)', async () => {
    const api = await raw(srv.url, 'POST', '/api/plan?phase=deploy&failover=false', EXAMPLE, { 'content-type': 'application/yaml' });
    const c = await vbrwall('plan', 'examples/four-zone.yaml', '--format', 'json', '--phase', 'deploy', '--no-failover');
    expect(api.status).toBe(200);
    expect(api.text).toBe(c.stdout);
    expect(api.json().phase).toBe('deploy');
  });

  it('POST /api/render: the text of `vbrwall render --target nftables --allow-partial`, and a host scope', async () => {
    const api = await post(srv.url, '/api/render', { deployment: EXAMPLE, target: 'nftables' });
    const c = await vbrwall('render', 'examples/four-zone.yaml', '--target', 'nftables', '--allow-partial');
    expect(api.status).toBe(200);
    const body = api.json();
    expect(body.scope).toBe('zone-firewall');
    expect(body.files.map((f: { content: string }) => f.content).join('')).toBe(c.stdout);

    const host = await post(srv.url, '/api/render', { deployment: EXAMPLE, target: 'nftables', scope: 'host', host: 'repo01' });
    const ch = await vbrwall('render', 'examples/four-zone.yaml', '--target', 'nftables', '--scope', 'host', '--host', 'repo01', '--allow-partial');
    expect(host.status).toBe(200);
    expect(host.json().files[0].content).toBe(ch.stdout);
  });

  it('POST /api/check: `vbrwall check --format json`', async () => {
    const api = await post(srv.url, '/api/check', { deployment: EXAMPLE, name: 'examples/four-zone.yaml' });
    const c = await vbrwall('check', 'examples/four-zone.yaml', '--format', 'json');
    expect(api.status).toBe(200);
    expect(api.json()).toEqual(JSON.parse(c.stdout));
    expect(api.json().findings.length).toBeGreaterThan(0);
  });

  it('POST /api/audit: `vbrwall audit --ruleset R --format json`, the rule set sent in the body', async () => {
    const rendered = (await vbrwall('render', 'examples/four-zone.yaml', '--target', 'nftables', '--allow-partial')).stdout;
    const ruleset = rendered
      .split('\n')
      .filter((l) => !(/accept/.test(l) && /6180/.test(l)))
      .join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'vbrwall-audit-'));
    const path = join(dir, 'fw.nft');
    writeFileSync(path, ruleset);
    try {
      let stdout = '';
      const io: Io = { stdout: (x) => void (stdout += x), stderr: () => undefined, cwd: dir };
      const { run: audit } = await import('../src/cli/commands/audit.js');
      const code = await audit({ io, values: { ruleset: 'fw.nft', format: 'json' }, positionals: [join(ROOT, 'examples', 'four-zone.yaml')] });
      expect(code).toBe(1);
      const api = await post(srv.url, '/api/audit', { deployment: EXAMPLE, ruleset, rulesetName: 'fw.nft' });
      expect(api.status).toBe(200);
      expect(api.text).toBe(stdout);
      const blocked = api.json().flows.filter((f: { status: string }) => f.status === 'blocked');
      expect(blocked.length).toBeGreaterThan(0);
      expect(blocked[0].ports).toEqual([[6180, 6180]]);
      const info = (await raw(srv.url, 'GET', '/api/info')).json();
      expect(info.auditFormats).toContain('nftables');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('POST /api/audit: a rule set that cannot be read is a 400 located in the rule set', async () => {
    const r = await post(srv.url, '/api/audit', { deployment: EXAMPLE, ruleset: 'table inet x {\n  chain forward {\n    type filter hook forward priority 0; policy drop;\n    ip saddr 10.0.0.1 tcp dport 6162 acceptt\n  }\n}\n', rulesetName: 'bad.nft', format: 'nftables' });
    expect(r.status).toBe(400);
    expect(r.json().error.code).toBe('API_BAD_RULESET');
    expect(r.json().diagnostics[0]).toMatchObject({ file: 'bad.nft', line: expect.any(Number) });
    expect((await post(srv.url, '/api/audit', { deployment: EXAMPLE, ruleset: 'x', format: 'nope' })).status).toBe(400);
    expect((await post(srv.url, '/api/audit', { deployment: EXAMPLE })).status).toBe(400);
    expect((await post(srv.url, '/api/audit', { deployment: EXAMPLE, ruleset: 'x', scope: 'host' })).status).toBe(400);
  });

  it('GET /api/targets, /api/schema: `vbrwall targets --format json`, `vbrwall schema`', async () => {
    const t = await raw(srv.url, 'GET', '/api/targets');
    expect(t.status).toBe(200);
    expect(t.json()).toEqual(JSON.parse((await vbrwall('targets', '--format', 'json')).stdout));
    expect(t.json().targets.map((x: { id: string }) => x.id)).toContain('nftables');
    const s = await raw(srv.url, 'GET', '/api/schema');
    expect(s.json()).toEqual(JSON.parse((await vbrwall('schema')).stdout));
  });

  it('GET /api/example, /api/roles, /api/info; POST /api/model: zones, hosts and warnings', async () => {
    expect((await raw(srv.url, 'GET', '/api/example')).json()).toEqual({ file: 'examples/four-zone.yaml', text: EXAMPLE });
    const roles = (await raw(srv.url, 'GET', '/api/roles')).json();
    expect(roles.roles.map((r: { role: string }) => r.role)).toContain('hardened-repository');
    const info = (await raw(srv.url, 'GET', '/api/info')).json();
    expect(info.maxBodyBytes).toBe(2 * 1024 * 1024);
    expect(info.file).toBeUndefined();
    const m = (await post(srv.url, '/api/model', { deployment: EXAMPLE })).json();
    expect(m.zones.map((z: { name: string }) => z.name)).toEqual(['management', 'production', 'backup-data', 'recovery', 'internet']);
    expect(m.hosts).toHaveLength(16);
    expect(m.hosts.find((h: { name: string }) => h.name === 'vbr01')).toMatchObject({ zone: 'management', addresses: ['10.10.0.10'], roles: ['backup-server'] });
  });
});

describe('bad input', () => {
  it('a bad deployment is a 400 with the diagnostics the CLI prints, located', async () => {
    const api = await post(srv.url, '/api/plan', { deployment: BAD, name: 'test/fixtures/bad/unknown-role.yaml' });
    expect(api.status).toBe(400);
    const body = api.json();
    expect(body.error.code).toBe('API_BAD_DEPLOYMENT');
    const c = await vbrwall('plan', 'test/fixtures/bad/unknown-role.yaml');
    expect(c.code).toBe(2);
    const printed = [...c.stderr.matchAll(/^(\S+):(\d+):(\d+): error (\w+)/gm)].map((m) => ({ file: m[1], line: Number(m[2]), col: Number(m[3]), code: m[4] }));
    expect(printed.length).toBeGreaterThan(0);
    expect(body.diagnostics.filter((d: { severity: string }) => d.severity === 'error').map((d: any) => ({ file: d.file, line: d.line, col: d.col, code: d.code }))).toEqual(printed);
    expect(body.diagnostics[0]).toMatchObject({ code: 'MODEL_UNKNOWN_ROLE', range: [expect.any(Number), expect.any(Number)], hint: expect.stringContaining('backup-server') });
    // Every endpoint that reads a deployment says the same.
    for (const path of ['/api/model', '/api/render', '/api/check']) {
      const r = await post(srv.url, path, { deployment: BAD, name: 'test/fixtures/bad/unknown-role.yaml', target: 'nftables' });
      expect(r.status, path).toBe(400);
      expect(r.json().diagnostics[0].code, path).toBe('MODEL_UNKNOWN_ROLE');
    }
  });

  it('YAML syntax errors are located too', async () => {
    const api = await post(srv.url, '/api/plan', { deployment: 'name: x\nzones: [\n' });
    expect(api.status).toBe(400);
    expect(api.json().diagnostics[0]).toMatchObject({ code: 'MODEL_YAML_SYNTAX', line: expect.any(Number) });
  });

  it('malformed requests: 400, 415, 404, 405 with a JSON error', async () => {
    expect((await raw(srv.url, 'POST', '/api/plan', '{nope', { 'content-type': 'application/json' })).json().error.code).toBe('API_BAD_JSON');
    expect((await post(srv.url, '/api/plan', { yaml: EXAMPLE })).status).toBe(400);
    expect((await post(srv.url, '/api/plan', ['a'])).status).toBe(400);
    expect((await post(srv.url, '/api/plan', { deployment: EXAMPLE, phase: 'upgrade' })).json().error.message).toContain('phase');
    expect((await post(srv.url, '/api/plan', { deployment: EXAMPLE, failover: 'no' })).status).toBe(400);
    const target = await post(srv.url, '/api/render', { deployment: EXAMPLE, target: 'nope' });
    expect(target.status).toBe(400);
    expect(target.json().error.hint).toContain('nftables');
    const host = await post(srv.url, '/api/render', { deployment: EXAMPLE, target: 'nftables', scope: 'host', host: 'ghost' });
    expect(host.status).toBe(400);
    expect(host.json().diagnostics[0].code).toBe('RENDER_NO_HOST');
    expect((await post(srv.url, '/api/check', { deployment: EXAMPLE, severity: 'urgent' })).status).toBe(400);
    expect((await raw(srv.url, 'POST', '/api/plan', EXAMPLE, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    const m = await raw(srv.url, 'GET', '/api/plan');
    expect(m.status).toBe(405);
    expect(m.headers.allow).toBe('POST');
    expect((await raw(srv.url, 'GET', '/api/nothing')).status).toBe(404);
    expect((await raw(srv.url, 'GET', '/api/file')).json().error.code).toBe('API_NO_FILE');
    const plain = await raw(srv.url, 'DELETE', '/index.html');
    expect(plain.status).toBe(405);
  });

  it('a body over the limit is refused with 413, declared or streamed', async () => {
    const big = JSON.stringify({ deployment: `# ${'x'.repeat(3 * 1024 * 1024)}\n${EXAMPLE}` });
    const declared = await raw(srv.url, 'POST', '/api/plan', big, { 'content-type': 'application/json' });
    expect(declared.status).toBe(413);
    expect(declared.json().error.code).toBe('API_BODY_TOO_LARGE');
    const streamed = await raw(srv.url, 'POST', '/api/plan', big, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    expect(streamed.status).toBe(413);
    // The server still answers afterwards.
    expect((await raw(srv.url, 'GET', '/api/targets')).status).toBe(200);
  });
});

describe('concurrency', () => {
  it('answers many requests at once, each with its own right answer', async () => {
    const expected = (await post(srv.url, '/api/plan', { deployment: EXAMPLE })).text;
    const deploy = (await post(srv.url, '/api/plan', { deployment: EXAMPLE, phase: 'deploy' })).text;
    const jobs = Array.from({ length: 30 }, (_, i) =>
      i % 5 === 0
        ? post(srv.url, '/api/plan', { deployment: BAD }).then((r) => expect(r.status).toBe(400))
        : i % 5 === 1
          ? post(srv.url, '/api/plan', { deployment: EXAMPLE, phase: 'deploy' }).then((r) => expect(r.text).toBe(deploy))
          : i % 5 === 2
            ? post(srv.url, '/api/render', { deployment: EXAMPLE, target: 'nftables' }).then((r) => expect(r.status).toBe(200))
            : i % 5 === 3
              ? post(srv.url, '/api/check', { deployment: EXAMPLE }).then((r) => expect(r.status).toBe(200))
              : post(srv.url, '/api/plan', { deployment: EXAMPLE }).then((r) => expect(r.text).toBe(expected)),
    );
    await Promise.all(jobs);
  });
});

describe('the page and its headers', () => {
  it('serves the page with a fresh CSP nonce, and assets with their content types', async () => {
    const a = await raw(srv.url, 'GET', '/');
    const b = await raw(srv.url, 'GET', '/index.html');
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('text/html; charset=utf-8');
    const nonce = /content="([^"]+)"/.exec(a.text)![1]!;
    expect(nonce).not.toBe('__CSP_NONCE__');
    expect(a.headers['content-security-policy']).toContain(`'nonce-${nonce}'`);
    expect(a.headers['content-security-policy']).toContain("script-src 'self'");
    expect(a.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(b.text).not.toContain(nonce);
    const js = await raw(srv.url, 'GET', '/assets/app-1.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await raw(srv.url, 'GET', '/assets/app-1.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await raw(srv.url, 'HEAD', '/assets/app-1.js')).text).toBe('');
  });

  it('every answer has the security headers and none allows another origin', async () => {
    for (const r of [await raw(srv.url, 'GET', '/api/targets'), await raw(srv.url, 'GET', '/'), await raw(srv.url, 'GET', '/nope')]) {
      expect(r.headers['content-security-policy']).toContain("default-src 'none'");
      expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('refuses paths out of the web root: .., encoded, backslashes, dot files, symbolic links', async () => {
    const paths = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/%2e%2e%5c%2e%2e%5csecret.txt',
      '//secret.txt',
      '/.env',
      '/assets/link.txt',
      '/%00index.html',
      '/index.html%00.js',
      '/%E0%A4%A',
      `/${join('..', '..', '..', '..', 'etc', 'passwd')}`,
    ];
    for (const p of paths) {
      const r = await raw(srv.url, 'GET', p);
      expect([400, 404], p).toContain(r.status);
      expect(r.text, p).not.toContain('TOP SECRET');
      expect(r.text, p).not.toContain('hidden');
      expect(r.text, p).not.toContain('root:');
    }
  });

  it('refuses requests for another host name (DNS rebinding) and from another origin', async () => {
    expect((await raw(srv.url, 'GET', '/api/targets', undefined, { host: 'evil.example:80' })).status).toBe(421);
    expect((await raw(srv.url, 'GET', '/api/targets', undefined, { host: `localhost:${srv.port}` })).status).toBe(200);
    const cross = await post(srv.url, '/api/plan', { deployment: EXAMPLE }, { origin: 'http://evil.example' });
    expect(cross.status).toBe(403);
    expect((await post(srv.url, '/api/plan', { deployment: EXAMPLE }, { origin: `http://127.0.0.1:${srv.port}` })).status).toBe(200);
    expect((await raw(srv.url, 'GET', '/api/example', undefined, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
  });
});

describe('the FILE', () => {
  it('is read, written back atomically, guarded against lost updates, and watched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vbrwall-file-'));
    const path = join(dir, 'site.yaml');
    writeFileSync(path, EXAMPLE);
    const s = await startServer({ port: 0, webRoot: web, file: { path, name: 'site.yaml' } });
    try {
      const info = (await raw(s.url, 'GET', '/api/info')).json();
      expect(info.file).toBe('site.yaml');
      const f = (await raw(s.url, 'GET', '/api/file')).json();
      expect(f).toMatchObject({ file: 'site.yaml', text: EXAMPLE });

      // Listen for changes before changing anything.
      const events: string[] = [];
      const es = await openEvents(s.url, (chunk) => events.push(chunk));

      const edited = EXAMPLE.replace('Four-zone reference design', 'Edited in the page');
      const put = await raw(s.url, 'PUT', '/api/file', JSON.stringify({ text: edited, version: f.version }), { 'content-type': 'application/json' });
      expect(put.status).toBe(200);
      expect(readFileSync(path, 'utf8')).toBe(edited);
      expect(readdirSync(dir)).toEqual(['site.yaml']);

      // A PUT with the old version would overwrite the newer file: refused.
      const stale = await raw(s.url, 'PUT', '/api/file', JSON.stringify({ text: EXAMPLE, version: f.version }), { 'content-type': 'application/json' });
      expect(stale.status).toBe(409);
      expect(readFileSync(path, 'utf8')).toBe(edited);

      // Another editor saves by renaming a new file over the old one: the page hears of it.
      writeFileSync(join(dir, '.site.yaml.tmp'), EXAMPLE.replace('Four-zone', 'Changed on disk'));
      const { renameSync } = await import('node:fs');
      renameSync(join(dir, '.site.yaml.tmp'), path);
      const changed = (await raw(s.url, 'GET', '/api/file')).json();
      await waitFor(() => events.some((e) => e.includes(changed.version)));
      expect(events.join('')).toMatch(/event: hello\n/);
      expect(events.join('')).toMatch(new RegExp(`event: file\\ndata: .*${changed.version}`));
      es.destroy();
    } finally {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('vbrwall serve (the command)', () => {
  it('prints the URL, serves until its signal aborts, then exits 0', async () => {
    let stdout = '';
    let stderr = '';
    const ctl = new AbortController();
    const io: Io = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd: ROOT, signal: ctl.signal };
    const done = serve({ io, values: { port: '0' }, positionals: ['examples/four-zone.yaml'] });
    await waitFor(() => /http:\/\/127\.0\.0\.1:\d+\//.test(stdout));
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout)![0];
    const f = await raw(url, 'GET', '/api/file');
    expect(f.json().file).toBe('examples/four-zone.yaml');
    ctl.abort();
    expect(await done).toBe(0);
    expect(stderr).toContain('stopped');
  });

  it('a missing FILE is bad input (exit 2); a port in use cannot run (exit 3)', async () => {
    let stderr = '';
    const io: Io = { stdout: () => undefined, stderr: (s) => void (stderr += s), cwd: ROOT };
    expect(await serve({ io, values: {}, positionals: ['nope.yaml'] })).toBe(2);
    expect(stderr).toContain('CLI_FILE');
    expect(await serve({ io, values: { port: String(srv.port) }, positionals: [] })).toBe(3);
    expect(stderr).toContain('in use');
  });
});

function openEvents(base: string, onChunk: (s: string) => void): Promise<import('node:http').ClientRequest> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, path: '/api/events', headers: { accept: 'text/event-stream' } }, (res) => {
      expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      res.setEncoding('utf8');
      res.on('data', (c: string) => onChunk(c));
      res.on('error', () => undefined);
      resolve(req);
    });
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
    req.end();
  });
}

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}
