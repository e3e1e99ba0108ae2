/**
 * Reading an API request: a JSON object (`deployment` and the options as fields), or the YAML text
 * itself with the options in the query string. Only the known fields, with their types, get through.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { ApiRequest } from './api-types.js';
import { HttpError, mediaType, readBody } from './http.js';

const YAML_TYPES = new Set(['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain']);
const STRING_FIELDS = ['name', 'target', 'host', 'ruleset', 'rulesetName', 'format', 'severity'] as const;
const BOOLEAN_FIELDS = ['failover', 'outbound', 'lenient'] as const;
const PHASES = ['operate', 'deploy'] as const;
const SCOPES = ['zone-firewall', 'host'] as const;

export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = mediaType(req);
  if (type !== 'application/json') throw new HttpError(415, 'API_BAD_MEDIA_TYPE', `send application/json, not ${type || 'no Content-Type'}`);
  const body = await readBody(req, limit);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new HttpError(400, 'API_BAD_JSON', `the body is not JSON: ${(e as Error).message}`);
  }
}

/** The body of POST /api/plan, /api/model, /api/render, /api/audit and /api/check. */
export async function readApiRequest(req: IncomingMessage, query: URLSearchParams, limit: number): Promise<ApiRequest> {
  const type = mediaType(req);
  let raw: Record<string, unknown>;
  if (YAML_TYPES.has(type)) {
    const body = await readBody(req, limit);
    raw = { deployment: body.toString('utf8') };
    for (const [k, v] of query) {
      if (k === 'deployment') continue;
      raw[k] = (BOOLEAN_FIELDS as readonly string[]).includes(k) ? v !== 'false' && v !== '0' : v;
    }
  } else {
    const json = await readJsonBody(req, limit);
    if (!json || typeof json !== 'object' || Array.isArray(json)) throw new HttpError(400, 'API_BAD_REQUEST', 'the body must be a JSON object with a "deployment" field');
    raw = json as Record<string, unknown>;
  }
  return toApiRequest(raw);
}

export function toApiRequest(raw: Record<string, unknown>): ApiRequest {
  if (typeof raw.deployment !== 'string')
    throw new HttpError(400, 'API_BAD_REQUEST', '"deployment" is required: the text of the deployment file', 'send {"deployment": "<YAML>"} as application/json, or the YAML itself as application/yaml');
  const out: ApiRequest = { deployment: raw.deployment };
  for (const f of STRING_FIELDS) {
    const v = raw[f];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string') throw new HttpError(400, 'API_BAD_REQUEST', `"${f}" must be a string`);
    out[f] = v;
  }
  for (const f of BOOLEAN_FIELDS) {
    const v = raw[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'boolean') throw new HttpError(400, 'API_BAD_REQUEST', `"${f}" must be true or false`);
    out[f] = v;
  }
  if (raw.phase !== undefined && raw.phase !== null && raw.phase !== '') {
    if (!(PHASES as readonly unknown[]).includes(raw.phase)) throw new HttpError(400, 'API_BAD_REQUEST', `"phase" must be one of ${PHASES.join(', ')}, not ${JSON.stringify(raw.phase)}`);
    out.phase = raw.phase as ApiRequest['phase'];
  }
  if (raw.scope !== undefined && raw.scope !== null && raw.scope !== '') {
    if (!(SCOPES as readonly unknown[]).includes(raw.scope)) throw new HttpError(400, 'API_BAD_REQUEST', `"scope" must be one of ${SCOPES.join(', ')}, not ${JSON.stringify(raw.scope)}`);
    out.scope = raw.scope as ApiRequest['scope'];
  }
  return out;
}
