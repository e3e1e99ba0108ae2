/**
 * Address keywords of the cloud and Windows formats (Azure service tags, Windows Firewall
 * keywords), approximated from the deployment's zones. Each use is reported as an approximation.
 * @module
 */
import { Geometry } from '../scope.js';
import { addrUnion } from '../space.js';
import type { AddrSide } from '../acl.js';
import type { ParseContext } from './types.js';

export interface TagResolution {
  side: AddrSide;
  /** What vbrwall took the keyword to mean (for the warning). */
  meaning: string;
}

/** Resolves a keyword; undefined when it is unknown or cannot be approximated. */
export function resolveTag(tag: string, ctx: ParseContext): TagResolution | undefined {
  const t = tag.toLowerCase();
  if (t === 'any' || t === '*' || t === 'internet-any') return { side: {}, meaning: 'any address' };
  // The load balancer's health probes come from the Azure platform address, not from the deployment.
  if (t === 'azureloadbalancer') return { side: { 4: [], 6: [] }, meaning: 'no address of the deployment (it is the Azure platform address 168.63.129.16 of health probes)' };
  const d = ctx.deployment;
  if (!d) return undefined;
  const geo = new Geometry(d);
  const inner = d.zones.filter((z) => !z.internet).map((z) => geo.zone(z.name));
  const innerSide: AddrSide = { 4: addrUnion(...inner.map((s) => s[4])), 6: addrUnion(...inner.map((s) => s[6])) };
  if (t === 'internet') return { side: { 4: geo.internet[4], 6: geo.internet[6] }, meaning: 'every address in no zone of the deployment but the internet zone' };
  if (t === 'virtualnetwork' || t === 'intranet' || t === 'intranetremoteaccess') return { side: innerSide, meaning: 'the addresses of every zone of the deployment (except the internet zone)' };
  if (t === 'localsubnet' || t === 'localsubnet4' || t === 'localsubnet6') {
    const h = ctx.host ? d.hosts.find((x) => x.name === ctx.host) : undefined;
    if (!h) return undefined;
    const z = geo.zone(h.zone);
    return { side: t === 'localsubnet4' ? { 4: z[4], 6: [] } : t === 'localsubnet6' ? { 4: [], 6: z[6] } : { 4: z[4], 6: z[6] }, meaning: `the addresses of zone ${h.zone}, the zone of ${h.name}` };
  }
  return undefined;
}

