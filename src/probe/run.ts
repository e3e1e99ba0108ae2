/**
 * Running probes: a fixed number of connection attempts in flight, each with its timeout,
 * results in the order of the targets. Stops starting new probes when the signal aborts.
 * @module
 */
import type { Connect, ConnectResult, Endpoint, ProbeStatus } from './connector.js';

export const DEFAULT_CONCURRENCY = 64;
export const DEFAULT_TIMEOUT_MS = 1500;

export interface Progress {
  done: number;
  total: number;
  counts: Record<ProbeStatus, number>;
}

export interface RunOptions {
  concurrency?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export type Probed<T extends Endpoint> = T & ConnectResult;

export interface RunOutcome<T extends Endpoint> {
  /** One per target that ran, in the order of the targets. */
  results: Probed<T>[];
  /** True when the signal stopped the run before every target was tried. */
  aborted: boolean;
}

export async function runProbes<T extends Endpoint>(targets: readonly T[], connect: Connect, opts: RunOptions = {}): Promise<RunOutcome<T>> {
  const concurrency = Math.max(1, Math.min(opts.concurrency ?? DEFAULT_CONCURRENCY, targets.length || 1));
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const slots: (Probed<T> | undefined)[] = new Array<Probed<T> | undefined>(targets.length);
  const counts: Record<ProbeStatus, number> = { open: 0, refused: 0, filtered: 0 };
  let next = 0;
  let done = 0;
  let aborted = false;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      if (opts.signal?.aborted) {
        aborted = true;
        return;
      }
      const i = next++;
      const t = targets[i]!;
      const r = await connect({ address: t.address, protocol: t.protocol, port: t.port }, { timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}) });
      if (r.detail === 'aborted') {
        aborted = true;
        return;
      }
      slots[i] = { ...t, ...r };
      counts[r.status]++;
      done++;
      opts.onProgress?.({ done, total: targets.length, counts: { ...counts } });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { results: slots.filter((x): x is Probed<T> => x !== undefined), aborted: aborted || done < targets.length };
}

/** A progress line for a terminal, redrawn at most every `everyMs`; `end()` erases it. */
export function progressLine(write: (s: string) => void, label: string, everyMs = 100): { update: (p: Progress) => void; end: () => void } {
  let last = 0;
  let shown = false;
  return {
    update: (p) => {
      const now = Date.now();
      if (now - last < everyMs && p.done < p.total) return;
      last = now;
      shown = true;
      write(`\r\x1b[K${label} ${p.done}/${p.total}  open ${p.counts.open}  refused ${p.counts.refused}  filtered ${p.counts.filtered}`);
    },
    end: () => {
      if (shown) write('\r\x1b[K');
    },
  };
}
