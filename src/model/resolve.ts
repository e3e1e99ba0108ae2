/**
 * Semantic checks and resolution: prefixes parsed, zones checked for overlap, each host placed in
 * its zone, role and OS conflicts found.
 * @module
 */
import { ROLES, type Os, type Role } from '../catalog/roles.js';
import { FEATURES, type Feature, type Transport } from '../catalog/types.js';
import { cidrContains, cidrOverlaps, formatCidr, hostCidr, parseCidr, parseIp, type Cidr } from '../net/ip.js';
import type { Reporter } from './load.js';
import type { DeploymentSpec } from './schema.js';
import { nearest } from './suggest.js';
import type { Deployment, Host, HostKind, Zone } from './types.js';

type Spec = DeploymentSpec & { lenient?: boolean };

const FQDN_RE = /^(?=.{1,253}$)(\*\.)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;

export function resolveDeployment(spec: Spec, rep: Reporter): Deployment {
  const before = rep.diagnostics.length;
  const zones = resolveZones(spec, rep);
  // A zone with a prefix that did not parse would make every host in it look zoneless: say it once.
  const zonesIncomplete = rep.diagnostics.slice(before).some((x) => x.code === 'MODEL_BAD_CIDR');
  const internet = zones.find((z) => z.internet);
  const hosts: Host[] = [];
  for (const [name, h] of Object.entries(spec.hosts ?? {})) {
    const path = ['hosts', name];
    const roles = [...new Set(h.roles ?? [])] as Role[];
    const addresses: Cidr[] = [];
    const given = h.address === undefined ? [] : Array.isArray(h.address) ? h.address : [h.address];
    given.forEach((a, i) => {
      const ip = parseIp(String(a));
      const p = Array.isArray(h.address) ? [...path, 'address', i] : [...path, 'address'];
      if (!ip) rep.error('MODEL_BAD_ADDRESS', p, `'${String(a)}' is not an IPv4 or IPv6 address`, /\//.test(String(a)) ? 'a prefix goes in `cidrs:`, e.g. cidrs: [10.20.10.0/23]' : 'e.g. 10.10.0.10 or 2001:db8::10');
      else addresses.push(hostCidr(ip));
    });
    (h.cidrs ?? []).forEach((c, i) => {
      const r = parseCidr(String(c));
      if (!r.ok) rep.error('MODEL_BAD_CIDR', [...path, 'cidrs', i], r.reason, r.hint ?? 'e.g. 10.20.10.0/23');
      else addresses.push(r.cidr);
    });
    if (h.fqdn !== undefined && !FQDN_RE.test(h.fqdn)) rep.error('MODEL_BAD_ADDRESS', [...path, 'fqdn'], `'${h.fqdn}' is not a DNS name`, 'e.g. s3.eu-central-1.amazonaws.com');
    if (given.length && h.cidrs?.length) rep.error('MODEL_TYPE', [...path, 'cidrs'], `host '${name}' has both address and cidrs`, 'use address for one machine, cidrs for a group');
    let kind: HostKind = given.length ? 'host' : h.cidrs?.length ? 'group' : h.fqdn ? 'fqdn' : 'zone';
    if (kind === 'zone' && h.zone === undefined) {
      rep.error('MODEL_NO_ADDRESS', path, `host '${name}' has no address, cidrs, fqdn or zone`, 'give address: (one machine), cidrs: (a group), fqdn: (a name), or zone: (any address of that zone)', 'key');
    }
    // Zone: given, or from the address.
    let zone: string | undefined;
    if (h.zone !== undefined) {
      if (!zones.some((z) => z.name === h.zone)) {
        const near = nearest(h.zone, zones.map((z) => z.name));
        rep.error('MODEL_UNKNOWN_ZONE', [...path, 'zone'], `zone '${h.zone}' is not defined`, `${near ? `did you mean '${near}'? ` : ''}zones: ${zones.map((z) => z.name).join(', ')}`);
      } else {
        zone = h.zone;
        const z = zones.find((x) => x.name === zone)!;
        for (const a of addresses) {
          const inZone = z.internet ? !zones.some((o) => !o.internet && o.cidrs.some((c) => cidrOverlaps(c, a))) : z.cidrs.some((c) => cidrContains(c, a));
          if (!inZone) rep.error('MODEL_ZONE_MISMATCH', [...path, 'zone'], `${formatCidr(a, true)} is not inside zone '${zone}'`, `zone '${zone}' is ${z.internet ? 'every address in no other zone' : z.cidrs.map((c) => formatCidr(c)).join(', ')}`);
        }
      }
    } else if (addresses.length) {
      const zs = new Set<string>();
      for (const a of addresses) {
        const z = zones.find((x) => !x.internet && x.cidrs.some((c) => cidrContains(c, a)));
        if (z) zs.add(z.name);
        else if (zones.some((x) => !x.internet && x.cidrs.some((c) => cidrOverlaps(c, a))))
          rep.error('MODEL_NO_ZONE', [...path], `${formatCidr(a, true)} of '${name}' spans more than one zone`, 'split the group so that each part lies in one zone', 'key');
        else if (internet) zs.add(internet.name);
        else if (!zonesIncomplete) rep.error('MODEL_NO_ZONE', addressPath(h, path, a, given), `${formatCidr(a, true)} of '${name}' is in no zone`, `add its prefix to a zone's cidrs, or give zone:; zones: ${zones.map((z) => `${z.name} (${z.cidrs.map((c) => formatCidr(c)).join(', ') || 'internet'})`).join(', ')}`);
      }
      if (zs.size > 1) rep.error('MODEL_NO_ZONE', path, `the addresses of '${name}' lie in several zones (${[...zs].join(', ')})`, 'a host or group lies in one zone; split it', 'key');
      zone = [...zs][0];
    } else if (kind === 'fqdn') {
      if (internet) zone = internet.name;
      else rep.error('MODEL_NO_ZONE', [...path, 'fqdn'], `'${name}' has an fqdn but no zone, and there is no internet zone`, 'give zone:, or add a zone with internet: true');
    }
    // OS from the roles, and conflicts.
    let os: Os | undefined = h.os;
    for (const r of roles) {
      const implied = ROLES[r]?.os;
      if (!implied) continue;
      if (os && os !== implied) {
        const idx = roles.indexOf(r);
        rep.error('MODEL_ROLE_OS', [...path, 'roles', idx], `role '${r}' runs on ${implied}, but '${name}' is ${os}`, h.os ? `remove os: ${h.os} or the role` : 'split the roles over two hosts');
      } else os = implied;
    }
    if (h.transport && !roles.includes('vmware-proxy')) rep.warn('MODEL_TYPE', [...path, 'transport'], `transport applies to VMware proxies; '${name}' has no vmware-proxy role`, 'remove transport: or add the role', 'key');
    if (h.database && !roles.includes('config-database')) rep.warn('MODEL_TYPE', [...path, 'database'], `database applies to config-database hosts`, undefined, 'key');
    if (kind === 'zone' && !spec.lenient && h.zone === undefined) kind = 'zone';
    const host: Host = {
      name,
      kind,
      zone: zone ?? '',
      addresses,
      roles,
      transport: (h.transport ?? (roles.includes('vmware-proxy') ? ['network'] : [])) as Transport[],
      appliance: h.appliance ?? false,
      ...(h.fqdn ? { fqdn: h.fqdn } : {}),
      ...(os ? { os } : {}),
      ...(h.virtual !== undefined ? { virtual: h.virtual } : {}),
      ...(h.database ? { database: h.database } : roles.includes('config-database') ? { database: 'postgresql' as const } : {}),
      ...(h.description ? { description: h.description } : {}),
    };
    hosts.push(host);
  }

  const features = Object.fromEntries(FEATURES.map((f) => [f, spec.features?.[f] ?? false])) as Record<Feature, boolean>;
  const o = spec.overrides ?? {};
  let failoverRange: [number, number] | undefined;
  if (o['failover-range']) {
    const [lo, hi] = o['failover-range'].split('-').map((x) => Number(x.trim())) as [number, number];
    if (!(lo >= 2500 && hi <= 3300 && lo <= hi))
      rep.error('MODEL_BAD_OVERRIDE', ['overrides', 'failover-range'], `failover range ${lo}-${hi} is not inside 2500-3300`, 'narrow the documented range, e.g. "2500-2600"; it cannot be moved or widened');
    else failoverRange = [lo, hi];
  }
  const version = spec.vbr?.version ?? '13.0';
  if (!/^\d+(\.\d+){0,3}$/.test(version)) rep.error('MODEL_BAD_VERSION', ['vbr', 'version'], `'${version}' is not a version`, 'e.g. "13.0"');
  else if (Number(version.split('.')[0]) !== 13) rep.warn('MODEL_BAD_VERSION', ['vbr', 'version'], `the catalog documents Veeam Backup & Replication 13; version ${version} may need other ports`, 'v13 moved the console from 9392 to 443');

  return {
    name: spec.name ?? '',
    version,
    phase: spec.phase ?? 'operate',
    zones,
    hosts,
    features,
    overrides: {
      ...(o['rest-api-port'] ? { restApiPort: o['rest-api-port'] } : {}),
      ...(o['data-mover-port'] ? { dataMoverPort: o['data-mover-port'] } : {}),
      ...(failoverRange ? { failoverRange } : {}),
      vpowerNfsExtraPorts: o['vpower-nfs-extra-ports'] ?? 0,
    },
    security: spec.security ?? {},
    ignore: spec.ignore ?? [],
  };
}

function addressPath(h: DeploymentSpec['hosts'][string], path: (string | number)[], a: Cidr, given: readonly string[]): (string | number)[] {
  const text = formatCidr(a, true);
  if (given.length) return Array.isArray(h.address) ? [...path, 'address', Math.max(0, given.findIndex((g) => parseIp(g) && formatCidr(hostCidr(parseIp(g)!), true) === text))] : [...path, 'address'];
  const i = (h.cidrs ?? []).findIndex((c) => { const r = parseCidr(c); return r.ok && formatCidr(r.cidr) === formatCidr(a); });
  return [...path, 'cidrs', Math.max(0, i)];
}

function resolveZones(spec: Spec, rep: Reporter): Zone[] {
  const zones: Zone[] = [];
  for (const [name, z] of Object.entries(spec.zones ?? {})) {
    const cidrs: Cidr[] = [];
    (z.cidrs ?? []).forEach((c, i) => {
      const r = parseCidr(String(c));
      if (!r.ok) rep.error('MODEL_BAD_CIDR', ['zones', name, 'cidrs', i], r.reason, r.hint ?? 'e.g. 10.20.0.0/16');
      else cidrs.push(r.cidr);
    });
    if (!z.internet && !(z.cidrs ?? []).length) rep.error('MODEL_REQUIRED', ['zones', name], `zone '${name}' has no cidrs`, 'give cidrs: [PREFIX, …], or internet: true for the zone of every other address', 'key');
    if (z.internet && cidrs.length) rep.warn('MODEL_TYPE', ['zones', name, 'cidrs'], `zone '${name}' is the internet zone; its cidrs are ignored`, undefined, 'key');
    zones.push({ name, cidrs: z.internet ? [] : cidrs, internet: z.internet === true, ...(z.description ? { description: z.description } : {}) });
  }
  const inet = zones.filter((z) => z.internet);
  if (inet.length > 1) rep.error('MODEL_MULTIPLE_INTERNET', ['zones', inet[1]!.name, 'internet'], `zones ${inet.map((z) => `'${z.name}'`).join(' and ')} both say internet: true`, 'one zone stands for the internet');
  // Overlaps, each reported once at the later zone.
  for (let i = 0; i < zones.length; i++)
    for (let j = 0; j < i; j++)
      for (const [ci, a] of zones[i]!.cidrs.entries())
        for (const b of zones[j]!.cidrs)
          if (cidrOverlaps(a, b))
            rep.error('MODEL_ZONE_OVERLAP', ['zones', zones[i]!.name, 'cidrs', ci], `${formatCidr(a)} of zone '${zones[i]!.name}' overlaps ${formatCidr(b)} of zone '${zones[j]!.name}'`, 'zones must not share addresses; a host belongs to one zone');
  if (!zones.length && !spec.lenient) rep.error('MODEL_REQUIRED', ['zones'], 'no zones are defined', 'zones: { management: { cidrs: [10.10.0.0/24] } }', 'key');
  return zones;
}
