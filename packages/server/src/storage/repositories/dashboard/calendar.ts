import { sql, type Kysely } from 'kysely';
import type { Database } from '../../schema.js';
import { slotTimeSql } from '../slots.js';

/** A slot of a calendar window, with its recorded health (null: none recorded). */
export interface CalendarSlotRow {
  slotId: number;
  tag: string;
  expectedBy: number | null;
  submissionCount: number;
  lastSubmissionId: number | null;
  lastSubmissionStatus: string | null;
  deliveredOn: number | null;
  recordedHealth: string | null;
}

const IN_CHUNK = 500;

/** The reads behind a sequence's calendar. */
export class CalendarRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Slots of the sequence whose slot time (expectedBy, or creation for unscheduled slots) is in
   * [startMs, endMs): the latest `limit` of them by that time.
   */
  async slotsInWindow(sequenceId: number, startMs: number, endMs: number, limit: number): Promise<CalendarSlotRow[]> {
    const time = slotTimeSql();
    const rows = await this.db
      .selectFrom('slots')
      .leftJoin('slot_health', 'slot_health.slot_id', 'slots.id')
      .select([
        'slots.id',
        'slots.tag',
        'slots.expected_by',
        'slots.submission_count',
        'slots.last_submission_id',
        'slots.last_submission_status',
        'slots.delivered_on',
        'slot_health.state',
      ])
      .where('slots.slot_sequence_id', '=', sequenceId)
      .where(sql<boolean>`${time} >= ${startMs}`)
      .where(sql<boolean>`${time} < ${endMs}`)
      .orderBy(sql`${time} desc`)
      .orderBy('slots.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      slotId: row.id,
      tag: row.tag,
      expectedBy: row.expected_by === null ? null : Number(row.expected_by),
      submissionCount: Number(row.submission_count),
      lastSubmissionId: row.last_submission_id,
      lastSubmissionStatus: row.last_submission_status,
      deliveredOn: row.delivered_on === null ? null : Number(row.delivered_on),
      recordedHealth: row.state,
    }));
  }

  /** Per submission: whether any quality result asked to cancel, and whether any check failed. */
  async qualityOf(submissionIds: readonly number[]): Promise<Map<number, { cancelled: boolean; failed: boolean }>> {
    const out = new Map<number, { cancelled: boolean; failed: boolean }>();
    for (let start = 0; start < submissionIds.length; start += IN_CHUNK) {
      const rows = await this.db
        .selectFrom('quality_results')
        .select([
          'submission_id',
          sql<number>`max(case when action = 'Cancelled' then 1 else 0 end)`.as('cancelled'),
          sql<number>`max(case when success = 0 then 1 else 0 end)`.as('failed'),
        ])
        .where('submission_id', 'in', submissionIds.slice(start, start + IN_CHUNK))
        .groupBy('submission_id')
        .execute();
      for (const row of rows) out.set(row.submission_id, { cancelled: Number(row.cancelled) === 1, failed: Number(row.failed) === 1 });
    }
    return out;
  }
}
