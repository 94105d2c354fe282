import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../storage/schema.js';
import { eventTime } from '../../wire/event-time.js';
import { SlotSequenceRepository } from '../../storage/repositories/slot-sequences.js';
import { SlotRepository } from '../../storage/repositories/slots.js';
import { SubmissionRepository, type SubmissionStatus } from '../../storage/repositories/submissions.js';
import { iso } from '../../wire/instants.js';
import { toSlotSequenceView, type SlotSequenceView } from '../slot-sequences/views.js';
import { loadSlot, loadSubmissionOf, rememberSubmissionOnCommit } from './access.js';
import { toSlotView, type SlotView } from '../slots/views.js';
import { toSubmissionSummary, type SubmissionSummaryView } from './views.js';
import { recordSlotHealth } from '../alerts/slot-health.js';

export interface CreatedSubmissionView {
  slotSubmissionId: number;
  slotId: number;
  status: SubmissionStatus;
  startedOn: string;
}

export interface SubmissionDefinitionView {
  slot: SlotView;
  slotSequence: SlotSequenceView;
  submission: SubmissionSummaryView;
}

export class SubmissionService {
  constructor(private readonly ctx: AppContext) {}

  /** A new In Progress submission; the slot's roll-up moves to it. `trx`: the write's transaction. */
  async create(trx: Kysely<Database>, slotId: number, startedOn?: string): Promise<CreatedSubmissionView> {
    const now = eventTime('startedOn', startedOn, this.ctx.now());
    await loadSlot(trx, slotId);
    return this.createInSlot(trx, slotId, now);
  }

  /**
   * `create` for a slot the caller has just read or written in `trx` (it exists): no read to check
   * it. `slotCountsIt`: the slot was made by `SlotRepository.insertUnscheduledStarted` with `now` as
   * the start, so its roll-up already counts this submission and only needs its id.
   */
  async createInSlot(trx: Kysely<Database>, slotId: number, now: number, slotCountsIt = false): Promise<CreatedSubmissionView> {
    const submission = await new SubmissionRepository(trx).insert(slotId, now);
    rememberSubmissionOnCommit(trx, this.ctx.db, slotId, submission.id);
    const slots = new SlotRepository(trx);
    if (slotCountsIt) await slots.setFirstSubmission(slotId, submission.id);
    else await slots.addSubmission(slotId, submission.id, now);
    // A new run can end a Failed state (a retry is Pending again, or Overdue past the deadline).
    await recordSlotHealth(this.ctx, trx, slotId, now);
    return { slotSubmissionId: submission.id, slotId, status: submission.status, startedOn: iso(submission.startedOn) };
  }

  /** What LucoPy's Submission reads: the slot, its sequence (with the schedules when asked) and the submission. */
  async definition(slotId: number, submissionId: number, includeDelivery: boolean): Promise<SubmissionDefinitionView> {
    const { slot, submission } = await loadSubmissionOf(this.ctx.db, slotId, submissionId);
    const sequence = await new SlotSequenceRepository(this.ctx.db).findById(slot.sequenceId);
    if (!sequence) throw new Error(`slot ${slot.id} has no slot sequence ${slot.sequenceId}`);
    return {
      slot: toSlotView(slot, this.ctx.now()),
      slotSequence: toSlotSequenceView(sequence, includeDelivery),
      submission: toSubmissionSummary(submission),
    };
  }
}
