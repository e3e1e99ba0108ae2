import { describe, expect, it } from 'vitest';
import { at, auditFixture, ctxFor } from '../_test-helpers.js';
import { parseWindowsJson } from './json.js';
import { parseNetsh } from './netsh.js';

describe('Windows Firewall JSON (export-script windows)', () => {
  it('puts block rules before allow rules, counts program rules as the program ports, leaves disabled rules out', () => {
    const r = parseWindowsJson(auditFixture('vbr01.windows.json'), ctxFor('w.json', { host: 'vbr01' }));
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const inbound = r.value.chains.get('in')!;
    expect(inbound.base).toMatchObject({ hook: 'input', policy: 'drop' });
    expect(inbound.rules.map((x) => `${x.action} ${x.name}`).slice(0, 3)).toEqual(['drop Block data channels from repo02', 'drop Block SMB from the internet', 'accept Veeam Backup Transport Service']);
    const transport = inbound.rules.find((x) => x.name === 'Veeam Backup Transport Service')!;
    expect(transport).toMatchObject({ ports: [{ dport: [[6162, 6162]] }], unscoped: expect.stringContaining('Veeam Data Mover'), program: expect.stringContaining('VeeamTransportSvc.exe') });
    expect(inbound.rules.find((x) => x.name === 'Veeam console and web UI from the admin network')!.src![4]).toEqual([{ lo: 0x0a0a0080n, hi: 0x0a0a00ffn }]);
    expect(inbound.rules.some((x) => x.name === 'Veeam console (v12)')).toBe(false);
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual(['AUDIT_APPROXIMATION', 'AUDIT_APPROXIMATION', 'AUDIT_DISABLED_RULE']);
  });

  it('reads a plain Get-NetFirewallRule | ConvertTo-Json with numeric enums', () => {
    const t = JSON.stringify([{ DisplayName: 'x', Enabled: 1, Direction: 1, Action: 4, Protocol: 'TCP', LocalPort: '445' }, { DisplayName: 'y', Enabled: 2, Direction: 2, Action: 2 }]);
    const r = parseWindowsJson(t, ctxFor('w.json'));
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.value.chains.get('in')!.rules).toMatchObject([{ action: 'drop', ports: [{ dport: [[445, 445]] }] }]);
    expect(r.value.chains.get('out')!.rules).toHaveLength(0);
  });

  it('warns about a rule bound to a program it does not know, and reports a rule without Direction at its position', () => {
    const t = '[\n{"DisplayName": "app", "Enabled": "True", "Direction": "Inbound", "Action": "Allow", "Program": "C:\\\\app.exe"},\n{"DisplayName": "bad", "Enabled": "True", "Action": "Allow"}\n]';
    const r = parseWindowsJson(t, ctxFor('w.json'));
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toMatchObject([
      { code: 'AUDIT_SYNTAX', range: [t.indexOf('{"DisplayName": "bad"'), expect.any(Number)] },
      { code: 'AUDIT_PROGRAM_RULE', severity: 'warning' },
    ]);
  });
});

describe('netsh advfirewall', () => {
  it('reads add rule scripts: policy, programs, disabled rules, block before allow', () => {
    const r = parseNetsh(auditFixture('vbr01.netsh.txt'), ctxFor('n.txt', { host: 'vbr01' }));
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const inbound = r.value.chains.get('in')!;
    expect(inbound.base!.policyRef.line).toBe(3);
    expect(inbound.rules[0]).toMatchObject({ action: 'drop', name: 'Block proxy02', ref: { line: 9 } });
    expect(inbound.rules.find((x) => x.name === 'Veeam Installer')).toMatchObject({ ports: [{ dport: [[6160, 6160], [11731, 11731]] }] });
    expect(inbound.rules.some((x) => x.name === 'Temp any')).toBe(false);
  });

  it('reads show rule name=all verbose output', () => {
    const t = ['Rule Name:                            Veeam', '----------------------------------------------------------------------', 'Enabled:                              Yes', 'Direction:                            In', 'Profiles:                             Domain', 'LocalIP:                              Any', 'RemoteIP:                             10.10.0.0/255.255.255.0', 'Protocol:                             TCP', 'LocalPort:                            6162', 'RemotePort:                           Any', 'Action:                               Allow', '', 'Ok.', ''].join('\n');
    const r = parseNetsh(t, ctxFor('n.txt'));
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.value.chains.get('in')!.rules[0]).toMatchObject({ ref: { line: 1 }, src: { 4: [{ lo: 0x0a0a0000n, hi: 0x0a0a00ffn }] } });
  });

  it('reports an unknown parameter at its position', () => {
    const t = 'netsh advfirewall firewall add rule name=x dir=in action=allow colour=blue\n';
    const r = parseNetsh(t, ctxFor('n.txt'));
    expect(r.diagnostics[0]).toMatchObject({ code: 'AUDIT_SYNTAX', range: at(t, 'colour=blue') });
  });
});
