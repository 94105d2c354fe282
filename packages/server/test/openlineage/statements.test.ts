import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { LucoApp } from '../../src/context.js';
import { DEFAULT_OPENLINEAGE_SETTINGS } from '../../src/services/openlineage/config.js';
import { openDatabase, type DatabaseHandle } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { createPostgresDatabase, testDialect } from '../support/test-database.js';
import { SCHEMA_URL } from './events.js';
import { NOW } from './support.js';

const PRODUCER = 'https://github.com/OpenLineage/OpenLineage/tree/1.33.0/integration/spark';

/** Counts the statements on the tables it is asked about, by kind (select, insert, update). */
class TableStatements implements KyselyPlugin {
  readonly seen: string[] = [];
  constructor(private readonly tables: readonly string[]) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node as { kind: string; into?: unknown; table?: unknown; from?: unknown };
    const names = JSON.stringify([node.into, node.table, node.from]);
    for (const table of this.tables) if (names.includes(`"name":"${table}"`)) this.seen.push(`${node.kind.replace('QueryNode', '').toLowerCase()} ${table}`);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** A raw statement's text, with the raw pieces it embeds written in and values as `?`. */
function rawText(node: { sqlFragments?: readonly string[]; parameters?: readonly unknown[] }): string {
  const fragments = node.sqlFragments ?? [];
  return fragments
    .map((fragment, index) => {
      const parameter = node.parameters?.[index] as { kind?: string } | undefined;
      if (index === fragments.length - 1 || parameter === undefined) return fragment;
      return fragment + (parameter.kind === 'RawNode' ? rawText(parameter as Parameters<typeof rawText>[0]) : '?');
    })
    .join('');
}

/** Every statement on a table (its main table: into, updated, or the first of from), as `kind table`. */
class AllStatements implements KyselyPlugin {
  readonly seen: string[] = [];

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node as { kind: string; into?: unknown; table?: unknown; from?: { froms?: unknown[] }; sqlFragments?: readonly string[] };
    if (node.kind === 'RawNode') {
      // Raw SQL (the metric points' upkeep): its verb and first table, read from the text.
      const raw = /^\s*(?:(insert) into|(delete) from|(update)|(select)\b[\s\S]*?\bfrom)\s+(\w+)/i.exec(rawText(node));
      if (raw) this.seen.push(`${(raw[1] ?? raw[2] ?? raw[3] ?? raw[4])!.toLowerCase()} ${raw[5]}`);
      return args.node;
    }
    const table = /"name":"(\w+)"/.exec(JSON.stringify(node.into ?? node.table ?? node.from?.froms?.[0] ?? null))?.[1];
    if (table !== undefined) this.seen.push(`${node.kind.replace('QueryNode', '').toLowerCase()} ${table}`);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** A START or COMPLETE of a run of job_1, with an engine facet (so a run environment). */
function event(eventType: 'START' | 'COMPLETE', runId: string, eventTime: string) {
  const engine = { _producer: PRODUCER, _schemaURL: SCHEMA_URL, version: '3.5.1', name: 'spark' };
  return { eventType, eventTime, producer: PRODUCER, schemaURL: SCHEMA_URL, run: { runId, facets: { processing_engine: engine } }, job: { namespace: 'spark://cluster', name: 'job_1' }, inputs: [], outputs: [] };
}

let app: LucoApp | undefined;
let database: DatabaseHandle | undefined;
let scratch: { drop(): Promise<void> } | undefined;
afterEach(async () => {
  await app?.close();
  await database?.close();
  await scratch?.drop();
  app = database = scratch = undefined;
});

/** A fresh database and app whose statements `counter` sees; returns a poster of OpenLineage events (201 expected). */
async function countedIngest(counter: KyselyPlugin): Promise<(body: unknown) => Promise<{ outcome: string; submissionId: number }>> {
  const postgres = testDialect() === 'postgres' ? await createPostgresDatabase() : undefined;
  scratch = postgres;
  database = openDatabase(postgres?.url ?? ':memory:');
  await migrateToLatest(database.db);
  app = await buildApp({
    database: { ...database, db: database.db.withPlugin(counter) },
    auth: { enabled: false, resourceId: 'luco', issuer: 'luco-server' },
    now: () => NOW,
    openLineage: { ...DEFAULT_OPENLINEAGE_SETTINGS, createSequences: true },
  });
  await app.ready();
  return async (body) => {
    const response = await app!.inject({ method: 'POST', url: '/api/v1/lineage', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
}

describe('the statements an event costs on the ingest\u2019s own tables', () => {
  it('a START/COMPLETE pair of a job seen before: the run claimed, noted and ended (3), one guard read of the kept sequence', async () => {
    const counter = new TableStatements(['lineage_runs', 'slot_sequences', 'slot_sequence_name_parts']);
    const post = await countedIngest(counter);
    await post(event('START', 'a0c1d2e3-0000-4000-8000-000000000001', '2026-11-27T06:00:00Z'));
    await post(event('COMPLETE', 'a0c1d2e3-0000-4000-8000-000000000001', '2026-11-27T06:05:00Z'));

    counter.seen.length = 0;
    await post(event('START', 'a0c1d2e3-0000-4000-8000-000000000002', '2026-11-27T07:00:00Z'));
    const completed = await post(event('COMPLETE', 'a0c1d2e3-0000-4000-8000-000000000002', '2026-11-27T07:05:00Z'));
    expect(completed.outcome).toBe('applied');
    expect(counter.seen.sort()).toEqual(['insert lineage_runs', 'select slot_sequences', 'update lineage_runs', 'update lineage_runs']);
    // Both events carry the engine facet: the run environment is still recorded once.
    const environments = await database!.db.selectFrom('run_environments').select('id').where('submission_id', '=', completed.submissionId).execute();
    expect(environments).toHaveLength(1);
  });

  it('all of them: a START 9, its COMPLETE (two row counts) 12, with the shared submission, status, roll-up and health path', async () => {
    const counter = new AllStatements();
    const post = await countedIngest(counter);
    const postgres = testDialect() === 'postgres';
    const withRows = (body: ReturnType<typeof event>) => ({ ...body, outputs: [{ namespace: 's3://lake', name: 'sales', outputFacets: { outputStatistics: { _producer: PRODUCER, _schemaURL: SCHEMA_URL, rowCount: 1200, size: 40_000 } } }] });
    await post(event('START', 'a0c1d2e3-0000-4000-8000-000000000011', '2026-11-27T06:00:00Z'));
    await post(withRows(event('COMPLETE', 'a0c1d2e3-0000-4000-8000-000000000011', '2026-11-27T06:05:00Z')));

    counter.seen.length = 0;
    await post(event('START', 'a0c1d2e3-0000-4000-8000-000000000012', '2026-11-27T07:00:00Z'));
    const start = counter.seen.splice(0);
    await post(withRows(event('COMPLETE', 'a0c1d2e3-0000-4000-8000-000000000012', '2026-11-27T07:05:00Z')));
    const complete = counter.seen.splice(0);
    // No re-read of what the event itself just wrote or read (the new slot, the submission's slot,
    // the updated submission), one slot update per completion, its figures judged once.
    // PostgreSQL also publishes the write's change notices (`pg_notify` over `unnest`, the change feed).
    // The slot's update took its row's lock before its metric series points are recomputed.
    const notify = postgres ? ['select unnest'] : [];
    expect(start).toEqual(['insert lineage_events', 'insert lineage_runs', 'select slot_sequences', 'insert slots', 'insert submissions', 'update slots', 'select slots', ...notify, 'update lineage_runs', 'insert run_environments']);
    const points = ['delete metric_points', 'insert metric_points'];
    expect(complete).toEqual(['insert lineage_events', 'update lineage_runs', 'insert metrics', 'update submissions', 'insert status_events', 'update slots', ...points, 'select metric_rules', 'select slots', 'insert slot_health', 'insert slot_transitions', ...notify]);
  });
});
