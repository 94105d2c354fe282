import type { DeliveryRecord, QueuedSubmission, QueuedSubmissionRef, SlotHandle } from '@lucots/sdk';
import { errorMessage } from '../errors.js';
import { flushQueue, keptWhere, type OpenedQueue, type WaitOutcome, waitOnQueue, writes } from '../queue/delivery.js';
import type { ChildOutcome } from './outcome.js';
import { failureMessage, succeeded } from './outcome.js';
import type { Recorder, Report, RunTarget } from './recorder.js';

/**
 * Records a `luco run` through the durable delivery queue: every write is kept in the queue
 * folder before luco goes on, and sent in order by the queue, so a run while Luco is unreachable
 * is delivered later (by the next `luco run` or `luco queue flush`) with its real times:
 * `startedOn` when luco started, `occurredOn` when the command ended.
 *
 * luco waits on Luco twice, each time at most the flush timeout and less once Luco proves
 * unreachable: before the command, for the submission's ids (LUCO_SLOT_ID, LUCO_SUBMISSION_ID),
 * and after it, for delivery. Nothing here ever stands in the command's way.
 */
export class QueuedRunRecorder implements Recorder {
  readonly #opened: OpenedQueue;
  readonly #target: RunTarget;
  readonly #report: Report;
  readonly #flushMs: number;
  readonly #startedAt = new Date();
  #slot: SlotHandle | undefined;
  #submission: QueuedSubmission | undefined;
  #ids: QueuedSubmissionRef | undefined;
  /** Set when Luco refused this run's slot look-up or submission: nothing more of it can be recorded. */
  #refused = false;
  /** Writes of this run that Luco refused. */
  #ownRefusals = 0;

  constructor(opened: OpenedQueue, target: RunTarget, report: Report, flushTimeoutMs: number) {
    this.#opened = opened;
    this.#target = target;
    this.#report = report;
    this.#flushMs = flushTimeoutMs;
    if (opened.backlog > 0) {
      report('backlog', { queued: opened.backlog, folder: opened.folder }, `luco: ${writes(opened.backlog)} left queued in ${opened.folder} by earlier runs ${opened.backlog === 1 ? 'goes' : 'go'} out with this run`);
    }
  }

  get ids(): QueuedSubmissionRef | undefined {
    return this.#ids;
  }

  /** The dead-letter callback of the queue (set up before it opens, so it also sees the backlog's). */
  static onDeadLetter(recorder: () => QueuedRunRecorder | undefined, report: Report): (record: DeliveryRecord, reason: string) => void {
    return (record, reason) => {
      // Attempts 0: it belonged to a slot or submission already refused, and was reported with it.
      if (record.attempts === 0) return;
      const self = recorder();
      const ours = self !== undefined && self.#owns(record.localId);
      if (ours) {
        self.#ownRefusals++;
        if (record.kind === 'slot' || record.kind === 'submission') self.#refused = true;
      }
      const what = `${ours ? 'this run' : 'an earlier run'}'s ${KIND_TEXT[record.kind] ?? record.kind}`;
      // A write Luco kept failing while it took the others: given up after the SDK's limit.
      const text =
        record.serverErrors > 0
          ? `luco: gave up on ${what} after ${record.serverErrors} server errors from Luco: ${reason}`
          : `luco: Luco refused ${what} (not retried): ${reason}`;
      report('error', { phase: 'delivery', kind: record.kind, ours, reason, serverErrors: record.serverErrors }, text);
    };
  }

  async start(signal: AbortSignal): Promise<void> {
    const { queue } = this.#opened;
    const { name, tag, stage, env } = this.#target;
    // The slot look-up is sent as soon as it is queued: a failure from then on counts.
    const retriedBefore = queue.stats().retried;
    try {
      this.#slot = await queue.findSlot(tag, name);
      this.#submission = await queue.createSubmission(this.#slot, { stage, startedOn: this.#startedAt });
    } catch (error) {
      this.#report('error', { phase: 'start', reason: errorMessage(error) }, `luco: could not record the start of the run: ${errorMessage(error)}`);
      return;
    }
    try {
      await this.#submission.submitDetectedRunEnvironment({ stage, env });
    } catch (error) {
      this.#report('error', { phase: 'environment', reason: errorMessage(error) }, `luco: could not record the run environment: ${errorMessage(error)}`);
    }

    // The command gets the ids when Luco answers in time; otherwise it runs without them.
    let settled = false;
    this.#submission.resolved().then(
      (ids) => {
        this.#ids = ids;
        settled = true;
      },
      () => {
        this.#refused = true;
        settled = true;
      },
    );
    const outcome = await waitOnQueue(queue, () => settled, this.#flushMs, { signal, retriedBefore });
    if (this.#ids) {
      const { slotId, submissionId } = this.#ids;
      this.#report('started', { slotId, submissionId }, `luco: recording as submission ${submissionId} of slot ${slotId}`);
    } else if (!this.#refused && outcome !== 'interrupted') {
      this.#report(
        'queued',
        { phase: 'start', reason: this.#reason(outcome), folder: this.#opened.folder },
        `luco: ${this.#reason(outcome)}; the run is ${keptWhere(queue)} and delivered later (LUCO_SLOT_ID and LUCO_SUBMISSION_ID are not set)`,
      );
    }
  }

  async interrupted(signal: NodeJS.Signals): Promise<void> {
    if (this.#submission && !this.#refused) {
      await this.#submission.submitFailedStatus(`interrupted by ${signal} before the command started`).catch(() => undefined);
    }
    // Waiting is worth it only when Luco has answered; otherwise what is queued stays for later.
    await this.#deliver(undefined, undefined, this.#ids ? this.#flushMs : 0, `interrupted by ${signal}`);
  }

  async finish(outcome: ChildOutcome, metrics: ReadonlyArray<[string, number | string]>, signal?: AbortSignal): Promise<boolean> {
    const submission = this.#submission;
    const ok = succeeded(outcome);
    const status = ok ? 'Completed' : 'Failed';
    if (!submission || this.#refused) {
      this.#report('not-recorded', { status }, `luco: not recorded in Luco: durationSeconds, ${metrics.length} metric(s), status ${status}`);
      await this.#deliver(undefined, signal);
      return false;
    }
    const { stage } = this.#target;
    const message = ok ? undefined : failureMessage(outcome);
    const occurredOn = outcome.endedAt;
    const steps: Array<[what: string, step: () => Promise<void>]> = [['metrics', () => submission.submitMetrics([['durationSeconds', outcome.durationSeconds], ...metrics], { stage })]];
    if (stage) steps.push([`status ${status} on stage ${stage}`, () => submission.submitStatus(status, { stage, message, occurredOn })]);
    // Last, so the submission's own status is final only once everything else is in.
    steps.push([`status ${status}`, () => (ok ? submission.submitCompletedStatus({ occurredOn }) : submission.submitFailedStatus(message ?? status, { occurredOn }))]);
    let complete = true;
    for (const [what, step] of steps) {
      try {
        await step();
      } catch (error) {
        // A value the SDK refuses before queuing it (e.g. a metric name); the other writes go on.
        complete = false;
        this.#report('error', { phase: 'finish', reason: errorMessage(error) }, `luco: could not record ${what}: ${errorMessage(error)}`);
      }
    }
    return (await this.#deliver(status, signal)) && complete;
  }

  /** Waits (bounded) for delivery, says what is left and where, and closes the queue. */
  async #deliver(status: string | undefined, signal?: AbortSignal, waitMs = this.#flushMs, why?: string): Promise<boolean> {
    const { queue, folder } = this.#opened;
    const outcome = await flushQueue(queue, waitMs, signal);
    const left = queue.stats().queued;
    // This run may be delivered while an earlier run's write is still held back.
    const ownLeft = this.#submission ? this.#submission.pending : left;
    const delivered = ownLeft === 0 && this.#ownRefusals === 0 && !this.#refused && status !== undefined;
    if (delivered && this.#submission) {
      const { slotId, submissionId } = this.#submission;
      this.#report('recorded', { slotId, submissionId, status }, `luco: recorded ${status} on submission ${submissionId}`);
    }
    if (left > 0) {
      const oldest = queue.stats().oldestQueuedAt;
      this.#report(
        'queued',
        { phase: 'finish', queued: left, folder, durable: queue.store.durable, oldest: oldest?.toISOString() ?? null, reason: why ?? this.#reason(outcome) },
        `luco: ${why ?? this.#reason(outcome)}: ${writes(left)} ${left === 1 ? 'is' : 'are'} ${keptWhere(queue)}` +
          (queue.store.durable ? '; the next `luco run` or `luco queue flush` delivers them' : ''),
      );
    }
    await queue.close({ timeout: 0 }).catch(() => undefined);
    return delivered;
  }

  #reason(outcome: WaitOutcome): string {
    switch (outcome) {
      case 'paused': {
        const reason = this.#opened.queue.stats().paused?.reason;
        return reason?.startsWith('The token URL ') ? `the token URL is wrong (${reason})` : 'Luco refused the credentials (fix them, e.g. with `luco login`)';
      }
      case 'timeout':
        return this.#flushMs === 0 ? 'not waiting for Luco (--flush-timeout 0)' : `Luco did not answer within ${this.#flushMs / 1000} s`;
      case 'interrupted':
        return 'interrupted while waiting for Luco';
      default: {
        const { backingOff } = this.#opened.queue.stats();
        // Luco answers, but keeps failing some write: it is tried again later, the others go on.
        if (backingOff > 0) return `Luco failed ${writes(backingOff)} with a server error while taking the others (tried again later)`;
        const failure = this.#opened.lastFailure();
        return failure ? `Luco is unreachable (${failure})` : 'Luco is unreachable';
      }
    }
  }

  #owns(localId: string | undefined): boolean {
    return localId !== undefined && (localId === this.#slot?.localId || localId === this.#submission?.localId);
  }
}

const KIND_TEXT: Record<string, string> = {
  slot: 'slot look-up',
  submission: 'submission',
  metrics: 'metrics',
  status: 'status',
  quality: 'quality results',
  runEnvironment: 'run environment',
};
