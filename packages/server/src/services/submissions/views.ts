import { lastSubmissionStatus, type LastSubmissionStatus } from '../../domain/slot-status.js';
import type { Submission, SubmissionStatus } from '../../storage/repositories/submissions.js';
import { iso, isoOrNull } from '../../wire/instants.js';

/** A submission on the wire. */
export interface SubmissionSummaryView {
  slotSubmissionId: number;
  status: SubmissionStatus;
  startedOn: string;
  endedOn: string | null;
  lastSubmissionStatus: LastSubmissionStatus;
}

export function toSubmissionSummary(submission: Submission): SubmissionSummaryView {
  return {
    slotSubmissionId: submission.id,
    status: submission.status,
    startedOn: iso(submission.startedOn),
    endedOn: isoOrNull(submission.endedOn),
    lastSubmissionStatus: lastSubmissionStatus(submission),
  };
}
