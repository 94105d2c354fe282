import autocannon from 'autocannon';
import { loadResult, type LoadResult } from './load.js';

export interface GeneratedLoadOptions {
  url: string;
  headers: Record<string, string>;
  /** The body of the n-th request sent (from 0), so every request can differ (e.g. distinct events). */
  bodyFor: (n: number) => string;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  duration?: number;
  amount?: number;
}

/**
 * Like load() (the same autocannon settings and figures), for POSTs whose body changes from one
 * request to the next: a route that recognises repeats (idempotent ingest) must be measured on
 * distinct requests.
 */
export async function generatedLoad(options: GeneratedLoadOptions): Promise<LoadResult> {
  const samples: number[] = [];
  let sent = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        ...(options.amount === undefined ? { duration: options.duration ?? 10 } : { amount: options.amount }),
        timeout: 30,
        requests: [
          {
            method: 'POST',
            headers: options.headers,
            setupRequest: (request) => ({ ...request, body: options.bodyFor(sent++) }),
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      samples.push(responseTime);
    });
  });
  return loadResult(result, samples);
}
