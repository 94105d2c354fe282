import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../schema.js';
import { toSlot, type Slot } from '../slots.js';
import { delivered, FAILED_COUNT, hasOverdue, LAST_DELIVERY_AT, withSequenceStats } from './sequence-stats.js';
import { inOrNull, nameContainsCondition, nameValuesCondition, orderKeys, whereCountRange, whereRange, type NameValuesFilter, type Range } from './sql-pieces.js';

export interface SequenceOverviewFilter {
  isActive: boolean;
  types?: string[] | undefined;
  /** null matches sequences without an active schedule. */
  cadences?: Array<string | null> | undefined;
  nameValues?: NameValuesFilter | undefined;
  /** Texts that must each appear in a name part value, any case (a LucoTS extension). */
  nameContains?: string[] | undefined;
  overdue?: Range | undefined;
  failed?: Range | undefined;
  /** Bounds on lastDeliveryAt, epoch ms. */
  lastDelivery?: Range | undefined;
}

export type SequenceSortKey = 'id' | 'type' | 'slotSequence' | 'cadence' | 'slots' | 'overdue' | 'failed' | 'lastDelivery';

export interface SequenceOverviewRow {
  id: number;
  type: string | null;
  cadence: string | null;
  isActive: boolean;
  deliveryJson: string;
  slots: number;
  overdueCount: number;
  failedCount: number;
  /** When the last delivered slot was expected (its createdOn when unscheduled); null when none. */
  lastDeliveryAt: number | null;
}

/**
 * The slot sequences overview in SQL: per-sequence slot counts, filters, order and paging. The
 * failed count and last delivery are kept per sequence, and so is the earliest unsubmitted slot
 * that answers "has an overdue slot" (sequence-stats.ts); the overdue count, which moves with the
 * clock, is a range of (sequence, last submission status, expectedBy) that an index answers
 * (migration 0003); only the slot count reads the sequence's index entries. They are evaluated for
 * every sequence only when a filter or the order needs them; otherwise only for the page's
 * sequences.
 */
export class SlotSequenceOverviewRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async count(filter: SequenceOverviewFilter, now: number): Promise<number> {
    const row = await this.#filtered(filter, now).select(sql<number>`count(*)`.as('total')).executeTakeFirstOrThrow();
    return Number(row.total);
  }

  async page(filter: SequenceOverviewFilter, now: number, sort: { key: SequenceSortKey; direction: 'asc' | 'desc' }, limit: number, offset: number): Promise<SequenceOverviewRow[]> {
    let query = this.#filtered(filter, now, sort.key === 'failed' || sort.key === 'lastDelivery').select('slot_sequences.id');
    for (const key of sortKeys(sort.key, sort.direction, now)) query = query.orderBy(key);
    const ids = (await query.orderBy('slot_sequences.id').limit(limit).offset(offset).execute()).map((row) => row.id);
    return this.byIds(ids, now);
  }

  /** Every match, lightly: for orders and filters computed outside SQL (the upcoming slot). */
  async candidates(filter: SequenceOverviewFilter, now: number): Promise<Array<{ id: number; isActive: boolean; deliveryJson: string }>> {
    const rows = await this.#filtered(filter, now).select(['slot_sequences.id', 'slot_sequences.is_active', 'slot_sequences.delivery_json']).orderBy('slot_sequences.id').execute();
    return rows.map((row) => ({ id: row.id, isActive: row.is_active === 1, deliveryJson: row.delivery_json }));
  }

  /** The rows of these sequences, in the order of `ids`. */
  async byIds(ids: readonly number[], now: number): Promise<SequenceOverviewRow[]> {
    if (ids.length === 0) return [];
    const rows = await withSequenceStats(this.db.selectFrom('slot_sequences'))
      .select([
        'slot_sequences.id',
        'slot_sequences.type',
        'slot_sequences.cadence',
        'slot_sequences.is_active',
        'slot_sequences.delivery_json',
        SLOT_COUNT.as('slots'),
        overdueCount(now).as('overdue_count'),
        FAILED_COUNT.as('failed_count'),
        LAST_DELIVERY_AT.as('last_delivery_at'),
      ])
      .where('slot_sequences.id', 'in', [...ids])
      .execute();
    const byId = new Map(rows.map((row) => [row.id, toRow(row)]));
    return ids.map((id) => byId.get(id)).filter((row): row is SequenceOverviewRow => row !== undefined);
  }

  /**
   * Per sequence, its delivered (Delivered or DeliveredLate) slot expected last (by expectedBy,
   * else createdOn, then the highest id): one probe of the partial index per sequence.
   */
  async lastDeliveredSlots(ids: readonly number[]): Promise<Map<number, Slot>> {
    const out = new Map<number, Slot>();
    if (ids.length === 0) return out;
    const latest = this.db
      .selectFrom('slot_sequences')
      .select(
        sql<number>`(select s.id from slots as s where s.slot_sequence_id = slot_sequences.id and ${delivered('s')} order by coalesce(s.expected_by, s.created_on) desc, s.id desc limit 1)`.as('id'),
      )
      .where('slot_sequences.id', 'in', [...ids]);
    const rows = await this.db.selectFrom('slots').selectAll().where('slots.id', 'in', latest).execute();
    for (const row of rows) out.set(row.slot_sequence_id, toSlot(row));
    return out;
  }

  /** Every filter: those on the sequence itself, then those on its statistics. `sortedOnKept`: the order reads a kept figure too. */
  #filtered(filter: SequenceOverviewFilter, now: number, sortedOnKept = false) {
    // The kept figures' joins only when something reads them: a plain count stays a plain count.
    const kept = sortedOnKept || filter.failed !== undefined || filter.lastDelivery !== undefined || filter.overdue !== undefined;
    const from = this.db.selectFrom('slot_sequences');
    let query = (kept ? withSequenceStats(from) : from).where('slot_sequences.is_active', '=', filter.isActive ? 1 : 0);
    if (filter.types) query = query.where('slot_sequences.type', 'in', filter.types);
    if (filter.cadences) query = query.where(inOrNull(sql`slot_sequences.cadence`, filter.cadences));
    if (filter.nameValues) query = query.where(nameValuesCondition(sql`slot_sequences.id`, filter.nameValues));
    if (filter.nameContains) query = query.where(nameContainsCondition(sql`slot_sequences.id`, filter.nameContains));
    query = whereOverdue(query, now, filter.overdue);
    query = whereRange(query, FAILED_COUNT, filter.failed);
    // A bound leaves out sequences that never delivered (their last delivery is null).
    return whereRange(query, LAST_DELIVERY_AT, filter.lastDelivery);
  }
}

/** The statistics of the sequence `slot_sequences.id`, by the rules of slotStatusSql. */
const SLOT_COUNT = sql<number>`(select count(*) from slots where slots.slot_sequence_id = slot_sequences.id)`;
/** The sequence's overdue slots: no submission and expectedBy passed (unscheduled slots, without expectedBy, are never overdue). */
function overdueSlots(now: number): RawBuilder<unknown> {
  return sql`from slots where slots.slot_sequence_id = slot_sequences.id and slots.last_submission_status is null and slots.expected_by < ${now}`;
}
/**
 * The overdue filter. "At least 1" and "none" (the common ones) read the kept earliest due slot;
 * other bounds count the overdue slots as far as the bounds need.
 */
function whereOverdue<Q extends { where(expression: RawBuilder<boolean>): Q }>(query: Q, now: number, range: Range | undefined): Q {
  const atLeast = range?.min === undefined ? 0 : Math.ceil(range.min);
  const atMost = range?.max === undefined ? undefined : Math.floor(range.max);
  const overdue = hasOverdue(now, sql<boolean>`exists (select 1 ${overdueSlots(now)})`);
  if (atLeast === 1 && atMost === undefined) return query.where(overdue);
  if (atLeast <= 0 && atMost === 0) return query.where(sql<boolean>`not ${overdue}`);
  return whereCountRange(query, overdueSlots(now), range);
}
function overdueCount(now: number): RawBuilder<number> {
  return sql<number>`(select count(*) ${overdueSlots(now)})`;
}

function sortKeys(key: SequenceSortKey, direction: 'asc' | 'desc', now: number): Array<RawBuilder<unknown>> {
  switch (key) {
    case 'id':
      return orderKeys(sql`slot_sequences.id`, direction, false);
    case 'type':
      return orderKeys(sql`slot_sequences.type`, direction, true);
    case 'slotSequence':
      return orderKeys(sql`slot_sequences.name_key`, direction, false);
    case 'cadence':
      return orderKeys(sql`slot_sequences.cadence`, direction, true);
    case 'slots':
      return orderKeys(SLOT_COUNT, direction, false);
    case 'overdue':
      return orderKeys(overdueCount(now), direction, false);
    case 'failed':
      return orderKeys(FAILED_COUNT, direction, false);
    case 'lastDelivery':
      return orderKeys(LAST_DELIVERY_AT, direction, true);
  }
}

function toRow(row: { id: number; type: string | null; cadence: string | null; is_active: number; delivery_json: string; slots: number; overdue_count: number; failed_count: number; last_delivery_at: number | null }): SequenceOverviewRow {
  return {
    id: row.id,
    type: row.type,
    cadence: row.cadence,
    isActive: row.is_active === 1,
    deliveryJson: row.delivery_json,
    slots: Number(row.slots),
    overdueCount: Number(row.overdue_count),
    failedCount: Number(row.failed_count),
    lastDeliveryAt: row.last_delivery_at === null ? null : Number(row.last_delivery_at),
  };
}
