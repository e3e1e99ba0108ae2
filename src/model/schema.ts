/**
 * The deployment file's schema. Types come from it; the published JSON Schema is generated from it.
 * @module
 */
import { z } from 'zod';
import { ROLE_NAMES } from '../catalog/roles.js';
import { FEATURES } from '../catalog/types.js';
import { SecuritySettings } from './security-schema.js';

const Cidrs = z.array(z.string()).describe('IPv4 or IPv6 prefixes, e.g. 10.20.0.0/16');

export const ZoneSpec = z
  .strictObject({
    cidrs: Cidrs.optional(),
    internet: z.boolean().optional().describe('The zone stands for every address that is in no other zone.'),
    description: z.string().optional(),
  })
  .describe('A network zone: a segment behind the zone firewall.');

export const Transport = z.enum(['network', 'hotadd', 'san']);

export const HostSpec = z
  .strictObject({
    address: z
      .union([z.string(), z.array(z.string()).min(1)])
      .optional()
      .describe('One address, or a list of addresses of the same host.'),
    cidrs: Cidrs.optional().describe('A group of hosts given by prefixes (e.g. a VM network).'),
    fqdn: z.string().optional().describe('A DNS name, for hosts outside your networks (object storage, update servers).'),
    zone: z.string().optional().describe('The zone; follows from the address when not given. A host with only a zone stands for any address of it.'),
    os: z.enum(['windows', 'linux']).optional(),
    roles: z.array(z.enum(ROLE_NAMES)).min(1).describe('What the host does; several roles add up. `vbrwall roles` lists them.'),
    virtual: z.boolean().optional().describe('The host is a virtual machine.'),
    transport: z.array(Transport).min(1).optional().describe('VMware backup proxy transport modes.'),
    appliance: z.boolean().optional().describe('Deployed from the Veeam Software Appliance or Veeam Infrastructure Appliance ISO.'),
    database: z.enum(['postgresql', 'mssql']).optional().describe('Engine of a config-database host (PostgreSQL by default).'),
    description: z.string().optional(),
  })
  .describe('A host or a group of hosts.');

export const Features = z
  .strictObject(Object.fromEntries(FEATURES.map((f) => [f, z.boolean().optional()])) as Record<(typeof FEATURES)[number], z.ZodOptional<z.ZodBoolean>>)
  .describe('Features in use; each adds the flows it needs.');

const PortNumber = z.number().int().min(1).max(65535);

export const Overrides = z
  .strictObject({
    'rest-api-port': PortNumber.optional().describe('Custom port of the Veeam Backup & Replication REST API (default 9419).'),
    'data-mover-port': PortNumber.optional().describe('Custom Veeam Data Mover port given when adding Linux servers (default 6162).'),
    'failover-range': z
      .string()
      .regex(/^\d{1,5}\s*-\s*\d{1,5}$/)
      .optional()
      .describe('A narrowed data-mover failover range inside 2500-3300, e.g. "2500-2600".'),
    'vpower-nfs-extra-ports': z
      .number()
      .int()
      .min(0)
      .max(16)
      .optional()
      .describe('vPower NFS uses the next free port when 1058/1063/2049 are taken: open this many more (default 0).'),
  })
  .describe('Port overrides.');

export const IgnoreEntry = z.strictObject({ id: z.string(), reason: z.string().min(1) });

export const DeploymentSpec = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1).describe('Name of the deployment, shown in every output.'),
    vbr: z
      .strictObject({ version: z.union([z.string(), z.number()]).transform(String).optional() })
      .optional()
      .describe('Veeam Backup & Replication version (13.0 by default).'),
    phase: z.enum(['operate', 'deploy']).optional().describe('operate: steady state (default); deploy: initial install and upgrades.'),
    zones: z.record(z.string(), ZoneSpec).describe('Network zones by name.'),
    hosts: z.record(z.string(), HostSpec).describe('Hosts and host groups by name.'),
    features: Features.optional(),
    overrides: Overrides.optional(),
    security: SecuritySettings.optional(),
    ignore: z.array(IgnoreEntry).optional().describe('Checks to suppress, each with a reason.'),
  })
  .describe('A Veeam Backup & Replication deployment for vbrwall.');

export type DeploymentSpec = z.output<typeof DeploymentSpec>;
export type HostSpec = z.output<typeof HostSpec>;
export type ZoneSpec = z.output<typeof ZoneSpec>;

/** The JSON Schema published for editors (`vbrwall schema`, schema/deployment.schema.json). */
export function deploymentJsonSchema(): unknown {
  const schema = z.toJSONSchema(DeploymentSpec, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://vbrwall.invalid/deployment.schema.json', title: 'vbrwall deployment' };
}
