/** The gate: LucoTS-server extension under `/lucots/v1/gate` (the hosted Luco API does not have it). */

/** passed: the latest submission meets the policy; failed: it failed or its quality fails the policy; pending: not yet. */
export type SlotVerdictState = 'passed' | 'failed' | 'pending';

/**
 * What `passed` requires of the slot's latest submission:
 * - `completed`: it completed; quality results do not matter;
 * - `noCancelledChecks` (the server's default): it completed, and no quality result demanded a stop (action Cancelled);
 * - `noFailedChecks`: it completed, and no quality check failed at all.
 */
export type GatePolicy = 'completed' | 'noCancelledChecks' | 'noFailedChecks';

export type GateReasonCode =
  | 'noSlot'
  | 'noSubmission'
  | 'overdue'
  | 'runInProgress'
  | 'runFailed'
  | 'qualityCancelled'
  | 'checksFailed'
  | 'completed'
  | 'checksAllowed';

export interface GateReason {
  code: GateReasonCode;
  message: string;
  /** The checks the reason is about, by name. */
  checks?: string[];
}

/** The server's verdict on a slot. */
export interface SlotVerdict {
  verdict: SlotVerdictState;
  policy: GatePolicy;
  reasons: GateReason[];
  slotSequenceId: number;
  tag: string;
  /** null while an unscheduled sequence has no slot with the tag. */
  slotId: number | null;
  expectedBy: string | null;
  latestSubmission: { slotSubmissionId: number; status: string } | null;
  /** When the server read it (ISO 8601). */
  checkedOn: string;
}
