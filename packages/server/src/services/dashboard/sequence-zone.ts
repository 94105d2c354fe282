import type { AppContext } from '../../context.js';
import { activeSchedule, type SlotSequence } from '../../domain/slot-sequence.js';
import { notFound } from '../../errors.js';
import { SlotSequenceRepository } from '../../storage/repositories/slot-sequences.js';

/** The sequence, or 404. */
export async function loadSequence(ctx: Pick<AppContext, 'db'>, sequenceId: number): Promise<SlotSequence> {
  const sequence = await new SlotSequenceRepository(ctx.db).findById(sequenceId);
  if (!sequence) throw notFound(`Slot sequence ${sequenceId} does not exist`, { reason: 'slot-sequence-not-found' });
  return sequence;
}

/** The zone a sequence's days are counted in: its active schedule's, else any schedule's, else UTC. */
export function sequenceTimeZone(sequence: SlotSequence): string {
  return activeSchedule(sequence)?.timeZone ?? sequence.delivery[0]?.timeZone ?? 'UTC';
}
