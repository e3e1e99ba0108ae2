/**
 * The plan: concrete flows between the deployment's hosts, each with its reasons.
 * @module
 */
import type { Feature, Phase, Protocol, SourceRef } from '../catalog/types.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Deployment } from '../model/types.js';
import type { PortRange } from '../net/ports.js';

/** One catalog entry's contribution to a flow: the answer to "why is this port open?". */
export interface FlowReason {
  entry: string;
  purpose: string;
  ports: PortRange[];
  /** Ports of this reason that are failover only. */
  failover: PortRange[];
  phase: Phase;
  dynamic: boolean;
  jobOnly: boolean;
  features: Feature[];
  sources: SourceRef[];
  /** Ids of the defaults (see Plan.defaults) this reason rests on. */
  defaults: string[];
}

export interface Flow {
  /** `from>to/protocol`, stable. */
  id: string;
  from: string;
  to: string;
  fromZone: string;
  toZone: string;
  protocol: Protocol;
  ports: PortRange[];
  /** Ports that are only failover ports (left out with --no-failover). */
  failover: PortRange[];
  /** Ports needed only in the deploy phase. */
  deployOnly: PortRange[];
  purposes: string[];
  sources: SourceRef[];
  reasons: FlowReason[];
}

export interface AppliedDefault {
  id: string;
  /** The effective role the default fills. */
  role: string;
  hosts: string[];
  message: string;
}

export interface PlanOptions {
  phase?: Phase;
  /** Include failover ports (default true). */
  failover?: boolean;
}

export interface Plan {
  deployment: Deployment;
  phase: Phase;
  failover: boolean;
  flows: Flow[];
  defaults: AppliedDefault[];
  diagnostics: Diagnostic[];
}
