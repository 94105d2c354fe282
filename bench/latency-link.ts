import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliveryQueue, FileStore, MemoryStore } from '@lucots/sdk';
import type { Benchmark, BenchContext } from './lib/context.js';
import { onEachDatabase } from './lib/each-database.js';
import { startLatencyProxy } from './lib/latency-proxy.js';
import { METRIC_BATCHES, PIPELINE_SEQUENCE, qualityCollection, RUN_ENVIRONMENT, sdkClient, sdkPipelineRun, tagFor } from './lib/pipeline.js';
import { RawPipeline } from './lib/raw-pipeline.js';
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
/** The cheapest route 8 times: what the link, the proxy's timers and the server's least work cost together. */
const LINK_FLOOR = 'floor: 8 x GET /healthz (fetch)';

interface Side {
  name: string;
  run: (tag: string) => Promise<void>;
  samples: number[];
}

/**
 * The pipeline run of the other benchmarks (8 calls) across a link with a 20 ms round trip
 * (`lib/latency-proxy.ts`: 10 ms each way, and a round trip for each new connection's handshake),
 * where what counts is how many round trips a run costs, not CPU. Interleaved run by run:
 * - the floor: 8 sequential GET /healthz, the cheapest route;
 * - plain keep-alive fetch and node:http replaying the SDK's requests (what a hand-written client
 *   reaches);
 * - the SDK, one client for all runs (a long-lived process: token cached, sockets warm);
 * - the SDK, a new client per run (a pipeline process that starts, reports and exits: its token
 *   is fetched in the run);
 * - the delivery queue (memory, then a FileStore that fsyncs every write): the time the pipeline
 *   waits for its 8 writes, and separately the time until the queue has delivered them.
 */
async function run(context: BenchContext): Promise<void> {
  const rounds = context.quick ? 10 : 60;
  const warmup = context.quick ? 3 : 10;
  const storeDir = mkdtempSync(join(tmpdir(), 'luco-bench-latency-'));
  const results = await onEachDatabase(context, async (server) => {
    const proxy = await startLatencyProxy({ upstreamPort: Number(new URL(server.url).port), roundTripMs: ROUND_TRIP_MS });
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
        { name: LINK_FLOOR, run: async () => { for (let call = 0; call < CALLS; call++) await (await fetch(healthz)).text(); }, samples: [] },
        { name: 'plain fetch, keep-alive', run: (tag) => raw.run(tag), samples: [] },
        { name: 'plain node:http, keep-alive', run: (tag) => raw.run(tag, 'node-http'), samples: [] },
        { name: SDK_SIDE, run: (tag) => sdkPipelineRun(longLived, tag), samples: [] },
        { name: '@lucots/sdk, new client per run', run: (tag) => sdkPipelineRun(sdkClient(remote), tag), samples: [] },
        { name: 'queue (memory)', run: async () => {}, timed: queued('queue (memory)', memoryQueue), samples: [] },
        { name: 'queue (file)', run: async () => {}, timed: queued('queue (file)', fileQueue), samples: [] },
      ];
      let counter = 0;
      for (let i = 0; i < warmup + rounds; i++) {
        for (const side of i % 2 === 0 ? sides : [...sides].reverse()) {
          const tag = tagFor(counter++);
          let ms: number;
          if (side.timed) ms = await side.timed(tag);
          else {
            const start = process.hrtime.bigint();
            await side.run(tag);
            ms = elapsedMs(start);
          }
          if (i >= warmup) side.samples.push(ms);
        }
      }
      for (const list of Object.values(delivered)) list.splice(0, warmup);
      await memoryQueue.close();
      await fileQueue.close();
      const limit = CALLS * ROUND_TRIP_MS;
      const measured = sides.map((side) => ({ side: side.name, run: distribution(side.samples), delivered: delivered[side.name] ? distribution(delivered[side.name]!) : undefined }));
      const sdk = measured.find((item) => item.side === SDK_SIDE)!.run;
      const queueWait = Math.max(...measured.filter((item) => item.delivered).map((item) => item.run.mean));
      return {
        roundTripMs: ROUND_TRIP_MS,
        calls: CALLS,
        limitMs: limit,
        proxyConnections: proxy.connections(),
        sides: measured,
        sdkRatio: sdk.mean / limit,
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
    `A pipeline run (${CALLS} calls) over a link with a ${ROUND_TRIP_MS} ms round trip, ${rounds} interleaved runs per side; ms per run (limit ${CALLS} x ${ROUND_TRIP_MS} = ${CALLS * ROUND_TRIP_MS} ms)`,
    results.flatMap((result) =>
      result.sides.map((item) => ({
        database: result.database,
        client: item.side,
        p50: round(item.run.p50, 1),
        p95: round(item.run.p95, 1),
        mean: round(item.run.mean, 1),
        'x limit (mean)': item.delivered ? '' : round(item.run.mean / result.limitMs, 3),
        'delivered (mean)': item.delivered ? round(item.delivered.mean, 1) : '',
        target: item.side === SDK_SIDE ? `<= ${SDK_TARGET_RATIO}x ${result.sdkMet ? 'met' : 'MISSED'}` : item.delivered ? `wait <= ${ROUND_TRIP_MS} ms ${item.run.mean <= ROUND_TRIP_MS ? 'met' : 'MISSED'}` : '',
      })),
    ),
  );
  writeResults('latency-link', { rounds, warmup, runs: results });
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
