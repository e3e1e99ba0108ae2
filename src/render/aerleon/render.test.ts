import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { asciiOnly } from '../_shared/text.js';
import { asciiTypography } from '../aws/quote.js';
import { parseDocument } from 'yaml';
import { hostsWithInbound, policyFor } from '../../../test/helpers.js';
import { formatCidr } from '../../net/ip.js';
import type { RenderResult } from '../types.js';
import { aerleon } from './index.js';
import { aerleonText, legalTerm, legalToken, legalZone, wrap } from './quote.js';

const CASES = [
  { fixture: 'four-zone', scope: 'zone-firewall', outbound: false },
  { fixture: 'four-zone', scope: 'host', host: 'repo01', outbound: true },
  { fixture: 'hyperv-agents', scope: 'zone-firewall', outbound: false },
  { fixture: 'hyperv-agents', scope: 'host', host: 'repo-win', outbound: false },
] as const;

const HOSTILE_HOST = 'repo$(reboot)`id`\\';

const render = (fixture: string, scope: 'zone-firewall' | 'host', host?: string, outbound = false): RenderResult => aerleon.render(policyFor(fixture, scope, host), { outbound });

/** Every file, parsed back with the yaml package (errors fail the test). */
function parsed(r: RenderResult): { policy: Policy; networks: Networks; services: Services } {
  const docs = r.files.map((f) => {
    const doc = parseDocument(String(f.content));
    expect(doc.errors, f.path).toEqual([]);
    expect(doc.warnings, f.path).toEqual([]);
    return doc.toJS() as unknown;
  });
  return { policy: docs[0] as Policy, networks: (docs[1] as { networks: Networks }).networks, services: (docs[2] as { services: Services }).services };
}

type Term = Record<string, unknown> & { name: string; action: string };
interface Policy {
  filters: { header: { comment: string; targets: Record<string, string> }; terms: Term[] }[];
}
type Networks = Record<string, { values: Record<string, string>[] }>;
type Services = Record<string, { port: string; protocol: string }[]>;

const TERM_KEYS = new Set(['name', 'comment', 'source-address', 'destination-address', 'source-exclude', 'destination-exclude', 'source-fqdn', 'destination-fqdn', 'protocol', 'destination-port', 'platform-exclude', 'action']);
const TOKEN = /^[A-Z][A-Z0-9_]*$/;

/** The structure Aerleon reads: keys it knows, tokens defined, every value a string or list of strings. */
function checkStructure(r: RenderResult): void {
  const { policy, networks, services } = parsed(r);
  expect(Object.keys(policy)).toEqual(['filters']);
  const names = new Set<string>();
  for (const f of policy.filters) {
    expect(Object.keys(f)).toEqual(['header', 'terms']);
    expect(Object.keys(f.header)).toEqual(['comment', 'targets']);
    for (const [target, options] of Object.entries(f.header.targets)) {
      expect(['paloalto', 'srx', 'nftables', 'windows_advfirewall']).toContain(target);
      expect(options).toMatch(/^[A-Za-z0-9_. -]+$/);
    }
    expect(f.terms.at(-1)!.action).toBe('deny');
    for (const t of f.terms) {
      for (const k of Object.keys(t)) expect(TERM_KEYS.has(k), k).toBe(true);
      expect(t.name).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{0,47}$/);
      expect(names.has(t.name), t.name).toBe(false);
      names.add(t.name);
      expect(t.comment).toEqual(expect.any(String));
      expect(t.comment as string).not.toMatch(/["\\]|\*\/|\/\*|[^\x20-\x7e\n]/);
      for (const k of ['source-address', 'destination-address'] as const)
        for (const tok of (t[k] as string[] | undefined) ?? []) expect(networks[tok]?.values.some((v) => v.address || v.name), `${t.name} ${tok}`).toBe(true);
      // An exclusion narrows "any" (no address on that side), and names addresses.
      for (const [k, any] of [['source-exclude', 'source-address'], ['destination-exclude', 'destination-address']] as const)
        for (const tok of (t[k] as string[] | undefined) ?? []) {
          expect(t[any], `${t.name} ${k}`).toBeUndefined();
          expect(networks[tok]?.values.every((v) => v.address), `${t.name} ${tok}`).toBe(true);
        }
      for (const k of ['source-fqdn', 'destination-fqdn'] as const) for (const tok of (t[k] as string[] | undefined) ?? []) expect(networks[tok]?.values.every((v) => v.fqdn)).toBe(true);
      for (const tok of (t['destination-port'] as string[] | undefined) ?? []) {
        expect(tok).toMatch(TOKEN);
        for (const p of t.protocol as string[]) expect(services[tok]?.map((s) => s.protocol), `${t.name} ${tok}`).toContain(p);
      }
    }
  }
  for (const [tok, n] of Object.entries(networks)) {
    expect(tok).toMatch(TOKEN);
    for (const v of n.values) {
      expect(Object.keys(v).sort()).toEqual(expect.arrayContaining([]));
      if (v.name) expect(networks[v.name], `${tok} -> ${v.name}`).toBeDefined();
      if (v.address) expect(v.address).toMatch(/^[0-9a-f.:]+\/\d+$/);
    }
  }
  for (const [tok, list] of Object.entries(services)) {
    expect(tok).toMatch(TOKEN);
    for (const s of list) expect(`${s.port}/${s.protocol}`).toMatch(/^\d+(-\d+)?\/(tcp|udp)$/);
  }
}

const golden = (r: RenderResult): string => r.files.map((f) => `# ---- ${f.path}\n${String(f.content)}`).join('');

describe('aerleon golden files', () => {
  for (const c of CASES) {
    const host = 'host' in c ? c.host : undefined;
    test(`${c.fixture} ${c.scope}${host ? ` ${host}` : ''}`, async () => {
      const r = render(c.fixture, c.scope, host, c.outbound);
      const dir = host ? `${host}/` : '';
      expect(r.files.map((f) => f.path)).toEqual([`${dir}policies/pol/vbrwall.yaml`, `${dir}def/networks.yaml`, `${dir}def/services.yaml`]);
      await expect(golden(r)).toMatchFileSnapshot(`__golden__/${c.fixture}.${c.scope}${host ? `.${host}` : ''}.yaml`);
    });
  }
});

describe('aerleon output', () => {
  test('parses back into the structure Aerleon reads, every reference defined', () => {
    for (const c of CASES) checkStructure(render(c.fixture, c.scope, 'host' in c ? c.host : undefined, c.outbound));
    for (const h of hostsWithInbound('hyperv-agents')) checkStructure(render('hyperv-agents', 'host', h, true));
  });

  test('zone firewall: one filter per zone pair with paloalto and srx targets', () => {
    const { policy } = parsed(render('four-zone', 'zone-firewall'));
    const first = policy.filters[0]!;
    expect(first.header.targets).toEqual({ paloalto: 'from-zone management to-zone production mixed', srx: 'from-zone management to-zone production mixed' });
    const pairs = policy.filters.map((f) => f.header.targets.srx);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  test('any address of the internet zone excludes the internal zones (source-exclude), so a tenants term opens nothing from inside', () => {
    const policy = policyFor('four-zone', 'zone-firewall');
    const { policy: pol, networks } = parsed(render('four-zone', 'zone-firewall'));
    const excluding = pol.filters.flatMap((f) => f.terms).filter((t) => t['source-exclude']);
    expect(excluding.length).toBeGreaterThan(0);
    const internal = policy.deployment.zones.filter((z) => !z.internet).flatMap((z) => z.cidrs.map((c) => formatCidr(c)));
    for (const t of excluding) {
      expect(t['source-address']).toBeUndefined();
      const values = (t['source-exclude'] as string[]).flatMap((tok) => networks[tok]!.values.map((v) => v.address));
      expect([...values].sort()).toEqual([...internal].sort());
    }
  });

  test('tcp and udp share a term only when their ports are equal', () => {
    const { policy } = parsed(render('four-zone', 'zone-firewall'));
    const terms = policy.filters.flatMap((f) => f.terms);
    const nfs = terms.find((t) => t.name === 'production-to-backup-data-01')!;
    expect(nfs.protocol).toEqual(['tcp', 'udp']);
    const { policy: hv } = parsed(render('hyperv-agents', 'zone-firewall'));
    const split = hv.filters.flatMap((f) => f.terms).filter((t) => t.name.startsWith('mgmt-to-clients-01'));
    expect(split.map((t) => [t.name, t.protocol])).toEqual([
      ['mgmt-to-clients-01-tcp', ['tcp']],
      ['mgmt-to-clients-01-udp', ['udp']],
    ]);
  });

  test('FQDN endpoints are fqdn networks and destination-fqdn terms, kept out of generators without FQDNs', () => {
    const r = render('four-zone', 'zone-firewall');
    const { policy, networks } = parsed(r);
    const fqdnTerms = policy.filters.flatMap((f) => f.terms).filter((t) => t['destination-fqdn']);
    expect(fqdnTerms.length).toBeGreaterThan(0);
    for (const t of fqdnTerms) expect(t['platform-exclude']).toEqual(['paloalto', 'srx']);
    expect(Object.values(networks).flatMap((n) => n.values)).toContainEqual(expect.objectContaining({ fqdn: 's3.eu-central-1.amazonaws.com' }));
    expect(r.diagnostics.filter((d) => d.code === 'RENDER_FQDN_UNSUPPORTED').every((d) => d.severity === 'warning')).toBe(true);
    expect(r.diagnostics.some((d) => d.code === 'RENDER_FQDN_UNSUPPORTED')).toBe(true);
  });

  test('host scope: the targets follow the OS, and Windows Firewall never gets a deny-all', () => {
    const { policy: linux } = parsed(render('four-zone', 'host', 'repo01', true));
    expect(linux.filters.map((f) => f.header.targets)).toEqual([{ nftables: 'mixed INPUT' }, { nftables: 'mixed OUTPUT' }]);
    expect(linux.filters[0]!.terms.every((t) => !t['destination-address'])).toBe(true);
    expect(linux.filters[1]!.terms.every((t) => !t['source-address'])).toBe(true);
    const { policy: win } = parsed(render('hyperv-agents', 'host', 'repo-win'));
    expect(win.filters.map((f) => f.header.targets)).toEqual([{ windows_advfirewall: 'in mixed' }]);
    expect(win.filters[0]!.terms.at(-1)).toMatchObject({ action: 'deny', 'platform-exclude': ['windows_advfirewall'] });
  });

  test('IPv6 addresses are network values', () => {
    const { networks } = parsed(render('hyperv-agents', 'host', 'vbr'));
    expect(Object.values(networks).flatMap((n) => n.values.map((v) => v.address))).toContain('2001:db8:10::50/128');
  });

  test('deploy-phase rules say so in their comment', () => {
    const r = aerleon.render(policyFor('four-zone', 'host', 'repo01', { phase: 'deploy' }), { outbound: false });
    checkStructure(r);
    const terms = parsed(r).policy.filters[0]!.terms;
    expect(terms.some((t) => (t.comment as string).split('\n')[1] === 'deploy phase only: remove after installation or upgrade')).toBe(true);
  });

  test('same input, same bytes', () => {
    expect(render('four-zone', 'zone-firewall').files).toEqual(render('four-zone', 'zone-firewall').files);
  });
});

describe('aerleon hostile names', () => {
  const zone = render('hostile', 'zone-firewall');
  const host = render('hostile', 'host', HOSTILE_HOST, true);

  test('hostile names stay plain data: the structure is intact and the text sits in comments', () => {
    checkStructure(zone);
    checkStructure(host);
    const { policy, networks } = parsed(zone);
    expect(policy.filters[0]!.header.comment).toContain("vbrwall: zone mgmt'; drop to zone data$(id)`x`");
    expect(policy.filters[0]!.terms[0]!.comment).toContain("vbr'; DROP TABLE -- -> proxy line2 #comment,");
    expect(policy.filters[0]!.terms[0]!.comment).toContain('repo$(reboot)`id`/');
    expect(Object.values(networks).flatMap((n) => n.values.map((v) => v.comment))).toContain('esx } accept; {');
    for (const f of policy.filters) expect(f.header.targets.paloalto).toMatch(/^from-zone [A-Za-z0-9_.-]{1,31} to-zone [A-Za-z0-9_.-]{1,31} mixed$/);
  });

  test('YAML comments hold one line each', () => {
    for (const r of [zone, host])
      for (const f of r.files) for (const line of String(f.content).split('\n')) expect(line).toMatch(/^$|^#( .*)?$|^ *(- )?[A-Za-z0-9_-]+:( ".*")?$|^ *- ".*"$/);
  });

  test('a host name never becomes a path outside the output directory', () => {
    for (const f of host.files) expect(f.path).toMatch(/^[A-Za-z0-9_-]+\/(policies\/pol|def)\/[a-z]+\.yaml$/);
  });

  test('names are derived, legal and safe', () => {
    expect(legalToken('vbr01')).toBe('VBR01');
    expect(legalToken('9-x')).toBe('N_9_X');
    expect(legalTerm('management-to-backup-data-01')).toBe('management-to-backup-data-01');
    expect(legalTerm('a"; b')).toMatch(/^a-b-[0-9a-z]+$/);
    expect(legalZone('mixed')).toBe('mixed-zone');
    expect(legalZone('backup-data')).toBe('backup-data');
    expect(legalZone('a very long zone name that PAN-OS refuses')).toMatch(/^[A-Za-z0-9_-]{1,31}$/);
    expect(aerleonText('a "b" \\ */ /* ü\nx')).toBe("a 'b' / * / / * ? x");
    expect(wrap('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
  });
});

describe('aerleon text fast paths', () => {
  const piece = fc.constantFrom('a', 'Z', '9', ' ', '  ', '\n', '\t', '\u00a0', 'é', '§', '→', '"', '\\', '*/', '/*', '*', '/', '名', '\u0007', '-');
  const text = fc.oneof(fc.array(piece, { maxLength: 40 }).map((xs) => xs.join('')), fc.string(), fc.stringMatching(/^[ -~]{0,60}$/));
  /** aerleonText and wrap as first written: every text through asciiOnly, every line through the loop. */
  const referenceText = (s: string): string => asciiOnly(asciiTypography(s)).replace(/"/g, "'").replace(/\\/g, '/').replace(/\*\//g, '* /').replace(/\/\*/g, '/ *');
  const referenceWrap = (s: string, width: number): string[] => {
    const out: string[] = [];
    let line = '';
    for (const word of referenceText(s).split(' ')) {
      if (!word) continue;
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) out.push(line);
    return out;
  };
  test('aerleonText and wrap give what the slow paths give', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 50 }), (s, width) => {
        expect(aerleonText(s)).toBe(referenceText(s));
        expect(wrap(s, width)).toEqual(referenceWrap(s, width));
      }),
      { numRuns: 3000 },
    );
  });
});
