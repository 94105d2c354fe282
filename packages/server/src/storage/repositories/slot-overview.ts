import { sql, type Kysely, type RawBuilder } from 'kysely';
import { slotStatusSql, type SlotStatus } from '../../domain/slot-status.js';
import type { Database } from '../schema.js';
import { inOrNull, nameValuesCondition, orderKeys, whereRange, type NameValuesFilter, type Range } from './overview-sql.js';

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
  constructor(private readonly db: Kysely<Database>) {}

  async count(filter: SlotOverviewFilter, now: number): Promise<number> {
    const row = await this.#filtered(filter, now).select(sql<number>`count(*)`.as('total')).executeTakeFirstOrThrow();
    return Number(row.total);
  }

  async page(filter: SlotOverviewFilter, now: number, sort: { key: SlotSortKey; direction: 'asc' | 'desc' }, limit: number, offset: number): Promise<SlotOverviewRow[]> {
    let query = this.#filtered(filter, now).select([
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
    for (const key of sortKeys(sort.key, sort.direction, now)) query = query.orderBy(key);
    const rows = await query.orderBy('slots.id').limit(limit).offset(offset).execute();
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

  #filtered(filter: SlotOverviewFilter, now: number) {
    let query = this.db.selectFrom('slots').innerJoin('slot_sequences', 'slot_sequences.id', 'slots.slot_sequence_id');
    if (filter.slotIds) query = query.where('slots.id', 'in', filter.slotIds);
    if (filter.sequenceIds) query = query.where('slots.slot_sequence_id', 'in', filter.sequenceIds);
    if (filter.types) query = query.where('slot_sequences.type', 'in', filter.types);
    if (filter.cadences) query = query.where(inOrNull(sql`slot_sequences.cadence`, filter.cadences));
    if (filter.statuses) query = query.where(sql<boolean>`${statusOf(now)} in (${sql.join(filter.statuses)})`);
    if (filter.nameValues) query = query.where(nameValuesCondition(filter.nameValues));
    if (filter.lastSubmissionStatuses) query = query.where('slots.last_submission_status', 'in', filter.lastSubmissionStatuses);
    query = whereRange(query, sql`slots.expected_by`, filter.expectedBy);
    query = whereRange(query, sql`slots.updated_on`, filter.updatedOn);
    query = whereRange(query, sql`slots.created_on`, filter.createdOn);
    return whereRange(query, sql`slots.submission_count`, filter.submissions);
  }
}

function statusOf(now: number): RawBuilder<SlotStatus> {
  return slotStatusSql(now);
}

function sortKeys(key: SlotSortKey, direction: 'asc' | 'desc', now: number): Array<RawBuilder<unknown>> {
  switch (key) {
    case 'type':
      return orderKeys(sql`slot_sequences.type`, direction, true);
    case 'slotSequence':
      return orderKeys(sql`slot_sequences.name_key`, direction, false);
    case 'cadence':
      return orderKeys(sql`slot_sequences.cadence`, direction, true);
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
