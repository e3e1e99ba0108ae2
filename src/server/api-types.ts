/**
 * The shapes of the JSON API of `vbrwall serve`, shared with the web page (type-only imports).
 * Plan, audit and check bodies are the CLI's `--format json` output, unchanged; these types
 * describe the fields the page reads.
 * @module
 */

/** What every POST body may carry; each endpoint reads the fields it needs. */
export interface ApiRequest {
  /** The deployment file's text (YAML). */
  deployment: string;
  /** Name shown in diagnostics (default `deployment.yaml`). */
  name?: string;
  phase?: 'operate' | 'deploy';
  /** Include failover ports (default true, as the CLI without --no-failover). */
  failover?: boolean;
  /** /api/render */
  target?: string;
  scope?: 'zone-firewall' | 'host';
  host?: string;
  outbound?: boolean;
  /** /api/audit: the rule set's text and its file name (the name helps detect the format). */
  ruleset?: string;
  rulesetName?: string;
  format?: string;
  /** Skip unreadable lines of the rule set (each is reported), as `--lenient`. */
  lenient?: boolean;
  /** /api/check */
  severity?: string;
}

export type Severity = 'error' | 'warning' | 'info';

/** A diagnostic as the CLI collects it, with line and column added (1-based). */
export interface ApiDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  file?: string;
  range?: [number, number];
  path?: (string | number)[];
  hint?: string;
  line?: number;
  col?: number;
}

/** Every error response: a code and message, and the located diagnostics when the input was bad. */
export interface ApiError {
  error: { code: string; message: string; hint?: string };
  diagnostics?: ApiDiagnostic[];
}

export type PortRange = [number, number];

export interface SourceRef {
  page: string;
  section: string;
}

export interface PlanReasonJson {
  entry: string;
  purpose: string;
  ports: PortRange[];
  failoverPorts: PortRange[];
  phase: 'operate' | 'deploy';
  features?: string[];
  dynamic?: boolean;
  jobOnly?: boolean;
  defaults?: string[];
  sources: SourceRef[];
}

export interface PlanFlowJson {
  from: string;
  to: string;
  protocol: string;
  ports: PortRange[];
  purposes: string[];
  sources: SourceRef[];
  fromZone: string;
  toZone: string;
  failoverPorts: PortRange[];
  deployOnlyPorts: PortRange[];
  reasons: PlanReasonJson[];
}

/** `vbrwall plan --format json`. */
export interface PlanJson {
  deployment: string;
  phase: 'operate' | 'deploy';
  version: string;
  failover: boolean;
  flows: PlanFlowJson[];
  defaults: { id: string; role: string; hosts: string[]; message: string }[];
}

export interface ModelZone {
  name: string;
  cidrs: string[];
  internet: boolean;
  description?: string;
}

export interface ModelHost {
  name: string;
  kind: 'host' | 'group' | 'fqdn' | 'zone';
  zone: string;
  addresses: string[];
  fqdn?: string;
  os?: string;
  roles: string[];
  virtual?: boolean;
  transport: string[];
  description?: string;
}

/** POST /api/model: the resolved deployment for the page, and every diagnostic of the file and the plan. */
export interface ModelJson {
  deployment: string;
  version: string;
  phase: 'operate' | 'deploy';
  zones: ModelZone[];
  hosts: ModelHost[];
  features: { id: string; enabled: boolean; description: string }[];
  diagnostics: ApiDiagnostic[];
}

export interface RenderFileJson {
  path: string;
  /** Text, or base64 when `encoding` is `base64` (binary targets such as xlsx). */
  content: string;
  encoding: 'utf8' | 'base64';
}

/** POST /api/render: the files `vbrwall render` writes, and what the target could not express. */
export interface RenderJson {
  target: string;
  scope: 'zone-firewall' | 'host';
  host?: string;
  files: RenderFileJson[];
  diagnostics: ApiDiagnostic[];
  /** Some rules could not be expressed (the CLI exits 1 without --allow-partial). */
  partial: boolean;
}

export interface TargetJson {
  id: string;
  names: string[];
  title: string;
  kind: string;
  extension: string;
  supports: { scopes: ('zone-firewall' | 'host')[]; ipv6: boolean; fqdn: boolean; outbound: boolean; any: boolean };
}

export interface AuditFlowJson {
  from: string;
  to: string;
  protocol: string;
  ports: PortRange[];
  status: 'allowed' | 'partial' | 'blocked';
  [more: string]: unknown;
}

/** `vbrwall audit --format json` (fields beyond the contract's are read when present). */
export interface AuditJson {
  flows: AuditFlowJson[];
  excess: { rule: string; description: string; [more: string]: unknown }[];
  [more: string]: unknown;
}

export interface FindingJson {
  id: string;
  title: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  status: 'passed' | 'not-implemented' | 'unable-to-detect';
  evidence: string[];
  source: SourceRef;
  recommendation?: string;
  seeAlso?: SourceRef[];
  analyzer?: string;
  fields?: string[];
  suppressed?: string;
}

/** `vbrwall check --format json`. */
export interface ChecksJson {
  deployment?: string;
  phase?: string;
  summary?: Record<string, number>;
  findings: FindingJson[];
}

/** GET /api/file. */
export interface FileJson {
  file: string;
  text: string;
  /** Changes whenever the file changes; PUT sends it back to refuse overwriting newer changes. */
  version: string;
}

/** GET /api/info: what the page needs to know about the server. */
export interface InfoJson {
  version: string;
  /** The file being edited, when `vbrwall serve FILE` was given one. */
  file?: string;
  maxBodyBytes: number;
  auditFormats: string[];
}
