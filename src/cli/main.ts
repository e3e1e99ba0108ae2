/**
 * The command table. Each action lazy-imports its command module, which calls the library,
 * formats, and returns an exit code. `run` never calls process.exit.
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT, UsageError } from './exit.js';
import type { CommandContext, Io } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  options: Options;
  /** One line per option, for help. */
  help: Record<string, string>;
  examples?: string[];
  load: () => Promise<{ run: (ctx: CommandContext) => Promise<number> }>;
}

const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;

export const COMMANDS: CommandSpec[] = [
  {
    name: 'plan',
    summary: 'List every flow a deployment needs, per zone pair, with purposes and sources',
    usage: 'vbrwall plan [FILE] [--format table|json|csv|md] [--phase operate|deploy] [--no-failover]',
    options: { format: str, phase: str, 'no-failover': bool, verbose: bool },
    help: {
      format: 'table (default, grouped by zone pair), json (contract), csv, md',
      phase: 'operate (steady state) or deploy (adds install/upgrade flows); default: the file\'s phase',
      'no-failover': 'leave out failover ports (2500-3300 behind 6162, 11731 behind 6160)',
      verbose: 'show every reason of every flow (table)',
    },
    examples: ['vbrwall plan', 'vbrwall plan site.yaml --format json --phase deploy'],
    load: () => import('./commands/plan.js'),
  },
  {
    name: 'render',
    summary: 'Render the rules for a firewall: host, network, cloud, documents and diagrams',
    usage: 'vbrwall render [FILE] --target T [--scope zone-firewall|host] [--host NAME | --all-hosts] [--out DIR]',
    options: { target: str, scope: str, host: str, 'all-hosts': bool, out: str, outbound: bool, 'allow-partial': bool, phase: str, 'no-failover': bool },
    help: {
      target: 'the target (see `vbrwall targets`), or `all` with --out DIR',
      scope: 'zone-firewall (between zones; default for network targets) or host (one host\'s inbound rules)',
      host: 'the host, for --scope host',
      'all-hosts': 'render every host that has flows (needs --out)',
      out: 'write files to DIR (atomically) instead of stdout',
      outbound: 'also render the host\'s outbound rules',
      'allow-partial': 'exit 0 even when the target cannot express some rules (they are still reported)',
      phase: 'operate or deploy (default: the file\'s phase)',
      'no-failover': 'leave out failover ports',
    },
    examples: ['vbrwall render --target nftables', 'vbrwall render site.yaml --target windows --host repo02', 'vbrwall render site.yaml --target panos --out rules/'],
    load: () => import('./commands/render.js'),
  },
  {
    name: 'targets',
    summary: 'List the render targets and what each supports',
    usage: 'vbrwall targets [--format table|json]',
    options: { format: str },
    help: { format: 'table (default) or json' },
    load: () => import('./commands/targets.js'),
  },
  {
    name: 'probe',
    summary: 'From this machine, as HOST, test every flow HOST needs: open, refused or filtered',
    usage: 'vbrwall probe [FILE] --as HOST [--format table|json|junit] [--concurrency N] [--timeout MS] [--sample N] [--full]',
    options: { as: str, format: str, concurrency: str, timeout: str, sample: str, full: bool, phase: str, 'no-failover': bool },
    help: {
      as: 'the host of the deployment this machine is (required)',
      format: 'table (default), json (contract) or junit (CI)',
      concurrency: 'connection attempts in flight (default 64)',
      timeout: 'milliseconds without an answer before a port counts as filtered (default 1500)',
      sample: 'addresses tried per host group (cidrs), spread over the group (default 1)',
      full: 'every port of every range (default: both ends and the middle)',
      phase: "operate or deploy (default: the file's phase)",
      'no-failover': 'leave out failover ports',
    },
    examples: ['vbrwall probe site.yaml --as proxy01', 'vbrwall probe site.yaml --as proxy01 --format junit > probe.xml'],
    load: () => import('./commands/probe.js'),
  },
  {
    name: 'listen',
    summary: 'Open on this machine every port HOST must accept, to test the firewall path before Veeam is installed',
    usage: 'vbrwall listen [FILE] --as HOST [--duration S] [--sample] [--bind ADDRESS]',
    options: { as: str, duration: str, sample: bool, bind: str, phase: str, 'no-failover': bool },
    help: {
      as: 'the host of the deployment this machine is (required)',
      duration: 'stop after S seconds (default: until Ctrl-C)',
      sample: "open only each range's ends and middle (default: ranges in full, e.g. all 801 ports of 2500-3300)",
      bind: 'address to listen on (default: every address)',
      phase: "operate or deploy (default: the file's phase)",
      'no-failover': 'leave out failover ports',
    },
    examples: ['vbrwall listen site.yaml --as repo01', 'vbrwall listen site.yaml --as repo01 --sample --duration 600'],
    load: () => import('./commands/listen.js'),
  },
  {
    name: 'verify',
    summary: 'Prove the zone-firewall ruleset in throw-away network namespaces (Linux, root)',
    usage: 'vbrwall verify [FILE] [--target nftables|iptables] [--ruleset PATH]... [--keep] [--format table|json]',
    options: { target: str, ruleset: { type: 'string', multiple: true }, keep: bool, format: str, timeout: str, concurrency: str, full: bool, ports: str, cleanup: bool, phase: str, 'no-failover': bool },
    help: {
      target: 'nftables (default) or iptables',
      ruleset: 'test this file instead of the rendered one (iptables: give the .rules6 file too, as a second --ruleset)',
      keep: 'leave the namespaces in place for debugging (off by default)',
      format: 'table (default) or json',
      timeout: 'ms before an unrequired probe counts as dropped (default 1000; required probes wait 3x)',
      concurrency: 'probes in flight per namespace (default 256)',
      full: 'every port of every range (default: ends and middle)',
      ports: 'more TCP ports to try between every pair of hosts in different zones, e.g. 443,8443',
      cleanup: 'remove namespaces left by runs that crashed, and exit',
      phase: "operate or deploy (default: the file's phase)",
      'no-failover': 'leave out failover ports',
    },
    examples: ['sudo vbrwall verify', 'sudo vbrwall verify site.yaml --target iptables', 'sudo vbrwall verify site.yaml --ruleset fw.nft'],
    load: () => import('./commands/verify.js'),
  },
  {
    name: 'audit',
    summary: 'Audit an existing ruleset: what the plan needs that it blocks, and what it opens beyond need',
    usage: 'vbrwall audit [FILE] --ruleset PATH [--ruleset-format auto|FORMAT] [--scope zone-firewall | --host NAME] [--format table|json|md|sarif]',
    options: { ruleset: str, 'ruleset-format': str, scope: str, host: str, format: str, lenient: bool, verbose: bool, phase: str, 'no-failover': bool },
    help: {
      ruleset: 'the exported ruleset (required): iptables-save, nft list ruleset (text or -j JSON), Windows Firewall JSON or netsh, ufw status verbose, firewall-cmd --list-all-zones, AWS or Azure JSON, CSV',
      'ruleset-format': 'auto (default: detected) or iptables, ip6tables, nftables, nftables-json, windows, netsh, ufw, firewalld, aws, azure, csv',
      scope: 'zone-firewall (the forward path of a router between the zones; the default) or host (the default with --host)',
      host: 'the host the ruleset protects (inbound, and outbound where the format has it)',
      format: 'table (default), json (contract), md, sarif (code scanning)',
      lenient: 'skip lines it cannot read, with a warning naming each, instead of failing',
      verbose: 'also list the allowed flows, with the rules that allow them',
      phase: "operate or deploy (default: the file's phase)",
      'no-failover': 'leave out failover ports',
    },
    examples: ['vbrwall audit site.yaml --ruleset router.rules', 'iptables-save > fw.rules && vbrwall audit site.yaml --ruleset fw.rules --format json', 'vbrwall audit site.yaml --host repo02 --ruleset repo02.json'],
    load: () => import('./commands/audit.js'),
  },
  {
    name: 'export-script',
    summary: 'Print how to export a ruleset for `vbrwall audit` (for Windows: a PowerShell script)',
    usage: 'vbrwall export-script windows|iptables|nftables|netsh|ufw|firewalld|aws|azure',
    options: {},
    help: {},
    examples: ['vbrwall export-script windows > export-firewall.ps1'],
    load: () => import('./commands/export-script.js'),
  },
  {
    name: 'check',
    summary: "Check the design against Veeam's hardening guidance: findings with evidence and sources",
    usage: 'vbrwall check [FILE] [--format table|json|md|sarif] [--severity LEVEL] [--ignore ID]... [--fail-on LEVEL]',
    options: { format: str, severity: str, ignore: { type: 'string', multiple: true }, 'fail-on': str },
    help: {
      format: 'table (default), json (contract), md, sarif (code scanning)',
      severity: 'show only checks of this severity or above: low (default), medium, high, critical',
      ignore: "suppress a check (repeatable, or comma-separated); it still appears, marked suppressed, as with the file's ignore: list",
      'fail-on': 'exit 1 when a check of this severity or above is not implemented: low, medium, high (default), critical',
    },
    examples: ['vbrwall check', 'vbrwall check site.yaml --format sarif > vbrwall.sarif', 'vbrwall check site.yaml --severity high --ignore smb-signing'],
    load: () => import('./commands/check.js'),
  },
  {
    name: 'serve',
    summary: 'Open the local web page: edit a deployment, see its diagram, rules, audit and checks',
    usage: 'vbrwall serve [FILE] [--port N] [--host ADDR]',
    options: { port: str, host: str },
    help: {
      port: 'port to listen on (default 8642; 0: any free port)',
      host: 'address to bind (default 127.0.0.1; any other address exposes the page, which has no login)',
    },
    examples: ['vbrwall serve', 'vbrwall serve site.yaml --port 9000'],
    load: () => import('./commands/serve.js'),
  },
  {
    name: 'ports',
    summary: 'Explain a port: every catalog flow that uses it, between which roles, and why',
    usage: 'vbrwall ports PORT [--format table|json]',
    options: { format: str },
    help: { format: 'table (default) or json' },
    examples: ['vbrwall ports 6162', 'vbrwall ports 443'],
    load: () => import('./commands/ports.js'),
  },
  {
    name: 'roles',
    summary: 'List the roles a host can have',
    usage: 'vbrwall roles [--format table|json]',
    options: { format: str },
    help: { format: 'table (default) or json' },
    load: () => import('./commands/roles.js'),
  },
  {
    name: 'errata',
    summary: 'List where the seed article disagrees with the official Veeam pages',
    usage: 'vbrwall errata [--format table|json|md]',
    options: { format: str },
    help: { format: 'table (default), json or md' },
    load: () => import('./commands/errata.js'),
  },
  {
    name: 'schema',
    summary: 'Print the JSON Schema of the deployment file (for editors)',
    usage: 'vbrwall schema',
    options: {},
    help: {},
    load: () => import('./commands/schema.js'),
  },
];

const GLOBAL: Options = { help: { type: 'boolean', short: 'h' }, debug: bool, version: bool };

export function helpText(spec?: CommandSpec): string {
  if (!spec) {
    const w = Math.max(...COMMANDS.map((c) => c.name.length));
    return [
      'vbrwall: firewall rules for segmented Veeam Backup & Replication v13 deployments',
      '',
      'Usage: vbrwall COMMAND [FILE] [options]     (no FILE: the bundled four-zone example)',
      '',
      'Commands:',
      ...COMMANDS.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
      '',
      'Run `vbrwall COMMAND --help` for its options. Exit status: 0 ok, 1 findings, 2 bad input, 3 cannot run here.',
      '',
    ].join('\n');
  }
  const w = Math.max(4, ...Object.keys(spec.help).map((k) => k.length + 2));
  return [
    `${spec.summary}`,
    '',
    `Usage: ${spec.usage}`,
    '',
    ...(Object.keys(spec.help).length ? ['Options:', ...Object.entries(spec.help).map(([k, v]) => `  --${k.padEnd(w)} ${v}`), ''] : []),
    ...(spec.examples?.length ? ['Examples:', ...spec.examples.map((e) => `  ${e}`), ''] : []),
  ].join('\n');
}

export async function run(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  const debug = argv.includes('--debug');
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText(COMMANDS.find((c) => c.name === rest[0])));
    return EXIT.OK;
  }
  if (name === '--version') {
    io.stdout('vbrwall 0.1.0 (catalog: Veeam Backup & Replication 13)\n');
    return EXIT.OK;
  }
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec) {
    const { nearest } = await import('../model/suggest.js');
    const near = nearest(name, COMMANDS.map((c) => c.name));
    io.stderr(`error CLI_USAGE: unknown command '${name}'${near ? ` (did you mean '${near}'?)` : ''}\n\n${helpText()}`);
    return EXIT.BAD_INPUT;
  }
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: { ...GLOBAL, ...spec.options }, allowPositionals: true, strict: true });
    } catch (e) {
      throw new UsageError((e as Error).message.replace(/\. To specify a positional.*$/s, ''), `see \`vbrwall ${name} --help\``);
    }
    if (parsed.values.help) {
      io.stdout(helpText(spec));
      return EXIT.OK;
    }
    const mod = await spec.load();
    return await mod.run({ io, values: parsed.values as CommandContext['values'], positionals: parsed.positionals });
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`error CLI_USAGE: ${e.message}\n${e.hint ? `  hint: ${e.hint}\n` : ''}`);
      return EXIT.BAD_INPUT;
    }
    const err = e as Error;
    io.stderr(`internal error: ${err.message}\nThis is a bug in vbrwall; please report it with the command and input.\n${debug ? `${err.stack}\n` : 'Run again with --debug for the stack trace.\n'}`);
    return EXIT.INTERNAL;
  }
}
