import type { ChildProcess } from 'node:child_process';

export interface LucoServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Sends a signal (unless it already exited) and resolves with its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function assertServerBuilt(): void;

export function startLucoServer(options: {
  args?: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  port?: number;
  timeoutMs?: number;
}): Promise<LucoServerProcess>;
