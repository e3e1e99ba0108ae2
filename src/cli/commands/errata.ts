/**
 * `vbrwall errata`: where the seed article and the official pages disagree.
 * @module
 */
import { ERRATA } from '../../catalog/index.js';
import { oneOf } from '../common.js';
import { EXIT } from '../exit.js';
import type { CommandContext } from '../io.js';

export async function run({ io, values }: CommandContext): Promise<number> {
  const format = oneOf(values, 'format', ['table', 'json', 'md'] as const, 'table');
  if (format === 'json') {
    io.stdout(JSON.stringify({ errata: ERRATA }, null, 2) + '\n');
    return EXIT.OK;
  }
  if (format === 'md') {
    const cell = (s: string) => s.replace(/\|/g, '\\|');
    io.stdout(['| Seed section | Seed row | Official page § section | Official row | What differs |', '|---|---|---|---|---|',
      ...ERRATA.map((x) => `| ${cell(x.seed.section)} | ${cell(x.seed.row)} | ${cell(x.official.page)} § ${cell(x.official.section)} | ${cell(x.official.row)} | ${cell(x.differs)} |`)].join('\n') + '\n');
    return EXIT.OK;
  }
  const out: string[] = [`${ERRATA.length} errata: the catalog follows the official Veeam v13 pages`, ''];
  for (const x of ERRATA) {
    out.push(`${x.id}`, `  seed:     ${x.seed.section}: ${x.seed.row}`, `  official: ${x.official.page} § ${x.official.section}: ${x.official.row}`, `  differs:  ${x.differs}`);
    if (x.entries.length) out.push(`  entries:  ${x.entries.join(', ')}`);
    out.push('');
  }
  io.stdout(out.join('\n'));
  return EXIT.OK;
}
