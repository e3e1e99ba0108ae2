/**
 * What a command may touch: output streams and the working directory. Tests pass fakes.
 * @module
 */
export interface Io {
  stdout: (s: string) => void;
  /** Writes and resolves when the stream can take more (long outputs wait for a slow reader instead of queueing in memory). */
  stdoutDrained?: (s: string | Uint8Array) => Promise<void>;
  stderr: (s: string) => void;
  cwd: string;
  /** True when stdout is a terminal (progress lines, colours). */
  isTty?: boolean;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
}

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface CommandContext {
  io: Io;
  values: Values;
  positionals: string[];
}
