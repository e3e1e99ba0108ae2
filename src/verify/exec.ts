/**
 * Running the system's network tools (ip, nft, iptables-restore) with a time limit.
 * @module
 */
import { spawn, spawnSync } from 'node:child_process';

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class ExecError extends Error {
  override name = 'ExecError';
  constructor(readonly command: string, readonly result: ExecResult) {
    super(`${command}: ${result.stderr.trim() || result.stdout.trim() || `exit status ${result.code}`}`);
  }
}

/** Runs a command; resolves with its status and output (never rejects for a non-zero status). */
export function exec(cmd: string, args: readonly string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${opts.timeoutMs ?? 30000} ms)`;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 30000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: `${stderr}${e.message}` });
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      resolve({ code: code ?? (sig ? 128 : 1), stdout, stderr });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

/** Runs a command and throws an ExecError when it fails. */
export async function execOk(cmd: string, args: readonly string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
  const r = await exec(cmd, args, opts);
  if (r.code !== 0) throw new ExecError([cmd, ...args].join(' '), r);
  return r;
}

/** The path of a command on PATH (also /sbin and /usr/sbin), or undefined. */
export function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', 'PATH="$PATH:/usr/sbin:/sbin"; command -v "$1"', 'sh', cmd], { encoding: 'utf8' });
  const p = r.stdout?.trim();
  return r.status === 0 && p ? p : undefined;
}
