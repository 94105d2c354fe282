export type FindClosest = 'historic' | 'future' | 'either' | 'exact';

/** A time window as `d:HH:MM:SS`, or its parts. */
export type TimeDifference = string | { days?: number; hours?: number; minutes?: number; seconds?: number };

export interface FindSubmissionInSlotSequenceOptions {
  onlyCompletedSubmissions?: boolean | undefined;
  timeDifference?: TimeDifference | undefined;
  findClosest?: FindClosest | undefined;
}

/**
 * GET /slots/{slotId}/submissions/{id}/search. LucoPy documents the content (the matched slot and
 * submission, whether it is exact, the distance in time and in slots) but not its field names;
 * these are LucoTS's server's, and other fields pass through.
 */
export interface ClosestSubmissionResponse {
  slotId?: number | null;
  slotSubmissionId?: number | null;
  isExactMatch?: boolean;
  timeDifference?: string | null;
  slotDifference?: number | null;
  [field: string]: unknown;
}

export interface FindSubmissionsOptions {
  onlyLatestSlot?: boolean | undefined;
  onlyDeliveredSlots?: boolean | undefined;
  onlyCompletedSubmissions?: boolean | undefined;
  onlyLatestSubmission?: boolean | undefined;
  /** A Date, `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ss` (UTC). */
  expectedAfterUtc?: Date | string | undefined;
  expectedBeforeUtc?: Date | string | undefined;
}

/** GET /slotsequences/submissions */
export interface SlotSequenceSubmissionsResponse {
  slots: Array<{
    slotId: number;
    tag?: string;
    expectedBy?: string | null;
    submissions: Array<{ slotSubmissionId: number; status?: string | null; [field: string]: unknown }>;
    [field: string]: unknown;
  }>;
  [field: string]: unknown;
}

export interface SubmissionRef {
  slotId: number;
  submissionId: number;
}
