#!/usr/bin/env node
// Thin shim: everything lives in the library; exit codes come from cli/main.
import { run } from '../dist/cli/main.js';

const abort = new AbortController();
const io = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), cwd: process.cwd(), isTty: process.stdout.isTTY === true, signal: abort.signal };
process.once('SIGINT', () => abort.abort());
process.exitCode = await run(process.argv.slice(2), io);
