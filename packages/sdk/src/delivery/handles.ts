/**
 * What the caller holds while writes are queued: a SlotHandle for a slot, a QueuedSubmission for
 * a submission (its write methods queue writes, checked as the direct calls check them). Made by
 * DeliveryQueue, which hands them a HandleAccess to itself.
 */
import { DataQualityError } from '../core/errors.js';
import type { RequestOptions } from '../core/request-options.js';
import { isoInstant, nonEmptyString, optionalNonEmptyString, optionalText } from '../core/validate.js';
import { metricsBody, type MetricsInput } from '../resources/metrics.js';
import { planQualitySubmission, type QualityInput } from '../resources/quality-submission.js';
import { type QualitySubmissionResult, runEnvironmentList as checkedRunEnvironments, type SubmitQualityOptions } from '../resources/submission.js';
import { detectRunEnvironment, type RunEnvironment } from '../run-environment/index.js';
import type { MetricValue } from '../types/metrics.js';
import type { StatusOptions, SubmissionStatusValue } from '../types/submission.js';
import type { DeliveryQueue } from './queue.js';
import type { HandleValue, OperationSpec, SubmissionRef } from './records.js';

export interface QueuedSubmissionRef {
  slotId: number;
  submissionId: number;
}

/** @internal How handles reach their queue. */
export interface HandleAccess {
  value(handle: string): HandleValue | undefined;
  wait(handle: string): Promise<HandleValue>;
  enqueue(build: (at: number) => OperationSpec): Promise<void>;
  pending(ref: SubmissionRef): number;
}

/** A slot as the queue knows it: a local handle until the slot look-up is delivered. */
export class SlotHandle {
  readonly localId: string;
  readonly #access: HandleAccess;

  /** @internal Made by `DeliveryQueue.findSlot`. */
  constructor(localId: string, access: HandleAccess) {
    this.localId = localId;
    this.#access = access;
  }

  /** The real slot id once known. */
  get slotId(): number | undefined {
    return this.#access.value(this.localId)?.slotId;
  }

  /** Resolves with the real slot id once delivered; rejects (UndeliveredError) if it never will be. */
  async resolved(): Promise<number> {
    return (await this.#access.wait(this.localId)).slotId;
  }

  toJSON(): { localId: string; slotId: number | undefined } {
    return { localId: this.localId, slotId: this.slotId };
  }
}

/**
 * A submission whose writes are queued: each method returns once the write is kept by the store,
 * and the queue sends them in order after the submission itself.
 */
export class QueuedSubmission {
  /** The local handle (or `slotId/submissionId` for an existing submission). */
  readonly localId: string;
  readonly queue: DeliveryQueue;
  readonly #ref: SubmissionRef;
  readonly #access: HandleAccess;

  /** @internal Made by `DeliveryQueue.createSubmission` or `DeliveryQueue.submission`. */
  constructor(queue: DeliveryQueue, ref: SubmissionRef, access: HandleAccess) {
    this.queue = queue;
    this.#ref = ref;
    this.#access = access;
    this.localId = ref.handle ?? `${ref.slotId}/${ref.submissionId}`;
  }

  get slotId(): number | undefined {
    return this.#ref.slotId ?? (this.#ref.handle === undefined ? undefined : this.#access.value(this.#ref.handle)?.slotId);
  }

  get submissionId(): number | undefined {
    return this.#ref.submissionId ?? (this.#ref.handle === undefined ? undefined : this.#access.value(this.#ref.handle)?.submissionId);
  }

  /** Its writes still queued, its creation included (0: everything of it was delivered, dead-lettered or dropped). */
  get pending(): number {
    return this.#access.pending(this.#ref);
  }

  /** The real ids once the submission is delivered; rejects (UndeliveredError) if it never will be. */
  async resolved(): Promise<QueuedSubmissionRef> {
    if (this.#ref.handle === undefined) return { slotId: this.#ref.slotId!, submissionId: this.#ref.submissionId! };
    const value = await this.#access.wait(this.#ref.handle);
    return { slotId: value.slotId, submissionId: value.submissionId! };
  }

  /** Queues metrics, e.g. `{ rows: 1200 }`. */
  async submitMetrics(metrics: MetricsInput, options: { stage?: string | undefined } = {}): Promise<void> {
    const body = metricsBody(metrics, options.stage);
    const pairs = body.metrics.map(({ metric, value }): [string, MetricValue] => [metric, value]);
    await this.#access.enqueue(() => ({ kind: 'metrics', submission: { ...this.#ref }, payload: { stage: body.stage, metrics: pairs } }));
  }

  submitMetric(metric: string, value: MetricValue, options: { stage?: string | undefined } = {}): Promise<void> {
    return this.submitMetrics([[metric, value]], options);
  }

  /** Queues a status event; it keeps the time it was queued (`occurredOn`) unless given one. */
  async submitStatus(status: SubmissionStatusValue, options: StatusOptions = {}): Promise<void> {
    const payload = {
      status: nonEmptyString('status', status),
      stage: optionalNonEmptyString('stage', options.stage) ?? null,
      type: optionalText('type', options.type),
      message: optionalText('message', options.message),
      modifiedBy: optionalText('modifiedBy', options.modifiedBy),
      occurredOn: options.occurredOn === undefined ? undefined : isoInstant('occurredOn', options.occurredOn),
    };
    await this.#access.enqueue((at) => ({
      kind: 'status',
      submission: { ...this.#ref },
      payload: { ...payload, occurredOn: payload.occurredOn ?? new Date(at).toISOString() },
    }));
  }

  submitCompletedStatus(options: { message?: string | undefined; occurredOn?: Date | string | undefined } = {}): Promise<void> {
    return this.submitStatus('Completed', { ...options, stage: 'Submission' });
  }

  submitFailedStatus(message: string, options: { occurredOn?: Date | string | undefined } = {}): Promise<void> {
    return this.submitStatus('Failed', { ...options, stage: 'Submission', message });
  }

  /**
   * Queues data-quality results. The action is worked out now; with `raiseOnCancelled`, a
   * DataQualityError is thrown once the results are queued, when they demand a stop.
   */
  async submitQuality(results: QualityInput, options: Omit<SubmitQualityOptions, keyof RequestOptions> = {}): Promise<QualitySubmissionResult> {
    const plan = planQualitySubmission(results, options);
    const stage = optionalNonEmptyString('stage', options.stage) ?? null;
    const stored = plan.route === 'v1' ? (typeof results === 'string' ? results : JSON.stringify(results)) : JSON.parse(JSON.stringify(plan.body));
    await this.#access.enqueue(() => ({
      kind: 'quality',
      submission: { ...this.#ref },
      payload: { route: plan.route, results: stored, stage, action: plan.action, tool: options.tool ?? null, dataSet: options.dataSet ?? null },
    }));
    if (options.raiseOnCancelled && plan.action === 'Cancelled' && plan.demandsStop) throw new DataQualityError();
    return { action: plan.action, route: plan.route };
  }

  /** Queues where and how this run happened. */
  async submitRunEnvironment(
    runEnvironments: Record<string, unknown> | ReadonlyArray<Record<string, unknown>>,
    options: { stage?: string | undefined } = {},
  ): Promise<void> {
    const runData = runEnvironmentList(runEnvironments);
    const stage = optionalNonEmptyString('stage', options.stage) ?? null;
    await this.#access.enqueue(() => ({ kind: 'runEnvironment', submission: { ...this.#ref }, payload: { stage, runData } }));
  }

  /** Detects the platform now (CI, Databricks, Airflow...) and queues it. */
  async submitDetectedRunEnvironment(
    options: { stage?: string | undefined; env?: Readonly<Record<string, string | undefined>> | undefined } = {},
  ): Promise<RunEnvironment> {
    const environment = detectRunEnvironment(options.env ?? process.env);
    await this.submitRunEnvironment(environment, { stage: options.stage });
    return environment;
  }

  toJSON(): { localId: string; slotId: number | undefined; submissionId: number | undefined } {
    return { localId: this.localId, slotId: this.slotId, submissionId: this.submissionId };
  }
}

/** Checked as a direct call checks them, then copied as JSON: what the caller changes later does not leak in. */
export function runEnvironmentList(runEnvironments: Record<string, unknown> | ReadonlyArray<Record<string, unknown>>): Array<Record<string, unknown>> {
  return checkedRunEnvironments(runEnvironments).map((item) => JSON.parse(JSON.stringify(item)) as Record<string, unknown>);
}
