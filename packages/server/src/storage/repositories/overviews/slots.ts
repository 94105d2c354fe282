import { sql, type Kysely, type RawBuilder } from 'kysely';
import { SLOT_STATUSES, slotStatusConditionsSql, slotStatusSql, type SlotStatus } from '../../../domain/slot-status.js';
import type { Dialect } from '../../db.js';
import type { Database } from '../../schema.js';
import { SlotTotalRepository } from './slot-total.js';
import { inOrNull, nameValuesCondition, orderKeys, whereRange, type NameValuesFilter, type Range } from './sql-pieces.js';

export interface SlotOverviewFilter {
  slotIds?: number[] | undefined;
  sequenceIds?: number[] | undefined;
  types?: string[] | undefined;
  /** null matches sequences without an active schedule. */
  cadences?: Array<string | null> | undefined;
  statuses?: SlotStatus[] | undefined;
  nameValues?: NameValuesFilter | undefined;
  /** Epoch-ms bounds; a bound on expectedBy leaves out unscheduled slots (no expectedBy). */
  expectedBy?: Range | undefined;
  updatedOn?: Range | undefined;
  createdOn?: Range | undefined;
  lastSubmissionStatuses?: string[] | undefined;
  submissions?: Range | undefined;
}

export type SlotSortKey = 'type' | 'slotSequence' | 'cadence' | 'submissions' | 'status' | 'slotId' | 'expectedBy' | 'updatedOn' | 'createdOn';

export interface SlotOverviewRow {
  id: number;
  slotSequenceId: number;
  tag: string;
  type: string | null;
  cadence: string | null;
  status: SlotStatus;
  expectedBy: number | null;
  createdOn: number;
  updatedOn: number;
  submissionCount: number;
  lastSubmissionId: number | null;
  lastSubmissionStatus: string | null;
}

/** The slots overview in SQL: slots with their sequence's type and cadence, derived status, filters, order and paging. */
export class SlotOverviewRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async count(filter: SlotOverviewFilter, now: number): Promise<number> {
    // Every slot: on PostgreSQL the kept total (count(*) visits every slot there; SQLite counts
    // them from its smallest index in a few hundredths of a millisecond at 1M).
    if (this.dialect === 'postgres' && Object.values(filter).every((value) => value === undefined)) return new SlotTotalRepository(this.db).total();
    const row = await this.#filtered(filter, now).select(sql<number>`count(*)`.as('total')).executeTakeFirstOrThrow();
    return Number(row.total);
  }

  /**
   * One page, in two steps: the page's slot ids in order (the sort reads only slots, and the few
   * sequence columns it may need), then those slots with their sequence's columns. A sort the
   * indexes cannot give then sorts narrow rows, and only the page is joined. The order by the
   * derived status has its own plan (#idsByStatus). `matching`: the filter's count, when known.
   */
  async page(
    filter: SlotOverviewFilter,
    now: number,
    sort: { key: SlotSortKey; direction: 'asc' | 'desc' },
    limit: number,
    offset: number,
    matching?: number,
  ): Promise<SlotOverviewRow[]> {
    const ids = sort.key === 'status' ? await this.#idsByStatus(filter, now, sort.direction, limit, offset) : await this.#ids(filter, now, sort, limit, offset, matching);
    if (ids.length === 0) return [];
    const query = this.db
      .selectFrom('slots')
      .innerJoin('slot_sequences', 'slot_sequences.id', 'slots.slot_sequence_id')
      .where('slots.id', 'in', ids)
      .select([
        'slots.id',
        'slots.slot_sequence_id',
        'slots.tag',
        'slots.expected_by',
        'slots.created_on',
        'slots.updated_on',
        'slots.submission_count',
        'slots.last_submission_id',
        'slots.last_submission_status',
        'slot_sequences.type',
        'slot_sequences.cadence',
        statusOf(now).as('status'),
      ]);
    const position = new Map(ids.map((id, index) => [id, index]));
    const rows = (await query.execute()).sort((a, b) => position.get(a.id)! - position.get(b.id)!);
    return rows.map((row) => ({
      id: row.id,
      slotSequenceId: row.slot_sequence_id,
      tag: row.tag,
      type: row.type,
      cadence: row.cadence,
      status: row.status,
      expectedBy: row.expected_by === null ? null : Number(row.expected_by),
      createdOn: Number(row.created_on),
      updatedOn: Number(row.updated_on),
      submissionCount: Number(row.submission_count),
      lastSubmissionId: row.last_submission_id,
      lastSubmissionStatus: row.last_submission_status,
    }));
  }

  async #ids(filter: SlotOverviewFilter, now: number, sort: { key: SlotSortKey; direction: 'asc' | 'desc' }, limit: number, offset: number, matching: number | undefined): Promise<number[]> {
    const bySequenceIndex = !(await this.#walkSortIndexInstead(filter, sort.key, offset + limit, matching));
    let query = this.#filtered(filter, now, bySequenceIndex).select('slots.id');
    for (const key of sortKeys(sort.key, sort.direction, now)) query = query.orderBy(key);
    return (await query.orderBy('slots.id').limit(limit).offset(offset).execute()).map((row) => row.id);
  }

  /**
   * SQLite cannot estimate how many slots a sequence filter (type, cadence, name) matches, and
   * always starts from the per-sequence index, then sorts all those slots. When they are many,
   * walking the index of the sort column and skipping the others reaches the page sooner: about
   * reach * (all slots / matching) rows read against `matching` rows read and sorted. max(id)
   * stands for the number of slots (ids only grow; slots are never deleted) at the cost of one
   * index probe. PostgreSQL has statistics and chooses well on its own.
   */
  async #walkSortIndexInstead(filter: SlotOverviewFilter, key: SlotSortKey, reach: number, matching: number | undefined): Promise<boolean> {
    if (this.dialect !== 'sqlite' || matching === undefined || !INDEXED_SORTS.has(key)) return false;
    if (!filter.sequenceIds && !filter.types && !filter.cadences && !filter.nameValues) return false;
    const row = await this.db.selectFrom('slots').select(sql<number | null>`max(id)`.as('top')).executeTakeFirst();
    const slots = Number(row?.top ?? 0);
    return reach * slots < matching * matching;
  }

  /**
   * A page in status order without sorting every slot by its derived status: the statuses in
   * order (as text, like `order by status`), each status's slots by id, read through the index on
   * (last submission status, id) one roll-up value at a time. One status after the other, each
   * read only as far as the page still reaches (offset + limit, less what the statuses before it
   * gave), stopping once the page is reached: a deep page reads the statuses before it and its own,
   * not every status as far as the page (issue 20: at 1M, 8 branches of 800 slots each).
   */
  async #idsByStatus(filter: SlotOverviewFilter, now: number, direction: 'asc' | 'desc', limit: number, offset: number): Promise<number[]> {
    const ascending = [...SLOT_STATUSES].sort().filter((status) => !filter.statuses || filter.statuses.includes(status));
    const statuses = direction === 'desc' ? ascending.reverse() : ascending;
    const ids: number[] = [];
    for (const status of statuses) {
      const reach = offset + limit - ids.length;
      if (reach <= 0) break;
      ids.push(...(await this.#statusIds(filter, now, status, reach)));
    }
    return ids.slice(offset, offset + limit);
  }

  /** The first `reach` slots (by id) of one derived status: a union of its conditions' index ranges. */
  async #statusIds(filter: SlotOverviewFilter, now: number, status: SlotStatus, reach: number): Promise<number[]> {
    const groups = slotStatusConditionsSql(status, now).map((condition, index) =>
      this.db
        .selectFrom(this.#filtered(filter, now).where(condition).select('slots.id').orderBy('slots.id').limit(reach).as(`g${index}`))
        .selectAll(),
    );
    const [first, ...rest] = groups;
    if (!first) return [];
    const union = rest.reduce((all, group) => all.unionAll(group), first);
    const rows = await this.db.selectFrom(union.as('branches')).select('branches.id').orderBy('branches.id').limit(reach).execute();
    return rows.map((row) => row.id);
  }

  /**
   * The slots that pass the filters. Filters on the sequence (type, cadence, name) are
   * `slot_sequence_id in (matching sequences)`, not a join, so counting reads only slots (an
   * index of slots, when it can) and the database can start from the few matching sequences.
   */
  #filtered(filter: SlotOverviewFilter, now: number, bySequenceIndex = true) {
    // `+column` keeps SQLite (and PostgreSQL) from using an index for that term.
    const sequenceId = bySequenceIndex ? sql`slots.slot_sequence_id` : sql`+slots.slot_sequence_id`;
    let query = this.db.selectFrom('slots');
    if (filter.slotIds) query = query.where('slots.id', 'in', filter.slotIds);
    if (filter.sequenceIds) query = query.where(sequenceId, 'in', filter.sequenceIds);
    if (filter.types || filter.cadences) {
      let sequences = this.db.selectFrom('slot_sequences as sq').select('sq.id');
      if (filter.types) sequences = sequences.where('sq.type', 'in', filter.types);
      if (filter.cadences) sequences = sequences.where(inOrNull(sql`sq.cadence`, filter.cadences));
      query = query.where(sequenceId, 'in', sequences);
    }
    // Per-status conditions on the columns (not the derived status), so an index can serve them.
    if (filter.statuses) query = query.where(sql<boolean>`(${sql.join([...new Set(filter.statuses)].flatMap((status) => slotStatusConditionsSql(status, now)), sql` or `)})`);
    if (filter.nameValues) query = query.where(nameValuesCondition(sequenceId, filter.nameValues));
    if (filter.lastSubmissionStatuses) query = query.where('slots.last_submission_status', 'in', filter.lastSubmissionStatuses);
    query = whereRange(query, sql`slots.expected_by`, filter.expectedBy);
    query = whereRange(query, sql`slots.updated_on`, filter.updatedOn);
    query = whereRange(query, sql`slots.created_on`, filter.createdOn);
    return whereRange(query, sql`slots.submission_count`, filter.submissions);
  }
}

/** Sorts an index of slots gives in order: (updated_on, id) and the primary key (non-null columns). */
const INDEXED_SORTS = new Set<SlotSortKey>(['updatedOn', 'slotId']);

function statusOf(now: number): RawBuilder<SlotStatus> {
  return slotStatusSql(now);
}

/** A column of the slot's sequence, looked up by primary key (the id query has no join). */
function sequenceColumn(column: 'type' | 'name_key' | 'cadence'): RawBuilder<unknown> {
  return sql`(select ${sql.ref(`sq.${column}`)} from slot_sequences as sq where sq.id = slots.slot_sequence_id)`;
}

function sortKeys(key: SlotSortKey, direction: 'asc' | 'desc', now: number): Array<RawBuilder<unknown>> {
  switch (key) {
    case 'type':
      return orderKeys(sequenceColumn('type'), direction, true);
    case 'slotSequence':
      return orderKeys(sequenceColumn('name_key'), direction, false);
    case 'cadence':
      return orderKeys(sequenceColumn('cadence'), direction, true);
    case 'submissions':
      return orderKeys(sql`slots.submission_count`, direction, false);
    case 'status':
      return orderKeys(statusOf(now), direction, false);
    case 'slotId':
      return orderKeys(sql`slots.id`, direction, false);
    case 'expectedBy':
      return orderKeys(sql`slots.expected_by`, direction, true);
    case 'updatedOn':
      return orderKeys(sql`slots.updated_on`, direction, false);
    case 'createdOn':
      return orderKeys(sql`slots.created_on`, direction, false);
  }
}
