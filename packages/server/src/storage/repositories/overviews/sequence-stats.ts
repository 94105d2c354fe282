import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { Dialect } from '../../db.js';
import type { Database } from '../../schema.js';

/**
 * Each sequence's failed-slot count, last delivery and earliest due slot without a submission
 * (migration 0012, decision 0019): the figures kept at the last fold while the sequence has no
 * stale mark, else computed from its slots. One statement reads both the kept row and the marks,
 * so it sees a fold wholly or not at all. SQL pieces refer to the outer `slot_sequences` row and
 * its kept row `st` (withSequenceStats).
 */

/** A slot's place in time: when it is expected, or (unscheduled) when it was created. */
const slotTime = sql`coalesce(slots.expected_by, slots.created_on)`;

/**
 * The slot (table alias `alias`) is Delivered or DeliveredLate (slotStatusSql): its roll-up is a
 * completion. Literal values, not parameters, so the planner can match the partial index
 * slots_sequence_delivered_time, whose condition this is.
 */
export function delivered(alias: 's' | 'slots'): RawBuilder<boolean> {
  return sql.raw<boolean>(`${alias}.last_submission_status in ('CompletedWithoutFailures', 'CompletedWithFailures')`);
}

const FAILED_COUNT_LIVE = sql<number>`(select count(*) from slots where slots.slot_sequence_id = slot_sequences.id and slots.last_submission_status = 'Failed')`;
const LAST_DELIVERY_AT_LIVE = sql<number | null>`(select ${slotTime} from slots where slots.slot_sequence_id = slot_sequences.id and ${delivered('slots')} order by ${slotTime} desc limit 1)`;

const FIRST_UNSUBMITTED_DUE_LIVE = sql<number | null>`(select min(slots.expected_by) from slots where slots.slot_sequence_id = slot_sequences.id and slots.last_submission_status is null and slots.expected_by is not null)`;

/** The sequence's kept row is there (joined as `st`) and no mark says it is stale (`stale`): withSequenceStats. */
const KEPT = sql<boolean>`(st.slot_sequence_id is not null and stale.slot_sequence_id is null)`;

/** How many of the sequence's slots have a failed last submission. */
export const FAILED_COUNT = sql<number>`(case when ${KEPT} then st.failed_count else ${FAILED_COUNT_LIVE} end)`;

/** The slot time of the sequence's last delivered slot; null when none delivered. */
export const LAST_DELIVERY_AT = sql<number | null>`(case when ${KEPT} then st.last_delivery_at else ${LAST_DELIVERY_AT_LIVE} end)`;

/**
 * Whether the sequence has an overdue slot (no submission, expectedBy before `now`), the
 * overview's most common filter: its earliest unsubmitted slot is due. `overdue` is the live test.
 */
export function hasOverdue(now: number, overdue: RawBuilder<boolean>): RawBuilder<boolean> {
  return sql<boolean>`(case when ${KEPT} then (st.first_unsubmitted_due is not null and st.first_unsubmitted_due < ${now}) else ${overdue} end)`;
}

/**
 * A query on `slot_sequences` with each sequence's kept row (`st`) and whether it has stale marks
 * (`stale`, the distinct marked ids, joined once rather than probed per sequence).
 */
export function withSequenceStats<Q extends SelectQueryBuilder<Database, 'slot_sequences', object>>(query: Q) {
  return query
    .leftJoin('sequence_stats as st', 'st.slot_sequence_id', 'slot_sequences.id')
    .leftJoin((eb) => eb.selectFrom('sequence_stats_stale').select('sequence_stats_stale.slot_sequence_id').distinct().as('stale'), (join) => join.onRef('stale.slot_sequence_id', '=', 'slot_sequences.id'));
}

/** The advisory lock key of folds on PostgreSQL: any fixed number ("LSSF"). */
const FOLD_LOCK_KEY = 0x4c535346;
/** Stale marks recomputed per fold transaction. */
const FOLD_BATCH = 5_000;
/** Ids per `in (...)` list (SQLite allows 32,766 parameters a statement). */
const CHUNK = 1_000;

export class SequenceStatsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /**
   * Recomputes the kept figures of the sequences marked stale and removes those marks, a batch per
   * transaction, until none is left. The marks are read first and the figures computed by a later
   * statement, so they include every write whose mark was read; a write committing after that
   * keeps its mark for the next fold. Only the marks read are removed. On PostgreSQL folds take
   * turns (a transaction-level advisory lock; a fold that finds it taken returns at once), so an
   * older fold never overwrites a newer one's figures. Returns the marks folded.
   */
  async fold(): Promise<number> {
    let folded = 0;
    for (;;) {
      const batch = await this.db.transaction().execute(async (trx) => {
        if (this.dialect === 'postgres') {
          const lock = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${FOLD_LOCK_KEY}) as locked`.execute(trx);
          if (!lock.rows[0]!.locked) return 0;
        }
        const marks = await trx.selectFrom('sequence_stats_stale').select(['id', 'slot_sequence_id']).orderBy('id').limit(FOLD_BATCH).execute();
        const sequenceIds = [...new Set(marks.map((mark) => mark.slot_sequence_id))];
        for (const ids of chunks(sequenceIds)) {
          await sql`
            insert into sequence_stats (slot_sequence_id, failed_count, last_delivery_at, first_unsubmitted_due)
            select slot_sequences.id, ${FAILED_COUNT_LIVE}, ${LAST_DELIVERY_AT_LIVE}, ${FIRST_UNSUBMITTED_DUE_LIVE} from slot_sequences where slot_sequences.id in (${sql.join(ids)})
            on conflict (slot_sequence_id) do update
            set failed_count = excluded.failed_count, last_delivery_at = excluded.last_delivery_at, first_unsubmitted_due = excluded.first_unsubmitted_due`.execute(trx);
        }
        for (const ids of chunks(marks.map((mark) => mark.id))) await trx.deleteFrom('sequence_stats_stale').where('id', 'in', ids).execute();
        return marks.length;
      });
      folded += batch;
      if (batch < FOLD_BATCH) return folded;
    }
  }
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK) out.push(items.slice(start, start + CHUNK));
  return out;
}
