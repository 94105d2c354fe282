import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slotStatusConditionsSql, slotStatusSql, type SlotStatus } from '../../src/domain/slot-status.js';
import type { TestApp } from '../support/app.js';
import { testDialect } from '../support/test-database.js';
import { startApp } from '../slot-sequences/app.js';
import { insertSequence } from '../submissions/support.js';

// Migration 0009: the slots overview in status order reads each status's slots in id order, as
// far as the page reaches. The branches for slots without a submission (Overdue, Awaiting) and for
// on-time completions with failures must find their slots through the partial indexes of 0009 on
// both databases, not by walking other indexes or the table and skipping most slots. The
// conditions are the overview's own (slotStatusConditionsSql), so a change to their terms that
// the indexes' predicates no longer match fails here.

const NOW = Date.parse('2026-11-27T12:00:00Z');
const DAY = 86_400_000;
const SLOTS = 3_000;

let t: TestApp;

/** A history like the growth benchmark's: mostly on-time deliveries, a few of every other kind. */
function slotRow(sequenceId: number, index: number) {
  const expectedBy = NOW - (SLOTS - index) * DAY + (index % 7 === 0 ? 2 * SLOTS * DAY : 0);
  const kind = index % 50;
  const status = kind < 2 ? null : kind < 4 ? 'CompletedWithFailures' : kind < 5 ? 'Failed' : 'CompletedWithoutFailures';
  const deliveredOn = status === 'CompletedWithFailures' || status === 'CompletedWithoutFailures' ? expectedBy - (kind === 5 ? -60_000 : 60_000) : null;
  return {
    slot_sequence_id: sequenceId,
    tag: `t${index}`,
    expected_by: expectedBy,
    submission_count: status === null ? 0 : 1,
    last_submission_id: null,
    last_submission_status: status,
    delivered_on: deliveredOn,
    created_on: NOW,
    updated_on: NOW,
  };
}

beforeAll(async () => {
  t = await startApp({ now: NOW });
  const sequenceId = await insertSequence(t.database.db, { name: [['client', 'plans']] });
  const rows = Array.from({ length: SLOTS }, (_, index) => slotRow(sequenceId, index));
  for (let start = 0; start < rows.length; start += 500) await t.database.db.insertInto('slots').values(rows.slice(start, start + 500)).execute();
  // PostgreSQL plans from statistics (autovacuum would gather them); the server runs no ANALYZE on SQLite.
  if (testDialect() === 'postgres') await sql`analyze slots`.execute(t.database.db);
});
afterAll(async () => t?.close());

/** The plan of one branch of the status-ordered page, as the repository writes it. */
async function planOf(status: SlotStatus, branch = 0): Promise<string> {
  const condition = slotStatusConditionsSql(status, NOW)[branch]!;
  const query = t.database.db.selectFrom('slots').where(condition).select('slots.id').orderBy('slots.id').limit(800).compile();
  const explain = testDialect() === 'postgres' ? 'explain' : 'explain query plan';
  const plan = await t.database.db.executeQuery<Record<string, unknown>>({ ...query, sql: `${explain} ${query.sql}` });
  return plan.rows.map((row) => String(Object.values(row).at(-1))).join('\n');
}

describe('status-ordered slots page: the partial indexes of migration 0009', () => {
  it('Overdue and Awaiting slots are read through slots_unsubmitted_id', async () => {
    expect(await planOf('Overdue')).toContain('slots_unsubmitted_id');
    if (testDialect() === 'sqlite') expect(await planOf('Awaiting')).toContain('slots_unsubmitted_id');
  });

  it('on-time completions with failures are read through slots_on_time_with_failures_id', async () => {
    // The second alternative of Delivered: CompletedWithFailures and not late.
    expect(await planOf('Delivered', 1)).toContain('slots_on_time_with_failures_id');
  });

  it('the page in status order still gives every status in order', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/v2/slots/overview?sortBy=status&pageSize=100&pageNumber=1' });
    expect(response.statusCode, response.body).toBe(200);
    const statuses = (response.json().slots as Array<{ slotStatus: string }>).map((slot) => slot.slotStatus);
    expect(statuses.length).toBe(100);
    expect([...statuses].sort()).toEqual(statuses);
  });
});

describe('status-ordered slots page: statuses read one after the other, only as far as the page', () => {
  /** The page the slow way: every (matching) slot sorted by its derived status, then id. */
  async function slowPage(direction: 'asc' | 'desc', pageNumber: number, pageSize: number, statuses?: SlotStatus[]): Promise<number[]> {
    let query = t.database.db.selectFrom('slots').select('slots.id');
    if (statuses) query = query.where(slotStatusSql(NOW), 'in', statuses);
    const rows = await query
      .orderBy(slotStatusSql(NOW), direction)
      .orderBy('slots.id')
      .limit(pageSize)
      .offset((pageNumber - 1) * pageSize)
      .execute();
    return rows.map((row) => row.id);
  }

  it('gives the pages a sort of every slot by status gives, both directions, deep pages, past the end, with a status filter', async () => {
    const cases: Array<{ direction: 'asc' | 'desc'; pageNumber: number; pageSize: number; statuses?: SlotStatus[] }> = [
      { direction: 'asc', pageNumber: 1, pageSize: 50 },
      { direction: 'asc', pageNumber: 3, pageSize: 50 },
      { direction: 'asc', pageNumber: 40, pageSize: 20 },
      { direction: 'asc', pageNumber: 59, pageSize: 50 },
      { direction: 'asc', pageNumber: 61, pageSize: 50 },
      { direction: 'desc', pageNumber: 1, pageSize: 50 },
      { direction: 'desc', pageNumber: 12, pageSize: 100 },
      { direction: 'desc', pageNumber: 40, pageSize: 20 },
      { direction: 'asc', pageNumber: 2, pageSize: 50, statuses: ['Overdue', 'Delivered'] },
      { direction: 'desc', pageNumber: 3, pageSize: 20, statuses: ['Awaiting', 'Failed', 'DeliveredLate'] },
    ];
    let compared = 0;
    for (const { direction, pageNumber, pageSize, statuses } of cases) {
      const filter = statuses ? statuses.map((status) => `&slotStatus=${status}`).join('') : '';
      const response = await t.app.inject({ method: 'GET', url: `/v2/slots/overview?sortBy=status&sortDir=${direction}&pageSize=${pageSize}&pageNumber=${pageNumber}${filter}` });
      expect(response.statusCode, response.body).toBe(200);
      const expected = await slowPage(direction, pageNumber, pageSize, statuses);
      expect((response.json().slots as Array<{ slotId: number }>).map((slot) => slot.slotId), `${direction} page ${pageNumber} of ${pageSize} ${statuses?.join(',') ?? ''}`).toEqual(expected);
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(400);
  });
});
