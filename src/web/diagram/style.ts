/**
 * Colours of the diagram: a palette for zones (the internet zone is always red), a stripe per kind
 * of role, and the audit statuses.
 * @module
 */
const ZONE_COLOURS = [
  { fill: '#eef4ff', stroke: '#9db7e8', text: '#1d4f91' },
  { fill: '#edf8f0', stroke: '#97cfa6', text: '#1f6a35' },
  { fill: '#fff6e5', stroke: '#e5c07b', text: '#8a5a00' },
  { fill: '#f5efff', stroke: '#c3a9ef', text: '#5b32a8' },
  { fill: '#eaf7f8', stroke: '#8ccbd2', text: '#16656d' },
  { fill: '#fbeff6', stroke: '#e2a5c8', text: '#8c2d66' },
  { fill: '#f2f3f5', stroke: '#b4bcc6', text: '#3d4753' },
  { fill: '#f3f8e8', stroke: '#b6d38a', text: '#4c6a14' },
];
const INTERNET = { fill: '#fdf0ef', stroke: '#e8a39c', text: '#a12a1f' };

export const zoneColour = (index: number, internet: boolean) => (internet ? INTERNET : ZONE_COLOURS[index % ZONE_COLOURS.length]!);

export type RoleKind = 'management' | 'data' | 'storage' | 'platform' | 'protected' | 'cloud' | 'other';

export const ROLE_KIND_LABEL: Record<RoleKind, string> = {
  management: 'Backup management',
  data: 'Proxies and data movers',
  storage: 'Repositories and storage',
  platform: 'Virtualization platform',
  protected: 'Protected machines',
  cloud: 'Cloud Connect',
  other: 'Other',
};

export const ROLE_KIND_COLOUR: Record<RoleKind, string> = {
  management: '#0969da',
  data: '#8250df',
  storage: '#bf8700',
  platform: '#1a7f37',
  protected: '#6e7781',
  cloud: '#cf222e',
  other: '#57606a',
};

export function roleKind(roles: readonly string[]): RoleKind {
  const r = roles[0] ?? '';
  if (/^(backup-server|enterprise-manager|veeam-one|config-database|console|rest-client|mail|veeam-)/.test(r)) return 'management';
  if (/proxy|mount-server|gateway-server|worker/.test(r)) return 'data';
  if (/repository|share|object-storage|storage/.test(r)) return 'storage';
  if (/vcenter|esxi|hyperv-host|scvmm|proxmox-host|nutanix|ahv/.test(r)) return 'platform';
  if (/guest|agent/.test(r)) return 'protected';
  if (/cloud/.test(r)) return 'cloud';
  return 'other';
}

export const STATUS_COLOUR = { allowed: '#1a7f37', partial: '#bf8700', blocked: '#cf222e' } as const;
export const EDGE_COLOUR = '#8c959f';
export const EDGE_ACTIVE = '#0969da';
