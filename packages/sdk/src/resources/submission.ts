import { DataQualityError, ValidationError } from '../core/errors.js';
import type { HttpClient } from '../core/http-client.js';
import type { RequestOptions } from '../core/request-options.js';
import { describe, isoInstant, nonEmptyString, optionalNonEmptyString, optionalText, wireJson } from '../core/validate.js';
import { groupMetricsByStage, metricsBody, type MetricsInput } from './metrics.js';
import { planQualitySubmission, type QualityAction, type QualityInput } from './quality-submission.js';
import { detectRunEnvironment } from '../run-environment/index.js';
import type { RunEnvironment } from '../run-environment/index.js';
import { flattenName } from './slot-sequence-name.js';
import type {
  GetMetricsOptions,
  MetricRecord,
  MetricsByStage,
  MetricsResponse,
  MetricValue,
} from '../types/metrics.js';
import type { DeliverySchedule, SlotSequenceParameters } from '../types/slot-sequence.js';
import type {
  StatusEventBody,
  StatusOptions,
  SubmissionDefinitionResponse,
  SubmissionDetails,
  SubmissionStatusValue,
} from '../types/submission.js';
import { flattenParameters, pickParameters } from './parameters.js';

export interface SubmitQualityOptions extends RequestOptions {
  stage?: string | undefined;
  /** `Continued` or `Cancelled`; worked out from the results when not given. */
  action?: QualityAction | undefined;
  /** The tool's name, for Great Expectations results sent to the v1 route (default `Great Expectations`). */
  tool?: string | undefined;
  /** The data set the results are about (v1 route). */
  dataSet?: string | undefined;
  /** Throw DataQualityError, after the results are recorded, when they demand a stop. */
  raiseOnCancelled?: boolean | undefined;
}

export interface QualitySubmissionResult {
  action: QualityAction;
  /** `v1`: Great Expectations results as a string; `v2`: Luco's check/collection format. */
  route: 'v1' | 'v2';
}

const MAX_STATUS_MESSAGE = 4000;

/**
 * One processing run against a slot. Reads of its definition are cached until `refresh()`;
 * every write goes straight to the server.
 */
export class Submission {
  readonly slotId: number;
  readonly submissionId: number;
  readonly #http: HttpClient;
  #definition: Promise<SubmissionDefinitionResponse> | undefined;

  /** @internal Use `LucoApi.createSubmission` or `LucoApi.getSubmission`. */
  constructor(http: HttpClient, slotId: number, submissionId: number) {
    this.#http = http;
    this.slotId = slotId;
    this.submissionId = submissionId;
  }

  #path(version: 'v1' | 'v2', suffix = ''): string {
    return `${version === 'v2' ? '/v2' : ''}/slots/${this.slotId}/submissions/${this.submissionId}${suffix}`;
  }

  /** The raw definition (`slot`, `slotSequence`, `submission`), fetched once and cached. */
  definition(options: RequestOptions & { refresh?: boolean | undefined } = {}): Promise<SubmissionDefinitionResponse> {
    if (!this.#definition || options.refresh) {
      const request = this.#http
        .request<SubmissionDefinitionResponse>({
          method: 'GET',
          path: this.#path('v2'),
          query: { includeDelivery: true },
          options,
        })
        .then((result) => result.data);
      // A failed fetch must not stay cached.
      request.catch(() => {
        if (this.#definition === request) this.#definition = undefined;
      });
      this.#definition = request;
    }
    return this.#definition;
  }

  /** Fetches the definition again and returns the fresh details. */
  refresh(options: RequestOptions = {}): Promise<SubmissionDetails> {
    return this.details({ ...options, refresh: true });
  }

  /** Type, name, expectedBy, status, startTime and endTime, from the cached definition. */
  async details(options: RequestOptions & { refresh?: boolean | undefined } = {}): Promise<SubmissionDetails> {
    const definition = await this.definition(options);
    return {
      slotId: this.slotId,
      submissionId: this.submissionId,
      tag: definition.slot?.tag,
      type: definition.slotSequence?.definition?.type?.slotSequenceTypeName,
      name: flattenName(definition.slotSequence?.definition?.name),
      expectedBy: definition.slot?.expectedBy ?? null,
      status: definition.submission?.status ?? null,
      startTime: definition.submission?.startedOn ?? null,
      endTime: definition.submission?.endedOn ?? null,
    };
  }

  /** The current status, always fetched fresh (as LucoPy's `status` property is). */
  async status(options: RequestOptions = {}): Promise<string | null> {
    return (await this.refresh(options)).status;
  }

  /** All parameter groups as `{ group: { key: value } }`, one group, or one value. */
  params(group?: undefined, key?: undefined, options?: RequestOptions): Promise<SlotSequenceParameters>;
  params(group: string, key?: undefined, options?: RequestOptions): Promise<Record<string, string> | undefined>;
  params(group: string, key: string, options?: RequestOptions): Promise<string | undefined>;
  async params(group?: string, key?: string, options: RequestOptions = {}): Promise<unknown> {
    if (key !== undefined && group === undefined) throw new ValidationError('group', 'is required when key is given');
    const definition = await this.definition(options);
    return pickParameters(flattenParameters(definition.slotSequence?.parameters?.slotParameterGroups), group, key);
  }

  /** The active delivery schedule, or null for an unscheduled sequence. */
  async getDeliverySchedule(options: RequestOptions = {}): Promise<DeliverySchedule | null> {
    const definition = await this.definition(options);
    return definition.slotSequence?.delivery?.find((schedule) => schedule?.isActive === true) ?? null;
  }

  /** Metrics recorded on this submission, as a list or grouped `{ stage: { metric: value } }`. */
  getMetrics(options?: GetMetricsOptions & RequestOptions & { groupByStage?: false | undefined }): Promise<MetricRecord[]>;
  getMetrics(options: GetMetricsOptions & RequestOptions & { groupByStage: true }): Promise<MetricsByStage>;
  async getMetrics(options: GetMetricsOptions & RequestOptions & { groupByStage?: boolean | undefined } = {}): Promise<MetricRecord[] | MetricsByStage> {
    const { data } = await this.#http.request<MetricsResponse>({
      method: 'GET',
      path: this.#path('v1', '/metrics'),
      query: {
        stages: asList(options.stages),
        metrics: asList(options.metrics),
        includeDuplicates: options.includeDuplicates ?? false,
      },
      options,
    });
    const records = Array.isArray(data?.slotSubmissionMetrics) ? data.slotSubmissionMetrics : [];
    return options.groupByStage ? groupMetricsByStage(records) : records;
  }

  /** One metric's value in one stage, or undefined when it was not recorded. */
  async getMetric(stage: string, metric: string, options: RequestOptions = {}): Promise<MetricValue | undefined> {
    const records = await this.getMetrics({ ...options, stages: nonEmptyString('stage', stage), metrics: nonEmptyString('metric', metric) });
    return records.find((record) => record.stage === stage && record.metric === metric)?.value;
  }

  /** Quality collections recorded on this submission. */
  async getQuality(options: RequestOptions = {}): Promise<Array<Record<string, unknown>>> {
    const { data } = await this.#http.request<{ collections?: Array<Record<string, unknown>> }>({
      method: 'GET',
      path: this.#path('v2', '/quality'),
      options,
    });
    return Array.isArray(data?.collections) ? data.collections : [];
  }

  /** Records where and how this run happened (platform, run id, reference URL...). */
  async submitRunEnvironment(
    runEnvironments: Record<string, unknown> | ReadonlyArray<Record<string, unknown>>,
    options: RequestOptions & { stage?: string | undefined } = {},
  ): Promise<void> {
    const runData = runEnvironmentList(runEnvironments);
    await this.#http.request({
      method: 'POST',
      path: this.#path('v1', '/runenvironment'),
      body: { stage: optionalNonEmptyString('stage', options.stage) ?? null, runData },
      options,
    });
  }

  /** Detects the platform this process runs on (CI, Databricks, Airflow, Kubernetes...) and records it. */
  async submitDetectedRunEnvironment(
    options: RequestOptions & { stage?: string | undefined; env?: Readonly<Record<string, string | undefined>> | undefined } = {},
  ): Promise<RunEnvironment> {
    const environment = detectRunEnvironment(options.env ?? process.env);
    await this.submitRunEnvironment(environment, options);
    return environment;
  }

  /** Records metrics, e.g. `{ rows: 1200, source: 'sftp' }`. Zero is a value like any other. */
  async submitMetrics(metrics: MetricsInput, options: RequestOptions & { stage?: string | undefined } = {}): Promise<void> {
    await this.#http.request({
      method: 'POST',
      path: this.#path('v2', '/metrics'),
      body: metricsBody(metrics, options.stage),
      options,
    });
  }

  /** Records a single metric. */
  submitMetric(metric: string, value: MetricValue, options: RequestOptions & { stage?: string | undefined } = {}): Promise<void> {
    return this.submitMetrics([[metric, value]], options);
  }

  /**
   * Records data-quality results. Great Expectations validation results go to Luco's v1 route as a
   * string; checks and collections (objects, JSON or CheckResult/CollectionResult) go to the v2 route.
   */
  async submitQuality(results: QualityInput, options: SubmitQualityOptions = {}): Promise<QualitySubmissionResult> {
    const plan = planQualitySubmission(results, options);
    if (plan.route === 'v1') {
      await this.#http.request({ method: 'POST', path: this.#path('v1', '/quality'), body: plan.body, options });
    } else {
      await this.#http.request({
        method: 'POST',
        path: this.#path('v2', '/quality'),
        query: { stage: optionalNonEmptyString('stage', options.stage), action: plan.action },
        body: plan.body,
        options,
      });
    }
    if (options.raiseOnCancelled && plan.action === 'Cancelled' && plan.demandsStop) throw new DataQualityError();
    return { action: plan.action, route: plan.route };
  }

  /** Records a status event; with stage `Submission` it sets the submission's own status. */
  async submitStatus(status: SubmissionStatusValue, options: StatusOptions & RequestOptions = {}): Promise<void> {
    const body: StatusEventBody = {
      runId: '',
      status: nonEmptyString('status', status),
      stage: optionalNonEmptyString('stage', options.stage) ?? null,
      type: optionalText('type', options.type),
      message: truncate(optionalText('message', options.message)),
      modifiedBy: optionalText('modifiedBy', options.modifiedBy),
      ...(options.occurredOn === undefined ? {} : { occurredOn: isoInstant('occurredOn', options.occurredOn) }),
    };
    await this.#http.request({ method: 'POST', path: this.#path('v1', '/status'), body, options });
  }

  /** Marks the whole submission Completed. */
  submitCompletedStatus(options: RequestOptions & { message?: string | undefined; occurredOn?: Date | string | undefined } = {}): Promise<void> {
    return this.submitStatus('Completed', { ...options, stage: 'Submission' });
  }

  /** Marks the whole submission Failed, with a reason. */
  submitFailedStatus(message: string, options: RequestOptions & { occurredOn?: Date | string | undefined } = {}): Promise<void> {
    return this.submitStatus('Failed', { ...options, stage: 'Submission', message });
  }

  toJSON(): { slotId: number; submissionId: number } {
    return { slotId: this.slotId, submissionId: this.submissionId };
  }
}

/**
 * Run environments as sent: one object or a non-empty list of them, each valid JSON for the
 * server (no NUL character in any key or value at any depth, finite numbers, not nested too deep).
 */
export function runEnvironmentList(runEnvironments: unknown): Array<Record<string, unknown>> {
  const list: unknown[] = Array.isArray(runEnvironments) ? runEnvironments : [runEnvironments];
  if (list.length === 0) throw new ValidationError('runEnvironments', 'must hold at least one run environment');
  return list.map((item, index) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new ValidationError(`runEnvironments[${index}]`, `must be an object, got ${describe(item)}`);
    }
    // Sent as `{ stage, runData: [item, ...] }`: each item starts two levels down.
    wireJson(`runEnvironments[${index}]`, item, 2);
    return item as Record<string, unknown>;
  });
}

function asList(value: string | readonly string[] | undefined): readonly string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  list.forEach((item, index) => nonEmptyString(`filter[${index}]`, item));
  return list;
}

function truncate(message: string | null): string | null {
  if (message === null) return null;
  return message.length > MAX_STATUS_MESSAGE ? `${message.slice(0, MAX_STATUS_MESSAGE - 3)}...` : message;
}
