// Bundles the command line (dist/cli/main.js and the command modules it imports on demand) into
// dist/cli-bundle/: one file per command and a few shared chunks, instead of about 100 modules
// (and zod's own) that Node would find, read and link one by one. That is 50 to 100 ms of every
// command's start-up; the library (dist/, the package's exports) stays as tsc wrote it.
// Run by `npm run build` after tsc.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Chunk names carry a hash: the chunks of an earlier build would stay beside the new ones.
rmSync(join(root, 'dist', 'cli-bundle'), { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'dist', 'cli', 'main.js')],
  outdir: join(root, 'dist', 'cli-bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // yaml is loaded on demand through createRequire (src/model/yaml-lazy.ts): one copy, from node_modules.
  external: ['yaml'],
  logLevel: 'warning',
});
