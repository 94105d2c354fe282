import type { AppContext } from '../../context.js';
import { SlotRepository } from '../../storage/repositories/slots.js';
import { SubmissionRepository, type Submission } from '../../storage/repositories/submissions.js';
import { resolveSlotSequence } from '../slot-sequences/resolve.js';
import { toSlotView, type SlotView } from '../slots/views.js';
import { toSubmissionSummary, type SubmissionSummaryView } from './views.js';

export interface SubmissionListingQuery {
  definition: readonly unknown[];
  onlyLatestSlot: boolean;
  onlyDeliveredSlots: boolean;
  onlyCompletedSubmissions: boolean;
  onlyLatestSubmission: boolean;
  /** Slot time >= this (epoch ms). */
  expectedAfter?: number | undefined;
  /** Slot time < this (epoch ms). */
  expectedBefore?: number | undefined;
}

export type SlotWithSubmissionsView = Omit<SlotView, 'slotSequenceId'> & { submissions: SubmissionSummaryView[] };

/**
 * Slots of a sequence with their submissions, latest slot first (slot time, then id), each
 * slot's submissions latest first. A slot is listed only when it has at least one submission
 * that passes the submission filter, so `slots[0].submissions[0]` always exists.
 */
export class SubmissionListingService {
  constructor(private readonly ctx: AppContext) {}

  async list(query: SubmissionListingQuery): Promise<SlotWithSubmissionsView[]> {
    // An archived sequence's history stays readable.
    const sequence = await resolveSlotSequence(this.ctx.db, query.definition, 'SlotSequenceDefinition', 'allowed');
    const slots = await new SlotRepository(this.ctx.db).listWithSubmissions({
      sequenceId: sequence.id,
      from: query.expectedAfter,
      before: query.expectedBefore,
      requireCompleted: query.onlyDeliveredSlots || query.onlyCompletedSubmissions,
      limit: query.onlyLatestSlot ? 1 : undefined,
    });
    const submissions = await new SubmissionRepository(this.ctx.db).listForSlots(
      slots.map((slot) => slot.id),
      { onlyCompleted: query.onlyCompletedSubmissions },
    );
    const bySlot = new Map<number, Submission[]>();
    for (const submission of submissions) {
      const list = bySlot.get(submission.slotId) ?? [];
      if (!query.onlyLatestSubmission || list.length === 0) list.push(submission);
      bySlot.set(submission.slotId, list);
    }
    const now = this.ctx.now();
    return slots.map((slot) => {
      const { slotSequenceId: _sequenceId, ...view } = toSlotView(slot, now);
      return { ...view, submissions: (bySlot.get(slot.id) ?? []).map(toSubmissionSummary) };
    });
  }
}
