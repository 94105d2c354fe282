// Metric history (issue 17): one metric's series over 3 years of daily slots of one sequence,
// among 1M submissions (the growth estate, bench/metric-history/seed.ts), over HTTP against a real
// luco-server on each database. The answer is first checked against the obvious reading of the
// rows; the statement's plan is kept. Target: p95 < 20 ms for the whole series on both databases.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Benchmark, BenchContext } from './lib/context.js';
import type { PostgresCluster } from './lib/postgres.js';
import { writeResults } from './lib/results.js';
import { startBenchServer, type BenchServer, type DatabaseKind } from './lib/server.js';
import { round, type Distribution } from './lib/stats.js';
import { printTable } from './lib/table.js';
import { getJson, timeInterleaved } from './growth/measure.js';
import type { GrowthQuery } from './growth/queries.js';
import { explainSeries } from './metric-history/explain.js';
import { expectedSeries, SERIES_SEQUENCE_ID, SERIES_SLOTS, seedHistory } from './metric-history/seed.js';

const P95_TARGET_MS = 20;
const FULL_SERIES = 'whole series (3 years, latest)';

interface Answer {
  values: Array<{ slotId: number; slotSubmissionId: number; value: number; slotTime: string }>;
  nonNumeric: number;
  truncated: boolean;
}

export const metricHistory: Benchmark = {
  name: 'metric-history',
  summary: `one metric over 3 years of daily slots among 1M submissions, over HTTP (p95 < ${P95_TARGET_MS} ms)`,
  async run(ctx: BenchContext) {
    const submissions = ctx.quick ? 20_000 : 1_000_000;
    const timing = ctx.quick ? { warmup: 3, samples: 20 } : { warmup: 20, samples: 200 };
    const results: Record<string, unknown> = {};
    for (const kind of ctx.databases) {
      const result = await measure(kind, submissions, ctx.postgres, timing);
      results[kind] = result;
      printTable(
        `metric history on ${kind}: ${submissions.toLocaleString('en')} submissions, ${result.metricRows.toLocaleString('en')} metric rows (sequential keep-alive requests over loopback)`,
        Object.entries(result.queries).map(([name, dist]) => ({ query: name, 'p50 ms': dist.p50, 'p95 ms': dist.p95, 'p99 ms': dist.p99, [`p95<${P95_TARGET_MS}`]: dist.p95 < P95_TARGET_MS ? 'ok' : 'MISS' })),
      );
      process.stdout.write(`plan (${kind}):\n${result.plan.map((line) => `  ${line}`).join('\n')}\n`);
    }
    writeResults('metric-history', { submissions, seriesSlots: SERIES_SLOTS, timing, targets: { p95Ms: P95_TARGET_MS }, databases: results });
  },
};

async function measure(kind: DatabaseKind, submissions: number, postgres: PostgresCluster | undefined, timing: { warmup: number; samples: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'luco-metric-history-'));
  let target: string | undefined;
  let server: BenchServer | undefined;
  try {
    target = kind === 'sqlite' ? join(dir, 'history.db') : await requirePostgres(postgres).createDatabase();
    log(`${kind}: seeding ${submissions} submissions`);
    const seeded = await seedHistory(target, submissions, Date.now());
    log(`${kind}: seeded ${seeded.seed.rows.slots} slots, ${seeded.metricRows} metric rows in ${seeded.seconds.toFixed(1)} s`);
    const expected = await expectedSeries(target);
    server = await startBenchServer(kind, { target, postgres });
    await checkAnswer(server, expected);
    const plan = await explainSeries(target, { slotSequenceId: SERIES_SEQUENCE_ID, metric: 'rows', stage: 'load' }, 5000);
    const queries: Record<string, Distribution> = {};
    for (const query of historyQueries(seeded.seed.sequences[0]!.name, expected.length)) {
      const [dist] = await timeInterleaved([{ server, query }], timing);
      queries[query.name] = roundDistribution(dist!);
      log(`${kind}: ${query.name}: p50 ${dist!.p50.toFixed(1)} ms, p95 ${dist!.p95.toFixed(1)} ms`);
    }
    return { rows: seeded.seed.rows, metricRows: seeded.metricRows, seedSeconds: round(seeded.seconds, 1), seriesPoints: expected.length, plan, queries };
  } finally {
    await server?.stop();
    if (kind === 'postgres' && target && postgres) await postgres.dropDatabase(target);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The whole series by id must be, point for point, what the obvious reading of the rows gives. */
async function checkAnswer(server: BenchServer, expected: Awaited<ReturnType<typeof expectedSeries>>): Promise<void> {
  if (expected.length < SERIES_SLOTS * 0.5) throw new Error(`the seeded series has only ${expected.length} points`);
  const { status, body } = await getJson(server, `/lucots/v1/metric-history?slotSequenceId=${SERIES_SEQUENCE_ID}&metric=rows&stage=load&limit=5000`);
  if (status !== 200) throw new Error(`metric history answered ${status}`);
  const answer = body as Answer;
  const got = answer.values.map((point) => ({ slotId: point.slotId, submissionId: point.slotSubmissionId, value: point.value }));
  if (JSON.stringify(got) !== JSON.stringify(expected)) throw new Error(`metric history differs from the rows: ${got.length} points, expected ${expected.length}`);
  log(`${server.kind}: the series (${got.length} points) matches the rows`);
}

function historyQueries(name: ReadonlyArray<{ key: string; value: string }>, points: number): GrowthQuery[] {
  const byName = name.map((part) => `sequence=${encodeURIComponent(`${part.key}=${part.value}`)}`).join('&');
  const base = `/lucots/v1/metric-history?slotSequenceId=${SERIES_SEQUENCE_ID}&metric=rows&stage=load`;
  const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  const count = (wanted: (n: number) => boolean, what: string) => (body: unknown) => {
    const answer = body as Answer;
    return wanted(answer.values.length) ? undefined : `${answer.values.length} points, ${what}`;
  };
  return [
    { name: FULL_SERIES, paths: [`${base}&limit=5000`], check: count((n) => n === points, `expected ${points}`) },
    { name: 'whole series by name', paths: [`/lucots/v1/metric-history?${byName}&metric=rows&stage=load&limit=5000`], check: count((n) => n === points, `expected ${points}`) },
    { name: 'last 365 days', paths: [`${base}&from=${yearAgo}`], check: count((n) => n > 200 && n <= 366, 'expected about a year') },
    { name: 'last 30 points (desc)', paths: [`${base}&order=desc&limit=30`], check: count((n) => n === 30, 'expected 30') },
    { name: 'every submission (first 1000)', paths: [`${base}&points=every`], check: count((n) => n === 1000, 'expected a full page') },
    { name: 'submission-level metric', paths: [`/lucots/v1/metric-history?slotSequenceId=${SERIES_SEQUENCE_ID}&metric=files&limit=5000`], check: count((n) => n === points, `expected ${points}`) },
  ];
}

function requirePostgres(postgres: PostgresCluster | undefined): PostgresCluster {
  if (!postgres) throw new Error('metric-history on postgres needs a PostgreSQL cluster');
  return postgres;
}

function roundDistribution(dist: Distribution): Distribution {
  return { n: dist.n, mean: round(dist.mean), p50: round(dist.p50), p95: round(dist.p95), p99: round(dist.p99), max: round(dist.max) };
}

function log(message: string): void {
  process.stderr.write(`metric-history: ${message}\n`);
}
