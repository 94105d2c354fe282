import type { Kysely } from 'kysely';
import { activeSchedule, type SlotSequence } from '../../domain/slot-sequence.js';
import {
  addDays,
  compareDates,
  expectedByInstant,
  expectedDatesBetween,
  fromEpochDay,
  instantToLocalDate,
  isExpectedOn,
  toEpochDay,
  zonedDateTimeToInstant,
  type DeliverySchedule,
} from '../../domain/schedule/index.js';
import { SlotSequenceRepository } from '../../storage/repositories/slot-sequences.js';
import { type Slot, SlotRepository } from '../../storage/repositories/slots.js';
import type { Database } from '../../storage/schema.js';
import { EventLoopPacer } from './event-loop-pacer.js';
import { DEFAULT_MATERIALIZE_DAYS, materializeWindowStart } from './window.js';

/** Days per chunk, so at most this many slots per INSERT: a few milliseconds of work each. */
const CHUNK_DAYS = 100;

/**
 * Creates the slots a schedule expects. Inserts are idempotent (`on conflict do nothing` on the
 * unique sequence + tag), so concurrent callers, on one server or many, end with one slot per date.
 * Ahead of need, only the last `windowDays` days (in the schedule's zone) are created; any other
 * expected date gets its slot when it is asked for.
 */
export class SlotMaterializer {
  readonly #slots: SlotRepository;
  readonly #sequences: SlotSequenceRepository;

  constructor(
    db: Kysely<Database>,
    private readonly now: () => number,
    private readonly windowDays = DEFAULT_MATERIALIZE_DAYS,
    private readonly pacer = new EventLoopPacer(),
  ) {
    this.#slots = new SlotRepository(db);
    this.#sequences = new SlotSequenceRepository(db);
  }

  /** The slot for `date` if the schedule expects it (created when missing, whatever the window), else undefined. */
  async ensureScheduledSlot(sequence: SlotSequence, date: string): Promise<Slot | undefined> {
    const schedule = activeSchedule(sequence);
    if (!schedule || !isExpectedOn(schedule, date)) return undefined;
    // The row just made comes back from the insert; a concurrent request that made it first leaves it to be read.
    const made = await this.#slots.insertScheduledSlot(sequence.id, { tag: date, expectedBy: expectedByInstant(schedule, date) }, this.now());
    return made ?? this.#slots.findByTag(sequence.id, date);
  }

  /**
   * Every expected slot of the window up to today (in the schedule's time zone) exists afterwards.
   * True when it had to look (and recorded how far, and when the sequence is next due); false when
   * the sequence was already materialised through today, or has no active schedule.
   */
  async materializeToToday(sequence: SlotSequence): Promise<boolean> {
    const schedule = activeSchedule(sequence);
    if (!schedule || !sequence.isActive) return false;
    const today = instantToLocalDate(this.now(), schedule.timeZone);
    if (sequence.materializedThrough !== null && compareDates(sequence.materializedThrough, today) >= 0) return false;
    const resumeFrom = sequence.materializedThrough === null ? schedule.startDate : addDays(sequence.materializedThrough, 1);
    const windowStart = materializeWindowStart(today, this.windowDays);
    await this.fillBetween(sequence.id, schedule, resumeFrom > windowStart ? resumeFrom : windowStart, today);
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

  /**
   * Creates the slots `schedule` expects from `from` to `to` (inclusive), whatever the window. One
   * INSERT per chunk of days, each its own short transaction, with the pacer between them: other
   * requests get the event loop and the database connection however long the range.
   */
  async fillBetween(sequenceId: number, schedule: DeliverySchedule, from: string, to: string): Promise<void> {
    const lo = from > schedule.startDate ? from : schedule.startDate;
    const hi = schedule.endDate && schedule.endDate < to ? schedule.endDate : to;
    if (!schedule.isActive || lo > hi) return;
    const last = toEpochDay(hi);
    for (let start = toEpochDay(lo); start <= last; start += CHUNK_DAYS) {
      const tags = expectedDatesBetween(schedule, fromEpochDay(start), fromEpochDay(Math.min(start + CHUNK_DAYS - 1, last)));
      await this.#slots.insertScheduled(sequenceId, tags.map((tag) => ({ tag, expectedBy: expectedByInstant(schedule, tag) })), this.now());
      await this.pacer.breathe();
    }
  }
}

/** When the day after `date` starts in the schedule's zone: the first instant a slot may be missing again. */
function nextDayStart(schedule: DeliverySchedule, date: string): number {
  return zonedDateTimeToInstant(addDays(date, 1), '00:00', schedule.timeZone);
}
