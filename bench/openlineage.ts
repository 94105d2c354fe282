import { sql } from 'kysely';
import type { Benchmark, BenchContext } from './lib/context.js';
import { generatedLoad } from './lib/generated-load.js';
import { lineageEventStream } from './lib/lineage-events.js';
import { uuidV7 } from './lib/uuid-v7.js';
import type { LoadResult } from './lib/load.js';
import { newMetricWriteRequest } from './lib/pipeline.js';
import { writeResults } from './lib/results.js';
import { startBenchServer } from './lib/server.js';
import { round } from './lib/stats.js';
import { printTable } from './lib/table.js';
import { openDatabase } from '../packages/server/src/storage/db.js';

const TARGETS = { throughputRatioAtLeast: 0.5, burst: 10_000 };

/**
 * POST /api/v1/lineage against the metric-write route of the same server, both with distinct
 * requests through the same autocannon settings (10 connections). Events come in pairs, START
 * then COMPLETE with outputStatistics, of runs spread over 10 jobs; each run is a new submission
 * (unscheduled sequences, created on first sight). The same again with UUIDv7 run ids, as
 * OpenLineage clients since 1.15 send them (the ratio is taken with random ids, the worse case).
 * Then a burst of 10,000 events (5,000 runs of
 * one job) on 100 connections, and a count in the database of what it left.
 */
async function run(context: BenchContext): Promise<void> {
  const seconds = context.quick ? 3 : 10;
  const results = [];
  for (const database of context.databases) {
    const server = await startBenchServer(database, { postgres: context.postgres, args: ['--openlineage-create-sequences'] });
    try {
      const metric = await newMetricWriteRequest(server);
      const lineage = { url: `${server.url}/api/v1/lineage`, headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' } };
      const metricBody = () => metric.body;

      await generatedLoad({ ...metric, bodyFor: metricBody, connections: 10, duration: 2 });
      await generatedLoad({ ...lineage, bodyFor: lineageEventStream('warmup', 10), connections: 10, duration: 2 });
      const metricWrites = await generatedLoad({ ...metric, bodyFor: metricBody, connections: 10, duration: seconds });
      const events = await generatedLoad({ ...lineage, bodyFor: lineageEventStream('sustained', 10), connections: 10, duration: seconds });
      const eventsV7 = await generatedLoad({ ...lineage, bodyFor: lineageEventStream('sustained-v7', 10, uuidV7), connections: 10, duration: seconds });
      const burst = await generatedLoad({ ...lineage, bodyFor: lineageEventStream('burst', 1), connections: 100, amount: TARGETS.burst });
      const stored = await countBurst(server.target);
      const ratio = events.throughput / metricWrites.throughput;
      results.push({
        database,
        metricWrites: summary(metricWrites),
        openLineageEvents: summary(events),
        throughputRatio: ratio,
        openLineageEventsUuidV7: summary(eventsV7),
        throughputRatioUuidV7: eventsV7.throughput / metricWrites.throughput,
        burst: { ...summary(burst), ...stored },
        verdicts: {
          throughputRatio: ratio >= TARGETS.throughputRatioAtLeast,
          burstNothingLost:
            burst.ok === TARGETS.burst && burst.errors === 0 && burst.non2xx === 0 && stored.eventsLogged === TARGETS.burst && stored.submissions === TARGETS.burst / 2 && stored.completed === TARGETS.burst / 2,
        },
      });
    } finally {
      await server.stop();
    }
  }
  printTable(
    `OpenLineage ingest (autocannon, ${seconds} s runs, distinct requests): POST /api/v1/lineage vs POST metrics; latency ms`,
    results.flatMap((result) => [
      row(result.database, 'POST metrics, 10 conn (baseline)', result.metricWrites, ''),
      row(result.database, 'POST /api/v1/lineage (START/COMPLETE pairs), 10 conn', result.openLineageEvents, `${round(result.throughputRatio, 2)}x baseline (>= 0.5: ${verdict(result.verdicts.throughputRatio)})`),
      row(result.database, 'the same, UUIDv7 run ids', result.openLineageEventsUuidV7, `${round(result.throughputRatioUuidV7, 2)}x baseline`),
      row(
        result.database,
        `burst of ${TARGETS.burst} events, 100 conn`,
        result.burst,
        `logged ${result.burst.eventsLogged}, submissions ${result.burst.submissions}, completed ${result.burst.completed}: ${verdict(result.verdicts.burstNothingLost)}`,
      ),
    ]),
  );
  writeResults('openlineage', { seconds, targets: TARGETS, runs: results });
}

/** What the burst left in the database: events logged, submissions of the burst's job, and how many completed. */
async function countBurst(target: string): Promise<{ eventsLogged: number; submissions: number; completed: number }> {
  const handle = openDatabase(target);
  try {
    const db = handle.db;
    const events = await db.selectFrom('lineage_events').select(sql<number>`count(*)`.as('n')).where('job_namespace', '=', 'bench-burst').executeTakeFirstOrThrow();
    const runs = db.selectFrom('lineage_runs').select('submission_id').where('job_namespace', '=', 'bench-burst');
    const submissions = await db.selectFrom('submissions').select(sql<number>`count(*)`.as('n')).where('id', 'in', runs).executeTakeFirstOrThrow();
    const completed = await db.selectFrom('submissions').select(sql<number>`count(*)`.as('n')).where('id', 'in', runs).where('status', '=', 'Completed').executeTakeFirstOrThrow();
    return { eventsLogged: Number(events.n), submissions: Number(submissions.n), completed: Number(completed.n) };
  } finally {
    await handle.close();
  }
}

function summary(result: LoadResult) {
  return { requests: result.requests, ok: result.ok, non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, throughput: result.throughput, latency: result.latency, statusCodes: result.statusCodes };
}

function row(database: string, load: string, result: ReturnType<typeof summary>, target: string) {
  return { database, load, 'req/s': Math.round(result.throughput), p50: result.latency.p50, p95: result.latency.p95, p99: result.latency.p99, 'errors+non2xx': result.errors + result.non2xx, target };
}

function verdict(met: boolean): string {
  return met ? 'met' : 'MISSED';
}

export const openLineage: Benchmark = { name: 'openlineage', summary: 'OpenLineage events/s against the metric-write route, and a 10,000-event burst', run };
