import type { Kysely } from 'kysely';
import { activeSchedule, type SlotSequence } from '../domain/slot-sequence.js';
import { addDays, compareDates, expectedByInstant, expectedDatesBetween, instantToLocalDate, isExpectedOn } from '../domain/schedule/index.js';
import type { Database, SlotRow } from '../storage/schema.js';

const INSERT_BATCH = 500;

/**
 * Creates the slots a schedule expects. Inserts are idempotent (`on conflict do nothing` on the
 * unique sequence + tag), so concurrent callers, on one server or many, end with one slot per date.
 */
export class SlotMaterializer {
  constructor(private readonly db: Kysely<Database>, private readonly now: () => number) {}

  /** The slot for `date` if the schedule expects it (created when missing), else undefined. */
  async ensureScheduledSlot(sequence: SlotSequence, date: string): Promise<SlotRow | undefined> {
    const schedule = activeSchedule(sequence);
    if (!schedule || !isExpectedOn(schedule, date)) return undefined;
    await this.#insert(sequence.id, [{ tag: date, expectedBy: expectedByInstant(schedule, date) }]);
    return this.db.selectFrom('slots').selectAll().where('slot_sequence_id', '=', sequence.id).where('tag', '=', date).executeTakeFirstOrThrow();
  }

  /** Every expected slot up to today (in the schedule's time zone) exists afterwards. */
  async materializeToToday(sequence: SlotSequence): Promise<void> {
    const schedule = activeSchedule(sequence);
    if (!schedule || !sequence.isActive) return;
    const today = instantToLocalDate(this.now(), schedule.timeZone);
    if (sequence.materializedThrough !== null && compareDates(sequence.materializedThrough, today) >= 0) return;
    const from = sequence.materializedThrough === null ? schedule.startDate : addDays(sequence.materializedThrough, 1);
    const dates = compareDates(from, today) <= 0 ? expectedDatesBetween(schedule, from, today) : [];
    for (let start = 0; start < dates.length; start += INSERT_BATCH) {
      const batch = dates.slice(start, start + INSERT_BATCH);
      await this.#insert(sequence.id, batch.map((tag) => ({ tag, expectedBy: expectedByInstant(schedule, tag) })));
    }
    await this.db.updateTable('slot_sequences').set({ materialized_through: today }).where('id', '=', sequence.id).execute();
    sequence.materializedThrough = today;
  }

  async #insert(sequenceId: number, slots: Array<{ tag: string; expectedBy: number }>): Promise<void> {
    if (slots.length === 0) return;
    const now = this.now();
    await this.db
      .insertInto('slots')
      .values(slots.map((slot) => ({
        slot_sequence_id: sequenceId,
        tag: slot.tag,
        expected_by: slot.expectedBy,
        submission_count: 0,
        last_submission_id: null,
        last_submission_status: null,
        delivered_on: null,
        created_on: now,
        updated_on: now,
      })))
      .onConflict((oc) => oc.columns(['slot_sequence_id', 'tag']).doNothing())
      .execute();
  }
}
