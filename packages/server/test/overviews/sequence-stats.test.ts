import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import * as sequenceStatsMigration from '../../src/storage/migrations/0012_sequence_stats.js';
import { openDatabase } from '../../src/storage/db.js';
import { SequenceStatsRepository } from '../../src/storage/repositories/overviews/sequence-stats.js';
import { SlotSequenceOverviewRepository } from '../../src/storage/repositories/overviews/slot-sequences.js';
import type { Database } from '../../src/storage/schema.js';
import type { TestApp } from '../support/app.js';
import { testDialect } from '../support/test-database.js';
import { startApp } from '../slot-sequences/app.js';
import { importSequences, sequence } from './helpers.js';
import { seededRandom } from '../support/seeded-random.js';

// The sequences overview's failed count and last delivery, kept per sequence by migration 0012's
// triggers and folds (decision 0019). Whatever writes, moves, deletes and folds happen, they must
// equal what the slots say, and the overview's filters and orders on them must follow.

const NOW = Date.parse('2026-11-27T12:00:00Z');
const DAY = 86_400_000;
const postgres = testDialect() === 'postgres';
const STATUSES = [null, 'InProgress', 'Failed', 'CompletedWithoutFailures', 'CompletedWithFailures'] as const;

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

interface Figures {
  failed: number;
  lastDelivery: number | null;
  /** Has a slot without a submission whose expectedBy passed. */
  overdue: boolean;
}

/** The figures computed here from every slot row. */
async function fromRows(db: Kysely<Database>, sequenceIds: readonly number[]): Promise<Map<number, Figures>> {
  const rows = await db.selectFrom('slots').select(['slot_sequence_id', 'last_submission_status', 'expected_by', 'created_on']).execute();
  const out = new Map<number, Figures>(sequenceIds.map((id) => [id, { failed: 0, lastDelivery: null, overdue: false }]));
  for (const row of rows) {
    const figures = out.get(row.slot_sequence_id)!;
    if (row.last_submission_status === 'Failed') figures.failed += 1;
    if (row.last_submission_status === null && row.expected_by !== null && Number(row.expected_by) < NOW) figures.overdue = true;
    if (row.last_submission_status === 'CompletedWithoutFailures' || row.last_submission_status === 'CompletedWithFailures') {
      const time = Number(row.expected_by ?? row.created_on);
      figures.lastDelivery = Math.max(figures.lastDelivery ?? time, time);
    }
  }
  return out;
}

/** The figures the overview reads; overdue from its filters "at least 1" and "none", which must agree. */
async function fromOverview(db: Kysely<Database>, sequenceIds: readonly number[]): Promise<Map<number, Figures>> {
  const overview = new SlotSequenceOverviewRepository(db);
  const rows = await overview.byIds(sequenceIds, NOW);
  const matching = async (overdue: { min?: number; max?: number }) =>
    new Set((await overview.page({ isActive: true, overdue }, NOW, { key: 'id', direction: 'asc' }, 1000, 0)).map((row) => row.id));
  const overdue = await matching({ min: 1 });
  const none = await matching({ max: 0 });
  expect(sequenceIds.filter((id) => overdue.has(id) === none.has(id))).toEqual([]);
  return new Map(rows.map((row) => [row.id, { failed: row.failedCount, lastDelivery: row.lastDeliveryAt, overdue: overdue.has(row.id) }]));
}

async function count(db: Kysely<Database>, table: 'sequence_stats' | 'sequence_stats_stale'): Promise<number> {
  const row = await db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function insertSlot(db: Kysely<Database>, sequenceId: number, tag: string, status: (typeof STATUSES)[number], expectedBy: number | null): Promise<void> {
  await db
    .insertInto('slots')
    .values({ slot_sequence_id: sequenceId, tag, expected_by: expectedBy, submission_count: status === null ? 0 : 1, last_submission_id: null, last_submission_status: status, delivered_on: null, created_on: NOW - DAY, updated_on: NOW })
    .execute();
}

describe('the sequences overview’s kept failed count and last delivery', () => {
  it('equal the slots’ own after a random mix of roll-ups, moved times, new, moved and deleted slots, with folds in between', async () => {
    t = await startApp({ now: NOW });
    const db = t.database.db;
    const next = seededRandom(11);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const sequenceIds = await importSequences(t, [sequence({ client: 'stats', feed: 'one' }), sequence({ client: 'stats', feed: 'two' }), sequence({ client: 'stats', feed: 'loose' })]);
    for (const [index, id] of sequenceIds.entries()) {
      for (let n = 0; n < 15; n++) await insertSlot(db, id, `s${n}`, pick(STATUSES), index === 2 ? null : NOW - n * DAY);
    }
    const stats = new SequenceStatsRepository(db, t.database.dialect);
    let folds = 0;
    for (let step = 0; step < 300; step++) {
      const roll = next();
      const slots = await db.selectFrom('slots').select(['id', 'expected_by', 'slot_sequence_id']).orderBy('id').execute();
      const slot = pick(slots);
      if (roll < 0.5) await db.updateTable('slots').set({ last_submission_status: pick(STATUSES) }).where('id', '=', slot.id).execute();
      else if (roll < 0.6) await db.updateTable('slots').set({ expected_by: slot.expected_by === null ? null : Number(slot.expected_by) + Math.round((next() - 0.5) * 20) * DAY }).where('id', '=', slot.id).execute();
      else if (roll < 0.68) await insertSlot(db, pick(sequenceIds), `new-${step}`, pick(STATUSES), next() < 0.3 ? null : NOW - Math.round(next() * 90) * DAY);
      else if (roll < 0.74) {
        const elsewhere = pick(sequenceIds.filter((id) => id !== slot.slot_sequence_id));
        await db.updateTable('slots').set({ slot_sequence_id: elsewhere, tag: `moved-${step}` }).where('id', '=', slot.id).execute();
      }
      else if (roll < 0.8) await db.deleteFrom('slots').where('id', '=', slot.id).execute();
      else {
        await stats.fold();
        folds += 1;
      }
      expect(await fromOverview(db, sequenceIds), `step ${step}`).toEqual(await fromRows(db, sequenceIds));
    }
    expect(folds).toBeGreaterThan(20);
    expect(await fromOverview(db, sequenceIds)).toEqual(await fromRows(db, sequenceIds));
    // Folded: every figure read is a kept one, and still right.
    await stats.fold();
    expect(await count(db, 'sequence_stats_stale')).toBe(0);
    expect(await count(db, 'sequence_stats')).toBe(3);
    const expected = await fromRows(db, sequenceIds);
    expect(await fromOverview(db, sequenceIds)).toEqual(expected);
    expect([...expected.values()].some((figures) => figures.failed > 0 && figures.lastDelivery !== null)).toBe(true);

    // The orders and filters on them, against a sort of the figures (ties by id).
    const overview = new SlotSequenceOverviewRepository(db);
    const byFailed = [...expected].sort(([a, x], [b, y]) => y.failed - x.failed || a - b).map(([id]) => id);
    expect((await overview.page({ isActive: true }, NOW, { key: 'failed', direction: 'desc' }, 10, 0)).map((row) => row.id)).toEqual(byFailed);
    const delivered = [...expected].filter(([, figures]) => figures.lastDelivery !== null);
    const byLast = delivered.sort(([a, x], [b, y]) => y.lastDelivery! - x.lastDelivery! || a - b).map(([id]) => id);
    const withDelivery = await overview.page({ isActive: true, lastDelivery: { min: 0 } }, NOW, { key: 'lastDelivery', direction: 'desc' }, 10, 0);
    expect(withDelivery.map((row) => row.id)).toEqual(byLast);
    const failedOnce = [...expected].filter(([, figures]) => figures.failed >= 1).length;
    expect(await overview.count({ isActive: true, failed: { min: 1 } }, NOW)).toBe(failedOnce);
  });

  it('follow counted slots moved to another sequence, retimed and deleted, before and after each fold', async () => {
    t = await startApp({ now: NOW });
    const db = t.database.db;
    const stats = new SequenceStatsRepository(db, t.database.dialect);
    const [a, b] = await importSequences(t, [sequence({ client: 'stats', feed: 'a' }), sequence({ client: 'stats', feed: 'b' })]);
    await insertSlot(db, a!, 'failed', 'Failed', NOW - 3 * DAY);
    await insertSlot(db, a!, 'delivered', 'CompletedWithoutFailures', NOW - DAY);
    await insertSlot(db, a!, 'due', null, NOW - 2 * DAY);
    await insertSlot(db, b!, 'older', 'CompletedWithFailures', NOW - 5 * DAY);
    await insertSlot(db, b!, 'upcoming', null, NOW + DAY);
    const check = async (expected: Array<[number, Figures]>) => {
      expect(await fromOverview(db, [a!, b!])).toEqual(new Map(expected));
      await stats.fold();
      expect(await count(db, 'sequence_stats_stale')).toBe(0);
      expect(await fromOverview(db, [a!, b!])).toEqual(new Map(expected));
    };
    await check([
      [a!, { failed: 1, lastDelivery: NOW - DAY, overdue: true }],
      [b!, { failed: 0, lastDelivery: NOW - 5 * DAY, overdue: false }],
    ]);
    await db.updateTable('slots').set({ slot_sequence_id: b! }).where('tag', 'in', ['failed', 'delivered', 'due']).execute();
    await check([
      [a!, { failed: 0, lastDelivery: null, overdue: false }],
      [b!, { failed: 1, lastDelivery: NOW - DAY, overdue: true }],
    ]);
    await db.updateTable('slots').set({ expected_by: NOW - 9 * DAY }).where('tag', '=', 'delivered').execute();
    await db.updateTable('slots').set({ expected_by: NOW + 2 * DAY }).where('tag', '=', 'due').execute();
    await check([
      [a!, { failed: 0, lastDelivery: null, overdue: false }],
      [b!, { failed: 1, lastDelivery: NOW - 5 * DAY, overdue: false }],
    ]);
    // Folded, with no write since: the clock alone makes b's upcoming slot (NOW + 1 day) overdue.
    const overdueAt = async (now: number) => (await new SlotSequenceOverviewRepository(db).page({ isActive: true, overdue: { min: 1 } }, now, { key: 'id', direction: 'asc' }, 10, 0)).map((row) => row.id);
    expect(await overdueAt(NOW)).toEqual([]);
    expect(await overdueAt(NOW + DAY + 1)).toEqual([b]);
    await db.updateTable('slots').set({ last_submission_status: 'InProgress' }).where('tag', '=', 'upcoming').execute();
    await db.deleteFrom('slots').where('tag', 'in', ['failed', 'older']).execute();
    await check([
      [a!, { failed: 0, lastDelivery: null, overdue: false }],
      [b!, { failed: 0, lastDelivery: NOW - 9 * DAY, overdue: false }],
    ]);
  });

  it('are the kept ones once folded (without the triggers they fall behind), and migration 0012 fills them from the stored slots', async () => {
    t = await startApp({ now: NOW });
    const db = t.database.db;
    const [loose] = await importSequences(t, [sequence({ client: 'stats', feed: 'kept' })]);
    await insertSlot(db, loose!, 'a', 'Failed', null);
    await insertSlot(db, loose!, 'b', 'CompletedWithoutFailures', NOW - 2 * DAY);
    await new SequenceStatsRepository(db, t.database.dialect).fold();
    expect(await fromOverview(db, [loose!])).toEqual(new Map([[loose!, { failed: 1, lastDelivery: NOW - 2 * DAY, overdue: false }]]));

    await sql.raw(postgres ? 'drop trigger sequence_stats_insert on slots' : 'drop trigger sequence_stats_insert').execute(db);
    await insertSlot(db, loose!, 'unseen', 'Failed', null);
    await insertSlot(db, loose!, 'unseen-delivery', 'CompletedWithFailures', NOW - DAY);
    expect(await fromOverview(db, [loose!])).toEqual(new Map([[loose!, { failed: 1, lastDelivery: NOW - 2 * DAY, overdue: false }]]));

    const raw = db as unknown as Kysely<unknown>;
    await sequenceStatsMigration.down(raw);
    await sequenceStatsMigration.up(raw);
    expect(await count(db, 'sequence_stats_stale')).toBe(0);
    expect(await fromOverview(db, [loose!])).toEqual(new Map([[loose!, { failed: 2, lastDelivery: NOW - DAY, overdue: false }]]));
    await db.updateTable('slots').set({ last_submission_status: 'InProgress' }).where('tag', '=', 'unseen').execute();
    expect(await fromOverview(db, [loose!])).toEqual(new Map([[loose!, { failed: 1, lastDelivery: NOW - DAY, overdue: false }]]));
  });

  it.runIf(postgres)('PostgreSQL: stay exact with roll-ups and folds from several connections at once', async () => {
    t = await startApp({ now: NOW });
    const app = t;
    const sequenceIds = await importSequences(app, [sequence({ client: 'stats', feed: 'one' }), sequence({ client: 'stats', feed: 'two' })]);
    for (const [index, id] of sequenceIds.entries()) {
      for (let n = 0; n < 40; n++) await insertSlot(app.database.db, id, `s${index}-${n}`, null, NOW - n * DAY);
    }
    const slotIds = (await app.database.db.selectFrom('slots').select('id').orderBy('id').execute()).map((row) => row.id);
    // Other connections to the same database: writers and folders that do not share a transaction.
    const others = Array.from({ length: 4 }, () => openDatabase(app.database.postgresUrl!, { poolSize: 2 }));
    try {
      await Promise.all(
        others.flatMap((other, index) => [
          (async () => {
            const next = seededRandom(100 + index);
            for (let n = 0; n < 40; n++) {
              const id = slotIds[Math.floor(next() * slotIds.length)]!;
              await other.db.updateTable('slots').set({ last_submission_status: STATUSES[Math.floor(next() * STATUSES.length)]! }).where('id', '=', id).execute();
            }
          })(),
          (async () => {
            for (let n = 0; n < 15; n++) await new SequenceStatsRepository(other.db, 'postgres').fold();
          })(),
        ]),
      );
    } finally {
      await Promise.all(others.map((other) => other.close()));
    }
    const db = app.database.db;
    expect(await fromOverview(db, sequenceIds)).toEqual(await fromRows(db, sequenceIds));
    await new SequenceStatsRepository(db, 'postgres').fold();
    expect(await count(db, 'sequence_stats_stale')).toBe(0);
    expect(await fromOverview(db, sequenceIds)).toEqual(await fromRows(db, sequenceIds));
  });
});
