/**
 * Port text as the formats write it: `22`, `2500:3300` (iptables), `2500-3300`, `:1023`, `1024:`,
 * lists, and the service names the formats print.
 * @module
 */
import { normalizePorts, type PortRange } from '../../net/ports.js';

/** Service names as /etc/services, for the few the formats print instead of numbers. */
export const SERVICES: Readonly<Record<string, number>> = {
  ftp: 21, ssh: 22, telnet: 23, smtp: 25, domain: 53, dns: 53, http: 80, www: 80, kerberos: 88, ntp: 123, epmap: 135, 'netbios-ns': 137, 'netbios-dgm': 138,
  'netbios-ssn': 139, ldap: 389, https: 443, 'microsoft-ds': 445, submission: 587, ldaps: 636, 'ms-sql-s': 1433, nfs: 2049, 'ms-wbt-server': 3389, rdp: 3389,
  postgresql: 5432, wsman: 5985, wsmans: 5986, sunrpc: 111, syslog: 514,
};

/** One port or range; `sep` is the range separator of the format. Undefined when not a port. */
export function parsePortItem(text: string, sep: ':' | '-' | ':-' = ':-'): PortRange | undefined {
  const t = text.trim().toLowerCase();
  const one = (s: string, dflt: number): number | undefined => {
    if (s === '') return dflt;
    if (/^\d{1,5}$/.test(s)) {
      const n = Number(s);
      return n <= 65535 ? n : undefined;
    }
    return SERVICES[s];
  };
  const m = sep === ':' ? /^([^:]*):([^:]*)$/.exec(t) : sep === '-' ? /^([^-]*)-([^-]*)$/.exec(t) : /^([^:-]*)[:-]([^:-]*)$/.exec(t);
  if (m) {
    const lo = one(m[1]!, 0);
    const hi = one(m[2]!, 65535);
    if (lo === undefined || hi === undefined || hi < lo) return undefined;
    return [lo, hi];
  }
  const p = one(t, -1);
  return p === undefined || p < 0 ? undefined : [p, p];
}

/** A comma-separated list of ports and ranges. */
export function parsePortList(text: string, sep: ':' | '-' | ':-' = ':-'): PortRange[] | undefined {
  const out: PortRange[] = [];
  for (const part of text.split(',')) {
    if (!part.trim()) return undefined;
    const r = parsePortItem(part, sep);
    if (!r) return undefined;
    out.push(r);
  }
  return normalizePorts(out);
}

export const complementPorts = (set: readonly PortRange[]): PortRange[] => {
  const out: PortRange[] = [];
  let lo = 0;
  for (const [a, b] of normalizePorts(set)) {
    if (a > lo) out.push([lo, a - 1]);
    lo = b + 1;
  }
  if (lo <= 65535) out.push([lo, 65535]);
  return out;
};
