/**
 * `vbrwall serve`: the local web page (editor, diagram, rules, audit, checks) and its JSON API.
 * Runs until Ctrl-C (or the context's signal).
 * @module
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_HOST, DEFAULT_PORT, isLoopback, startServer } from '../../server/index.js';
import { intOption } from '../common.js';
import { EXIT, UsageError } from '../exit.js';
import type { CommandContext } from '../io.js';

export async function run({ io, values, positionals }: CommandContext): Promise<number> {
  if (positionals.length > 1) throw new UsageError(`serve takes one FILE, not ${positionals.length}`);
  const port = intOption(values, 'port', DEFAULT_PORT, 0, 65535);
  if (!Number.isInteger(port)) throw new UsageError(`--port must be a whole number, not '${String(values.port)}'`);
  const host = typeof values.host === 'string' ? values.host : DEFAULT_HOST;
  const name = positionals[0];
  let file: { path: string; name: string } | undefined;
  if (name !== undefined) {
    const path = resolve(io.cwd, name);
    try {
      if (!statSync(path).isFile()) throw new Error('EISDIR');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      io.stderr(`${name}: error CLI_FILE: cannot serve the file (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is not a file' : code})\n  hint: create it first, e.g. \`vbrwall plan > /dev/null\` shows the bundled example to start from\n`);
      return EXIT.BAD_INPUT;
    }
    file = { path, name };
  }

  let running;
  try {
    running = await startServer({ host, port, ...(file ? { file } : {}), onError: (e) => io.stderr(`internal error: ${e.stack ?? e.message}\n`) });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'EADDRINUSE' ? `port ${port} is in use` : err.code === 'EADDRNOTAVAIL' ? `${host} is not an address of this machine` : err.code === 'EACCES' ? `no permission to listen on port ${port}` : err.message;
    io.stderr(`error CLI_USAGE: cannot listen on ${host}:${port}: ${why}\n  hint: choose another with --port N (0: any free port)\n`);
    return EXIT.UNAVAILABLE;
  }

  io.stdout(`vbrwall: serving ${file ? file.name : 'the bundled four-zone example'} at ${running.url}\n`);
  if (!isLoopback(host))
    io.stderr(`warning: listening on ${host}: anyone who can reach this address can use the page${file ? ` and overwrite ${file.name}` : ''}; there is no login\n`);
  io.stderr('Press Ctrl-C to stop.\n');

  let stop = (): void => undefined;
  await new Promise<void>((done) => {
    stop = done;
    if (io.signal?.aborted) return done();
    io.signal?.addEventListener('abort', stop, { once: true });
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  io.signal?.removeEventListener('abort', stop);
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  await running.close();
  io.stderr('vbrwall: stopped\n');
  return EXIT.OK;
}
