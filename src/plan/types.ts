/**
 * The plan: concrete flows between the deployment's hosts, each with its reasons.
 * @module
 */
import type { Feature, Phase, Protocol, SourceRef } from '../catalog/types.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Deployment, Host } from '../model/types.js';
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

/** What a flow's reasons decide: shared (frozen) between every flow with the same reasons. */
export type Derived = Pick<Flow, 'ports' | 'failover' | 'deployOnly' | 'purposes' | 'sources' | 'reasons'>;

/** Flows between two host types: every host of `from` to every other host of `to`. */
export interface TypeFlow extends Derived {
  /** Index in TypedPlan.types. */
  from: number;
  to: number;
  protocol: Protocol;
}

/**
 * The plan between host types: hosts that take part in the same catalog entries in the same
 * way are interchangeable. 2,000 hosts are a few dozen types, and 130,000 flows a few hundred.
 */
export interface TypedPlan {
  /** Hosts of each type, in deployment order. */
  types: Host[][];
  /** Type of each host, by name. */
  typeOf: Map<string, number>;
  flows: TypeFlow[];
}
