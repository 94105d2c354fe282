/**
 * The gate's verdict on a slot: may a downstream job use its delivery? `passed` (yes),
 * `failed` (no, and waiting will not help until someone re-runs it) or `pending` (not yet).
 * Always about the slot's latest submission: a re-run in progress makes the slot pending again.
 */
export const GATE_VERDICTS = ['passed', 'failed', 'pending'] as const;
export type GateVerdict = (typeof GATE_VERDICTS)[number];

/**
 * What `passed` requires of the latest submission:
 * - completed: it completed; quality results do not matter;
 * - noCancelledChecks: it completed, and no quality result demanded a stop (action Cancelled);
 * - noFailedChecks: it completed, and no quality check failed at all (nor demanded a stop).
 */
export const GATE_POLICIES = ['completed', 'noCancelledChecks', 'noFailedChecks'] as const;
export type GatePolicy = (typeof GATE_POLICIES)[number];
export const DEFAULT_GATE_POLICY: GatePolicy = 'noCancelledChecks';

export const GATE_REASON_CODES = [
  'noSlot',
  'noSubmission',
  'overdue',
  'runInProgress',
  'runFailed',
  'qualityCancelled',
  'checksFailed',
  'completed',
  'checksAllowed',
] as const;
export type GateReasonCode = (typeof GATE_REASON_CODES)[number];

export interface GateReason {
  code: GateReasonCode;
  message: string;
  /** The checks the reason is about (failed, or in a collection that demanded a stop). */
  checks?: string[];
}

/** What the verdict is decided from: the slot (null: no slot has the tag yet) and its latest run. */
export interface GateFacts {
  slot: { expectedBy: number | null } | null;
  /** The latest submission; null when there is none. */
  run: { id: number; status: 'InProgress' | 'Failed' | 'Completed'; endedOn: number | null; message: string | null } | null;
  /** The latest submission's quality results. */
  quality: { cancelled: boolean; cancelledChecks: string[]; failed: boolean; failedChecks: string[] };
}

export interface GateDecision {
  verdict: GateVerdict;
  reasons: GateReason[];
}

/** The verdict at `now` under `policy`, with every reason that led to it. */
export function decideGate(facts: GateFacts, policy: GatePolicy, now: number): GateDecision {
  if (facts.slot === null) return { verdict: 'pending', reasons: [{ code: 'noSlot', message: 'No slot has this tag yet' }] };
  const { run, quality } = facts;
  if (run === null) {
    const reasons: GateReason[] = [{ code: 'noSubmission', message: 'No submission yet' }];
    const due = facts.slot.expectedBy;
    if (due !== null && due <= now) reasons.push({ code: 'overdue', message: `Overdue: expected by ${new Date(due).toISOString()}` });
    return { verdict: 'pending', reasons };
  }
  if (run.status === 'Failed') {
    return { verdict: 'failed', reasons: [{ code: 'runFailed', message: `The last run (submission ${run.id}) Failed${run.message ? `: ${run.message}` : ''}` }] };
  }
  const blocking: GateReason[] = [];
  if (quality.cancelled && policy !== 'completed') {
    blocking.push(withChecks({ code: 'qualityCancelled', message: `Quality results of submission ${run.id} demanded a stop (action Cancelled)` }, quality.cancelledChecks));
  }
  if (quality.failed && policy === 'noFailedChecks') {
    blocking.push(withChecks({ code: 'checksFailed', message: `Quality checks of submission ${run.id} failed` }, quality.failedChecks));
  }
  if (blocking.length > 0) return { verdict: 'failed', reasons: blocking };
  if (run.status === 'InProgress') return { verdict: 'pending', reasons: [{ code: 'runInProgress', message: `Submission ${run.id} is in progress` }] };
  const ended = run.endedOn === null ? '' : ` at ${new Date(run.endedOn).toISOString()}`;
  const reasons: GateReason[] = [{ code: 'completed', message: `Submission ${run.id} Completed${ended}` }];
  if (quality.failed || quality.cancelled) {
    reasons.push(withChecks({ code: 'checksAllowed', message: `Failed quality checks are allowed by the policy ${policy}` }, quality.failedChecks));
  }
  return { verdict: 'passed', reasons };
}

function withChecks(reason: GateReason, checks: string[]): GateReason {
  return checks.length > 0 ? { ...reason, checks } : reason;
}
