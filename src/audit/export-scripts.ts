/**
 * How to export a ruleset in a form `vbrwall audit` reads: a PowerShell script for Windows
 * Firewall (its JSON is what the `windows` format expects), and the commands for the others.
 * @module
 */

export interface ExportScript {
  format: string;
  title: string;
  /** File name to save the script as, when it is a script. */
  file?: string;
  text: string;
}

/**
 * Windows Firewall: every rule of the active store (local and Group Policy rules as applied) with
 * its port, address, application and service filters, joined by InstanceID (one query per filter
 * class instead of one per rule, which takes minutes on servers with hundreds of rules), and the
 * profiles' default actions. Enums are written as strings. Cmdlets: Get-NetFirewallRule,
 * Get-NetFirewallPortFilter, Get-NetFirewallAddressFilter, Get-NetFirewallApplicationFilter,
 * Get-NetFirewallServiceFilter, Get-NetFirewallProfile (NetSecurity module, Windows Server 2012+).
 */
const WINDOWS = `<#
  vbrwall export-script windows
  Exports the Windows Firewall rules of this machine (the active policy store: local rules and
  Group Policy rules as applied), with their port, address, program and service filters and the
  profiles' default actions, as JSON for:  vbrwall audit DEPLOYMENT --ruleset firewall.json --host NAME
  Run in an elevated PowerShell:  powershell -ExecutionPolicy Bypass -File export-firewall.ps1
  It writes firewall.json (UTF-8) in the current directory, or the path given as the first argument.
  It reads only; it changes nothing.
#>
param([string]$Path = 'firewall.json')
$ErrorActionPreference = 'Stop'
$store = 'ActiveStore'
function ByInstance($items) { $h = @{}; foreach ($i in $items) { $h[$i.InstanceID] = $i }; $h }
$ports = ByInstance (Get-NetFirewallPortFilter -PolicyStore $store)
$addrs = ByInstance (Get-NetFirewallAddressFilter -PolicyStore $store)
$apps  = ByInstance (Get-NetFirewallApplicationFilter -PolicyStore $store)
$svcs  = ByInstance (Get-NetFirewallServiceFilter -PolicyStore $store)
function Strings($v) { if ($null -eq $v) { @('Any') } else { @($v | ForEach-Object { [string]$_ }) } }
$rules = foreach ($r in Get-NetFirewallRule -PolicyStore $store) {
  $id = $r.InstanceID
  $p = $ports[$id]; $a = $addrs[$id]; $app = $apps[$id]; $s = $svcs[$id]
  [ordered]@{
    Name          = [string]$r.Name
    DisplayName   = [string]$r.DisplayName
    Group         = [string]$r.Group
    Enabled       = [string]$r.Enabled
    Direction     = [string]$r.Direction
    Action        = [string]$r.Action
    Profile       = [string]$r.Profile
    Protocol      = if ($p) { [string]$p.Protocol } else { 'Any' }
    LocalPort     = if ($p) { Strings $p.LocalPort } else { @('Any') }
    RemotePort    = if ($p) { Strings $p.RemotePort } else { @('Any') }
    LocalAddress  = if ($a) { Strings $a.LocalAddress } else { @('Any') }
    RemoteAddress = if ($a) { Strings $a.RemoteAddress } else { @('Any') }
    Program       = if ($app) { [string]$app.Program } else { 'Any' }
    Service       = if ($s) { [string]$s.Service } else { 'Any' }
  }
}
$profiles = foreach ($f in Get-NetFirewallProfile -PolicyStore $store) {
  [ordered]@{
    Name                  = [string]$f.Name
    Enabled               = [string]$f.Enabled
    DefaultInboundAction  = [string]$f.DefaultInboundAction
    DefaultOutboundAction = [string]$f.DefaultOutboundAction
  }
}
$out = [ordered]@{ Exporter = 'vbrwall export-script windows'; Computer = $env:COMPUTERNAME; Profiles = @($profiles); Rules = @($rules) }
$out | ConvertTo-Json -Depth 5 | Set-Content -Path $Path -Encoding UTF8
Write-Host "wrote $(@($rules).Count) rules to $Path"
`;

export const EXPORT_SCRIPTS: readonly ExportScript[] = [
  { format: 'windows', title: 'Windows Firewall (PowerShell, JSON)', file: 'export-firewall.ps1', text: WINDOWS },
  {
    format: 'iptables',
    title: 'iptables (filter table)',
    text: '# On the host or router, as root. IPv4, then IPv6 (audit each file):\niptables-save -t filter > filter.rules\nip6tables-save -t filter > filter.rules6\n',
  },
  {
    format: 'nftables',
    title: 'nftables',
    text: '# On the host or router, as root (JSON keeps the rule handles):\nnft -j list ruleset > ruleset.json\n# or the text form:\nnft list ruleset > ruleset.nft\n',
  },
  { format: 'netsh', title: 'Windows Firewall (netsh)', text: 'REM In an elevated command prompt:\nnetsh advfirewall firewall show rule name=all verbose > rules.txt\n' },
  { format: 'ufw', title: 'ufw', text: '# As root:\nufw status verbose > ufw.txt\n' },
  { format: 'firewalld', title: 'firewalld', text: '# As root:\nfirewall-cmd --list-all-zones > firewalld.txt\n' },
  {
    format: 'aws',
    title: 'AWS security groups',
    text: "# The security groups of one instance (give its id):\naws ec2 describe-security-groups --group-ids $(aws ec2 describe-instances --instance-ids i-0123456789abcdef0 \\\n  --query 'Reservations[].Instances[].SecurityGroups[].GroupId' --output text) > security-groups.json\n",
  },
  {
    format: 'azure',
    title: 'Azure network security group',
    text: '# One NSG (with its default rules):\naz network nsg show --resource-group RESOURCE-GROUP --name NSG-NAME > nsg.json\n',
  },
];

export const findExportScript = (format: string): ExportScript | undefined => EXPORT_SCRIPTS.find((s) => s.format === format);
