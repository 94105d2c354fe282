import type { SlotSequenceName, SlotSequenceResponse } from './slot-sequence.js';

/** Status values Luco documents for status events; other strings pass through. */
export type SubmissionStatusValue = 'Completed' | 'Failed' | 'In Progress' | (string & {});

/** A slot's roll-up of its latest submission. */
export type LastSubmissionStatus = 'CompletedWithoutFailures' | 'CompletedWithFailures' | 'Failed' | 'InProgress';

/** GET /v2/slots/{slotId}/submissions/{id}?includeDelivery=True */
export interface SubmissionDefinitionResponse {
  slot: {
    slotId?: number;
    tag?: string;
    expectedBy?: string | null;
    [field: string]: unknown;
  };
  slotSequence: SlotSequenceResponse;
  submission: {
    slotSubmissionId?: number;
    status?: string | null;
    startedOn?: string | null;
    endedOn?: string | null;
    [field: string]: unknown;
  };
}

/** The friendly view of a submission's definition. */
export interface SubmissionDetails {
  slotId: number;
  submissionId: number;
  tag: string | undefined;
  /** The slot sequence's type name. */
  type: string | undefined;
  name: SlotSequenceName;
  expectedBy: string | null;
  status: string | null;
  startTime: string | null;
  endTime: string | null;
}

/** POST /slots/{slotId}/submissions */
export interface CreateSubmissionResponse {
  slotSubmissionId: number;
  [field: string]: unknown;
}

/** GET /slots/search/ and POST /slots/ */
export interface SlotIdResponse {
  slotId: number;
  [field: string]: unknown;
}

/** Body of POST /slots/{slotId}/submissions/{id}/status */
export interface StatusEventBody {
  runId: string;
  status: string;
  stage: string | null;
  type: string | null;
  message: string | null;
  modifiedBy: string | null;
  /** LucoTS server extension: when it happened; sent only when given. */
  occurredOn?: string;
}

export interface StatusOptions {
  /** The stage the status is for; `Submission` sets the whole submission's status. */
  stage?: string | undefined;
  type?: string | undefined;
  message?: string | undefined;
  modifiedBy?: string | undefined;
  /** When it happened, for events recorded after the fact (a LucoTS server extension; sent only when given). */
  occurredOn?: Date | string | undefined;
}
