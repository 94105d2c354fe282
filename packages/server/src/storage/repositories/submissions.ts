import { sql, type Kysely } from 'kysely';
import type { Database, SubmissionRow } from '../schema.js';
import { slotTimeSql } from './slots.js';

type Db = Kysely<Database>;

/** Values of `submissions.status`, as the wire spells them. */
export type SubmissionStatus = 'In Progress' | 'Completed' | 'Failed';

export interface Submission {
  id: number;
  slotId: number;
  status: SubmissionStatus;
  hasFailures: boolean;
  startedOn: number;
  endedOn: number | null;
  createdOn: number;
  updatedOn: number;
}

/** A submission found by the closest-submission search, with its slot's time. */
export interface SubmissionCandidate {
  submissionId: number;
  slotId: number;
  tag: string;
  slotTime: number;
}

export interface CandidateQuery {
  sequenceId: number;
  /** The reference slot: its own submissions never match. */
  excludeSlotId: number;
  onlyCompleted: boolean;
  /** `<=`: latest slot time at or before; `>=`: earliest at or after; `=`: exactly at. */
  comparison: '<=' | '>=' | '=';
  time: number;
}

const IN_CHUNK = 500;

export class SubmissionRepository {
  constructor(private readonly db: Db) {}

  async insert(slotId: number, now: number): Promise<Submission> {
    const row = await this.db
      .insertInto('submissions')
      .values({ slot_id: slotId, status: 'In Progress', has_failures: 0, started_on: now, ended_on: null, created_on: now, updated_on: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSubmission(row);
  }

  async findById(id: number): Promise<Submission | undefined> {
    const row = await this.db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toSubmission(row) : undefined;
  }

  /** The slot a submission belongs to, in one indexed read; undefined when there is no such submission. */
  async slotIdOf(id: number): Promise<number | undefined> {
    const row = await this.db.selectFrom('submissions').select('slot_id').where('id', '=', id).executeTakeFirst();
    return row?.slot_id;
  }


  /**
   * Applies one status event to the row and returns the row as it now is. Only the fields the
   * event changes are written (has_failures is only ever set), so concurrent events on one
   * submission cannot undo each other; the update also locks the row before it is re-read.
   */
  async applyStatusEvent(id: number, change: { status?: SubmissionStatus; endedOn?: number | null; failed: boolean }, now: number): Promise<Submission> {
    await this.db
      .updateTable('submissions')
      .set({
        updated_on: now,
        ...(change.status !== undefined ? { status: change.status } : {}),
        ...(change.endedOn !== undefined ? { ended_on: change.endedOn } : {}),
        ...(change.failed ? { has_failures: 1 } : {}),
      })
      .where('id', '=', id)
      .execute();
    const row = await this.db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return toSubmission(row);
  }

  /** Submissions of the given slots, latest first (by id). */
  async listForSlots(slotIds: readonly number[], options: { onlyCompleted: boolean }): Promise<Submission[]> {
    const out: Submission[] = [];
    for (let start = 0; start < slotIds.length; start += IN_CHUNK) {
      let query = this.db.selectFrom('submissions').selectAll().where('slot_id', 'in', slotIds.slice(start, start + IN_CHUNK));
      if (options.onlyCompleted) query = query.where('status', '=', 'Completed');
      out.push(...(await query.orderBy('id', 'desc').execute()).map(toSubmission));
    }
    return out.sort((a, b) => b.id - a.id);
  }

  /**
   * The best submission on one side of a time, in other slots of the sequence: the slot time
   * nearest `time` in the direction asked, and within that slot its latest submission.
   */
  async findCandidate(query: CandidateQuery): Promise<SubmissionCandidate | undefined> {
    const time = slotTimeSql();
    let select = this.db
      .selectFrom('submissions')
      .innerJoin('slots', 'slots.id', 'submissions.slot_id')
      .select(['submissions.id as submissionId', 'slots.id as slotId', 'slots.tag as tag', sql<number>`coalesce(slots.expected_by, slots.created_on)`.as('slotTime')])
      .where('slots.slot_sequence_id', '=', query.sequenceId)
      .where('slots.id', '<>', query.excludeSlotId)
      .where(time, query.comparison, query.time);
    if (query.onlyCompleted) select = select.where('submissions.status', '=', 'Completed');
    if (query.comparison === '<=') select = select.orderBy(time, 'desc');
    if (query.comparison === '>=') select = select.orderBy(time, 'asc');
    const row = await select.orderBy('submissions.id', 'desc').limit(1).executeTakeFirst();
    return row ? { submissionId: row.submissionId, slotId: row.slotId, tag: row.tag, slotTime: Number(row.slotTime) } : undefined;
  }
}

export function toSubmission(row: SubmissionRow): Submission {
  return {
    id: row.id,
    slotId: row.slot_id,
    status: row.status as SubmissionStatus,
    hasFailures: Number(row.has_failures) === 1,
    startedOn: Number(row.started_on),
    endedOn: row.ended_on === null ? null : Number(row.ended_on),
    createdOn: Number(row.created_on),
    updatedOn: Number(row.updated_on),
  };
}
