import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliveryQueue, FileStore, MemoryStore } from '@lucots/sdk';
import type { Benchmark, BenchContext } from './lib/context.js';
import { onEachDatabase } from './lib/each-database.js';
import { splitRun, type CallSplit, type RunSplit } from './lib/call-split.js';
import { monotonicMs } from './lib/latency-proxy.js';
import { startLatencyProxyProcess } from './lib/latency-proxy-process.js';
import { measureEcho } from './lib/link-echo.js';
import { METRIC_BATCHES, PIPELINE_SEQUENCE, qualityCollection, RUN_ENVIRONMENT, sdkClient, sdkPipelineRun, tagFor } from './lib/pipeline.js';
import { RawPipeline, sendWithNodeHttp } from './lib/raw-pipeline.js';
import { distribution, elapsedMs, round } from './lib/stats.js';
import { printTable } from './lib/table.js';
import { writeResults } from './lib/results.js';

const ROUND_TRIP_MS = 20;
const CALLS = 8;
/** The SDK's pipeline run: at most this times (calls x round trip). */
const SDK_TARGET_RATIO = 1.05;
/** With the delivery queue, what the pipeline waits for in all: at most this many round trips. */
const QUEUE_TARGET_ROUND_TRIPS = 1;
const SDK_SIDE = '@lucots/sdk, one client';
/**
 * The cheapest route 8 times, through node:http as the SDK sends: what the link, the hops to and
 * from the proxy and the server's least work cost together (it was sent with fetch before the proxy
 * was made exact; fetch's second socket kept the trace from splitting it).
 */
const LINK_FLOOR = 'floor: 8 x GET /healthz (node:http)';
const NODE_HTTP_SIDE = 'plain node:http, keep-alive';
/** The sides whose runs are split call by call from the proxy's trace. */
const SPLIT_SIDES = new Set([LINK_FLOOR, NODE_HTTP_SIDE, SDK_SIDE]);
const ECHO_EXCHANGES = 200;

interface Side {
  name: string;
  run: (tag: string) => Promise<void>;
  samples: number[];
  /** The measured runs' start and end on the monotonic clock (sides in SPLIT_SIDES). */
  windows?: Array<[number, number]>;
}

/**
 * The pipeline run of the other benchmarks (8 calls) across a link with a 20 ms round trip
 * (`lib/latency-proxy.ts` in a process of its own: 10 ms each way, exactly, and a round trip for
 * each new connection's handshake), where what counts is how many round trips a run costs, not CPU.
 * First the link's self-check (an echo across it); then, interleaved run by run:
 * - the floor: 8 sequential GET /healthz, the cheapest route;
 * - plain keep-alive fetch and node:http replaying the SDK's requests (what a hand-written client
 *   reaches);
 * - the SDK, one client for all runs (a long-lived process: token cached, sockets warm);
 * - the SDK, a new client per run (a pipeline process that starts, reports and exits: its token
 *   is fetched in the run);
 * - the delivery queue (memory, then a FileStore that fsyncs every write): the time the pipeline
 *   waits for its 8 writes, and separately the time until the queue has delivered them.
 * The proxy's trace splits the floor's, node:http's and the SDK's runs call by call into the
 * client's time, the link's and the server's.
 */
async function run(context: BenchContext): Promise<void> {
  const rounds = context.quick ? 10 : 60;
  const warmup = context.quick ? 3 : 10;
  const storeDir = mkdtempSync(join(tmpdir(), 'luco-bench-latency-'));
  const results = await onEachDatabase(context, async (server) => {
    const echo = await measureEcho(ROUND_TRIP_MS, context.quick ? 50 : ECHO_EXCHANGES);
    const proxy = await startLatencyProxyProcess({ upstreamPort: Number(new URL(server.url).port), roundTripMs: ROUND_TRIP_MS, trace: true });
    const remote = { ...server, url: proxy.url };
    try {
      const raw = await RawPipeline.record(remote, tagFor(0));
      const longLived = sdkClient(remote);
      const memoryQueue = await DeliveryQueue.open(sdkClient(remote), { store: new MemoryStore() });
      const fileQueue = await DeliveryQueue.open(sdkClient(remote), { store: new FileStore(join(storeDir, server.kind)) });
      const delivered: Record<string, number[]> = { 'queue (memory)': [], 'queue (file)': [] };
      const queued = (name: string, queue: DeliveryQueue) => async (tag: string) => {
        const start = process.hrtime.bigint();
        await queuedPipelineRun(queue, tag);
        const waited = elapsedMs(start);
        if (!(await queue.flush({ timeout: 30_000 }))) throw new Error(`${name}: not delivered within 30 s: ${JSON.stringify(queue.stats())}`);
        delivered[name]!.push(elapsedMs(start));
        return waited;
      };
      const healthz = `${proxy.url}/healthz`;
      const sides: Array<Side & { timed?: (tag: string) => Promise<number> }> = [
        { name: LINK_FLOOR, run: () => healthzRun(healthz), samples: [] },
        { name: 'plain fetch, keep-alive', run: (tag) => raw.run(tag), samples: [] },
        { name: NODE_HTTP_SIDE, run: (tag) => raw.run(tag, 'node-http'), samples: [] },
        { name: SDK_SIDE, run: (tag) => sdkPipelineRun(longLived, tag), samples: [] },
        { name: '@lucots/sdk, new client per run', run: (tag) => sdkPipelineRun(sdkClient(remote), tag), samples: [] },
        { name: 'queue (memory)', run: async () => {}, timed: queued('queue (memory)', memoryQueue), samples: [] },
        { name: 'queue (file)', run: async () => {}, timed: queued('queue (file)', fileQueue), samples: [] },
      ];
      for (const side of sides) if (SPLIT_SIDES.has(side.name)) side.windows = [];
      let counter = 0;
      for (let i = 0; i < warmup + rounds; i++) {
        for (const side of i % 2 === 0 ? sides : [...sides].reverse()) {
          const tag = tagFor(counter++);
          let ms: number;
          if (side.timed) ms = await side.timed(tag);
          else {
            const start = process.hrtime.bigint();
            const startedAt = monotonicMs();
            await side.run(tag);
            ms = elapsedMs(start);
            if (i >= warmup) side.windows?.push([startedAt, monotonicMs()]);
          }
          if (i >= warmup) side.samples.push(ms);
        }
      }
      for (const list of Object.values(delivered)) list.splice(0, warmup);
      await memoryQueue.close();
      await fileQueue.close();
      const trace = await proxy.trace();
      const proxyStats = await proxy.stats();
      const splits = sides.filter((side) => side.windows).map((side) => ({ side: side.name, ...meanSplit(side.windows!.map(([start, end]) => splitRun(trace, start, end))) }));
      const limit = CALLS * ROUND_TRIP_MS;
      const measured = sides.map((side) => ({ side: side.name, run: distribution(side.samples), delivered: delivered[side.name] ? distribution(delivered[side.name]!) : undefined }));
      const sdk = measured.find((item) => item.side === SDK_SIDE)!.run;
      const queueWait = Math.max(...measured.filter((item) => item.delivered).map((item) => item.run.mean));
      return {
        roundTripMs: ROUND_TRIP_MS,
        calls: CALLS,
        limitMs: limit,
        echo,
        proxy: proxyStats,
        sides: measured,
        splits,
        sdkRatio: sdk.mean / limit,
        sdkRatioToEcho: sdk.mean / (CALLS * echo.roundTrip.p50),
        sdkMet: sdk.mean / limit <= SDK_TARGET_RATIO,
        queueWaitRoundTrips: queueWait / ROUND_TRIP_MS,
        queueMet: queueWait <= QUEUE_TARGET_ROUND_TRIPS * ROUND_TRIP_MS,
      };
    } finally {
      await proxy.close();
    }
  });
  rmSync(storeDir, { recursive: true, force: true });
  printTable(
    `The link's self-check: a 64-byte echo across the proxy, ${context.quick ? 50 : ECHO_EXCHANGES} exchanges on one connection (ms), and the proxy's own lateness over the whole run`,
    results.map((result) => ({
      database: result.database,
      'echo p50': round(result.echo.roundTrip.p50, 2),
      'echo p95': round(result.echo.roundTrip.p95, 2),
      'echo max': round(result.echo.roundTrip.max, 2),
      'first (handshake)': round(result.echo.firstMs, 1),
      'chunks forwarded': result.proxy.chunks,
      'late p50': round(result.proxy.lateMs.p50, 3),
      'late p95': round(result.proxy.lateMs.p95, 3),
      'late max': round(result.proxy.lateMs.max, 2),
      'proxy CPU ms': round(result.proxy.cpuMs, 0),
      connections: result.proxy.connections,
    })),
  );
  printTable(
    `A pipeline run (${CALLS} calls) over a link with a ${ROUND_TRIP_MS} ms round trip, ${rounds} interleaved runs per side; ms per run (limit ${CALLS} x ${ROUND_TRIP_MS} = ${CALLS * ROUND_TRIP_MS} ms)`,
    results.flatMap((result) =>
      result.sides.map((item) => ({
        database: result.database,
        client: item.side,
        p50: round(item.run.p50, 1),
        p95: round(item.run.p95, 1),
        mean: round(item.run.mean, 1),
        'x limit (mean)': item.delivered ? '' : round(item.run.mean / result.limitMs, 3),
        'x echo (mean)': item.delivered ? '' : round(item.run.mean / (CALLS * result.echo.roundTrip.p50), 3),
        'delivered (mean)': item.delivered ? round(item.delivered.mean, 1) : '',
        target: item.side === SDK_SIDE ? `<= ${SDK_TARGET_RATIO}x ${result.sdkMet ? 'met' : 'MISSED'}` : item.delivered ? `wait <= ${ROUND_TRIP_MS} ms ${item.run.mean <= ROUND_TRIP_MS ? 'met' : 'MISSED'}` : '',
      })),
    ),
  );
  printTable(
    'Where a run goes, call by call (mean ms over the runs the trace could split): client = from the previous answer leaving the proxy to this request reaching it; server = from the request leaving the proxy to the answer reaching it (loopback included); link = what the proxy held',
    results.flatMap((result) =>
      result.splits.flatMap((split) => [
        ...split.calls.map((call, index) => ({ database: result.database, side: split.side, call: index + 1, route: call.route, client: round(call.client, 2), 'link up': round(call.linkUp, 2), server: round(call.server, 2), 'link down': round(call.linkDown, 2) })),
        { database: result.database, side: split.side, call: 'all', route: `${split.runs} runs; reading the last answer: ${round(split.tail, 2)}`, client: round(sum(split.calls, 'client'), 2), 'link up': round(sum(split.calls, 'linkUp'), 2), server: round(sum(split.calls, 'server'), 2), 'link down': round(sum(split.calls, 'linkDown'), 2) },
      ]),
    ),
  );
  writeResults('latency-link', { rounds, warmup, runs: results });
}

/** The mean split of the runs the trace could split: call by call, and the runs it is over. */
function meanSplit(runs: Array<RunSplit | undefined>): { runs: number; calls: CallSplit[]; tail: number } {
  const split = runs.filter((run): run is RunSplit => run !== undefined && run.calls.length === CALLS);
  const mean = (values: number[]) => values.reduce((total, value) => total + value, 0) / Math.max(1, values.length);
  const calls = Array.from({ length: split.length === 0 ? 0 : CALLS }, (_, index) => {
    const each = split.map((run) => run.calls[index]!);
    return {
      route: each[0]!.route,
      client: mean(each.map((call) => call.client)),
      linkUp: mean(each.map((call) => call.linkUp)),
      server: mean(each.map((call) => call.server)),
      linkDown: mean(each.map((call) => call.linkDown)),
    };
  });
  return { runs: split.length, calls, tail: mean(split.map((run) => run.tail)) };
}

function sum(calls: CallSplit[], part: 'client' | 'linkUp' | 'server' | 'linkDown'): number {
  return calls.reduce((total, call) => total + call[part], 0);
}

async function healthzRun(url: string): Promise<void> {
  for (let call = 0; call < CALLS; call++) {
    const { status, text } = await sendWithNodeHttp(url, { method: 'GET', headers: {} });
    if (status !== 200) throw new Error(`GET /healthz answered ${status}: ${text}`);
  }
}

/** The pipeline run of `sdkPipelineRun`, written to a delivery queue instead. */
async function queuedPipelineRun(queue: DeliveryQueue, tag: string): Promise<void> {
  const slot = await queue.findSlot(tag, PIPELINE_SEQUENCE);
  const submission = await queue.createSubmission(slot);
  await submission.submitRunEnvironment(RUN_ENVIRONMENT, { stage: 'extract' });
  for (const batch of METRIC_BATCHES) await submission.submitMetrics(batch.metrics, { stage: batch.stage });
  await submission.submitQuality(qualityCollection(), { stage: 'validate' });
  await submission.submitCompletedStatus();
}

export const latencyLink: Benchmark = { name: 'latency-link', summary: 'a pipeline run over a 20 ms round-trip link: SDK, plain fetch, delivery queue', run };
