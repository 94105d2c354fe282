import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withChild } from './child-server.js';
import { lineageEventStream } from './lineage-events.js';
import { newMetricWriteRequest } from './pipeline.js';
import { postgresClusterAt } from './postgres.js';
import { startBenchServer, type DatabaseKind } from './server.js';

const CHILD: Record<DatabaseKind, string> = {
  sqlite: fileURLToPath(new URL('./bare-lineage-child.ts', import.meta.url)),
  postgres: fileURLToPath(new URL('./bare-lineage-postgres-child.ts', import.meta.url)),
};
const TABLES = ['lineage_events', 'lineage_runs', 'slots', 'submissions', 'run_environments', 'status_events', 'metrics', 'metric_points', 'slot_transitions', 'slot_health'] as const;
const LEFT_OUT_OF_LEAN = new Set(['metric_points', 'slot_transitions', 'slot_health']);
const JOBS = 3;
const PAIRS = 6;
const POSTGRES_URL = process.env.LUCO_TEST_PG_URL;
const postgres = POSTGRES_URL === undefined ? undefined : postgresClusterAt(POSTGRES_URL);

type Counts = Record<(typeof TABLES)[number], number>;

/**
 * The lineage floor is only a floor if the bare server writes what luco-server writes: the same
 * rows in the same tables for the same events (each START/COMPLETE pair of a new run).
 */
describe.each([
  ['sqlite', true],
  ['postgres', postgres !== undefined],
] as const)('the bare lineage server on %s', (database, runs) => {
  const dir = mkdtempSync(join(tmpdir(), 'luco-bare-lineage-'));
  let target = '';
  let submission = '';
  let lucoAdded: Counts;

  beforeAll(async () => {
    if (!runs) return;
    target = database === 'sqlite' ? join(dir, 'floor.db') : await postgres!.createDatabase();
    const server = await startBenchServer(database, { target, args: ['--openlineage-create-sequences'] });
    try {
      submission = /\/submissions\/(\d+)\//.exec((await newMetricWriteRequest(server)).url)![1]!;
      const post = (body: string) => fetch(`${server.url}/api/v1/lineage`, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body });
      const seed = lineageEventStream('floor', JOBS);
      for (let n = 0; n < 2 * JOBS; n++) expect((await post(seed(n))).status).toBe(201);
      const before = await counts(database, target);
      const events = lineageEventStream('floor', JOBS);
      for (let n = 0; n < 2 * PAIRS; n++) expect((await post(events(n))).status).toBe(201);
      lucoAdded = difference(await counts(database, target), before);
    } finally {
      await server.stop();
    }
  }, 60_000);

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (database === 'postgres' && target) await postgres!.dropDatabase(target);
  });

  it.runIf(runs)('writes the rows luco-server writes for the same events, on /event', async () => {
    const added = await bareAdded('/event');
    expect(lucoAdded.submissions).toBe(PAIRS);
    expect(lucoAdded.metrics).toBe(2 * PAIRS);
    expect(added).toEqual(lucoAdded);
  }, 30_000);

  it.runIf(runs)('leaves out only the series points and the health change on /event-lean, and stores no body', async () => {
    const added = await bareAdded('/event-lean');
    for (const table of TABLES) expect([table, added[table]]).toEqual([table, LEFT_OUT_OF_LEAN.has(table) ? 0 : lucoAdded[table]]);
    expect(await count(database, target, "select count(*) as n from lineage_events where body = '' and job_namespace = 'bench-floor'")).toBe(2 * PAIRS);
  }, 30_000);

  it.runIf(runs)('answers a metric write, stored in the given submission', async () => {
    const before = await counts(database, target);
    await withChild(CHILD[database], [target, submission, 'bench-floor'], async (url) => {
      const body = JSON.stringify({ stage: 'load', metrics: [{ metric: 'rows', value: 1 }, { metric: 'bytes', value: 2 }, { metric: 'files', value: 3 }] });
      expect((await fetch(`${url}/metric`, { method: 'POST', headers: { 'content-type': 'application/json-patch+json' }, body })).status).toBe(201);
    });
    expect(difference(await counts(database, target), before).metrics).toBe(3);
    expect(await count(database, target, `select count(*) as n from metrics where submission_id = ${Number(submission)} and stage = 'load'`)).toBe(3);
  }, 30_000);

  async function bareAdded(path: string): Promise<Counts> {
    const before = await counts(database, target);
    await withChild(CHILD[database], [target, submission, 'bench-floor'], async (url) => {
      const events = lineageEventStream('floor', JOBS);
      for (let n = 0; n < 2 * PAIRS; n++) {
        const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: events(n) });
        expect(response.status).toBe(201);
      }
    });
    return difference(await counts(database, target), before);
  }
});

/** Runs `work` on a connection of its own to `url`, closed afterwards. */
async function onPostgres<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function count(database: DatabaseKind, target: string, query: string): Promise<number> {
  if (database === 'sqlite') {
    const db = new Database(target, { readonly: true });
    try {
      return (db.prepare(query).get() as { n: number }).n;
    } finally {
      db.close();
    }
  }
  return onPostgres(target, async (client) => Number((await client.query<{ n: string }>(query)).rows[0]!.n));
}

async function counts(database: DatabaseKind, target: string): Promise<Counts> {
  const entries = [];
  for (const table of TABLES) entries.push([table, await count(database, target, `select count(*) as n from ${table}`)]);
  return Object.fromEntries(entries) as Counts;
}

function difference(after: Counts, before: Counts): Counts {
  return Object.fromEntries(TABLES.map((table) => [table, after[table] - before[table]])) as Counts;
}
