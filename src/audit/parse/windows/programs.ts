/**
 * Veeam programs that Windows Firewall rules are bound to (Veeam creates rules per program, not
 * per port), and the ports each one listens on. Ports and service names follow the catalog's
 * official pages (used_ports.md); the executable names are those of a default installation and
 * are matched by file name, case-insensitively.
 * @module
 */
import type { PortRange } from '../../../net/ports.js';

export interface ProgramPorts {
  service: string;
  tcp: readonly PortRange[];
  udp: readonly PortRange[];
}

export const PROGRAMS: Readonly<Record<string, ProgramPorts>> = {
  'veeamtransportsvc.exe': { service: 'Veeam Data Mover (Transport Service)', tcp: [[6162, 6162]], udp: [] },
  'veeamagent.exe': { service: 'Veeam Data Mover data transmission channels', tcp: [[2500, 3300]], udp: [] },
  'veeamdeploymentsvc.exe': { service: 'Veeam Installer Service', tcp: [[6160, 6160], [11731, 11731]], udp: [] },
  'veeamnfssvc.exe': { service: 'Veeam vPower NFS Service', tcp: [[111, 111], [1058, 1058], [1063, 1063], [2049, 2049], [6161, 6161]], udp: [[111, 111], [1058, 1058], [1063, 1063], [2049, 2049]] },
  'veeam.backup.mountservice.exe': { service: 'Veeam Mount Service', tcp: [[6170, 6170]], udp: [] },
  'veeam.backup.service.exe': { service: 'Veeam Backup Service', tcp: [[9392, 9392]], udp: [] },
  'veeam.backup.restapiservice.exe': { service: 'Veeam Backup REST API', tcp: [[9419, 9419]], udp: [] },
  'veeam.backup.cloudservice.exe': { service: 'Veeam Cloud Connect Service', tcp: [[6169, 6169]], udp: [] },
  'veeam.backup.cloudgatesvc.exe': { service: 'Veeam Cloud Gateway Service', tcp: [[6168, 6168], [6180, 6180]], udp: [[6180, 6180]] },
  'veeamguesthelper.exe': { service: 'Veeam Guest Helper', tcp: [[6173, 6173]], udp: [] },
  'veeam.endpoint.service.exe': { service: 'Veeam Agent for Microsoft Windows Service', tcp: [[6184, 6184]], udp: [] },
  'veeam.backup.vssintegrationsvc.exe': { service: 'Veeam Backup VSS Integration Service', tcp: [[6210, 6210]], udp: [] },
};

/** The ports of a program path, when it is a known Veeam program. */
export function programPorts(path: string): ProgramPorts | undefined {
  const base = path.replace(/^"|"$/g, '').split(/[\\/]/).pop()?.toLowerCase() ?? '';
  return PROGRAMS[base];
}
