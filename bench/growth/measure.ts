// Times the growth queries over HTTP: sequential requests on keep-alive connections with the
// bearer token, each answer read in full and checked after its time is taken. The sizes are
// measured interleaved (one sample of each size in turn), so a slower or busier moment of the
// machine falls on every size alike and the ratios between sizes stay fair.
import type { BenchServer } from '../lib/server.js';
import { distribution, elapsedMs, type Distribution } from '../lib/stats.js';
import type { GrowthQuery } from './queries.js';

export async function getJson(server: BenchServer, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.token}`, accept: 'application/json' } });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** One request of the query (its `index`-th parameters, in turn): milliseconds to the last byte of a checked 200. */
export async function timeOnce(server: BenchServer, query: GrowthQuery, index: number): Promise<number> {
  const path = query.paths[index % query.paths.length]!;
  const start = process.hrtime.bigint();
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.token}`, accept: 'application/json' } });
  const text = await response.text();
  const ms = elapsedMs(start);
  if (response.status !== 200) throw new Error(`${query.name}: GET ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  const problem = query.check(JSON.parse(text) as unknown);
  if (problem) throw new Error(`${query.name}: GET ${path}: ${problem}`);
  return ms;
}

/** The same query on every target (one per size): warm-ups, then samples taken in turn, the starting target rotating. */
export async function timeInterleaved(targets: ReadonlyArray<{ server: BenchServer; query: GrowthQuery }>, options: { warmup: number; samples: number }): Promise<Distribution[]> {
  for (const { server, query } of targets) for (let index = 0; index < options.warmup; index++) await timeOnce(server, query, index);
  const samples: number[][] = targets.map(() => []);
  for (let index = 0; index < options.samples; index++) {
    for (let turn = 0; turn < targets.length; turn++) {
      const which = (index + turn) % targets.length;
      const { server, query } = targets[which]!;
      samples[which]!.push(await timeOnce(server, query, options.warmup + index));
    }
  }
  return samples.map((values) => distribution(values));
}
