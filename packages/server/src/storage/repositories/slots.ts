import { sql, type Kysely, type RawBuilder } from 'kysely';
import { PreparedQuery } from '../prepared-query.js';
import type { Database, SlotRow } from '../schema.js';

type Db = Kysely<Database>;

// The statements of the write paths (a new run, its status events), built and compiled once.
const INSERT_UNSCHEDULED = new PreparedQuery(3, (db, sequenceId: number, tag: string, now: number) =>
  db
    .insertInto('slots')
    .values(newSlotRow(sequenceId, tag, null, now))
    .onConflict((oc) => oc.columns(['slot_sequence_id', 'tag']).doNothing())
    .returningAll(),
);
// A slot made for its first submission, already counting it: one index write per index instead of
// an insert, then an update that moves every status index entry.
const INSERT_UNSCHEDULED_STARTED = new PreparedQuery(4, (db, sequenceId: number, tag: string, now: number, startedOn: number) =>
  db
    .insertInto('slots')
    .values({ ...newSlotRow(sequenceId, tag, null, now), submission_count: 1, last_submission_status: 'InProgress', updated_on: startedOn })
    .onConflict((oc) => oc.columns(['slot_sequence_id', 'tag']).doNothing())
    .returningAll(),
);
// Sets a column no index holds, so the row alone is written.
const SET_FIRST_SUBMISSION = new PreparedQuery(2, (db, slotId: number, submissionId: number) =>
  db.updateTable('slots').set({ last_submission_id: submissionId }).where('id', '=', slotId).where('last_submission_id', 'is', null).where('submission_count', '=', 1),
);
const ADD_SUBMISSION = new PreparedQuery(3, (db, slotId: number, submissionId: number, now: number) =>
  db
    .updateTable('slots')
    .set({
      submission_count: sql<number>`submission_count + 1`,
      last_submission_status: sql<string>`case when last_submission_id is null or last_submission_id < ${submissionId} then ${'InProgress'} else last_submission_status end`,
      last_submission_id: sql<number>`case when last_submission_id is null or last_submission_id < ${submissionId} then ${submissionId} else last_submission_id end`,
      updated_on: now,
    })
    .where('id', '=', slotId),
);
const SET_LAST_SUBMISSION_STATUS = new PreparedQuery(4, (db, slotId: number, submissionId: number, status: string, now: number) =>
  db.updateTable('slots').set({ last_submission_status: status, updated_on: now }).where('id', '=', slotId).where('last_submission_id', '=', submissionId),
);
const SET_LAST_SUBMISSION_STATUS_AND_DELIVERED = new PreparedQuery(4, (db, slotId: number, submissionId: number, status: string, now: number) =>
  db
    .updateTable('slots')
    .set({
      last_submission_status: sql<string>`case when last_submission_id = ${submissionId} then ${status} else last_submission_status end`,
      delivered_on: sql<number>`coalesce(delivered_on, ${now})`,
      updated_on: now,
    })
    .where('id', '=', slotId)
    .where((eb) => eb.or([eb('last_submission_id', '=', submissionId), eb('delivered_on', 'is', null)])),
);

/** A slot as services see it (epoch-ms times). */
export interface Slot {
  id: number;
  sequenceId: number;
  tag: string;
  /** null for slots of unscheduled sequences. */
  expectedBy: number | null;
  submissionCount: number;
  lastSubmissionId: number | null;
  lastSubmissionStatus: string | null;
  deliveredOn: number | null;
  createdOn: number;
  updatedOn: number;
}

/** Filters of the submissions-by-sequence listing, applied to slots. */
export interface SlotListFilter {
  sequenceId: number;
  /** Slot time >= this (epoch ms). */
  from?: number | undefined;
  /** Slot time < this (epoch ms). */
  before?: number | undefined;
  /** Only slots with at least one Completed submission (else: with at least one submission). */
  requireCompleted: boolean;
  limit?: number | undefined;
}

/**
 * A slot's time, the one clock slots are ordered and compared by: its expectedBy, or, for a slot
 * without one (unscheduled), when it was created.
 */
export function slotTimeSql(): RawBuilder<number> {
  return sql<number>`coalesce(slots.expected_by, slots.created_on)`;
}

export class SlotRepository {
  constructor(private readonly db: Db) {}

  async findById(id: number): Promise<Slot | undefined> {
    const row = await this.db.selectFrom('slots').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toSlot(row) : undefined;
  }

  async findByTag(sequenceId: number, tag: string): Promise<Slot | undefined> {
    const row = await this.db.selectFrom('slots').selectAll().where('slot_sequence_id', '=', sequenceId).where('tag', '=', tag).executeTakeFirst();
    return row ? toSlot(row) : undefined;
  }

  /**
   * Creates an unscheduled slot unless the tag exists. The unique (sequence, tag) constraint
   * decides between concurrent creators: one insert wins, the others read its row.
   */
  async insertUnscheduled(sequenceId: number, tag: string, now: number): Promise<{ slot: Slot; created: boolean }> {
    const inserted = (await INSERT_UNSCHEDULED.execute(this.db, sequenceId, tag, now)).rows[0];
    if (inserted) return { slot: toSlot(inserted), created: true };
    const existing = await this.findByTag(sequenceId, tag);
    if (!existing) throw new Error(`slot ${tag} of sequence ${sequenceId} vanished after an insert conflict`);
    return { slot: existing, created: false };
  }

  /**
   * An unscheduled slot made for a submission about to be created (`startedOn`), unless the tag
   * exists (undefined): the row already has the roll-up that `addSubmission` would give it, with
   * no submission id yet; `setFirstSubmission` adds it once the submission is stored.
   */
  async insertUnscheduledStarted(sequenceId: number, tag: string, now: number, startedOn: number): Promise<Slot | undefined> {
    const row = (await INSERT_UNSCHEDULED_STARTED.execute(this.db, sequenceId, tag, now, startedOn)).rows[0];
    return row ? toSlot(row) : undefined;
  }

  /** The submission a slot from `insertUnscheduledStarted` was made for. */
  async setFirstSubmission(slotId: number, submissionId: number): Promise<void> {
    const result = await SET_FIRST_SUBMISSION.execute(this.db, slotId, submissionId);
    if (Number(result.numAffectedRows ?? 0) !== 1) throw new Error(`slot ${slotId} was not waiting for its first submission`);
  }

  /** Creates scheduled slots that do not exist yet (the unique sequence + tag skips the rest). */
  async insertScheduled(sequenceId: number, slots: ReadonlyArray<{ tag: string; expectedBy: number }>, now: number): Promise<void> {
    if (slots.length === 0) return;
    await this.db
      .insertInto('slots')
      .values(slots.map((slot) => newSlotRow(sequenceId, slot.tag, slot.expectedBy, now)))
      .onConflict((oc) => oc.columns(['slot_sequence_id', 'tag']).doNothing())
      .execute();
  }

  /** One scheduled slot, unless the tag exists: the row made, or undefined when it existed. */
  async insertScheduledSlot(sequenceId: number, slot: { tag: string; expectedBy: number }, now: number): Promise<Slot | undefined> {
    const row = await this.db
      .insertInto('slots')
      .values(newSlotRow(sequenceId, slot.tag, slot.expectedBy, now))
      .onConflict((oc) => oc.columns(['slot_sequence_id', 'tag']).doNothing())
      .returningAll()
      .executeTakeFirst();
    return row ? toSlot(row) : undefined;
  }

  /**
   * A new submission's roll-up: one more submission and, unless a later submission got there
   * first, it becomes the slot's last one (In Progress).
   */
  async addSubmission(slotId: number, submissionId: number, now: number): Promise<void> {
    await ADD_SUBMISSION.execute(this.db, slotId, submissionId, now);
  }

  /** Sets the roll-up when `submissionId` is still the slot's last submission; false otherwise. */
  async setLastSubmissionStatus(slotId: number, submissionId: number, status: string, now: number): Promise<boolean> {
    const result = await SET_LAST_SUBMISSION_STATUS.execute(this.db, slotId, submissionId, status, now);
    return Number(result.numAffectedRows ?? 0) > 0;
  }

  /**
   * A completion's two changes of the slot in one statement: the roll-up as setLastSubmissionStatus
   * sets it (only while `submissionId` is the slot's last submission) and the slot's delivery time,
   * its first completion's (later completions leave it unchanged). True when the row was updated
   * (on PostgreSQL this transaction then holds the row's lock).
   */
  async setLastSubmissionStatusAndDelivered(slotId: number, submissionId: number, status: string, now: number): Promise<boolean> {
    const result = await SET_LAST_SUBMISSION_STATUS_AND_DELIVERED.execute(this.db, slotId, submissionId, status, now);
    return Number(result.numAffectedRows ?? 0) > 0;
  }

  /** Slots of a sequence that have a (completed) submission, latest slot time first. */
  async listWithSubmissions(filter: SlotListFilter): Promise<Slot[]> {
    let query = this.db
      .selectFrom('slots')
      .selectAll()
      .where('slot_sequence_id', '=', filter.sequenceId)
      .where((eb) => {
        let submissions = eb.selectFrom('submissions').select('submissions.id').whereRef('submissions.slot_id', '=', 'slots.id');
        if (filter.requireCompleted) submissions = submissions.where('submissions.status', '=', 'Completed');
        return eb.exists(submissions);
      });
    if (filter.from !== undefined) query = query.where(slotTimeSql(), '>=', filter.from);
    if (filter.before !== undefined) query = query.where(slotTimeSql(), '<', filter.before);
    query = query.orderBy(slotTimeSql(), 'desc').orderBy('id', 'desc');
    if (filter.limit !== undefined) query = query.limit(filter.limit);
    return (await query.execute()).map(toSlot);
  }

  /**
   * How many slots of the sequence lie after `from` up to and including `to`, in slot order (slot
   * time, then id); `from` must come before `to`.
   */
  async countBetween(sequenceId: number, from: { time: number; id: number }, to: { time: number; id: number }): Promise<number> {
    const time = slotTimeSql();
    const row = await this.db
      .selectFrom('slots')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('slot_sequence_id', '=', sequenceId)
      .where((eb) => eb.or([eb(time, '>', from.time), eb.and([eb(time, '=', from.time), eb('id', '>', from.id)])]))
      .where((eb) => eb.or([eb(time, '<', to.time), eb.and([eb(time, '=', to.time), eb('id', '<=', to.id)])]))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

export function toSlot(row: SlotRow): Slot {
  return {
    id: row.id,
    sequenceId: row.slot_sequence_id,
    tag: row.tag,
    expectedBy: row.expected_by === null ? null : Number(row.expected_by),
    submissionCount: Number(row.submission_count),
    lastSubmissionId: row.last_submission_id,
    lastSubmissionStatus: row.last_submission_status,
    deliveredOn: row.delivered_on === null ? null : Number(row.delivered_on),
    createdOn: Number(row.created_on),
    updatedOn: Number(row.updated_on),
  };
}

/** The time a slot is ordered and compared by (see slotTimeSql). */
export function slotTime(slot: Pick<Slot, 'expectedBy' | 'createdOn'>): number {
  return slot.expectedBy ?? slot.createdOn;
}

/** A slot with no submissions yet. */
function newSlotRow(sequenceId: number, tag: string, expectedBy: number | null, now: number) {
  return {
    slot_sequence_id: sequenceId,
    tag,
    expected_by: expectedBy,
    submission_count: 0,
    last_submission_id: null,
    last_submission_status: null,
    delivered_on: null,
    created_on: now,
    updated_on: now,
  };
}
