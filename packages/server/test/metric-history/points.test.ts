import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import * as metricPointsMigration from '../../src/storage/migrations/0010_metric_points.js';
import { MetricPointRepository } from '../../src/storage/repositories/metric-points.js';
import type { TestApp } from '../support/app.js';
import { complete, newSubmission, postStatus, scheduledSlot, unscheduledSlot } from '../submissions/api.js';
import { DAILY_LONDON, insertSequence, startApp } from '../submissions/support.js';
import { BATCHES, NAME, record } from './estate.js';
import { seededRandom } from '../support/seeded-random.js';

// The series' points (metric_points) are derived data, kept in the write transactions: whatever
// order statuses and values arrive in, they must equal what the rows say, read the slow way.

const SERIES: ReadonlyArray<{ metric: string; stage: string | null }> = [
  { metric: 'rows', stage: 'load' },
  { metric: 'rows', stage: null },
  { metric: 'files', stage: 'load' },
  { metric: 'rows', stage: '' },
];

interface Point {
  slotId: number;
  slotSubmissionId: number;
  value: number;
  status: string;
}

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** The series as the rows give it: per slot, its completed submission with the highest id, and that submission's last recording of the metric and stage. */
async function seriesFromRows(app: TestApp, sequenceId: number, metric: string, stage: string | null): Promise<{ values: Point[]; nonNumeric: number }> {
  const db = app.database.db;
  const slots = await db.selectFrom('slots').select(['id', 'expected_by', 'created_on']).where('slot_sequence_id', '=', sequenceId).execute();
  const ordered = slots.map((slot) => ({ id: slot.id, time: Number(slot.expected_by ?? slot.created_on) })).sort((a, b) => a.time - b.time || a.id - b.id);
  const values: Point[] = [];
  let nonNumeric = 0;
  for (const slot of ordered) {
    const completed = await db.selectFrom('submissions').select(['id', 'has_failures']).where('slot_id', '=', slot.id).where('status', '=', 'Completed').orderBy('id', 'desc').executeTakeFirst();
    if (!completed) continue;
    const recordings = await db.selectFrom('metrics').select(['id', 'stage', 'value_json']).where('submission_id', '=', completed.id).where('metric', '=', metric).orderBy('id', 'desc').execute();
    const latest = recordings.find((row) => row.stage === stage);
    if (!latest) continue;
    const value = JSON.parse(latest.value_json) as unknown;
    if (typeof value !== 'number') {
      nonNumeric += 1;
      continue;
    }
    values.push({ slotId: slot.id, slotSubmissionId: completed.id, value, status: Number(completed.has_failures) === 1 ? 'CompletedWithFailures' : 'CompletedWithoutFailures' });
  }
  return { values, nonNumeric };
}

async function seriesFromApi(app: TestApp, sequenceId: number, metric: string, stage: string | null): Promise<{ values: Point[]; nonNumeric: number }> {
  const stageParam = stage === null ? '' : `&stage=${encodeURIComponent(stage)}`;
  const response = await app.app.inject({ method: 'GET', url: `/lucots/v1/metric-history?slotSequenceId=${sequenceId}&metric=${metric}${stageParam}&limit=5000` });
  // A blank stage is refused by the API (400): its points are compared through the repository instead.
  if (stage === '') {
    expect(response.statusCode).toBe(400);
    return seriesFromRepository(app, sequenceId, metric, stage);
  }
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json() as { values: Point[]; nonNumeric: number };
  return { values: body.values.map(({ slotId, slotSubmissionId, value, status }) => ({ slotId, slotSubmissionId, value, status })), nonNumeric: body.nonNumeric };
}

async function seriesFromRepository(app: TestApp, sequenceId: number, metric: string, stage: string): Promise<{ values: Point[]; nonNumeric: number }> {
  const { MetricHistoryRepository } = await import('../../src/storage/repositories/metric-series.js');
  const page = await new MetricHistoryRepository(app.database.db).series({ slotSequenceId: sequenceId, metric, stage });
  return { values: page.points.map((point) => ({ slotId: point.slotId, slotSubmissionId: point.submissionId, value: point.value, status: point.submissionStatus })), nonNumeric: page.nonNumeric };
}

/** The whole table, in key order. */
async function allPoints(app: TestApp) {
  const rows = await app.database.db.selectFrom('metric_points').selectAll().orderBy('slot_id').orderBy('metric').orderBy('has_stage').orderBy('stage').execute();
  return rows.map((row) => ({ ...row, slot_time: Number(row.slot_time), expected_by: row.expected_by === null ? null : Number(row.expected_by), recorded_on: Number(row.recorded_on) }));
}

/** The table as a rebuild from the rows gives it, read inside a transaction that is then rolled back. */
async function rebuiltPoints(app: TestApp) {
  let rebuilt: Awaited<ReturnType<typeof allPoints>> = [];
  const rollback = new Error('roll back');
  await app.database.db
    .transaction()
    .execute(async (trx) => {
      await new MetricPointRepository(trx).rebuildAll();
      rebuilt = await allPoints({ ...app, database: { ...app.database, db: trx } });
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  return rebuilt;
}

async function expectPointsMatchRows(app: TestApp, sequenceIds: readonly number[], when: string): Promise<void> {
  for (const sequenceId of sequenceIds) {
    for (const { metric, stage } of SERIES) {
      expect(await seriesFromApi(app, sequenceId, metric, stage), `${when}: sequence ${sequenceId}, ${metric}/${String(stage)}`).toEqual(await seriesFromRows(app, sequenceId, metric, stage));
    }
  }
  expect(await allPoints(app), `${when}: the table against a rebuild`).toEqual(await rebuiltPoints(app));
}

describe('metric points', () => {
  it('equal what the rows say after every kind of write, in a random order (completions, failures, reopenings, failed stages, values before and after the end)', async () => {
    t = await startApp({ now: Date.parse('2026-11-20T08:00:00Z') });
    const app = t;
    const scheduledId = await insertSequence(app.database.db, { name: NAME, delivery: [DAILY_LONDON] });
    const unscheduledId = await insertSequence(app.database.db, { name: BATCHES });
    const slots = [
      await scheduledSlot(app, NAME, '2026-11-20'),
      await scheduledSlot(app, NAME, '2026-11-21'),
      await scheduledSlot(app, NAME, '2026-11-22'),
      await unscheduledSlot(app, BATCHES, 'batch-1'),
      await unscheduledSlot(app, BATCHES, 'batch-2'),
    ];
    const submissions: Array<{ slotId: number; id: number }> = [];
    const random = seededRandom(20261205);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const counts: Record<string, number> = {};
    for (let step = 0; step < 160; step++) {
      app.clock.now += 60_000;
      const action = submissions.length === 0 ? 'submit' : pick(['submit', 'metrics', 'metrics', 'metrics', 'complete', 'complete', 'fail', 'reopen', 'stage-failed']);
      counts[action] = (counts[action] ?? 0) + 1;
      if (action === 'submit') {
        const slotId = pick(slots);
        submissions.push({ slotId, id: await newSubmission(app, slotId) });
        continue;
      }
      const target = pick(submissions);
      if (action === 'metrics') {
        const { metric, stage } = pick(SERIES);
        const value = random() < 0.2 ? `text ${step}` : Math.round(random() * 1000);
        await record(app, target.slotId, target.id, stage, [{ metric, value }]);
      } else if (action === 'complete') {
        await complete(app, target.slotId, target.id);
      } else {
        const body = action === 'fail' ? { status: 'Failed', stage: 'Submission' } : action === 'reopen' ? { status: 'In Progress', stage: 'Submission' } : { status: 'Failed', stage: 'extract' };
        const response = await postStatus(app, target.slotId, target.id, body);
        expect(response.statusCode, response.body).toBe(201);
      }
      if (step % 16 === 15) await expectPointsMatchRows(app, [scheduledId, unscheduledId], `after step ${step}`);
    }
    // Every kind of write happened, and the series were not trivially empty.
    expect(Object.keys(counts).sort()).toEqual(['complete', 'fail', 'metrics', 'reopen', 'stage-failed', 'submit']);
    expect((await allPoints(app)).length).toBeGreaterThan(4);
  });

  it('move back to the earlier completed run when the later one fails or reopens, and say CompletedWithFailures after a failed stage', async () => {
    t = await startApp({ now: Date.parse('2026-11-20T08:00:00Z') });
    const app = t;
    const sequenceId = await insertSequence(app.database.db, { name: NAME, delivery: [DAILY_LONDON] });
    const slotId = await scheduledSlot(app, NAME, '2026-11-20');
    const first = await newSubmission(app, slotId);
    await record(app, slotId, first, 'load', [{ metric: 'rows', value: 100 }]);
    await complete(app, slotId, first);
    const second = await newSubmission(app, slotId);
    await record(app, slotId, second, 'load', [{ metric: 'rows', value: 200 }]);
    const series = async () => (await seriesFromApi(app, sequenceId, 'rows', 'load')).values.map((point) => [point.slotSubmissionId, point.value, point.status]);
    expect(await series()).toEqual([[first, 100, 'CompletedWithoutFailures']]);
    await complete(app, slotId, second);
    expect(await series()).toEqual([[second, 200, 'CompletedWithoutFailures']]);
    await postStatus(app, slotId, second, { status: 'Failed', stage: 'extract' });
    expect(await series()).toEqual([[second, 200, 'CompletedWithFailures']]);
    await postStatus(app, slotId, second, { status: 'Failed', stage: 'Submission' });
    expect(await series()).toEqual([[first, 100, 'CompletedWithoutFailures']]);
    // A value recorded later on the run that gives the point replaces it.
    await record(app, slotId, first, 'load', [{ metric: 'rows', value: 101 }]);
    expect(await series()).toEqual([[first, 101, 'CompletedWithoutFailures']]);
    await postStatus(app, slotId, first, { status: 'In Progress', stage: 'Submission' });
    expect(await series()).toEqual([]);
  });

  it('are filled by migration 0010 from the rows already stored', async () => {
    t = await startApp({ now: Date.parse('2026-11-20T08:00:00Z') });
    const app = t;
    await insertSequence(app.database.db, { name: NAME, delivery: [DAILY_LONDON] });
    for (const [date, values] of [['2026-11-20', [5, 6]], ['2026-11-21', [7]], ['2026-11-22', []]] as const) {
      const slotId = await scheduledSlot(app, NAME, date);
      const submissionId = await newSubmission(app, slotId);
      for (const value of values) await record(app, slotId, submissionId, 'load', [{ metric: 'rows', value }, { metric: 'files', value: `${value}` }]);
      await record(app, slotId, submissionId, null, [{ metric: 'rows', value: 1 }]);
      await complete(app, slotId, submissionId);
    }
    const kept = await allPoints(app);
    expect(kept.map((point) => [point.metric, point.has_stage, point.stage, point.value_json])).toEqual([
      ['files', 1, 'load', '"6"'], ['rows', 0, '', '1'], ['rows', 1, 'load', '6'],
      ['files', 1, 'load', '"7"'], ['rows', 0, '', '1'], ['rows', 1, 'load', '7'],
      ['rows', 0, '', '1'],
    ]);
    const db = app.database.db as unknown as Kysely<unknown>;
    await metricPointsMigration.down(db);
    await metricPointsMigration.up(db);
    expect(await allPoints(app)).toEqual(kept);
  });
});
