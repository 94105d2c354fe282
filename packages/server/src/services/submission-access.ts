import type { Kysely } from 'kysely';
import { notFound } from '../errors.js';
import { SlotRepository, type Slot } from '../storage/repositories/slots.js';
import { SubmissionRepository, type Submission } from '../storage/repositories/submissions.js';
import type { Database } from '../storage/schema.js';

export async function loadSlot(db: Kysely<Database>, slotId: number): Promise<Slot> {
  const slot = await new SlotRepository(db).findById(slotId);
  if (!slot) throw notFound(`Unknown slot ${slotId}`, { reason: 'slot-not-found' });
  return slot;
}

/** The slot and one of its submissions; 404 when either is unknown or the submission is another slot's. */
export async function loadSubmissionOf(db: Kysely<Database>, slotId: number, submissionId: number): Promise<{ slot: Slot; submission: Submission }> {
  const slot = await loadSlot(db, slotId);
  const submission = await new SubmissionRepository(db).findById(submissionId);
  if (!submission) throw notFound(`Unknown submission ${submissionId}`, { reason: 'submission-not-found' });
  if (submission.slotId !== slotId) {
    throw notFound(`Submission ${submissionId} is not a submission of slot ${slotId} (it belongs to slot ${submission.slotId})`, { reason: 'submission-not-found' });
  }
  return { slot, submission };
}
