/**
 * Shared wording of the human-readable reports.
 * @module
 */
import { formatPorts } from '../../net/ports.js';
import type { AuditReport } from '../audit.js';
import type { FlowVerdict } from '../evaluate.js';

export const scopeText = (r: AuditReport): string => (r.scope.kind === 'host' ? `host ${r.scope.host} (inbound${r.notAudited.some((n) => n.reason.includes('outbound')) ? '' : ' and outbound'})` : 'zone firewall (traffic between zones)');

export const repliesText = (r: AuditReport): string => (r.ruleset.replies === 'implicit' ? 'return traffic: implicit (stateful platform)' : 'return traffic: by the rules');

export const flowPorts = (v: FlowVerdict): string => `${v.flow.protocol} ${formatPorts(v.flow.ports)}`;

/** `6173 from all of vbr01 to 10.20.10.0/24` */
export function missingText(v: FlowVerdict): string {
  const m = v.missing;
  if (!m) return '';
  const from = m.allSources ? `all of ${v.flow.from}` : m.sources.join(', ');
  const to = m.allDestinations ? `all of ${v.flow.to}` : m.destinations.join(', ');
  return `${v.flow.protocol} ${formatPorts(m.ports)}${m.returnTraffic ? ' (return traffic)' : ''} from ${from} to ${to}`;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function headline(r: AuditReport): string {
  const c = (s: string) => r.verdicts.filter((v) => v.status === s).length;
  return [
    `${plural(r.verdicts.length, 'flow')}: ${c('allowed')} allowed, ${c('partial')} partial, ${c('blocked')} blocked`,
    `${r.excess.length} open beyond need`,
    `${plural(r.shadowed.length, 'rule')} never match${r.shadowed.length === 1 ? 'es' : ''}`,
    `${plural(r.unused.length, 'rule')} match${r.unused.length === 1 ? 'es' : ''} nothing needed`,
  ].join(' · ');
}
