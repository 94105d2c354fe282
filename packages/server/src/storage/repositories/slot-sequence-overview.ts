import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { slotStatusSql } from '../../domain/slot-status.js';
import type { Database, SlotRow } from '../schema.js';
import { inOrNull, nameValuesCondition, orderKeys, whereRange, type NameValuesFilter, type Range } from './overview-sql.js';

export interface SequenceOverviewFilter {
  isActive: boolean;
  types?: string[] | undefined;
  /** null matches sequences without an active schedule. */
  cadences?: Array<string | null> | undefined;
  nameValues?: NameValuesFilter | undefined;
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
 * per-sequence slot statistics (a grouped scan of slots) are computed for every sequence only
 * when a filter or the order needs them; otherwise only for the sequences of the page.
 */
export class SlotSequenceOverviewRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async count(filter: SequenceOverviewFilter, now: number): Promise<number> {
    const query = needsStats(filter) ? this.#withStats(filter, now) : this.#base(filter);
    const row = await query.select(sql<number>`count(*)`.as('total')).executeTakeFirstOrThrow();
    return Number(row.total);
  }

  async page(filter: SequenceOverviewFilter, now: number, sort: { key: SequenceSortKey; direction: 'asc' | 'desc' }, limit: number, offset: number): Promise<SequenceOverviewRow[]> {
    if (needsStats(filter, sort.key)) {
      let query = this.#withColumns(this.#withStats(filter, now));
      for (const key of sortKeys(sort.key, sort.direction)) query = query.orderBy(key);
      return (await query.orderBy('slot_sequences.id').limit(limit).offset(offset).execute()).map(toRow);
    }
    let query = this.#base(filter).select('slot_sequences.id');
    for (const key of sortKeys(sort.key, sort.direction)) query = query.orderBy(key);
    const ids = (await query.orderBy('slot_sequences.id').limit(limit).offset(offset).execute()).map((row) => row.id);
    return this.byIds(ids, now);
  }

  /** Every match, lightly: for orders and filters computed outside SQL (the upcoming slot). */
  async candidates(filter: SequenceOverviewFilter, now: number): Promise<Array<{ id: number; isActive: boolean; deliveryJson: string }>> {
    const query = needsStats(filter) ? this.#withStats(filter, now) : this.#base(filter);
    const rows = await query.select(['slot_sequences.id', 'slot_sequences.is_active', 'slot_sequences.delivery_json']).orderBy('slot_sequences.id').execute();
    return rows.map((row) => ({ id: row.id, isActive: row.is_active === 1, deliveryJson: row.delivery_json }));
  }

  /** The rows of these sequences, in the order of `ids`. */
  async byIds(ids: readonly number[], now: number): Promise<SequenceOverviewRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.#withColumns(
      this.db.selectFrom('slot_sequences').leftJoin(this.#stats(now, ids), 'stats.slot_sequence_id', 'slot_sequences.id').where('slot_sequences.id', 'in', [...ids]),
    ).execute();
    const byId = new Map(rows.map((row) => [row.id, toRow(row)]));
    return ids.map((id) => byId.get(id)).filter((row): row is SequenceOverviewRow => row !== undefined);
  }

  /** Per sequence, its delivered (Delivered or DeliveredLate) slot expected last (by expectedBy, else createdOn, then id). */
  async lastDeliveredSlots(ids: readonly number[], now: number): Promise<Map<number, SlotRow>> {
    const out = new Map<number, SlotRow>();
    if (ids.length === 0) return out;
    const latest = this.db
      .selectFrom('slots')
      .select(['slots.slot_sequence_id', sql<number>`max(${slotTime})`.as('at')])
      .where('slots.slot_sequence_id', 'in', [...ids])
      .where(delivered(now))
      .groupBy('slots.slot_sequence_id')
      .as('latest');
    const rows = await this.db
      .selectFrom('slots')
      .innerJoin(latest, (join) => join.onRef('latest.slot_sequence_id', '=', 'slots.slot_sequence_id').on(sql<boolean>`${slotTime} = latest.at`))
      .selectAll('slots')
      .where(delivered(now))
      .orderBy('slots.id')
      .execute();
    for (const row of rows) out.set(row.slot_sequence_id, row);
    return out;
  }

  /** Slot statistics per sequence (of the given sequences only, when given). */
  #stats(now: number, ids?: readonly number[]) {
    const status = slotStatusSql(now);
    let query = this.db
      .selectFrom('slots')
      .select([
        'slots.slot_sequence_id',
        sql<number>`count(*)`.as('slot_count'),
        sql<number>`sum(case when ${status} = 'Overdue' then 1 else 0 end)`.as('overdue_count'),
        sql<number>`sum(case when ${status} = 'Failed' then 1 else 0 end)`.as('failed_count'),
        sql<number | null>`max(case when ${status} in ('Delivered', 'DeliveredLate') then ${slotTime} end)`.as('last_delivery_at'),
      ]);
    if (ids) query = query.where('slots.slot_sequence_id', 'in', [...ids]);
    return query.groupBy('slots.slot_sequence_id').as('stats');
  }

  /** The filters on the sequence itself. */
  #base(filter: SequenceOverviewFilter) {
    let query = this.db.selectFrom('slot_sequences').where('slot_sequences.is_active', '=', filter.isActive ? 1 : 0);
    if (filter.types) query = query.where('slot_sequences.type', 'in', filter.types);
    if (filter.cadences) query = query.where(inOrNull(sql`slot_sequences.cadence`, filter.cadences));
    if (filter.nameValues) query = query.where(nameValuesCondition(filter.nameValues));
    return query;
  }

  /** Every filter, with the statistics of every sequence joined. */
  #withStats(filter: SequenceOverviewFilter, now: number) {
    let query = this.#base(filter).leftJoin(this.#stats(now), 'stats.slot_sequence_id', 'slot_sequences.id');
    query = whereRange(query, OVERDUE, filter.overdue);
    query = whereRange(query, FAILED, filter.failed);
    // A bound leaves out sequences that never delivered (their last_delivery_at is null).
    return whereRange(query, sql`stats.last_delivery_at`, filter.lastDelivery);
  }

  #withColumns<O>(query: SelectQueryBuilder<Database & { stats: StatsColumns }, 'slot_sequences' | 'stats', O>) {
    return query.select([
      'slot_sequences.id',
      'slot_sequences.type',
      'slot_sequences.cadence',
      'slot_sequences.is_active',
      'slot_sequences.delivery_json',
      sql<number>`coalesce(stats.slot_count, 0)`.as('slots'),
      sql<number>`${OVERDUE}`.as('overdue_count'),
      sql<number>`${FAILED}`.as('failed_count'),
      sql<number | null>`stats.last_delivery_at`.as('last_delivery_at'),
    ]);
  }
}

const STAT_SORT_KEYS: readonly SequenceSortKey[] = ['slots', 'overdue', 'failed', 'lastDelivery'];

function needsStats(filter: SequenceOverviewFilter, sortKey?: SequenceSortKey): boolean {
  return filter.overdue !== undefined || filter.failed !== undefined || filter.lastDelivery !== undefined || (sortKey !== undefined && STAT_SORT_KEYS.includes(sortKey));
}

interface StatsColumns {
  slot_sequence_id: number;
  slot_count: number;
  overdue_count: number;
  failed_count: number;
  last_delivery_at: number | null;
}

/** A slot's place in time: when it is expected, or (unscheduled) when it was created. */
const slotTime = sql`coalesce(slots.expected_by, slots.created_on)`;
const OVERDUE = sql`coalesce(stats.overdue_count, 0)`;
const FAILED = sql`coalesce(stats.failed_count, 0)`;

function delivered(now: number): RawBuilder<boolean> {
  return sql<boolean>`${slotStatusSql(now)} in ('Delivered', 'DeliveredLate')`;
}

function sortKeys(key: SequenceSortKey, direction: 'asc' | 'desc'): Array<RawBuilder<unknown>> {
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
      return orderKeys(sql`coalesce(stats.slot_count, 0)`, direction, false);
    case 'overdue':
      return orderKeys(OVERDUE, direction, false);
    case 'failed':
      return orderKeys(FAILED, direction, false);
    case 'lastDelivery':
      return orderKeys(sql`stats.last_delivery_at`, direction, true);
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
