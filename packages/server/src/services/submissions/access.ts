import type { Kysely } from 'kysely';
import { notFound } from '../../errors.js';
import { onCommit } from '../../storage/after-commit.js';
import { SlotRepository, type Slot } from '../../storage/repositories/slots.js';
import { SubmissionRepository, type Submission } from '../../storage/repositories/submissions.js';
import type { Database } from '../../storage/schema.js';

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

/** Submissions never move to another slot and are never deleted, so a pair once seen stays true. */
const KNOWN_PAIRS_CAPACITY = 10_000;
const knownPairs = new WeakMap<Kysely<Database>, Map<number, number>>();

/**
 * Checks that the submission exists and is the slot's. A pipeline writes to one submission several
 * times in a row, so pairs already confirmed are remembered (per database: `database`, the app's
 * own handle, while `db` may be a transaction on it) and cost no read; else one primary-key read,
 * and only on a miss the full lookup that says precisely what is wrong.
 */
export async function requireSubmissionOf(db: Kysely<Database>, slotId: number, submissionId: number, database: Kysely<Database> = db): Promise<void> {
  if (knownPairs.get(database)?.get(submissionId) === slotId) return;
  if ((await new SubmissionRepository(db).slotIdOf(submissionId)) !== slotId) {
    await loadSubmissionOf(db, slotId, submissionId);
    return;
  }
  remember(database, slotId, submissionId);
}

/**
 * Notes a submission created in the write's transaction `trx` as the slot's once `trx` commits, so
 * the next writes to it need no read (not before: a rolled-back id may come back for another slot).
 */
export function rememberSubmissionOnCommit(trx: Kysely<Database>, database: Kysely<Database>, slotId: number, submissionId: number): void {
  onCommit(trx, () => remember(database, slotId, submissionId));
}

function remember(database: Kysely<Database>, slotId: number, submissionId: number): void {
  let known = knownPairs.get(database);
  if (!known) knownPairs.set(database, (known = new Map()));
  if (known.size >= KNOWN_PAIRS_CAPACITY) known.clear();
  known.set(submissionId, slotId);
}
