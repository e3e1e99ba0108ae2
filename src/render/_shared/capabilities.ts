/**
 * What a target cannot express becomes a diagnostic, never a silently dropped rule
 * (as aerleon's _BuildTokens refuses unsupported keywords).
 * @module
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { Policy, Rule } from '../../policy/types.js';
import type { Supports } from '../types.js';
import { hasAddresses } from './families.js';

export interface Expressible {
  rules: Rule[];
  outbound: Rule[];
  diagnostics: Diagnostic[];
}

/** Rules the target can express; the others as error diagnostics naming the rule and why. */
export function expressible(policy: Policy, supports: Supports, target: string): Expressible {
  const diagnostics: Diagnostic[] = [];
  const keep = (r: Rule): boolean => {
    // A set of hosts where some have addresses and some only DNS names: the addressed part is
    // rendered, and the names left out are said, never dropped silently.
    for (const o of [r.source, r.destination])
      if (!supports.fqdn && hasAddresses(o) && !o.any && o.fqdns.length)
        diagnostics.push({
          code: 'RENDER_FQDN_UNSUPPORTED',
          severity: 'error',
          message: `${target} cannot match the DNS name${o.fqdns.length === 1 ? '' : 's'} ${o.fqdns.join(', ')}: rule ${r.name} (${r.source.label} → ${r.destination.label}, ${svcText(r)}) covers only the hosts with addresses`,
          hint: 'give the host an address or cidrs, or use a target with FQDN objects (panos, fortios, asa, srx, aerleon)',
        });
    const fqdnOnly = [r.source, r.destination].find((o) => !hasAddresses(o));
    if (fqdnOnly && !(supports.fqdn && fqdnOnly.fqdns.length)) {
      diagnostics.push({
        code: 'RENDER_FQDN_UNSUPPORTED',
        severity: 'error',
        message: `${target} cannot match the DNS name ${fqdnOnly.fqdns.join(', ') || fqdnOnly.label}: rule ${r.name} (${r.source.label} → ${r.destination.label}, ${svcText(r)}) is not in the output`,
        hint: `give '${fqdnOnly.label}' an address or cidrs, or use a target with FQDN objects (panos, fortios, asa, srx, aerleon); ${r.comment}`,
      });
      return false;
    }
    if (!supports.ipv6 && [r.source, r.destination].some((o) => !o.any && o.cidrs.length && o.cidrs.every((c) => c.family === 6))) {
      diagnostics.push({ code: 'RENDER_IPV6_UNSUPPORTED', severity: 'error', message: `${target} has no IPv6: rule ${r.name} (${r.source.label} → ${r.destination.label}) is not in the output` });
      return false;
    }
    if (!supports.any && (r.source.any || r.destination.any)) {
      diagnostics.push({ code: 'RENDER_ANY_HOST', severity: 'error', message: `${target} cannot express any address: rule ${r.name} (${r.source.label} → ${r.destination.label}) is not in the output` });
      return false;
    }
    return true;
  };
  const rules = policy.rules.filter(keep);
  const outbound = policy.outbound.filter(keep);
  if (policy.outbound.length && !supports.outbound && policy.scope === 'host')
    diagnostics.push({ code: 'RENDER_UNSUPPORTED', severity: 'warning', message: `${target} renders inbound rules only; ${policy.outbound.length} outbound rules are not in the output` });
  return { rules, outbound, diagnostics };
}

export const svcText = (r: Rule): string => r.services.map((s) => `${s.protocol}/${s.ports.map(([a, b]) => (a === b ? a : `${a}-${b}`)).join(',')}`).join(' ');
