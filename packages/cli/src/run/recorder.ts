import type { LucoApi, Submission } from '@lucots/sdk';
import { errorMessage } from '../errors.js';
import { EXIT, exitCodeFor } from '../exit-codes.js';
import type { ChildOutcome } from './outcome.js';
import { failureMessage, succeeded } from './outcome.js';

/** How long luco waits on Luco before the command starts, and again after it ends. */
export const PHASE_DEADLINE_MS = 30_000;

export interface RunTarget {
  name: Array<[string, string]>;
  tag: string;
  stage: string | undefined;
  /** The environment the run environment is detected from (the command's). */
  env: NodeJS.ProcessEnv;
}

/** Where the recorder reports: a human line, or (with --json) an event object. */
export type Report = (event: string, data: Record<string, unknown>, text: string) => void;

/** What `luco run` records through: Luco directly (`--no-queue`), or the delivery queue. */
export interface Recorder {
  /** Before the command: the slot, the submission (In Progress), the run environment. */
  start(signal: AbortSignal): Promise<void>;
  /** The ids the command gets as LUCO_SLOT_ID and LUCO_SUBMISSION_ID, once known. */
  readonly ids: { slotId: number; submissionId: number } | undefined;
  /** luco was interrupted before the command started: Failed, saying so. */
  interrupted(signal: NodeJS.Signals): Promise<void>;
  /** After the command: duration, metrics, the final status; `signal` cuts the wait on Luco short. */
  finish(outcome: ChildOutcome, metrics: ReadonlyArray<[string, number | string]>, signal?: AbortSignal): Promise<boolean>;
}

/**
 * Records a `luco run` in Luco directly (`--no-queue`) without ever standing in the command's way: every failure is
 * reported on stderr and swallowed, and each phase has a deadline. Once Luco proves unreachable
 * or refuses the credentials, the remaining calls of that phase are skipped, not retried in turn.
 */
export class RunRecorder implements Recorder {
  readonly #api: LucoApi | undefined;
  readonly #report: Report;
  readonly #target: RunTarget;
  #submission: Submission | undefined;

  constructor(api: LucoApi | undefined, target: RunTarget, report: Report) {
    this.#api = api;
    this.#target = target;
    this.#report = report;
  }

  get submission(): Submission | undefined {
    return this.#submission;
  }

  get ids(): { slotId: number; submissionId: number } | undefined {
    const submission = this.#submission;
    return submission ? { slotId: submission.slotId, submissionId: submission.submissionId } : undefined;
  }

  async interrupted(signal: NodeJS.Signals): Promise<void> {
    await this.#submission
      ?.submitFailedStatus(`interrupted by ${signal} before the command started`, { signal: AbortSignal.timeout(PHASE_DEADLINE_MS) })
      .catch(() => undefined);
  }

  /** Finds or creates the slot, creates the submission (In Progress), records the run environment. */
  async start(signal: AbortSignal): Promise<void> {
    const api = this.#api;
    if (!api) return;
    const { name, tag, stage, env } = this.#target;
    const options = { signal: AbortSignal.any([signal, AbortSignal.timeout(PHASE_DEADLINE_MS)]) };
    try {
      const slotId = await api.findSlotId(tag, name, options);
      this.#submission = await api.createSubmission(slotId, { ...options, stage });
    } catch (error) {
      this.#fail('start', 'the start of the run', error);
      return;
    }
    const { slotId, submissionId } = this.#submission;
    this.#report('started', { slotId, submissionId }, `luco: recording as submission ${submissionId} of slot ${slotId}`);
    try {
      await this.#submission.submitDetectedRunEnvironment({ ...options, stage, env });
    } catch (error) {
      this.#fail('environment', 'the run environment', error);
    }
  }

  /** Records duration and metrics, then the status on --stage (if given) and on Submission. */
  async finish(outcome: ChildOutcome, metrics: ReadonlyArray<[string, number | string]>, signal?: AbortSignal): Promise<boolean> {
    const submission = this.#submission;
    const ok = succeeded(outcome);
    const status = ok ? 'Completed' : 'Failed';
    if (!submission) {
      this.#report('not-recorded', { status }, `luco: not recorded in Luco: durationSeconds, ${metrics.length} metric(s), status ${status}`);
      return false;
    }
    const { stage } = this.#target;
    const message = ok ? undefined : failureMessage(outcome);
    const deadline = AbortSignal.timeout(PHASE_DEADLINE_MS);
    const options = { signal: signal ? AbortSignal.any([signal, deadline]) : deadline };
    const steps: Array<[what: string, step: () => Promise<void>]> = [['metrics', () => submission.submitMetrics([['durationSeconds', outcome.durationSeconds], ...metrics], { ...options, stage })]];
    if (stage) steps.push([`status ${status} on stage ${stage}`, () => submission.submitStatus(status, { ...options, stage, message })]);
    // Last, so the submission's own status is final only once everything else is in.
    steps.push([`status ${status}`, () => (ok ? submission.submitCompletedStatus(options) : submission.submitFailedStatus(message ?? status, options))]);
    let complete = true;
    for (const [index, [what, step]] of steps.entries()) {
      try {
        await step();
      } catch (error) {
        complete = false;
        const fatal = isOutage(error);
        this.#fail('finish', fatal ? steps.slice(index).map(([name]) => name).join(', ') : what, error);
        if (fatal) return false;
      }
    }
    if (complete) this.#report('recorded', { slotId: submission.slotId, submissionId: submission.submissionId, status }, `luco: recorded ${status} on submission ${submission.submissionId}`);
    return complete;
  }

  #fail(phase: string, what: string, error: unknown): void {
    // An aborted call here is our own deadline (or luco being interrupted), not the caller's doing.
    const reason = error instanceof Error && error.name === 'APIUserAbortError' ? `no answer within ${PHASE_DEADLINE_MS / 1000} s, or interrupted` : errorMessage(error);
    this.#report('error', { phase, reason }, `luco: could not record ${what} in Luco: ${reason}`);
  }
}

/** Unreachable, timed out, or refused credentials: the next call would fail the same way. */
function isOutage(error: unknown): boolean {
  const code = exitCodeFor(error);
  return code === EXIT.unavailable || code === EXIT.auth || (error instanceof Error && error.name === 'APIUserAbortError');
}
