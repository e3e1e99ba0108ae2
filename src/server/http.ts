/**
 * HTTP plumbing of the server: security headers, size-limited bodies, JSON replies and errors.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiDiagnostic, ApiError } from './api-types.js';

/**
 * Everything the page loads comes from this server; no inline script or style, no frames, no
 * plugins. `worker-src` is for the diagram layout worker; `blob:` and `data:` images are the
 * downloads and icons the page makes itself.
 */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), bluetooth=()',
};

/** An error that becomes a JSON reply with its status. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly diagnostics?: ApiDiagnostic[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function setSecurityHeaders(res: ServerResponse): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
}

/** A JSON body already written in the layout its CLI command prints (the audit's: one line per flow). */
export class JsonText {
  constructor(readonly text: string) {}
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const data = Buffer.from(body instanceof JsonText ? body.text : JSON.stringify(body, null, 2) + '\n', 'utf8');
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(data.length),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(data);
}

export function sendError(res: ServerResponse, e: HttpError): void {
  const body: ApiError = {
    error: { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) },
    ...(e.diagnostics ? { diagnostics: e.diagnostics } : {}),
  };
  sendJson(res, e.status, body, e.headers);
}

/**
 * Reads a request body up to `limit` bytes. A larger body (by Content-Length or as it streams)
 * is refused with 413 before it is read in full.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(tooLarge(limit));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        done = true;
        reject(tooLarge(limit));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('error', (err) => {
      if (!done) {
        done = true;
        reject(err);
      }
    });
  });
}

const tooLarge = (limit: number): HttpError =>
  new HttpError(413, 'API_BODY_TOO_LARGE', `the request body is larger than ${formatBytes(limit)}`, 'send a smaller deployment or rule set, or start the server with a larger limit', undefined, { Connection: 'close' });

export const formatBytes = (n: number): string =>
  n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MiB` : n >= 1024 ? `${+(n / 1024).toFixed(1)} KiB` : `${n} bytes`;

/** The media type of a request, lower case, without parameters. */
export const mediaType = (req: IncomingMessage): string =>
  String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
