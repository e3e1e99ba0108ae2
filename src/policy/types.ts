/**
 * The policy: the plan turned into rules a firewall can hold. Every rule is exact (it allows
 * nothing the plan does not need) and carries its reasons.
 * @module
 */
import type { Phase, Protocol, SourceRef } from '../catalog/types.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Deployment, HostKind } from '../model/types.js';
import type { Cidr } from '../net/ip.js';
import type { PortRange } from '../net/ports.js';
import type { Plan } from '../plan/types.js';

/** A named set of addresses: one host, a group, an fqdn, a zone, or any address. */
export interface AddressObject {
  /** Safe id: ASCII letters, digits, `-` and `_`, unique in the policy, derived from the label. */
  id: string;
  /** The name from the input (unsafe: quote it per target). */
  label: string;
  kind: HostKind | 'set';
  zone?: string;
  /** Hosts of the deployment it stands for. */
  hosts: string[];
  /** Merged prefixes (fewest), IPv4 first. Empty for fqdn-only or any. */
  cidrs: Cidr[];
  fqdns: string[];
  /** Any address (a host that stands for the internet zone). */
  any: boolean;
}

export interface Service {
  protocol: Protocol;
  ports: PortRange[];
}

export interface RuleReason {
  flow: string;
  entries: string[];
  purposes: string[];
  sources: SourceRef[];
}

export interface Rule {
  /** Stable name: `management-to-backup-data-03`, or `in-03` / `out-03` for a host. */
  name: string;
  fromZone: string;
  toZone: string;
  source: AddressObject;
  destination: AddressObject;
  /** One entry per protocol, ports merged. */
  services: Service[];
  /** Deploy phase only (install and upgrade): remove after deployment. */
  phase: Phase;
  /** Every port of the rule is a failover port. */
  failover: boolean;
  /** The plan's flows the rule serves. */
  flows: string[];
  purposes: string[];
  sources: SourceRef[];
  entries: string[];
  /** One line: purposes, for a comment or description. */
  comment: string;
}

export type Scope = 'zone-firewall' | 'host';

export interface Policy {
  scope: Scope;
  deployment: Deployment;
  plan: Plan;
  /** For a host policy, the host. */
  host?: string;
  /** Inbound rules (host scope) or forward rules (zone firewall). */
  rules: Rule[];
  /** Outbound rules of a host (host scope only). */
  outbound: Rule[];
  /** Every address object the rules use, sorted by id. */
  addresses: AddressObject[];
  /** Every distinct service the rules use. */
  services: Service[];
  /** Flows in the plan that the policy leaves to other firewalls (same zone, other hosts). */
  notCovered: number;
  diagnostics: Diagnostic[];
}
