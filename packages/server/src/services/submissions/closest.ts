import type { AppContext } from '../../context.js';
import { SlotSequenceRepository } from '../../storage/repositories/slot-sequences.js';
import { SlotRepository, slotTime } from '../../storage/repositories/slots.js';
import { SubmissionRepository, type SubmissionCandidate } from '../../storage/repositories/submissions.js';
import { notFound } from '../../errors.js';
import { InputError } from '../../wire/input-error.js';
import { fillScheduledSlots } from '../materialization/fill-scheduled-slots.js';
import { iso } from '../../wire/instants.js';
import { loadSubmissionOf } from './access.js';
import { formatTimeDifference } from './time-difference.js';

export const FIND_CLOSEST_MODES = ['historic', 'future', 'either', 'exact'] as const;
export type FindClosest = (typeof FIND_CLOSEST_MODES)[number];

export function parseFindClosest(text: string | undefined): FindClosest {
  if (text === undefined || text === '') return 'historic';
  const mode = FIND_CLOSEST_MODES.find((candidate) => candidate === text.trim().toLowerCase());
  if (!mode) throw InputError.of('FindClosest', `must be historic, future, either or exact, got ${JSON.stringify(text)}`);
  return mode;
}

export interface ClosestQuery {
  onlyCompleted: boolean;
  mode: FindClosest;
  /** TimeDifference in ms; 0 when not given. */
  timeDifferenceMs: number;
}

export interface ClosestSubmissionView {
  slotId: number;
  slotSubmissionId: number;
  tag: string;
  slotTime: string;
  targetTime: string;
  isExactMatch: boolean;
  timeDifference: string;
  slotDifference: number;
}

/**
 * The submission in another slot of the same sequence nearest a target time. Slots are placed in
 * time by their slot time (expectedBy, or creation for unscheduled slots). The target is the
 * reference slot's time minus TimeDifference (plus it for `future`). historic: the latest slot
 * time at or before the target; future: the earliest at or after; either: the nearest (a tie goes
 * to the earlier); exact: a slot time equal to the target. Only slots with an eligible submission
 * count as candidates; in the chosen slot, its latest (completed, when asked) submission.
 * slotDifference counts the sequence's slots (every date the schedule expects, for a scheduled
 * sequence) from the reference to the match, in slot order (slot time, then id).
 */
export class ClosestSubmissionService {
  constructor(private readonly ctx: AppContext) {}

  async find(slotId: number, submissionId: number, query: ClosestQuery): Promise<ClosestSubmissionView> {
    const { slot } = await loadSubmissionOf(this.ctx.db, slotId, submissionId);
    const reference = { time: slotTime(slot), id: slot.id };
    const target = query.mode === 'future' ? reference.time + query.timeDifferenceMs : reference.time - query.timeDifferenceMs;
    const match = await this.#match(slot.sequenceId, slot.id, query, target);
    if (!match) {
      throw notFound(
        `No ${query.onlyCompleted ? 'completed ' : ''}submission in another slot of this sequence has a slot time ${describeMode(query.mode)} ${iso(target)}`,
        { reason: 'no-matching-submission' },
      );
    }
    const matched = { time: match.slotTime, id: match.slotId };
    // Counting slots must count every date the schedule expects between the two, so those
    // slots are made to exist first.
    const sequence = await new SlotSequenceRepository(this.ctx.db).findById(slot.sequenceId);
    if (sequence) await fillScheduledSlots(this.ctx, sequence, Math.min(reference.time, matched.time), Math.max(reference.time, matched.time));
    const slots = new SlotRepository(this.ctx.db);
    const later = matched.time > reference.time || (matched.time === reference.time && matched.id > reference.id);
    const slotDifference = later ? await slots.countBetween(slot.sequenceId, reference, matched) : -(await slots.countBetween(slot.sequenceId, matched, reference));
    return {
      slotId: match.slotId,
      slotSubmissionId: match.submissionId,
      tag: match.tag,
      slotTime: iso(match.slotTime),
      targetTime: iso(target),
      isExactMatch: match.slotTime === target,
      timeDifference: formatTimeDifference(match.slotTime - target),
      slotDifference,
    };
  }

  async #match(sequenceId: number, excludeSlotId: number, query: ClosestQuery, time: number): Promise<SubmissionCandidate | undefined> {
    const submissions = new SubmissionRepository(this.ctx.db);
    const base = { sequenceId, excludeSlotId, onlyCompleted: query.onlyCompleted, time };
    switch (query.mode) {
      case 'historic':
        return submissions.findCandidate({ ...base, comparison: '<=' });
      case 'future':
        return submissions.findCandidate({ ...base, comparison: '>=' });
      case 'exact':
        return submissions.findCandidate({ ...base, comparison: '=' });
      case 'either': {
        const before = await submissions.findCandidate({ ...base, comparison: '<=' });
        const after = await submissions.findCandidate({ ...base, comparison: '>=' });
        if (!before || !after) return before ?? after;
        return time - before.slotTime <= after.slotTime - time ? before : after;
      }
    }
  }
}

function describeMode(mode: FindClosest): string {
  return { historic: 'at or before', future: 'at or after', either: 'near', exact: 'equal to' }[mode];
}
