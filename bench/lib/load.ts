import autocannon from 'autocannon';
import { distribution, type Distribution } from './stats.js';

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  duration?: number;
  /** Exactly this many requests, then stop. */
  amount?: number;
  /** Requests per second across all connections (open loop); unset: as fast as answers come. */
  overallRate?: number;
  /** Called with the latest sample every 100 ms, e.g. to sample the server's memory. */
  onTick?: () => void;
}

export interface LoadResult {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  /** Successful answers per second. */
  throughput: number;
  /** Every answer's latency in ms, measured by autocannon from the request's send to its answer. */
  latency: Distribution;
  statusCodes: Record<string, number>;
}

/** Drives one endpoint with autocannon and keeps every response time for exact percentiles. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const samples: number[] = [];
  let finish: (result: autocannon.Result) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: options.url,
      method: options.method ?? 'GET',
      headers: { ...options.headers },
      ...(options.body === undefined ? {} : { body: options.body }),
      connections: options.connections,
      ...(options.amount === undefined ? { duration: options.duration ?? 10 } : { amount: options.amount }),
      ...(options.overallRate === undefined ? {} : { overallRate: options.overallRate }),
      timeout: 30,
    },
    (error, result) => (error ? fail(error) : finish(result)),
  );
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    samples.push(responseTime);
  });
  const ticker = options.onTick ? setInterval(options.onTick, 100) : undefined;
  try {
    const result = await done;
    return loadResult(result, samples);
  } finally {
    if (ticker) clearInterval(ticker);
  }
}

/** What a run of autocannon measured, with the latencies sampled per response. */
export function loadResult(result: autocannon.Result, samples: number[]): LoadResult {
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0]));
  return {
    requests: samples.length + result.errors,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    throughput: result['2xx'] / result.duration,
    latency: samples.length > 0 ? distribution(samples) : distribution([Number.NaN]),
    statusCodes,
  };
}
