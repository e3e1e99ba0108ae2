/**
 * The built page (dist/web) as static files: only files under the web root, never a dot file,
 * never through `..`, an encoded separator or a symbolic link that leads out of the root.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { CSP, HttpError } from './http.js';

/** Where the page's HTML takes the nonce of its response (the editor's style elements need it). */
export const NONCE_PLACEHOLDER = '__CSP_NONCE__';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * The file under `root` a URL path names, or an HttpError: 400 for a malformed path, 404 for
 * anything outside the root, hidden, or missing.
 */
export async function resolveStatic(root: string, urlPath: string): Promise<string> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    throw new HttpError(400, 'API_BAD_PATH', 'malformed path');
  }
  if (decoded === '/' || decoded === '') decoded = '/index.html';
  const segments = decoded.split('/').slice(1);
  const refused =
    decoded.includes('\0') ||
    decoded.includes('\\') ||
    !decoded.startsWith('/') ||
    segments.some((s) => s === '' || s === '.' || s === '..' || s.startsWith('.'));
  if (refused) throw notFound();
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    throw new HttpError(503, 'API_NO_PAGE', 'the web page is not built', 'run `npm run build:web` (or `npm run build`)');
  }
  const candidate = join(realRoot, ...segments);
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    if (segments.length === 1 && segments[0] === 'index.html')
      throw new HttpError(503, 'API_NO_PAGE', 'the web page is not built', 'run `npm run build:web` (or `npm run build`)');
    throw notFound();
  }
  if (!real.startsWith(realRoot + sep)) throw notFound();
  const st = await stat(real);
  if (!st.isFile()) throw notFound();
  return real;
}

const notFound = (): HttpError => new HttpError(404, 'API_NOT_FOUND', 'no such file');

export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, urlPath: string): Promise<void> {
  const file = await resolveStatic(root, urlPath);
  if (extname(file) === '.html') return serveHtml(req, res, file);
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const st = await stat(file);
  // Vite names assets by content hash: they never change under the same name.
  const immutable = urlPath.startsWith('/assets/');
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': String(st.size),
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(file);
    stream.on('error', reject);
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}

/**
 * An HTML page with a fresh nonce: style elements carrying it are allowed, no inline script is.
 */
async function serveHtml(req: IncomingMessage, res: ServerResponse, file: string): Promise<void> {
  const nonce = randomBytes(16).toString('base64');
  const html = Buffer.from((await readFile(file, 'utf8')).replaceAll(NONCE_PLACEHOLDER, nonce), 'utf8');
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(html.length),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': CSP.replace("style-src 'self'", `style-src 'self' 'nonce-${nonce}'`),
  });
  res.end(req.method === 'HEAD' ? undefined : html);
}
