import { lastSubmissionStatus, type LastSubmissionStatus } from '../domain/slot-status.js';
import type { Submission, SubmissionStatus } from '../storage/repositories/submissions.js';
import { isoOrNull } from './slot-views.js';

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
    startedOn: new Date(submission.startedOn).toISOString(),
    endedOn: isoOrNull(submission.endedOn),
    lastSubmissionStatus: lastSubmissionStatus(submission),
  };
}
