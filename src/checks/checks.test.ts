import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { fixturePath, ROOT } from '../../test/helpers.js';
import { loadDeployment } from '../model/load.js';
import type { Deployment } from '../model/types.js';
import { buildPlan } from '../plan/plan.js';
import { CHECKS } from './registry.js';
import { runChecks } from './run.js';
import type { CheckStatus, Finding } from './types.js';

/** Fixtures of the checks: test/fixtures/checks, and the bundled four-zone example. */
const checkFixturePath = (name: string): string => (name === 'four-zone' ? fixturePath('four-zone') : join(ROOT, 'test', 'fixtures', 'checks', `${name}.yaml`));

function loadText(text: string, file = 'variant.yaml'): Deployment {
  const r = loadDeployment(text, file);
  if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.diagnostics, null, 2)}`);
  return r.value.deployment;
}

const loadCheckFixture = (name: string): Deployment => loadText(readFileSync(checkFixturePath(name), 'utf8'), `${name}.yaml`);

type Doc = Record<string, any>;

/** A fixture changed by `edit`, written back to YAML and loaded through the real model. */
function variant(name: string, edit: (doc: Doc) => void): Deployment {
  const doc = parse(readFileSync(checkFixturePath(name), 'utf8')) as Doc;
  edit(doc);
  return loadText(stringify(doc), `${name}-variant.yaml`);
}

function findingOf(d: Deployment, id: string): Finding {
  const f = runChecks(d, buildPlan(d)).find((x) => x.id === id);
  if (!f) throw new Error(`no check ${id}`);
  return f;
}

type Case = () => Deployment;

const hardened: Case = () => loadCheckFixture('hardened');
const weak: Case = () => loadCheckFixture('weak');
const fourZone: Case = () => loadCheckFixture('four-zone');
const edit = (name: string, f: (d: Doc) => void): Case => () => variant(name, f);

/**
 * For every check: deployments that pass it and deployments that fail it. `hardened` passes every
 * check and `weak` fails all but one; the rest are variants that reach other branches.
 */
const CASES: Record<string, { passed: Case[]; 'not-implemented': Case[]; 'unable-to-detect'?: Case[] }> = {
  'internet-exposure': {
    passed: [hardened, fourZone, edit('four-zone', (d) => { delete d.zones.internet; d.hosts = { vbr01: d.hosts.vbr01 }; })],
    'not-implemented': [weak, edit('four-zone', (d) => { d.hosts.ccgw01.roles.push('backup-server'); })],
  },
  'backup-server-egress': {
    passed: [hardened, edit('four-zone', (d) => { d.hosts.gw01 = { address: '10.30.0.41', os: 'windows', roles: ['gateway-server'] }; delete d.hosts.s3; })],
    'not-implemented': [weak, fourZone],
  },
  'em-on-backup-server': {
    passed: [hardened, fourZone, edit('four-zone', (d) => { delete d.hosts.em01; })],
    'not-implemented': [weak, edit('four-zone', (d) => { d.hosts.em01.address = '10.10.0.10'; })],
  },
  'components-not-segmented': {
    passed: [hardened, fourZone],
    'not-implemented': [weak, edit('four-zone', (d) => { d.hosts.agents = { cidrs: ['10.30.0.128/25'], os: 'windows', roles: ['windows-agent'] }; })],
  },
  'hardened-repo-ssh-open': {
    passed: [hardened, fourZone, edit('four-zone', (d) => { d.phase = 'deploy'; })],
    'not-implemented': [weak, edit('four-zone', (d) => { d.hosts.repo01.roles.push('linux-repository'); })],
  },
  'hardened-repo-virtual': {
    passed: [hardened, fourZone],
    'not-implemented': [weak],
    'unable-to-detect': [edit('four-zone', (d) => { delete d.hosts.repo01.virtual; })],
  },
  'hardened-repo-single-role': {
    passed: [hardened, fourZone],
    'not-implemented': [weak, edit('four-zone', (d) => { d.hosts.repo01.roles.push('vmware-proxy'); })],
  },
  'no-immutable-or-offline-copy': {
    passed: [hardened, weak, edit('weak', (d) => { delete d.hosts.repo01; d.security['rotated-drives'] = true; })],
    'not-implemented': [edit('weak', (d) => { delete d.hosts.repo01; })],
    'unable-to-detect': [edit('four-zone', (d) => { delete d.hosts.repo01; })],
  },
  'three-two-one': {
    passed: [hardened, edit('four-zone', (d) => { d.features['backup-copy'] = true; })],
    'not-implemented': [weak],
    'unable-to-detect': [fourZone],
  },
  'config-backup-location': {
    passed: [hardened],
    'not-implemented': [weak, edit('hardened', (d) => { d.security['config-backup'].repository = 'vbr01'; }), edit('hardened', (d) => { d.security['config-backup'].enabled = false; })],
    'unable-to-detect': [fourZone, edit('hardened', (d) => { delete d.security['config-backup'].repository; })],
  },
  'infrastructure-in-production-domain': {
    passed: [hardened, edit('hardened', (d) => { d.security['backup-server-domain'] = 'workgroup'; })],
    'not-implemented': [weak],
    'unable-to-detect': [fourZone],
  },
  'smb-signing': {
    passed: [hardened, fourZone],
    'not-implemented': [weak],
    'unable-to-detect': [edit('hardened', (d) => { delete d.security['smb-encryption']; })],
  },
  mfa: { passed: [hardened], 'not-implemented': [weak], 'unable-to-detect': [fourZone] },
  'auto-logoff': { passed: [hardened], 'not-implemented': [weak], 'unable-to-detect': [fourZone] },
  'traffic-encryption': { passed: [hardened], 'not-implemented': [weak], 'unable-to-detect': [fourZone] },
  'host-to-proxy-encryption': {
    passed: [hardened, edit('four-zone', (d) => { d.hosts.proxy01.transport = ['hotadd']; })],
    'not-implemented': [weak],
    'unable-to-detect': [fourZone],
  },
  'linux-host-authentication': { passed: [hardened], 'not-implemented': [weak], 'unable-to-detect': [fourZone] },
  'linux-key-authentication': {
    passed: [hardened, edit('four-zone', (d) => { d.hosts.proxy02.appliance = true; })],
    'not-implemented': [weak],
    'unable-to-detect': [fourZone],
  },
  'config-backup-encryption': { passed: [hardened], 'not-implemented': [weak], 'unable-to-detect': [fourZone] },
  'password-loss-protection': {
    passed: [hardened],
    'not-implemented': [weak, edit('hardened', (d) => { delete d.hosts.em01; })],
    'unable-to-detect': [fourZone],
  },
  'backup-encryption': { passed: [hardened], 'not-implemented': [weak], 'unable-to-detect': [fourZone] },
  'cloud-backup-encryption': {
    passed: [hardened, edit('four-zone', (d) => { d.security = { 'backup-encryption': true }; }), edit('four-zone', (d) => { d.security = { 'backup-encryption': false, 'cloud-backup-encryption': true }; })],
    'not-implemented': [weak],
    'unable-to-detect': [fourZone],
  },
  'immutability-compliance-mode': {
    passed: [hardened, edit('four-zone', (d) => { delete d.hosts.s3; })],
    'not-implemented': [weak],
    'unable-to-detect': [fourZone],
  },
  'email-notifications': { passed: [hardened], 'not-implemented': [weak], 'unable-to-detect': [fourZone] },
  'reverse-incremental': { passed: [hardened], 'not-implemented': [weak], 'unable-to-detect': [fourZone] },
  'credential-rotation': {
    passed: [hardened, edit('hardened', (d) => { d.security['credential-rotation-days'] = 365; })],
    'not-implemented': [weak, edit('hardened', (d) => { d.security['credential-rotation-days'] = 366; })],
    'unable-to-detect': [fourZone],
  },
  'legacy-protocols': { passed: [hardened], 'not-implemented': [weak], 'unable-to-detect': [fourZone] },
};

describe('checks: a deployment that passes and one that fails each check', () => {
  it('every check has cases, and every case names a check', () => {
    expect(Object.keys(CASES).sort()).toEqual(CHECKS.map((c) => c.id).sort());
    for (const [id, c] of Object.entries(CASES)) {
      expect(c.passed.length, id).toBeGreaterThan(0);
      expect(c['not-implemented'].length, id).toBeGreaterThan(0);
    }
  });

  const rows = Object.entries(CASES).flatMap(([id, c]) =>
    (Object.entries(c) as [CheckStatus, Case[]][]).flatMap(([status, cases]) => cases.map((make, i) => [id, status, i, make] as const)),
  );
  it.each(rows)('%s is %s (case %i)', (id, status, _i, make) => {
    const f = findingOf(make(), id);
    expect(f.status, f.evidence.join('\n')).toBe(status);
    expect(f.evidence.length).toBeGreaterThan(0);
  });

  it('hardened passes every check; weak fails all but no-immutable-or-offline-copy', () => {
    for (const c of CHECKS) {
      expect(findingOf(hardened(), c.id).status, c.id).toBe('passed');
      expect(findingOf(weak(), c.id).status, c.id).toBe(c.id === 'no-immutable-or-offline-copy' ? 'passed' : 'not-implemented');
    }
  });
});

describe('checks: evidence', () => {
  it('em-on-backup-server names the shared address', () => {
    const f = findingOf(variant('four-zone', (d) => { d.hosts.em01.address = '10.10.0.10'; }), 'em-on-backup-server');
    expect(f.evidence).toEqual(['em01 (enterprise-manager) and vbr01 (backup-server) share the address 10.10.0.10']);
    expect(f.paths).toEqual([['hosts', 'em01'], ['hosts', 'vbr01']]);
  });

  it('internet-exposure lists the Cloud Connect flows it allows, and names the backup server', () => {
    expect(findingOf(loadCheckFixture('four-zone'), 'internet-exposure').evidence).toEqual([
      'tenants → ccgw01 tcp 6180: Veeam Cloud Connect to the cloud gateway',
      'tenants → ccgw01 udp 6180: Veeam Cloud Connect to the cloud gateway',
    ]);
    const weakFinding = findingOf(loadCheckFixture('weak'), 'internet-exposure');
    expect(weakFinding.evidence.some((e) => e.startsWith('remote-admins → vbr01 tcp') && e.includes('inbound to the backup server'))).toBe(true);
  });

  it('backup-server-egress blames the default gateway in the four-zone example', () => {
    const f = findingOf(loadCheckFixture('four-zone'), 'backup-server-egress');
    expect(f.evidence[0]).toBe('vbr01 → s3 tcp 443: object-storage in zone internet (core-object-storage-https)');
    expect(f.recommendation).toMatch(/gateway-server role/);
  });

  it('backup-server-egress says where HTTP on 80 is documented', () => {
    const f = findingOf(loadCheckFixture('hardened'), 'backup-server-egress');
    expect(f.evidence.find((e) => e.startsWith('vbr01 → veeam-update'))).toMatch(/HTTP on 80 as cloud\/ports\.md § Ports documents/);
  });

  it('hardened-repo-ssh-open passes in the deploy phase and says to close SSH afterwards', () => {
    const d = variant('four-zone', (x) => { x.phase = 'deploy'; });
    const plan = buildPlan(d);
    expect(plan.flows.some((f) => f.to === 'repo01' && f.deployOnly.some(([lo, hi]) => lo <= 22 && hi >= 22))).toBe(true);
    const f = findingOf(d, 'hardened-repo-ssh-open');
    expect(f.evidence.some((e) => /vbr01 → repo01 tcp 22 for the deploy phase only/.test(e))).toBe(true);
  });

  it('components-not-segmented names the zone and both sides', () => {
    expect(findingOf(loadCheckFixture('weak'), 'components-not-segmented').evidence).toEqual(['zone production: proxy01 (vmware-proxy) beside win-guests (windows-guest)']);
  });
});
