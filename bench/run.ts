// `npm run bench [-- NAME... --db sqlite,postgres --quick]`: runs the benchmarks one after the
// other (never in parallel: they would measure each other), each printing its table and writing
// bench/results/NAME.json. Never run by the tests.
import { parseArgs } from 'node:util';
import { alerts } from './alerts.js';
import { commits } from './commits.js';
import { dashboard } from './dashboard.js';
import { gate } from './gate.js';
import { growth } from './growth.js';
import { ingest } from './ingest.js';
import { latencyLink } from './latency-link.js';
import { lineageFloor } from './lineage-floor.js';
import { memory } from './memory.js';
import { metricHistory } from './metric-history.js';
import { metricRules } from './metric-rules.js';
import { openLineage } from './openlineage.js';
import { pipeline } from './pipeline.js';
import { writeFloor } from './write-floor.js';
import type { Benchmark, BenchContext } from './lib/context.js';
import { openPostgresCluster } from './lib/postgres.js';
import type { DatabaseKind } from './lib/server.js';
import { sdkOverhead } from './sdk-overhead.js';

const BENCHMARKS: Benchmark[] = [sdkOverhead, pipeline, latencyLink, ingest, writeFloor, commits, memory, growth, alerts, gate, dashboard, metricHistory, metricRules, openLineage, lineageFloor];

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { db: { type: 'string', default: 'sqlite,postgres' }, quick: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    process.stdout.write(`usage: npm run bench [-- NAME... --db sqlite,postgres --quick]\n${BENCHMARKS.map((bench) => `  ${bench.name.padEnd(14)} ${bench.summary}`).join('\n')}\n`);
    return;
  }
  const unknown = positionals.filter((name) => !BENCHMARKS.some((bench) => bench.name === name));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${BENCHMARKS.map((bench) => bench.name).join(', ')}`);
  const selected = positionals.length > 0 ? BENCHMARKS.filter((bench) => positionals.includes(bench.name)) : BENCHMARKS;
  const databases = parseDatabases(values.db);

  const postgres = databases.includes('postgres') ? openPostgresCluster() : undefined;
  if (databases.includes('postgres') && !postgres) throw new Error('PostgreSQL requested but there is none: set LUCO_BENCH_PG_URL or install postgresql-15 (or pass --db sqlite)');
  const context: BenchContext = { databases, postgres, quick: values.quick };
  try {
    for (const bench of selected) {
      process.stdout.write(`\n=== ${bench.name}: ${bench.summary}\n`);
      await bench.run(context);
    }
  } finally {
    await postgres?.stop();
  }
}

function parseDatabases(value: string): DatabaseKind[] {
  const kinds = value.split(',').map((part) => part.trim()).filter(Boolean);
  for (const kind of kinds) if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`--db takes sqlite and/or postgres, got ${JSON.stringify(kind)}`);
  if (kinds.length === 0) throw new Error('--db needs at least one of sqlite, postgres');
  return kinds as DatabaseKind[];
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
