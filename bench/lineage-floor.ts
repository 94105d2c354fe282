import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withChild } from './lib/child-server.js';
import type { Benchmark, BenchContext } from './lib/context.js';
import { generatedLoad, type GeneratedLoadOptions } from './lib/generated-load.js';
import { lineageEventStream } from './lib/lineage-events.js';
import type { LoadResult } from './lib/load.js';
import { newMetricWriteRequest } from './lib/pipeline.js';
import { writeResults } from './lib/results.js';
import { startBenchServer, type DatabaseKind } from './lib/server.js';
import { round } from './lib/stats.js';
import { printTable } from './lib/table.js';

const BARE_CHILD: Record<DatabaseKind, string> = {
  sqlite: fileURLToPath(new URL('./lib/bare-lineage-child.ts', import.meta.url)),
  postgres: fileURLToPath(new URL('./lib/bare-lineage-postgres-child.ts', import.meta.url)),
};
const METRIC_LOAD = 'POST metrics';
const BARE_METRIC_LOAD = 'POST /metric';
const JOBS = 10;
const FLOOR_LABEL = 'floor';
const GOAL = 0.5;

interface Measured {
  database: DatabaseKind;
  server: string;
  load: string;
  perSecond: number;
  microsPerRequest: number;
  failed: number;
}

/**
 * The floor under issue 19's "OpenLineage events/s at least 0.5x the metric-write route", per
 * database: luco-server's two routes on a fresh database, then a bare server on the same one
 * doing only the writes of a metric request and of an event, with every LucoTS layer left out
 * (bare-lineage-child.ts: prepared statements, a commit per loop turn on SQLite;
 * bare-lineage-postgres-child.ts: one round trip a request on PostgreSQL); then the same with the
 * slots' non-unique indexes dropped. All through the same autocannon settings as the openlineage
 * benchmark (10 connections, START/COMPLETE pairs of new runs over 10 jobs).
 *
 * An event on luco-server costs at least the bare event plus what luco-server adds to a bare
 * metric write (auth, validation, logging, the group commit's layers), which its metric route
 * shows. So the best ratio any implementation of the same writes could reach is
 * t(metric) / (t(bare event) + t(metric) - t(bare metric)), each a time per request.
 */
async function run(context: BenchContext): Promise<void> {
  const seconds = context.quick ? 3 : 8;
  const rows: Measured[] = [];
  for (const database of context.databases) {
    const dir = mkdtempSync(join(tmpdir(), 'luco-lineage-floor-'));
    const target = database === 'sqlite' ? join(dir, 'floor.db') : await context.postgres!.createDatabase();
    try {
      rows.push(...(await floorOn(database, target, seconds)));
    } finally {
      if (database === 'postgres') await context.postgres!.dropDatabase(target);
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const bounds = context.databases.flatMap((database) => boundsOf(rows.filter((row) => row.database === database)));
  printTable(
    `Lineage floor (autocannon, ${seconds} s runs, 10 connections): luco-server and bare servers on the same schema`,
    rows.map((row) => ({ database: row.database, server: row.server, load: row.load, 'req/s': Math.round(row.perSecond), 'µs/request': round(row.microsPerRequest, 1), 'errors+non2xx': row.failed })),
  );
  printTable(
    `The best ratio luco-server could reach with each bare event's writes: metric / (metric + bare event - bare metric), in µs a request; goal ${GOAL}x`,
    bounds.map((bound) => ({
      database: bound.database,
      server: bound.server,
      event: bound.load,
      'µs over a metric write': round(bound.addedMicros, 1),
      'best ratio': round(bound.bestRatio, 3),
      'luco-server now': round(bound.currentRatio, 3),
      [`>= ${GOAL}x`]: bound.bestRatio >= GOAL ? 'reachable' : 'out of reach',
    })),
  );
  writeResults('lineage-floor', { seconds, goal: GOAL, runs: rows, bounds });
}

/** luco-server's two routes on a fresh database, then the bare server's on the same one, with and without the slots' non-unique indexes. */
async function floorOn(database: DatabaseKind, target: string, seconds: number): Promise<Measured[]> {
  const rows: Measured[] = [];
  const measured = async (server: string, load: string, options: Omit<GeneratedLoadOptions, 'connections'>) => {
    const result: LoadResult = await generatedLoad({ ...options, connections: 10, duration: seconds });
    rows.push({ database, server, load, perSecond: result.throughput, microsPerRequest: 1_000_000 / result.throughput, failed: result.errors + result.non2xx });
  };
  const server = await startBenchServer(database, { target, args: ['--openlineage-create-sequences'] });
  let metricSubmission: string;
  let metricBody: string;
  try {
    const metric = await newMetricWriteRequest(server);
    metricSubmission = /\/submissions\/(\d+)\//.exec(metric.url)![1]!;
    metricBody = metric.body;
    const lineage = { url: `${server.url}/api/v1/lineage`, headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' } };
    const metricLoad = { ...metric, bodyFor: () => metric.body };
    await warmUp([metricLoad, { ...lineage, bodyFor: lineageEventStream('warmup', JOBS) }]);
    await measured('luco-server', METRIC_LOAD, metricLoad);
    await measured('luco-server', 'POST /api/v1/lineage', { ...lineage, bodyFor: lineageEventStream('sustained', JOBS) });
    // The floor's jobs get their sequences the way luco-server makes them.
    const seed = lineageEventStream(FLOOR_LABEL, JOBS);
    for (let n = 0; n < 2 * JOBS; n++) {
      const response = await fetch(lineage.url, { method: 'POST', headers: lineage.headers, body: seed(n) });
      if (!response.ok) throw new Error(`seeding event ${n}: ${response.status} ${await response.text()}`);
    }
  } finally {
    await server.stop();
  }

  for (const bareSlots of [false, true]) {
    const name = bareSlots ? 'bare, slots without their non-unique indexes' : 'bare';
    const args = [target, metricSubmission, `bench-${FLOOR_LABEL}`, ...(bareSlots ? ['--bare-slots'] : [])];
    await withChild(BARE_CHILD[database], args, async (url) => {
      const metricLoad = { url: `${url}/metric`, headers: { 'content-type': 'application/json-patch+json' }, bodyFor: () => metricBody };
      const events = (path: string) => ({ url: `${url}${path}`, headers: { 'content-type': 'application/json' }, bodyFor: lineageEventStream(FLOOR_LABEL, JOBS) });
      await warmUp([metricLoad, events('/event')]);
      await measured(name, BARE_METRIC_LOAD, metricLoad);
      await measured(name, 'POST /event (what luco-server writes)', events('/event'));
      await measured(name, 'POST /event-lean (no raw body, series points, health)', events('/event-lean'));
    });
  }
  return rows;
}

/** Per bare event: the best ratio luco-server could reach with its writes (see run). */
function boundsOf(rows: Measured[]) {
  const luco = (load: string) => rows.find((row) => row.server === 'luco-server' && row.load === load)!;
  const metricMicros = luco(METRIC_LOAD).microsPerRequest;
  const currentRatio = luco('POST /api/v1/lineage').perSecond / luco(METRIC_LOAD).perSecond;
  return rows
    .filter((row) => row.load.startsWith('POST /event'))
    .map((row) => {
      const bareMetric = rows.find((other) => other.server === row.server && other.load === BARE_METRIC_LOAD)!;
      const addedMicros = row.microsPerRequest - bareMetric.microsPerRequest;
      return { database: row.database, server: row.server, load: row.load, metricMicros, addedMicros, bestRatio: metricMicros / (metricMicros + addedMicros), currentRatio };
    });
}

async function warmUp(loads: Array<Omit<GeneratedLoadOptions, 'connections'>>): Promise<void> {
  for (const options of loads) await generatedLoad({ ...options, connections: 10, duration: 2 });
}

export const lineageFloor: Benchmark = {
  name: 'lineage-floor',
  summary: 'what issue 19 allows on this machine: luco-server against bare servers writing only what an OpenLineage event and a metric write need',
  run,
};
