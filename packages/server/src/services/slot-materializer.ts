import type { Kysely } from 'kysely';
import { activeSchedule, type SlotSequence } from '../domain/slot-sequence.js';
import { addDays, compareDates, expectedByInstant, expectedDatesBetween, instantToLocalDate, isExpectedOn, zonedDateTimeToInstant, type DeliverySchedule } from '../domain/schedule/index.js';
import { SlotSequenceRepository } from '../storage/repositories/slot-sequences.js';
import { type Slot, SlotRepository } from '../storage/repositories/slots.js';
import type { Database } from '../storage/schema.js';

const INSERT_BATCH = 500;

/**
 * Creates the slots a schedule expects. Inserts are idempotent (`on conflict do nothing` on the
 * unique sequence + tag), so concurrent callers, on one server or many, end with one slot per date.
 */
export class SlotMaterializer {
  readonly #slots: SlotRepository;
  readonly #sequences: SlotSequenceRepository;

  constructor(db: Kysely<Database>, private readonly now: () => number) {
    this.#slots = new SlotRepository(db);
    this.#sequences = new SlotSequenceRepository(db);
  }

  /** The slot for `date` if the schedule expects it (created when missing), else undefined. */
  async ensureScheduledSlot(sequence: SlotSequence, date: string): Promise<Slot | undefined> {
    const schedule = activeSchedule(sequence);
    if (!schedule || !isExpectedOn(schedule, date)) return undefined;
    await this.#slots.insertScheduled(sequence.id, [{ tag: date, expectedBy: expectedByInstant(schedule, date) }], this.now());
    return this.#slots.findByTag(sequence.id, date);
  }

  /**
   * Every expected slot up to today (in the schedule's time zone) exists afterwards. True when it
   * had to look (and recorded how far, and when the sequence is next due); false when the sequence
   * was already materialised through today, or has no active schedule.
   */
  async materializeToToday(sequence: SlotSequence): Promise<boolean> {
    const schedule = activeSchedule(sequence);
    if (!schedule || !sequence.isActive) return false;
    const today = instantToLocalDate(this.now(), schedule.timeZone);
    if (sequence.materializedThrough !== null && compareDates(sequence.materializedThrough, today) >= 0) return false;
    const from = sequence.materializedThrough === null ? schedule.startDate : addDays(sequence.materializedThrough, 1);
    const dates = compareDates(from, today) <= 0 ? expectedDatesBetween(schedule, from, today) : [];
    for (let start = 0; start < dates.length; start += INSERT_BATCH) {
      const batch = dates.slice(start, start + INSERT_BATCH);
      await this.#slots.insertScheduled(sequence.id, batch.map((tag) => ({ tag, expectedBy: expectedByInstant(schedule, tag) })), this.now());
    }
    await this.#sequences.setMaterializedThrough(sequence.id, today, nextDayStart(schedule, today));
    sequence.materializedThrough = today;
    return true;
  }

  /**
   * For the overviews, which read only the sequences due (materialize_due_on passed): materialises
   * to today, and when that had nothing to do, moves the due time on to the next local day.
   */
  async materializeDue(sequence: SlotSequence): Promise<void> {
    if (await this.materializeToToday(sequence)) return;
    const schedule = activeSchedule(sequence);
    if (!schedule || !sequence.isActive || sequence.materializedThrough === null) return;
    await this.#sequences.setMaterializeDue(sequence.id, nextDayStart(schedule, sequence.materializedThrough));
  }
}

/** When the day after `date` starts in the schedule's zone: the first instant a slot may be missing again. */
function nextDayStart(schedule: DeliverySchedule, date: string): number {
  return zonedDateTimeToInstant(addDays(date, 1), '00:00', schedule.timeZone);
}
