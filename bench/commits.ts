// Commits per write (issue 20): how many durable commits a keyed write costs. Two counts:
// - at the driver, in process: the server's app (buildApp, as `luco-server serve` builds it) on a
//   fresh SQLite file or PostgreSQL database opened with `countCommits` (storage/commit-counter.ts),
//   keyed writes sent one after another through `inject`, then 32 at once;
// - on PostgreSQL, from the database's own WAL: a real luco-server process, keyed metric writes over
//   HTTP, and the commit records PostgreSQL wrote meanwhile (pg_walinspect), less those of an idle
//   window of the same length (the server's background work).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildApp } from '../packages/server/src/app.js';
import type { LucoApp } from '../packages/server/src/context.js';
import { openDatabase, type DatabaseHandle } from '../packages/server/src/storage/db.js';
import { migrateToLatest } from '../packages/server/src/storage/migrate.js';
import type { Benchmark, BenchContext } from './lib/context.js';
import { importPipelineSequence, metricWriteRequest, PIPELINE_SEQUENCE, sdkClient, tagFor } from './lib/pipeline.js';
import { writeResults } from './lib/results.js';
import { startBenchServer, type DatabaseKind } from './lib/server.js';
import { round } from './lib/stats.js';
import { printTable } from './lib/table.js';

const TARGET_PER_KEYED_WRITE = 1;
const METRICS = { stage: 'load', metrics: [{ metric: 'rows', value: 124_870 }, { metric: 'files', value: 12 }] };
const COMPLETED = { runId: '', stage: 'Submission', type: null, message: null, modifiedBy: null, status: 'Completed' };

interface RouteCount {
  route: string;
  writes: number;
  commits: number;
}

async function run(context: BenchContext): Promise<void> {
  const writes = context.quick ? 20 : 200;
  const results: Array<{ database: DatabaseKind; driver: RouteCount[]; wal?: WalCount | undefined }> = [];
  for (const database of context.databases) {
    const driver = await countAtDriver(database, context, writes);
    const wal = database === 'postgres' && context.postgres ? await countInWal(context, writes) : undefined;
    results.push({ database, driver, wal });
  }
  printTable(
    'Durable commits per write (COMMITs of transactions that changed something, and changing statements outside one)',
    results.flatMap(({ database, driver, wal }) => [
      ...driver.map((count) => row(database, 'driver (in process)', count)),
      ...(wal
        ? [
            row(database, 'WAL: commits writing a key (luco-server)', { route: 'POST metrics, keyed', writes: wal.writes, commits: wal.commitsWritingKeys }),
            // Every commit in the window, the server's background work (alerts engine, lease) included.
            row(database, 'WAL: all commits (luco-server)', { route: `POST metrics, keyed; all commits in the window (idle window of the same length: ${wal.idleCommits})`, writes: wal.writes, commits: wal.commits }, false),
          ]
        : []),
    ]),
  );
  writeResults('commits', { writes, target: { commitsPerKeyedWrite: TARGET_PER_KEYED_WRITE }, runs: results });
}

/** The target applies to keyed writes sent one at a time, counted as the server's own commits. */
function row(database: string, counted: string, count: RouteCount, checked = !count.route.includes('at once') && count.route.includes('keyed')) {
  const perWrite = count.commits / count.writes;
  return {
    database,
    counted,
    writes: count.route,
    requests: count.writes,
    commits: count.commits,
    'per write': round(perWrite, 3),
    target: checked ? `${TARGET_PER_KEYED_WRITE}: ${perWrite <= TARGET_PER_KEYED_WRITE ? 'met' : 'MISSED'}` : '',
  };
}

async function countAtDriver(kind: DatabaseKind, context: BenchContext, writes: number): Promise<RouteCount[]> {
  const dir = mkdtempSync(join(tmpdir(), 'luco-commits-'));
  const target = kind === 'sqlite' ? join(dir, 'luco.db') : await context.postgres!.createDatabase();
  const database = openDatabase(target, { countCommits: true });
  let app: LucoApp | undefined;
  try {
    await migrateToLatest(database.db);
    app = await buildApp({ database, auth: { enabled: false, resourceId: 'luco', issuer: 'luco-server' } });
    await app.ready();
    return await countRoutes(app, database, writes);
  } finally {
    await app?.close();
    await database.close();
    if (kind === 'postgres') await context.postgres!.dropDatabase(target);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function countRoutes(app: LucoApp, database: DatabaseHandle, writes: number): Promise<RouteCount[]> {
  const post = async (url: string, body: unknown, key?: string) => {
    const response = await app.inject({ method: 'POST', url, payload: body === undefined ? '' : JSON.stringify(body), headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(key ? { 'idempotency-key': key } : {}) } });
    if (response.statusCode !== 200 && response.statusCode !== 201) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    return response.json() as Record<string, unknown>;
  };
  const counted = async (route: string, count: number, send: (i: number) => Promise<unknown>): Promise<RouteCount> => {
    const before = database.commits!.count;
    for (let i = 0; i < count; i++) await send(i);
    return { route, writes: count, commits: database.commits!.count - before };
  };
  await post('/v2/slotsequences/import', { slotSequences: [{ name: Object.entries(PIPELINE_SEQUENCE).map(([key, value]) => ({ key, value })), type: 'Benchmark feed' }] });
  const definition = Object.entries(PIPELINE_SEQUENCE).map(([key, value], position) => ({ position, key, value }));
  const slotIds: number[] = [];
  for (let i = 0; i < writes; i++) slotIds.push((await post('/slots/', { tag: tagFor(i), slotSequenceDefinition: definition })).slotId as number);
  const submissionIds: number[] = [];
  const results: RouteCount[] = [];
  results.push(
    await counted('POST submission, keyed', writes, async (i) => {
      submissionIds.push((await post(`/slots/${slotIds[i]}/submissions`, undefined, `submission-${i}`)).slotSubmissionId as number);
    }),
  );
  const metricsUrl = (i: number) => `/v2/slots/${slotIds[i]}/submissions/${submissionIds[i]}/metrics`;
  results.push(await counted('POST metrics, keyed', writes, (i) => post(metricsUrl(i), METRICS, `metrics-${i}`)));
  results.push(await counted('POST metrics, keyed, replayed', writes, (i) => post(metricsUrl(i), METRICS, `metrics-${i}`)));
  results.push(await counted('POST metrics, no key', writes, (i) => post(metricsUrl(i), METRICS)));
  results.push(await counted('POST Completed status, keyed', writes, (i) => post(`/slots/${slotIds[i]}/submissions/${submissionIds[i]}/status`, COMPLETED, `status-${i}`)));
  const rounds = Math.max(1, Math.floor(writes / 32));
  const together = await counted('POST metrics, keyed, 32 at once', rounds, (round) => Promise.all(Array.from({ length: 32 }, (_, i) => post(metricsUrl(i % writes), METRICS, `together-${round}-${i}`))));
  results.push({ ...together, writes: rounds * 32 });
  return results;
}

interface WalCount {
  writes: number;
  /** Every COMMIT record while the writes ran. */
  commits: number;
  /** Those of transactions that wrote an idempotency key: the keyed writes themselves. */
  commitsWritingKeys: number;
  idleCommits: number;
  seconds: number;
}

/** PostgreSQL's own count: COMMIT records in the WAL while a real server answers keyed writes. */
async function countInWal(context: BenchContext, writes: number): Promise<WalCount> {
  const server = await startBenchServer('postgres', { postgres: context.postgres });
  const client = new pg.Client({ connectionString: server.target });
  await client.connect();
  try {
    await client.query('create extension if not exists pg_walinspect');
    const luco = sdkClient(server);
    await importPipelineSequence(luco);
    const slotId = await luco.findSlotId(tagFor(0), PIPELINE_SEQUENCE);
    const submission = await luco.createSubmission(slotId);
    const request = metricWriteRequest(server, slotId, submission.submissionId);
    const send = async (key: string) => {
      const response = await fetch(request.url, { method: 'POST', headers: { ...request.headers, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(METRICS) });
      if (response.status !== 201) throw new Error(`metric write: ${response.status} ${await response.text()}`);
    };
    await send('warm-up');
    // The flushed position: every commit a write was answered after is flushed up to it.
    const lsn = async () => ((await client.query<{ lsn: string }>('select pg_current_wal_flush_lsn()::text as lsn')).rows[0]!.lsn);
    // COMMIT records between two positions; with `relation` (tablespace/database/file, as the WAL
    // names blocks), only those of transactions that changed that relation.
    const commitsBetween = async (from: string, to: string, relation?: string) => {
      if (from === to) return 0;
      const records = `pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn)`;
      const touching = relation === undefined ? '' : `and xid in (select xid from ${records} where block_ref like '%rel ' || $3 || ' %')`;
      const parameters = relation === undefined ? [from, to] : [from, to, relation];
      return Number((await client.query<{ n: string }>(`select count(*) as n from ${records} where resource_manager = 'Transaction' and record_type like 'COMMIT%' ${touching}`, parameters)).rows[0]!.n);
    };
    // Let the server's start-up work (the engine's first passes) finish before counting.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const started = Date.now();
    const start = await lsn();
    for (let i = 0; i < writes; i++) await send(`wal-${i}`);
    const afterWrites = await lsn();
    const seconds = (Date.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const afterIdle = await lsn();
    const keysFile = (await client.query<{ path: string }>(`select pg_relation_filepath('idempotency_keys') as path`)).rows[0]!.path.replace(/^base\//, '1663/');
    return {
      writes,
      commits: await commitsBetween(start, afterWrites),
      commitsWritingKeys: await commitsBetween(start, afterWrites, keysFile),
      idleCommits: await commitsBetween(afterWrites, afterIdle),
      seconds: round(seconds, 1),
    };
  } finally {
    await client.end();
    await server.stop();
  }
}

export const commits: Benchmark = { name: 'commits', summary: 'durable commits per keyed write, counted at the driver and in PostgreSQL\'s WAL', run };
