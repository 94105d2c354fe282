import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LatencyProxy, LatencyProxyOptions, LatencyProxyStats, TracedChunk } from './latency-proxy.js';

const CHILD = fileURLToPath(new URL('./latency-proxy-child.ts', import.meta.url));
/** The TypeScript loader the benchmarks run under, for the child's own module. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface ProxyRequest {
  id: number;
  op: 'stats' | 'trace' | 'close';
}
export interface ProxyReply {
  id: number;
  result?: unknown;
  error?: string;
}

/**
 * `startLatencyProxy` in a child process: the benchmark's client shares no event loop (timers,
 * GC, JSON work) with the link it measures. The same interface; `close()` ends the process.
 */
export function startLatencyProxyProcess(options: LatencyProxyOptions): Promise<LatencyProxy> {
  const child = fork(CHILD, [JSON.stringify(options)], { execArgv: ['--import', TSX_LOADER], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const failAll = (error: Error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  child.on('message', (message: ProxyReply) => {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) waiter?.reject(new Error(`latency proxy: ${message.error}`));
    else waiter?.resolve(message.result);
  });
  child.on('exit', (code) => failAll(new Error(`latency proxy exited with ${code}`)));
  const ask = <T>(op: ProxyRequest['op']): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, op } satisfies ProxyRequest);
    });
  return new Promise<LatencyProxy>((resolve, reject) => {
    pending.set(0, {
      resolve: (ready) => {
        const { port } = ready as { port: number };
        resolve({
          url: `http://127.0.0.1:${port}`,
          port,
          stats: () => ask<LatencyProxyStats>('stats'),
          trace: () => ask<TracedChunk[]>('trace'),
          close: async () => {
            const exited = new Promise((done) => child.once('exit', done));
            await ask('close');
            await exited;
          },
        });
      },
      reject,
    });
  });
}
