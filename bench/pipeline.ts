import type { Benchmark, BenchContext } from './lib/context.js';
import { onEachDatabase } from './lib/each-database.js';
import { sdkPipelineRun, tagFor } from './lib/pipeline.js';
import { distribution, elapsedMs, round, type Distribution } from './lib/stats.js';
import { printTable } from './lib/table.js';
import { writeResults } from './lib/results.js';

const CONCURRENCY = [1, 32] as const;

interface Phase {
  concurrency: number;
  runs: number;
  runsPerSecond: number;
  requestsPerSecond: number;
  /** ms per whole pipeline run (8 requests in sequence). */
  runLatency: Distribution;
}

/**
 * Whole pipeline runs through the SDK (find slot, create submission, run environment, three
 * metric batches, a quality collection, Completed): one pipeline at a time, then 32 at once, each
 * for a fixed time. The baseline is the one-at-a-time rate: 32 at once shows how far the server
 * scales past a single client's round trips.
 */
async function run(context: BenchContext): Promise<void> {
  const seconds = context.quick ? 3 : 15;
  const results = await onEachDatabase(context, async (_server, luco) => {
    let counter = 0;
    const phase = async (concurrency: number, durationSeconds: number): Promise<Phase> => {
      const samples: number[] = [];
      const deadline = performance.now() + durationSeconds * 1000;
      const start = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (performance.now() < deadline) {
            const begun = process.hrtime.bigint();
            await sdkPipelineRun(luco, tagFor(counter++));
            samples.push(elapsedMs(begun));
          }
        }),
      );
      const elapsed = elapsedMs(start) / 1000;
      return { concurrency, runs: samples.length, runsPerSecond: samples.length / elapsed, requestsPerSecond: (samples.length * 8) / elapsed, runLatency: distribution(samples) };
    };
    await phase(4, 2);
    const phases: Phase[] = [];
    for (const concurrency of CONCURRENCY) phases.push(await phase(concurrency, seconds));
    const single = phases[0]!;
    return { phases, speedUp: phases.map((item) => item.runsPerSecond / single.runsPerSecond) };
  });
  printTable(
    `Pipeline runs through @lucots/sdk (8 requests each), ${seconds} s per phase; run latency ms`,
    results.flatMap((result) =>
      result.phases.map((item, index) => ({
        database: result.database,
        'at once': item.concurrency,
        runs: item.runs,
        'runs/s': round(item.runsPerSecond, 1),
        'requests/s': Math.round(item.requestsPerSecond),
        p50: item.runLatency.p50,
        p95: item.runLatency.p95,
        p99: item.runLatency.p99,
        'vs one at a time': `${round(result.speedUp[index] ?? Number.NaN, 2)}x`,
      })),
    ),
  );
  writeResults('pipeline', { seconds, runs: results });
}

export const pipeline: Benchmark = { name: 'pipeline', summary: 'whole pipeline runs per second, one at a time and 32 at once', run };
