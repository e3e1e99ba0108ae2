/**
 * Ctrl-C for long-running commands (listen, probe, verify): an AbortSignal that fires on the
 * caller's signal or on SIGINT, SIGTERM or SIGHUP, so that they stop cleanly and remove what they
 * created. While it is in place the process does not die on those signals; `dispose()` restores
 * the default behaviour.
 * @module
 */
import { setMaxListeners } from 'node:events';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface Interrupt {
  signal: AbortSignal;
  dispose: () => void;
}

export function interruptible(outer?: AbortSignal): Interrupt {
  const ctl = new AbortController();
  // Every pending probe and worker request listens to it.
  setMaxListeners(0, ctl.signal);
  const onSignal = (name: NodeJS.Signals): void => ctl.abort(new Error(`interrupted (${name})`));
  const onOuter = (): void => ctl.abort(outer?.reason ?? new Error('interrupted'));
  for (const s of SIGNALS) process.on(s, onSignal);
  if (outer?.aborted) onOuter();
  else outer?.addEventListener('abort', onOuter, { once: true });
  return {
    signal: ctl.signal,
    dispose: () => {
      for (const s of SIGNALS) process.off(s, onSignal);
      outer?.removeEventListener('abort', onOuter);
    },
  };
}

/** Resolves when the signal aborts or after `ms` (when given). */
export function waitFor(signal: AbortSignal, ms?: number): Promise<'aborted' | 'elapsed'> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve('aborted');
    // A pending abort listener does not keep Node running; a timer does.
    const keepAlive = setInterval(() => {}, 1 << 30);
    const timer = ms === undefined ? undefined : setTimeout(() => {
      clearInterval(keepAlive);
      signal.removeEventListener('abort', onAbort);
      resolve('elapsed');
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      clearInterval(keepAlive);
      resolve('aborted');
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
