/**
 * The one small interface every target implements.
 * @module
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Policy, Scope } from '../policy/types.js';

export type TargetKind = 'host' | 'network' | 'cloud' | 'policy' | 'document' | 'diagram';

export interface Supports {
  scopes: readonly Scope[];
  ipv6: boolean;
  /** FQDN destinations (egress to object storage, update servers). */
  fqdn: boolean;
  /** Outbound rules of a host. */
  outbound: boolean;
  /** Rules between hosts given as "any address of the internet". */
  any: boolean;
}

export interface RenderOptions {
  /** Also render the host's outbound rules (host scope). */
  outbound: boolean;
}

export interface RenderedFile {
  /** Relative path for --out DIR; the first file is what stdout shows. */
  path: string;
  content: string | Uint8Array;
}

export interface RenderResult {
  files: RenderedFile[];
  diagnostics: Diagnostic[];
}

export interface Renderer {
  id: string;
  /** Other names accepted by --target. */
  names: readonly string[];
  title: string;
  kind: TargetKind;
  extension: string;
  supports: Supports;
  /** Vendor documentation the syntax was checked against. */
  docs: readonly string[];
  render(policy: Policy, opts: RenderOptions): RenderResult;
}
