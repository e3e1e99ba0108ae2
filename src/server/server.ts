/**
 * `vbrwall serve`: a node:http server for the page and its JSON API. It binds to the loopback
 * address by default, answers only requests addressed to it (Host and Origin are checked, so a
 * web site cannot reach it through DNS rebinding or a cross-site form), and writes nothing but
 * the FILE it was given.
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../cli/common.js';
import type { ApiRequest, InfoJson } from './api-types.js';
import { DeploymentFile } from './deployment-file.js';
import { EventHub } from './events.js';
import { HttpError, sendError, sendJson, setSecurityHeaders } from './http.js';
import { readApiRequest, readJsonBody } from './request.js';
import * as services from './services.js';
import { serveStatic } from './static.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8642;
export const DEFAULT_MAX_BODY = 2 * 1024 * 1024;
export const WEB_ROOT = join(PACKAGE_ROOT, 'dist', 'web');

export interface ServeOptions {
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** Port (default 8642; 0: any free port). */
  port?: number;
  /** The deployment file the page edits: absolute path and the name to show. */
  file?: { path: string; name: string };
  /** The built page (default dist/web of the package). */
  webRoot?: string;
  /** Largest request body in bytes (default 2 MiB). */
  maxBodyBytes?: number;
  /** Where unexpected errors are reported (default: nowhere). */
  onError?: (e: Error) => void;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

type Json = { status?: number; body: unknown };
type PostHandler = (r: ApiRequest) => unknown;

const POST_ROUTES: Readonly<Record<string, PostHandler>> = {
  '/api/plan': services.planJson,
  '/api/model': services.modelJson,
  '/api/render': services.renderJson,
  '/api/audit': services.auditJson,
  '/api/check': services.checkJson,
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const WILDCARD = new Set(['0.0.0.0', '::', '']);

export const isLoopback = (host: string): boolean => LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
const bracket = (h: string): string => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);

export async function startServer(opts: ServeOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? DEFAULT_HOST;
  const limit = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const webRoot = opts.webRoot ?? WEB_ROOT;
  const file = opts.file ? new DeploymentFile(opts.file.path, opts.file.name) : undefined;
  const hub = new EventHub();
  let port = opts.port ?? DEFAULT_PORT;

  /** Host headers this server answers to; any, when it listens on every address. */
  const hostAllowed = (value: string | undefined): boolean => {
    if (WILDCARD.has(host)) return true;
    if (!value) return false;
    const names = new Set([...LOOPBACK, bracket(host), host].map((h) => `${bracket(h)}:${port}`));
    return names.has(value.toLowerCase());
  };

  const api = async (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<Json | undefined> => {
    const method = req.method ?? 'GET';
    const post = POST_ROUTES[path];
    if (post) {
      allow(method, ['POST']);
      return { body: post(await readApiRequest(req, query, limit)) };
    }
    switch (path) {
      case '/api/info': {
        allow(method, ['GET']);
        const info: InfoJson = { version: '0.1.0', ...(file ? { file: file.name } : {}), maxBodyBytes: limit, auditFormats: [...services.AUDIT_FORMATS] };
        return { body: info };
      }
      case '/api/targets':
        allow(method, ['GET']);
        return { body: services.targetsJson() };
      case '/api/roles':
        allow(method, ['GET']);
        return { body: services.rolesJson() };
      case '/api/schema':
        allow(method, ['GET']);
        return { body: services.schemaJson() };
      case '/api/example':
        allow(method, ['GET']);
        return { body: services.exampleJson() };
      case '/api/file': {
        allow(method, ['GET', 'PUT']);
        if (!file) throw new HttpError(404, 'API_NO_FILE', 'the server was started without a FILE', 'run `vbrwall serve FILE` to edit a file');
        if (method === 'GET') return { body: file.read() };
        const body = await readJsonBody(req, limit);
        const b = (body ?? {}) as { text?: unknown; version?: unknown };
        if (typeof b.text !== 'string') throw new HttpError(400, 'API_BAD_REQUEST', '"text" is required: the new content of the file');
        if (b.version !== undefined && typeof b.version !== 'string') throw new HttpError(400, 'API_BAD_REQUEST', '"version" must be a string');
        const saved = file.write(b.text, b.version as string | undefined);
        hub.broadcast('file', { file: saved.file, version: saved.version });
        return { body: { file: saved.file, version: saved.version } };
      }
      case '/api/events':
        allow(method, ['GET']);
        hub.attach(res, { file: file?.name ?? null, version: file ? safeVersion(file) : null });
        return undefined;
      default:
        throw new HttpError(404, 'API_NOT_FOUND', `no endpoint ${path}`);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setSecurityHeaders(res);
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    // The raw path: a URL parser would resolve `..` before the static handler could refuse it.
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
    const method = req.method ?? 'GET';
    try {
      if (!hostAllowed(req.headers.host)) throw new HttpError(421, 'API_BAD_HOST', `this server answers only to ${bracket(host)}:${port} and localhost`);
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://${req.headers.host}`) throw new HttpError(403, 'API_CROSS_ORIGIN', 'cross-origin requests are refused');
      if (req.headers['sec-fetch-site'] === 'cross-site') throw new HttpError(403, 'API_CROSS_ORIGIN', 'cross-site requests are refused');
      if (path === '/api' || path.startsWith('/api/')) {
        const out = await api(req, res, path, query);
        if (out) sendJson(res, out.status ?? 200, out.body);
        return;
      }
      allow(method, ['GET', 'HEAD']);
      await serveStatic(req, res, webRoot, path);
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof HttpError) sendError(res, e);
      else {
        opts.onError?.(e as Error);
        sendError(res, new HttpError(500, 'API_INTERNAL', `internal error: ${(e as Error).message}`, 'this is a bug in vbrwall; please report it with the request'));
      }
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  server.requestTimeout = 60_000;
  server.headersTimeout = 15_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address && typeof address === 'object') port = address.port;
  file?.watch((f) => hub.broadcast('file', { file: f.file, version: f.version }));

  const shownHost = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return {
    url: `http://${bracket(shownHost)}:${port}/`,
    host,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        file?.close();
        hub.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function allow(method: string, methods: readonly string[]): void {
  if (!methods.includes(method)) throw new HttpError(405, 'API_METHOD', `use ${methods.join(' or ')}`, undefined, undefined, { Allow: methods.join(', ') });
}

function safeVersion(file: DeploymentFile): string | null {
  try {
    return file.read().version;
  } catch {
    return null;
  }
}
