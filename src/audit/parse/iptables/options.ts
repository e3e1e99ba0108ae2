/**
 * iptables options: how many arguments each takes, and which match modules vbrwall models.
 * From iptables(8) and iptables-extensions(8) (iptables 1.8).
 * @module
 */

/** Options that take no argument. */
export const FLAGS = new Set([
  '--syn', '-f', '--fragment', '--set', '--rcheck', '--update', '--remove', '--rsource', '--rdest', '--rttl', '--reap',
  '--socket-exists', '--transparent', '--nowildcard', '--restore-skmark', '--limit-iface-in', '--limit-iface-out',
  '--physdev-is-in', '--physdev-is-out', '--physdev-is-bridged', '--strict', '--kerneltz', '--return-nomatch',
  '--no-counters', '--ctdir', '--log-tcp-sequence', '--log-tcp-options', '--log-ip-options', '--log-uid', '--log-macdecode',
  '--notrack', '--hex-string-ignored', '--icase', '--ecn-tcp-cwr', '--ecn-tcp-ece', '--random', '--random-fully', '--persistent',
  '--physdev-is-bridged', '--clamp-mss-to-pmtu', '--checksum-fill', '--queue-bypass', '--fail-open', '--queue-cpu-fanout',
]);

/** Options that take two arguments. */
export const TWO_ARGS = new Set(['--tcp-flags', '--match-set', '--hashlimit-htable-size']);

/** Match modules whose options vbrwall reads. */
export const MODELLED = new Set(['tcp', 'udp', 'sctp', 'multiport', 'iprange', 'conntrack', 'state', 'comment', 'icmp', 'icmp6', 'icmpv6']);

/** Match modules vbrwall knows but cannot evaluate: assumed to match every packet, with a warning. */
export const ASSUMED = new Set([
  'limit', 'hashlimit', 'connlimit', 'recent', 'addrtype', 'mark', 'connmark', 'owner', 'pkttype', 'length', 'ttl', 'hl', 'tos',
  'dscp', 'helper', 'mac', 'physdev', 'set', 'policy', 'u32', 'string', 'time', 'socket', 'rpfilter', 'statistic', 'quota',
  'connbytes', 'ecn', 'tcpmss', 'cgroup', 'devgroup', 'realm', 'cpu', 'nfacct', 'bpf', 'ipvs', 'cluster', 'osf', 'ipcomp',
  'esp', 'ah', 'ipv6header', 'frag', 'hbh', 'dst', 'rt', 'mh', 'eui64', 'rateest', 'connlabel', 'condition', 'dccp', 'udplite',
]);

/** Targets that do not end the chain (the packet goes on to the next rule). */
export const NON_TERMINAL = new Set([
  'LOG', 'NFLOG', 'ULOG', 'AUDIT', 'TRACE', 'MARK', 'CONNMARK', 'CT', 'NOTRACK', 'TCPMSS', 'CLASSIFY', 'DSCP', 'TOS', 'SET', 'TEE',
  'CHECKSUM', 'SECMARK', 'CONNSECMARK', 'HMARK', 'IDLETIMER', 'LED', 'RATEEST', 'TTL', 'HL', 'ECN', 'CONNLABEL', 'SYNPROXY',
]);

/** Targets that end the chain, with the verdict they stand for. */
export const TERMINAL: Readonly<Record<string, 'accept' | 'drop' | 'reject' | 'return'>> = {
  ACCEPT: 'accept', DROP: 'drop', REJECT: 'reject', RETURN: 'return', TARPIT: 'drop', QUEUE: 'accept', NFQUEUE: 'accept',
};
