#!/usr/bin/env node
// Thin shim: everything lives in the library; exit codes come from cli/main. The command line is
// loaded from its bundle (scripts/bundle-cli.mjs, made by `npm run build`): one file per command
// starts faster than the hundred modules of dist/cli/.
import { run } from '../dist/cli-bundle/main.js';

const abort = new AbortController();
/** Writes, and resolves when stdout takes more (or is gone): long outputs wait for the reader. */
const stdoutDrained = (s) =>
  new Promise((done) => {
    if (process.stdout.write(s)) return done();
    const finish = () => {
      for (const e of ['drain', 'error', 'close']) process.stdout.off(e, finish);
      done();
    };
    for (const e of ['drain', 'error', 'close']) process.stdout.once(e, finish);
  });
const io = { stdout: (s) => process.stdout.write(s), stdoutDrained, stderr: (s) => process.stderr.write(s), cwd: process.cwd(), isTty: process.stdout.isTTY === true, signal: abort.signal };
process.once('SIGINT', () => abort.abort());
process.exitCode = await run(process.argv.slice(2), io);
