import type { AppContext } from '../../context.js';
import { activeSchedule } from '../../domain/slot-sequence.js';
import { isSlotHealth, slotHealth, type SlotHealth } from '../../domain/slot-health.js';
import { addDays, instantToLocalDate } from '../../domain/schedule/index.js';
import { parseLastSubmissionStatus, type LastSubmissionStatus } from '../../domain/slot-status.js';
import { CalendarRepository, type CalendarSlotRow } from '../../storage/repositories/dashboard/calendar.js';
import { iso, isoOrNull } from '../../wire/instants.js';
import { SlotMaterializer } from '../materialization/slot-materializer.js';
import { MAX_DAYS_AHEAD } from '../materialization/window.js';
import { resolveDateWindow } from './date-window.js';
import { loadSequence, sequenceTimeZone } from './sequence-zone.js';

/** The most slots one calendar answers with (a daily schedule has at most 400 in a window). */
export const MAX_CALENDAR_SLOTS = 2000;

export interface CalendarSlotView {
  slotId: number;
  tag: string;
  expectedBy: string | null;
  health: SlotHealth;
  submissionCount: number;
  lastSubmissionId: number | null;
  lastStatus: LastSubmissionStatus | null;
  deliveredOn: string | null;
}

export interface CalendarView {
  slotSequenceId: number;
  timeZone: string;
  from: string;
  to: string;
  /** True when the window holds more than MAX_CALENDAR_SLOTS slots: the latest of them are shown. */
  truncated: boolean;
  slots: CalendarSlotView[];
}

/** A sequence's slots by day for the dashboard, each with the health the alerts engine keeps. */
export class CalendarService {
  readonly #calendar: CalendarRepository;

  constructor(private readonly ctx: AppContext) {
    this.#calendar = new CalendarRepository(ctx.db);
  }

  async calendar(sequenceId: number, query: { from?: string | undefined; to?: string | undefined }): Promise<CalendarView> {
    const sequence = await loadSequence(this.ctx, sequenceId);
    const timeZone = sequenceTimeZone(sequence);
    const now = this.ctx.now();
    const window = resolveDateWindow(query, timeZone, now);
    // The schedule's slots of the window exist (as a lookup by date would create them), so every expected day shows.
    const schedule = activeSchedule(sequence);
    if (schedule && sequence.isActive) {
      const materializer = new SlotMaterializer(this.ctx.db, this.ctx.now, this.ctx.materializeDays);
      await materializer.materializeToToday(sequence);
      const lastAhead = addDays(instantToLocalDate(now, schedule.timeZone), MAX_DAYS_AHEAD);
      await materializer.fillBetween(sequence.id, schedule, window.from, window.to < lastAhead ? window.to : lastAhead);
    }
    const rows = await this.#calendar.slotsInWindow(sequence.id, window.startMs, window.endMs, MAX_CALENDAR_SLOTS + 1);
    const truncated = rows.length > MAX_CALENDAR_SLOTS;
    const shown = rows.slice(0, MAX_CALENDAR_SLOTS);
    const health = await this.#health(shown, now);
    const slots = shown
      .map((row, index) => ({
        slotId: row.slotId,
        tag: row.tag,
        expectedBy: isoOrNull(row.expectedBy),
        health: health[index]!,
        submissionCount: row.submissionCount,
        lastSubmissionId: row.lastSubmissionId,
        lastStatus: parseLastSubmissionStatus(row.lastSubmissionStatus ?? '') ?? null,
        deliveredOn: row.deliveredOn === null ? null : iso(row.deliveredOn),
      }))
      .sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : a.slotId - b.slotId));
    return { slotSequenceId: sequence.id, timeZone, from: window.from, to: window.to, truncated, slots };
  }

  /**
   * The recorded health; where none is recorded, or Pending is (the engine may not have reached a
   * deadline that passed), the health rule applied now to the slot as it is.
   */
  async #health(rows: readonly CalendarSlotRow[], now: number): Promise<SlotHealth[]> {
    const derive = (row: CalendarSlotRow) => row.recordedHealth === null || row.recordedHealth === 'Pending' || !isSlotHealth(row.recordedHealth);
    const submissions = rows.filter((row) => derive(row) && row.lastSubmissionId !== null).map((row) => row.lastSubmissionId!);
    const quality = await this.#calendar.qualityOf(submissions);
    return rows.map((row) =>
      derive(row)
        ? slotHealth({ ...row, quality: (row.lastSubmissionId !== null ? quality.get(row.lastSubmissionId) : undefined) ?? { cancelled: false, failed: false } }, now)
        : (row.recordedHealth as SlotHealth),
    );
  }
}
