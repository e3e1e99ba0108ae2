/**
 * The resolved deployment: zones with parsed prefixes, hosts with their zone, addresses and roles.
 * @module
 */
import type { Feature, Phase, Transport } from '../catalog/types.js';
import type { Os, Role } from '../catalog/roles.js';
import type { Cidr } from '../net/ip.js';
import type { PortRange } from '../net/ports.js';
import type { SecuritySettings } from './security-schema.js';

export interface Zone {
  name: string;
  cidrs: Cidr[];
  /** Stands for every address in no other zone. */
  internet: boolean;
  description?: string;
}

/**
 * - `host`: one machine with one or more addresses;
 * - `group`: a set of machines given by prefixes;
 * - `fqdn`: a name outside our control (object storage, update servers);
 * - `zone`: any address of its zone (for example every tenant on the internet).
 */
export type HostKind = 'host' | 'group' | 'fqdn' | 'zone';

export interface Host {
  name: string;
  kind: HostKind;
  zone: string;
  /** Host prefixes (/32, /128) for a host, the group's prefixes for a group; empty for fqdn and zone. */
  addresses: Cidr[];
  fqdn?: string;
  os?: Os;
  roles: Role[];
  virtual?: boolean;
  transport: Transport[];
  appliance: boolean;
  database?: 'postgresql' | 'mssql';
  description?: string;
}

export interface Overrides {
  restApiPort?: number;
  dataMoverPort?: number;
  failoverRange?: PortRange;
  vpowerNfsExtraPorts: number;
}

export interface Deployment {
  name: string;
  version: string;
  phase: Phase;
  zones: Zone[];
  hosts: Host[];
  features: Record<Feature, boolean>;
  overrides: Overrides;
  security: SecuritySettings;
  ignore: { id: string; reason: string }[];
  /** The file it was read from, as the user named it. */
  file?: string;
}
