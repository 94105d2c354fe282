import type { Benchmark, BenchContext } from './lib/context.js';
import { load, type LoadResult } from './lib/load.js';
import { pacedLoad, type PacedLoadResult } from './lib/paced-load.js';
import { onEachDatabase } from './lib/each-database.js';
import { metricWriteRequest, PIPELINE_SEQUENCE, tagFor } from './lib/pipeline.js';
import { round } from './lib/stats.js';
import { printTable } from './lib/table.js';
import { writeResults } from './lib/results.js';

// Issue 20's targets (issue 7 had 0.5x and 10 ms, on SQLite only).
const TARGETS = { throughputRatioAtLeast: 0.8, p99AtRateBelowMs: { sqlite: 5, postgres: 8 }, rate: 1_000, burst: 10_000 };

/**
 * autocannon against the metric-write route and, as the baseline, the same server's cheapest
 * route (GET /healthz: routing, one trivial database query, a small JSON answer).
 */
async function run(context: BenchContext): Promise<void> {
  const seconds = context.quick ? 3 : 10;
  const results = await onEachDatabase(context, async (server, luco) => {
    const p99Target = TARGETS.p99AtRateBelowMs[server.kind];
    const slotId = await luco.findSlotId(tagFor(0), PIPELINE_SEQUENCE);
    const target = await luco.createSubmission(slotId);
    const burstTarget = await luco.createSubmission(slotId);
    const headers = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json-patch+json' };
    const metricWrites = (submissionId: number) => metricWriteRequest(server, slotId, submissionId);

    await load({ ...metricWrites(target.submissionId), connections: 10, duration: 2 });
    await load({ url: `${server.url}/healthz`, headers, connections: 10, duration: 2 });
    const cheapest = await load({ url: `${server.url}/healthz`, headers, connections: 10, duration: seconds });
    const writes = await load({ ...metricWrites(target.submissionId), connections: 10, duration: seconds });
    const autocannonAtRate = await load({ ...metricWrites(target.submissionId), connections: 20, duration: seconds, overallRate: TARGETS.rate });
    // The paced generator's own warm-up (its sockets and code path), then the cheapest route at
    // the same rate: the latency floor of this generator on this machine, beside the writes.
    await pacedLoad({ ...metricWrites(target.submissionId), rate: TARGETS.rate, seconds: 3, sockets: 32 });
    const pacedCheapest = await pacedLoad({ url: `${server.url}/healthz`, method: 'GET', headers, rate: TARGETS.rate, seconds, sockets: 32 });
    const paced = await pacedLoad({ ...metricWrites(target.submissionId), rate: TARGETS.rate, seconds, sockets: 32 });
    const burst = await load({ ...metricWrites(burstTarget.submissionId), connections: 100, amount: TARGETS.burst });
    const stored = (await burstTarget.getMetrics({ includeDuplicates: true })) as unknown[];

    const ratio = writes.throughput / cheapest.throughput;
    return {
      cheapestRoute: summary(cheapest),
      metricWrites: summary(writes),
      throughputRatio: ratio,
      autocannonAtRate: { rate: TARGETS.rate, ...summary(autocannonAtRate) },
      pacedCheapest: { rate: TARGETS.rate, ...pacedCheapest },
      paced: { rate: TARGETS.rate, ...paced },
      burst: { ...summary(burst), metricsStored: stored.length, metricsAnswered: burst.ok * 3 },
      p99Target,
      verdicts: {
        throughputRatio: ratio >= TARGETS.throughputRatioAtLeast,
        p99AtRate: paced.latency.p99 < p99Target && paced.failed === 0,
        burstWithoutError: burst.ok === TARGETS.burst && burst.errors === 0 && burst.non2xx === 0 && stored.length === burst.ok * 3,
      },
    };
  });
  printTable(
    `Server ingest (autocannon, ${seconds} s runs): POST metric batch vs GET /healthz; latency ms`,
    results.flatMap((result) => [
      row(result.database, 'GET /healthz, 10 conn (baseline)', result.cheapestRoute, ''),
      row(result.database, 'POST metrics, 10 conn', result.metricWrites, `${round(result.throughputRatio, 2)}x baseline (>= ${TARGETS.throughputRatioAtLeast}: ${verdict(result.verdicts.throughputRatio)})`),
      row(result.database, `POST metrics, autocannon overallRate ${TARGETS.rate}/s (bursty)`, result.autocannonAtRate, ''),
      pacedRow(result.database, `GET /healthz paced ${TARGETS.rate}/s, open loop (floor)`, result.pacedCheapest, ''),
      pacedRow(result.database, `POST metrics paced ${TARGETS.rate}/s, open loop`, result.paced, `p99 < ${result.p99Target} ms: ${verdict(result.verdicts.p99AtRate)}`),
      row(result.database, `POST metrics burst of ${TARGETS.burst}, 100 conn`, result.burst, `stored ${result.burst.metricsStored}/${TARGETS.burst * 3}: ${verdict(result.verdicts.burstWithoutError)}`),
    ]),
  );
  writeResults('ingest', { seconds, targets: TARGETS, runs: results });
}

function summary(result: LoadResult) {
  return {
    requests: result.requests,
    ok: result.ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    throughput: result.throughput,
    latency: result.latency,
    statusCodes: result.statusCodes,
  };
}

function row(database: string, load: string, result: ReturnType<typeof summary>, target: string) {
  return {
    database,
    load,
    'req/s': Math.round(result.throughput),
    p50: result.latency.p50,
    p95: result.latency.p95,
    p99: result.latency.p99,
    'errors+non2xx': result.errors + result.non2xx,
    target,
  };
}

function pacedRow(database: string, load: string, result: PacedLoadResult, target: string) {
  return {
    database,
    load,
    'req/s': Math.round(result.answeredPerSecond),
    p50: result.latency.p50,
    p95: result.latency.p95,
    p99: result.latency.p99,
    'errors+non2xx': result.failed,
    target,
  };
}

function verdict(met: boolean): string {
  return met ? 'met' : 'MISSED';
}

export const ingest: Benchmark = { name: 'ingest', summary: 'autocannon on the metric-write route against the cheapest route', run };
