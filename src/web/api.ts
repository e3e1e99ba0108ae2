/**
 * The page's only way to the library: the JSON API of `vbrwall serve`.
 * @module
 */
import type { ApiDiagnostic, ApiError, ApiRequest, AuditJson, ChecksJson, FileJson, InfoJson, ModelJson, PlanJson, RenderJson, TargetJson } from '../server/api-types.js';

/** A refused request: the server's code and message, and the located diagnostics of bad input. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly diagnostics: ApiDiagnostic[] = [],
  ) {
    super(message);
  }
}

async function call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
      cache: 'no-store',
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new RequestError(0, 'NETWORK', 'the vbrwall server does not answer; is `vbrwall serve` still running?');
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RequestError(res.status, 'BAD_RESPONSE', `unexpected answer from the server (${res.status})`);
  }
  if (!res.ok) {
    const e = json as Partial<ApiError>;
    throw new RequestError(res.status, e.error?.code ?? String(res.status), e.error?.message ?? res.statusText, e.error?.hint, e.diagnostics ?? []);
  }
  return json as T;
}

export const api = {
  info: () => call<InfoJson>('GET', '/api/info'),
  example: () => call<{ file: string; text: string }>('GET', '/api/example'),
  schema: () => call<unknown>('GET', '/api/schema'),
  targets: () => call<{ targets: TargetJson[] }>('GET', '/api/targets'),
  roles: () => call<{ roles: { role: string; description: string; os?: string }[] }>('GET', '/api/roles'),
  file: () => call<FileJson>('GET', '/api/file'),
  saveFile: (text: string, version?: string) => call<{ file: string; version: string }>('PUT', '/api/file', { text, ...(version ? { version } : {}) }),
  plan: (r: ApiRequest, signal?: AbortSignal) => call<PlanJson>('POST', '/api/plan', r, signal),
  model: (r: ApiRequest, signal?: AbortSignal) => call<ModelJson>('POST', '/api/model', r, signal),
  render: (r: ApiRequest, signal?: AbortSignal) => call<RenderJson>('POST', '/api/render', r, signal),
  audit: (r: ApiRequest, signal?: AbortSignal) => call<AuditJson>('POST', '/api/audit', r, signal),
  check: (r: ApiRequest, signal?: AbortSignal) => call<ChecksJson>('POST', '/api/check', r, signal),
};
