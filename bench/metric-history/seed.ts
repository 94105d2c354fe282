// The metric-history data set: the growth benchmark's estate (bench/growth, 1,000 sequences, ~10
// submissions per slot) with sequence 1 given 3 years of daily slots, then the metrics every
// submission records, inserted in bulk with INSERT ... SELECT: `rows` in stage `load` (re-recorded
// on every 10th submission, so the latest recording must win), the text `source` in `load`, and the
// submission-level `files`; then the series' points (metric_points) are built from those rows.
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../../packages/server/src/storage/db.js';
import { MetricPointRepository } from '../../packages/server/src/storage/repositories/metric-points.js';
import type { Database } from '../../packages/server/src/storage/schema.js';
import { apportion, slotCountFor } from '../growth/dataset.js';
import { seedDatabase, type SeedResult } from '../growth/seed.js';

/** 3 years of daily slots. */
export const SERIES_SLOTS = 3 * 365;
export const SERIES_SEQUENCE_ID = 1;

export interface HistorySeed {
  seed: SeedResult;
  metricRows: number;
  seconds: number;
}

export async function seedHistory(target: string, submissions: number, now: number): Promise<HistorySeed> {
  const started = process.hrtime.bigint();
  const shares = apportion(slotCountFor(submissions));
  shares[0] = SERIES_SLOTS;
  const seed = await seedDatabase(target, submissions, now, { shares });
  const handle = openDatabase(target);
  try {
    const metricRows = await insertMetrics(handle.db);
    // Written around the services, so the series' points are built from the rows afterwards.
    await handle.db.transaction().execute((trx) => new MetricPointRepository(trx).rebuildAll());
    if (handle.dialect === 'postgres') {
      await sql`select setval(pg_get_serial_sequence('metrics', 'id'), (select max(id) from metrics))`.execute(handle.db);
      await sql`vacuum (analyze) metrics`.execute(handle.db);
      await sql`vacuum (analyze) metric_points`.execute(handle.db);
    }
    return { seed, metricRows, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } finally {
    await handle.close();
  }
}

/** Values from the id with integer arithmetic that stays within PostgreSQL's int4. */
async function insertMetrics(db: Kysely<Database>): Promise<number> {
  const statements = [
    sql`insert into metrics (submission_id, stage, metric, value_json, created_on) select id, 'load', 'rows', cast(1000 + (id % 997) * 101 as text), started_on from submissions`,
    sql`insert into metrics (submission_id, stage, metric, value_json, created_on) select id, 'load', 'source', '"sftp"', started_on from submissions`,
    sql`insert into metrics (submission_id, stage, metric, value_json, created_on) select id, null, 'files', cast(id % 50 as text), started_on from submissions`,
    sql`insert into metrics (submission_id, stage, metric, value_json, created_on) select id, 'load', 'rows', cast(2000 + (id % 991) * 103 as text), started_on + 1000 from submissions where id % 10 = 0`,
  ];
  for (const statement of statements) await db.transaction().execute(async (trx) => statement.execute(trx));
  const count = await sql<{ n: number | string }>`select count(*) as n from metrics`.execute(db);
  return Number(count.rows[0]?.n ?? 0);
}

/**
 * The series as the slow, obvious reading gives it (every slot, every submission, every value,
 * compared in code): what the one-statement answer must equal.
 */
export async function expectedSeries(target: string): Promise<Array<{ slotId: number; submissionId: number; value: number }>> {
  const handle = openDatabase(target);
  try {
    const db = handle.db;
    const slots = await db.selectFrom('slots').select(['id', 'expected_by', 'created_on']).where('slot_sequence_id', '=', SERIES_SEQUENCE_ID).execute();
    const slotIds = slots.map((slot) => slot.id);
    const latest = new Map<number, number>();
    for (const chunk of chunks(slotIds)) {
      for (const row of await db.selectFrom('submissions').select(['id', 'slot_id']).where('slot_id', 'in', chunk).where('status', '=', 'Completed').execute()) {
        latest.set(row.slot_id, Math.max(latest.get(row.slot_id) ?? 0, row.id));
      }
    }
    const value = new Map<number, { id: number; json: string }>();
    for (const chunk of chunks([...latest.values()])) {
      const rows = await db.selectFrom('metrics').select(['id', 'submission_id', 'value_json']).where('submission_id', 'in', chunk).where('metric', '=', 'rows').where('stage', '=', 'load').execute();
      for (const row of rows) if ((value.get(row.submission_id)?.id ?? 0) < row.id) value.set(row.submission_id, { id: row.id, json: row.value_json });
    }
    return slots
      .map((slot) => ({ slot, time: Number(slot.expected_by ?? slot.created_on) }))
      .sort((a, b) => a.time - b.time || a.slot.id - b.slot.id)
      .flatMap(({ slot }) => {
        const submissionId = latest.get(slot.id);
        const recorded = submissionId === undefined ? undefined : value.get(submissionId);
        return submissionId === undefined || recorded === undefined ? [] : [{ slotId: slot.id, submissionId, value: Number(JSON.parse(recorded.json)) }];
      });
  } finally {
    await handle.close();
  }
}

function* chunks(ids: readonly number[], size = 500): Generator<number[]> {
  for (let start = 0; start < ids.length; start += size) yield ids.slice(start, start + size);
}
