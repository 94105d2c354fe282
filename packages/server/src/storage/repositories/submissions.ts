import { sql, type Kysely } from 'kysely';
import { PreparedQuery } from '../prepared-query.js';
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

// The statements of the write paths, built and compiled once (storage/prepared-query.ts).
const INSERT_SUBMISSION = new PreparedQuery(2, (db, slotId: number, now: number) =>
  db.insertInto('submissions').values({ slot_id: slotId, status: 'In Progress', has_failures: 0, started_on: now, ended_on: null, created_on: now, updated_on: now }).returningAll(),
);

/** A status event's update writes only the fields it changes: one prepared statement per combination. */
const statusEventUpdates = new Map<string, PreparedQuery<unknown[], SubmissionRow>>();

function statusEventUpdate(setsStatus: boolean, setsEnd: boolean, failed: boolean): PreparedQuery<unknown[], SubmissionRow> {
  const key = `${setsStatus}/${setsEnd}/${failed}`;
  let update = statusEventUpdates.get(key);
  if (!update) {
    update = new PreparedQuery(2 + Number(setsStatus) + Number(setsEnd), (db, ...values: unknown[]) => {
      const [id, now, ...changes] = values as [number, number, ...unknown[]];
      return db
        .updateTable('submissions')
        .set({
          updated_on: now,
          ...(setsStatus ? { status: changes.shift() as SubmissionStatus } : {}),
          ...(setsEnd ? { ended_on: changes.shift() as number | null } : {}),
          ...(failed ? { has_failures: 1 } : {}),
        })
        .where('id', '=', id)
        .returningAll();
    });
    statusEventUpdates.set(key, update);
  }
  return update;
}

export class SubmissionRepository {
  constructor(private readonly db: Db) {}

  async insert(slotId: number, now: number): Promise<Submission> {
    const row = (await INSERT_SUBMISSION.execute(this.db, slotId, now)).rows[0];
    if (!row) throw new Error(`no submission was stored for slot ${slotId}`);
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
   * submission cannot undo each other; the row comes back from the update itself (`returning`).
   */
  async applyStatusEvent(id: number, change: { status?: SubmissionStatus; endedOn?: number | null; failed: boolean }, now: number): Promise<Submission> {
    const update = statusEventUpdate(change.status !== undefined, change.endedOn !== undefined, change.failed);
    const row = (await update.execute(this.db, id, now, ...(change.status !== undefined ? [change.status] : []), ...(change.endedOn !== undefined ? [change.endedOn] : []))).rows[0];
    if (!row) throw new Error(`submission ${id} vanished while a status event was applied`);
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
