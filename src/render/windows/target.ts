/**
 * The Windows Firewall target: PowerShell New-NetFirewallRule scripts for one host.
 * @module
 */
import type { Renderer } from '../types.js';
import { renderWindows, SUPPORTS } from './render.js';

export const windows: Renderer = {
  id: 'windows',
  names: ['windows-firewall', 'powershell', 'netsecurity'],
  title: 'Windows Firewall (PowerShell New-NetFirewallRule, with a removal script): Windows host',
  kind: 'host',
  extension: 'ps1',
  supports: SUPPORTS,
  docs: [
    'New-NetFirewallRule (NetSecurity): https://learn.microsoft.com/en-us/powershell/module/netsecurity/new-netfirewallrule',
    'Remove-NetFirewallRule, Set-NetFirewallProfile (NetSecurity), learn.microsoft.com',
    'about_Quoting_Rules: https://forsenergy.com/en-us/windowspowershellhelp/html/cec5ab07-223d-4269-9362-d30c54a95193.htm',
    'PowerShell source: CharTraits.cs IsSingleQuote (U+2018, U+2019, U+201A, U+201B are single quotes too)',
  ],
  render: renderWindows,
};
