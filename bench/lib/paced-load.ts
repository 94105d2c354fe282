import { Agent, request } from 'node:http';
import { distribution, type Distribution } from './stats.js';

export interface PacedLoadOptions {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Requests per second, sent at even intervals whatever the answers do (open loop). */
  rate: number;
  seconds: number;
  /** Keep-alive sockets to spread the requests over. */
  sockets: number;
}

export interface PacedLoadResult {
  sent: number;
  ok: number;
  failed: number;
  /** Achieved rate of answered requests per second. */
  answeredPerSecond: number;
  /** From each request's scheduled time (not its actual send) to its full answer, so a stalled
   * generator or server cannot hide queueing (no coordinated omission). */
  latency: Distribution;
}

/**
 * A steady open-loop load: one request every 1/rate seconds. autocannon's `overallRate` gives each
 * connection a per-second budget it spends back to back at the top of every second, which makes
 * bursts at full concurrency rather than a steady rate; this generator paces requests evenly.
 */
export async function pacedLoad(options: PacedLoadOptions): Promise<PacedLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.sockets });
  const url = new URL(options.url);
  const total = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  const samples: number[] = [];
  let ok = 0;
  let failed = 0;
  const inFlight: Array<Promise<void>> = [];
  const start = performance.now();

  const send = (scheduled: number) =>
    new Promise<void>((resolve) => {
      const req = request(
        { agent, hostname: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: options.method, headers: { ...options.headers, ...(options.body ? { 'content-length': Buffer.byteLength(options.body) } : {}) } },
        (res) => {
          res.resume();
          res.on('end', () => {
            samples.push(performance.now() - scheduled);
            if (res.statusCode !== undefined && res.statusCode < 300) ok++;
            else failed++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end(options.body);
    });

  for (let i = 0; i < total; i++) {
    const scheduled = start + i * interval;
    const wait = scheduled - performance.now();
    // Sleep only when ahead by a whole timer tick; otherwise send now (the schedule keeps the pace).
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(send(scheduled));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  return { sent: total, ok, failed, answeredPerSecond: ok / elapsed, latency: distribution(samples) };
}
