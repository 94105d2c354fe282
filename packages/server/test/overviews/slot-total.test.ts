import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import * as slotTotalMigration from '../../src/storage/migrations/0011_slot_total.js';
import { openDatabase } from '../../src/storage/db.js';
import { SlotTotalRepository } from '../../src/storage/repositories/overviews/slot-total.js';
import type { TestApp } from '../support/app.js';
import { testDialect } from '../support/test-database.js';
import { startApp } from '../slot-sequences/app.js';
import { addUnscheduledSlot, get, importSequences, schedule, sequence } from './helpers.js';
import { seededRandom } from '../support/seeded-random.js';

// The unfiltered slots overview's totalCount: on PostgreSQL the total kept by migration 0011's
// triggers (folded total plus pending deltas), on SQLite count(*). Either way it must equal the
// slots there are, after any mix of writers, folds, deletes and concurrent inserts.

const NOW = Date.parse('2026-11-27T12:00:00Z');
const postgres = testDialect() === 'postgres';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function stored(app: TestApp): Promise<number> {
  const row = await app.database.db.selectFrom('slots').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function overviewTotal(app: TestApp): Promise<number> {
  const response = await get(app, '/v2/slots/overview?pageSize=0');
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.totalCount as number;
}

describe('the slots overview total', () => {
  it('equals the slots after materialized, unscheduled and deleted slots, with folds in between', async () => {
    t = await startApp({ now: NOW });
    const app = t;
    const next = seededRandom(7);
    const sequences = await importSequences(app, [
      sequence({ client: 'total', feed: 'daily' }, { delivery: [schedule('daily', '2026-10-01')] }),
      sequence({ client: 'total', feed: 'loose' }),
    ]);
    const loose = sequences[1]!;
    // The overview materializes the daily sequence's slots up to today: a multi-row insert.
    expect(await overviewTotal(app)).toBe(await stored(app));
    expect(await stored(app)).toBeGreaterThan(50);
    for (let step = 0; step < 60; step++) {
      const roll = next();
      if (roll < 0.55) await addUnscheduledSlot(app, loose, `run-${step}`);
      else if (roll < 0.7) {
        const victim = await app.database.db.selectFrom('slots').select('id').where('slot_sequence_id', '=', loose).orderBy('id').limit(1).executeTakeFirst();
        if (victim) await app.database.db.deleteFrom('slots').where('id', '=', victim.id).execute();
      } else if (roll < 0.85 && postgres) await new SlotTotalRepository(app.database.db).fold();
      else expect(await overviewTotal(app)).toBe(await stored(app));
    }
    expect(await overviewTotal(app)).toBe(await stored(app));
    if (postgres) {
      await new SlotTotalRepository(app.database.db).fold();
      const pending = await app.database.db.selectFrom('slot_total_deltas').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      expect(Number(pending.n)).toBe(0);
      expect(await overviewTotal(app)).toBe(await stored(app));
    }
  });

  it.runIf(postgres)('PostgreSQL: stays exact with inserts and folds from several connections at once', async () => {
    t = await startApp({ now: NOW });
    const app = t;
    const [loose] = await importSequences(app, [sequence({ client: 'total', feed: 'concurrent' })]);
    // Other connections to the same database: writers and folders that do not share a transaction.
    const others = Array.from({ length: 4 }, () => openDatabase(app.database.postgresUrl!, { poolSize: 2 }));
    try {
      await Promise.all(
        others.flatMap((other, index) => [
          (async () => {
            for (let n = 0; n < 25; n++) {
              await other.db
                .insertInto('slots')
                .values({ slot_sequence_id: loose!, tag: `c${index}-${n}`, expected_by: null, submission_count: 0, last_submission_id: null, last_submission_status: null, delivered_on: null, created_on: NOW, updated_on: NOW })
                .execute();
            }
          })(),
          (async () => {
            for (let n = 0; n < 10; n++) await new SlotTotalRepository(other.db).fold();
          })(),
        ]),
      );
    } finally {
      await Promise.all(others.map((other) => other.close()));
    }
    expect(await stored(app)).toBe(100);
    expect(await overviewTotal(app)).toBe(100);
    await new SlotTotalRepository(app.database.db).fold();
    expect(await overviewTotal(app)).toBe(100);
  });

  it.runIf(postgres)('PostgreSQL: the total is the kept one (without the triggers it falls behind), and migration 0011 fills it from the stored slots', async () => {
    t = await startApp({ now: NOW });
    const app = t;
    const [loose] = await importSequences(app, [sequence({ client: 'total', feed: 'kept' })]);
    for (let n = 0; n < 5; n++) await addUnscheduledSlot(app, loose!, `k${n}`);
    expect(await overviewTotal(app)).toBe(5);

    await sql`drop trigger slot_total_insert on slots`.execute(app.database.db);
    await addUnscheduledSlot(app, loose!, 'unseen');
    expect(await stored(app)).toBe(6);
    expect(await overviewTotal(app)).toBe(5);

    const db = app.database.db as unknown as Kysely<unknown>;
    await slotTotalMigration.down(db);
    await slotTotalMigration.up(db);
    expect(await overviewTotal(app)).toBe(6);
    await addUnscheduledSlot(app, loose!, 'seen');
    expect(await overviewTotal(app)).toBe(7);
  });
});
