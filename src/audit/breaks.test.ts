import { describe, expect, it } from 'vitest';
import type { Deployment } from '../model/types.js';
import type { Flow, FlowReason } from '../plan/types.js';
import { whatBreaks } from './breaks.js';
import type { FlowVerdict } from './evaluate.js';

const reason = (entry: string, ports: [number, number][], more: Partial<FlowReason> = {}): FlowReason => ({
  entry,
  purpose: `Purpose of ${entry}`,
  ports,
  failover: [],
  phase: 'operate',
  dynamic: false,
  jobOnly: false,
  features: [],
  sources: [],
  defaults: [],
  ...more,
});

// Flows of one kind share their reasons (as the plan's Derived): the memo must still tell the destinations apart.
const REASONS = [reason('gen-https', [[443, 443]]), reason('gen-data-mover', [[2500, 3300]])];
const flow = (from: string, to: string): Flow => ({ id: `${from}>${to}/tcp`, from, to, fromZone: 'a', toZone: 'b', protocol: 'tcp', ports: [[443, 443], [2500, 3300]], failover: [], deployOnly: [], purposes: [], sources: [], reasons: REASONS });
const blocked = (f: Flow, ports: [number, number][]): FlowVerdict => ({
  flow: f,
  direction: 'forward',
  status: 'blocked',
  families: [4],
  allowedPorts: [],
  missing: { ports, sources: [], destinations: [], allSources: true, allDestinations: true, returnTraffic: false, parts: [] },
  allowedBy: [],
  blockedBy: [],
  notes: [],
});
const deployment = { hosts: [{ name: 's3', roles: ['object-storage'] }, { name: 'repo', roles: ['linux-repository'] }, { name: 'repo2', roles: ['linux-repository'] }, { name: 'px', roles: ['vmware-proxy'] }] } as unknown as Deployment;

describe('whatBreaks', () => {
  it('gives flows that share their reasons the consequence of their own destination and missing ports', () => {
    const texts = whatBreaks(
      [blocked(flow('px', 's3'), [[443, 443], [2500, 3300]]), blocked(flow('px', 'repo'), [[443, 443], [2500, 3300]]), blocked(flow('px', 'repo2'), [[443, 443]]), blocked(flow('px', 's3'), [[2500, 3300]])],
      deployment,
    ).map((b) => b.text);
    expect(texts).toEqual([
      'backups, offloads and copies to object storage s3 fail: 443, 2500-3300 blocked from px',
      'Purpose of gen-https fails: 443 blocked from px to repo',
      'backup, restore and replication jobs between px and repo fail: 2500-3300 blocked from px',
      'Purpose of gen-https fails: 443 blocked from px to repo2',
      'backups, offloads and copies to object storage s3 fail: 2500-3300 blocked from px',
    ]);
  });
});
