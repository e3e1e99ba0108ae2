/**
 * Named services of ufw application profiles and firewalld service definitions, with their ports
 * (from the profiles Debian ships in /etc/ufw/applications.d and /usr/lib/firewalld/services).
 * @module
 */
import type { PortRange } from '../../net/ports.js';

export interface ServicePorts {
  tcp: readonly PortRange[];
  udp: readonly PortRange[];
}

const t = (...p: (number | [number, number])[]): PortRange[] => p.map((x) => (typeof x === 'number' ? [x, x] : x));

/** firewalld services (lower case). */
export const FIREWALLD_SERVICES: Readonly<Record<string, ServicePorts>> = {
  ssh: { tcp: t(22), udp: [] },
  'dhcpv6-client': { tcp: [], udp: t(546) },
  dhcp: { tcp: [], udp: t(67) },
  cockpit: { tcp: t(9090), udp: [] },
  http: { tcp: t(80), udp: [] },
  https: { tcp: t(443), udp: [] },
  dns: { tcp: t(53), udp: t(53) },
  ntp: { tcp: [], udp: t(123) },
  mdns: { tcp: [], udp: t(5353) },
  samba: { tcp: t(139, 445), udp: t(137, 138) },
  'samba-client': { tcp: [], udp: t(137, 138) },
  nfs: { tcp: t(2049), udp: [] },
  nfs3: { tcp: t(2049), udp: t(2049) },
  mountd: { tcp: t(20048), udp: t(20048) },
  'rpc-bind': { tcp: t(111), udp: t(111) },
  postgresql: { tcp: t(5432), udp: [] },
  mssql: { tcp: t(1433), udp: [] },
  rdp: { tcp: t(3389), udp: [] },
  kerberos: { tcp: t(88), udp: t(88) },
  ldap: { tcp: t(389), udp: [] },
  ldaps: { tcp: t(636), udp: [] },
  smtp: { tcp: t(25), udp: [] },
  'smtp-submission': { tcp: t(587), udp: [] },
  wsman: { tcp: t(5985), udp: [] },
  wsmans: { tcp: t(5986), udp: [] },
  'iscsi-target': { tcp: t(3260), udp: [] },
  syslog: { tcp: [], udp: t(514) },
  'syslog-tls': { tcp: t(6514), udp: [] },
  snmp: { tcp: [], udp: t(161) },
};

/** ufw application profiles (as `ufw app list` names them). */
export const UFW_APPS: Readonly<Record<string, ServicePorts>> = {
  openssh: { tcp: t(22), udp: [] },
  'nginx full': { tcp: t(80, 443), udp: [] },
  'nginx http': { tcp: t(80), udp: [] },
  'nginx https': { tcp: t(443), udp: [] },
  apache: { tcp: t(80), udp: [] },
  'apache full': { tcp: t(80, 443), udp: [] },
  'apache secure': { tcp: t(443), udp: [] },
  samba: { tcp: t(139, 445), udp: t(137, 138) },
  cups: { tcp: t(631), udp: [] },
  postfix: { tcp: t(25), udp: [] },
  bind9: { tcp: t(53), udp: t(53) },
};
