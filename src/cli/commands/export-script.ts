/**
 * `vbrwall export-script FORMAT`: how to export a ruleset that `vbrwall audit` reads; for Windows
 * Firewall a PowerShell script that writes the JSON the `windows` format expects.
 * @module
 */
import { EXPORT_SCRIPTS, findExportScript } from '../../audit/export-scripts.js';
import { EXIT, UsageError } from '../exit.js';
import type { CommandContext } from '../io.js';

export async function run({ io, positionals }: CommandContext): Promise<number> {
  const names = EXPORT_SCRIPTS.map((s) => s.format).join(', ');
  if (positionals.length !== 1) throw new UsageError('export-script takes one FORMAT', `formats: ${names}`);
  const s = findExportScript(positionals[0]!);
  if (!s) throw new UsageError(`no export script for '${positionals[0]}'`, `formats: ${names}`);
  io.stdout(s.text);
  if (s.file) io.stderr(`(save it as ${s.file}; it only reads the firewall)\n`);
  return EXIT.OK;
}
