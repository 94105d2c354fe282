/**
 * LucoApi, the SDK's entry point: it reads and checks its configuration (options/), builds the
 * HTTP client (core/) and hands each call to a resource (resources/).
 */
import { createTokenSource } from './auth/token-source.js';
import { errorText } from './core/error-text.js';
import { HttpClient } from './core/http-client.js';
import { IdempotencyCapability } from './core/idempotency.js';
import { createSdkLog, type SdkLog } from './core/log.js';
import { warnPlainHttp } from './core/plain-http.js';
import type { PagedList } from './core/pagination.js';
import { Redactor } from './core/redact.js';
import type { RequestOptions } from './core/request-options.js';
import type { LucoApiOptions } from './options/options.js';
import { resolveConfig, type ResolvedConfig } from './options/resolve.js';
import { Alerts } from './resources/alerts.js';
import { Gate, type WaitForSlotOptions } from './resources/gate.js';
import { MetricHistoryReader } from './resources/metric-history.js';
import { MetricRules, readMetricVerdicts } from './resources/metric-rules.js';
import { Overview } from './resources/overview.js';
import { runAsSubmission } from './resources/run-as-submission.js';
import { SlotSequences } from './resources/slot-sequences.js';
import { SlotSequencePlans } from './resources/slot-sequence-plans.js';
import { type FindSlotOptions, Slots } from './resources/slots.js';
import type { Submission } from './resources/submission.js';
import { type CreateSubmissionOptions, Submissions } from './resources/submissions.js';
import type { ExportOptions, ImportOptions, ImportResult } from './types/import-export.js';
import type { MetricVerdict, MetricVerdictFilters } from './types/metric-rules.js';
import type { ApplyOptions, PlanOptions, SlotSequencePlan } from './types/slot-sequence-plan.js';
import type {
  PagingOptions,
  SlotOverviewItem,
  SlotSequenceOverviewItem,
  SlotSequencesOverviewFilters,
  SlotsOverviewFilters,
} from './types/overview.js';
import type {
  ClosestSubmissionResponse,
  FindSubmissionInSlotSequenceOptions,
  FindSubmissionsOptions,
  SlotSequenceSubmissionsResponse,
  SubmissionRef,
} from './types/search.js';
import type { SlotSequenceConfig, SlotSequenceNameInput, SlotSequenceParameters, SlotSequenceResponse } from './types/slot-sequence.js';
import type { SlotVerdict } from './types/gate.js';
import type { MetricHistory, MetricHistoryOptions } from './types/metric-history.js';
import { SDK_VERSION } from './version.js';

export interface WithSubmissionParams {
  tag: string | Date;
  slotSequence: SlotSequenceNameInput;
  stage?: string | undefined;
  runEnvironments?: Record<string, unknown> | ReadonlyArray<Record<string, unknown>> | undefined;
}

/**
 * The Luco client: LucoPy's `LucoApi`, typed. Configuration comes from the options, then the
 * `LUCO_*` environment variables; it is checked here, not at the first request.
 */
export class LucoApi {
  /** The API's base URL, normalised (lower-case host, no default port, no trailing slash). */
  readonly baseUrl: string;
  /** The client id of the service principal (or LucoTS client); undefined with an identity or Azure credential. */
  readonly clientId: string | undefined;
  /**
   * Alerts, alert rules and alert channels of a LucoTS server (`/lucots/v1/`; the hosted Luco
   * API does not have them): `alerts.list()`, `alerts.get()`, `alerts.rules.*`, `alerts.channels.*`.
   */
  readonly alerts: Alerts;
  /**
   * Metric anomaly rules of a LucoTS server (`/lucots/v1/metric-rules`, admin): bounds, change and
   * seasonal rules judged when a submission completes; `create`, `list`, `get`, `update`,
   * `delete`, `dryRun`.
   */
  readonly metricRules: MetricRules;
  readonly #http: HttpClient;
  readonly #options: LucoApiOptions;
  readonly #log: SdkLog;
  readonly #slots: Slots;
  readonly #slotSequences: SlotSequences;
  readonly #plans: SlotSequencePlans;
  readonly #submissions: Submissions;
  readonly #overview: Overview;
  readonly #gate: Gate;
  readonly #metricHistory: MetricHistoryReader;

  constructor(options: LucoApiOptions = {}) {
    const config: ResolvedConfig = resolveConfig(options);
    this.#options = options;
    this.baseUrl = config.baseUrl;
    this.clientId = config.credential.kind === 'client-credentials' ? config.credential.clientId : undefined;
    const redactor = new Redactor();
    if (config.credential.kind === 'client-credentials') redactor.add(config.credential.clientSecret);
    this.#log = createSdkLog(config.logger, config.logLevel, redactor);
    if (config.allowHttp) {
      const { credential } = config;
      warnPlainHttp(this.#log, [config.baseUrl, ...(credential.kind === 'client-credentials' ? [credential.tokenUrl ?? credential.authorityHost] : [])]);
    }
    const userAgent = `lucots-sdk/${SDK_VERSION} node/${process.versions.node}`;
    const http = new HttpClient({
      baseUrl: config.baseUrl,
      fetch: config.fetch,
      timeoutMs: config.timeoutMs,
      maxRetries: config.maxRetries,
      backoff: config.backoff,
      tokens: createTokenSource(config, { log: this.#log, redactor, userAgent }),
      idempotency: new IdempotencyCapability(config.idempotency),
      log: this.#log,
      redactor,
      userAgent,
      defaultHeaders: config.defaultHeaders,
    });
    this.#slotSequences = new SlotSequences(http);
    this.#plans = new SlotSequencePlans(http);
    this.#slots = new Slots(http, this.#slotSequences);
    this.#submissions = new Submissions(http);
    this.#overview = new Overview(http);
    this.alerts = new Alerts(http);
    this.#gate = new Gate(http);
    this.#metricHistory = new MetricHistoryReader(http);
    this.metricRules = new MetricRules(http);
    this.#http = http;
  }

  /** A new client with some options changed (with the same client credentials it shares their cached token). */
  withOptions(options: Partial<LucoApiOptions>): LucoApi {
    return new LucoApi({ ...this.#options, ...options });
  }

  /**
   * The id of the slot tagged `tag` in the sequence. For an unscheduled sequence a new tag gets a
   * new slot (LucoPy's behaviour); a scheduled sequence's slots come only from its schedule.
   */
  findSlotId(tag: string | Date, slotSequence: SlotSequenceNameInput, options: FindSlotOptions = {}): Promise<number> {
    return this.#slots.findId(tag, slotSequence, options);
  }

  /**
   * Waits until the slot tagged `tag` in the sequence has passed (its latest submission meets
   * `policy`) or failed, and resolves with that verdict and its reasons; when `timeout` (ms,
   * default one hour) passes first, with the pending verdict. Chains the server's long polls and
   * rides out a server restart. A LucoTS-server extension (`GET /lucots/v1/gate`).
   */
  waitForSlot(tag: string | Date, slotSequence: SlotSequenceNameInput, options: WaitForSlotOptions = {}): Promise<SlotVerdict> {
    return this.#gate.waitForSlot(tag, slotSequence, options);
  }

  /**
   * The sequence's values of one metric and stage over time: one point per slot from its latest
   * completed submission (or one per submission with `every`), numbers only (`nonNumeric` counts
   * the text values left out). Follows the server's pages up to `limit` points (default: all).
   * A LucoTS-server extension (`GET /lucots/v1/metric-history`).
   */
  metricHistory(slotSequence: SlotSequenceNameInput, options: MetricHistoryOptions): Promise<MetricHistory> {
    return this.#metricHistory.read(slotSequence, options);
  }

  /**
   * Verdicts of metric rules, newest first: by rule, slot, submission or verdict (`beforeId`
   * pages on). A LucoTS-server extension (`GET /lucots/v1/metric-verdicts`).
   */
  metricVerdicts(filters: MetricVerdictFilters = {}, options: RequestOptions = {}): Promise<MetricVerdict[]> {
    return readMetricVerdicts(this.#http, filters, options);
  }

  /** A handle on an existing submission; no request is made. */
  getSubmission(slotId: number, submissionId: number): Submission {
    return this.#submissions.get(slotId, submissionId);
  }

  /** Creates a submission (In Progress) on a slot, recording run environments if given. */
  createSubmission(slotId: number, options: CreateSubmissionOptions = {}): Promise<Submission> {
    return this.#submissions.create(slotId, options);
  }

  /** The submission closest to the given one in its sequence (historic, future, either or exact). */
  findSubmissionInSlotSequence(
    slotId: number,
    submissionId: number,
    options: FindSubmissionInSlotSequenceOptions & RequestOptions = {},
  ): Promise<ClosestSubmissionResponse> {
    return this.#submissions.findInSlotSequence(slotId, submissionId, options);
  }

  /** Slots of a sequence with their submissions; every flag defaults to true, as in LucoPy. */
  findSubmissionsBySlotSequence(
    slotSequence: SlotSequenceNameInput,
    options: FindSubmissionsOptions & RequestOptions = {},
  ): Promise<SlotSequenceSubmissionsResponse> {
    return this.#submissions.findBySlotSequence(slotSequence, options);
  }

  /** The latest completed submission of a sequence, or null when there is none. */
  findLatestSubmissionBySlotSequence(
    slotSequence: SlotSequenceNameInput,
    options: Pick<FindSubmissionsOptions, 'expectedAfterUtc' | 'expectedBeforeUtc'> & RequestOptions = {},
  ): Promise<SubmissionRef | null> {
    return this.#submissions.findLatestBySlotSequence(slotSequence, options);
  }

  /** Imports (creates, updates, archives) slot sequences in the export format. */
  submitSlotSequences(
    slotSequences: SlotSequenceConfig | readonly SlotSequenceConfig[],
    options: ImportOptions & RequestOptions = {},
  ): Promise<ImportResult> {
    return this.#slotSequences.submit(slotSequences, options);
  }

  /**
   * What importing these sequences would do, value by value, changing nothing (a LucoTS server:
   * its import rules run and rolled back). `prune: { scope }` also lists the active sequences in
   * the scope that the list no longer holds, as Archived. Pass the answer's `fingerprint` to
   * `applySlotSequences`.
   */
  planSlotSequences(slotSequences: SlotSequenceConfig | readonly SlotSequenceConfig[], options: PlanOptions & RequestOptions = {}): Promise<SlotSequencePlan> {
    return this.#plans.plan(slotSequences, options);
  }

  /**
   * Applies a plan: the same sequences and options, with the plan's fingerprint as
   * `expectedFingerprint`. Throws PlanOutdatedError, having applied nothing, when what the plan
   * depends on changed since it was made.
   */
  applySlotSequences(slotSequences: SlotSequenceConfig | readonly SlotSequenceConfig[], options: ApplyOptions & RequestOptions): Promise<SlotSequencePlan> {
    return this.#plans.apply(slotSequences, options);
  }

  /** Slot sequences in the import format, by ids and/or names; all of them when neither is given. */
  exportSlotSequences(options: ExportOptions & RequestOptions = {}): Promise<SlotSequenceConfig[]> {
    return this.#slotSequences.exportConfigs(options);
  }

  /** The id of the slot sequence with this name (active ones by default). */
  findSlotSequenceId(
    slotSequence: SlotSequenceNameInput,
    options: RequestOptions & { active?: boolean | undefined; field?: string | undefined } = {},
  ): Promise<number> {
    return this.#slotSequences.findId(slotSequence, options);
  }

  /** A slot sequence by id, with its parameters. */
  getSlotSequence(slotSequenceId: number, options: RequestOptions = {}): Promise<SlotSequenceResponse> {
    return this.#slotSequences.get(slotSequenceId, options);
  }

  /** A sequence's parameters by its name: all groups, one group, or one value (undefined when absent). */
  slotSequenceParameters(slotSequence: SlotSequenceNameInput, group?: undefined, key?: undefined, options?: RequestOptions): Promise<SlotSequenceParameters>;
  slotSequenceParameters(slotSequence: SlotSequenceNameInput, group: string, key?: undefined, options?: RequestOptions): Promise<Record<string, string> | undefined>;
  slotSequenceParameters(slotSequence: SlotSequenceNameInput, group: string, key: string, options?: RequestOptions): Promise<string | undefined>;
  slotSequenceParameters(slotSequence: SlotSequenceNameInput, group?: string, key?: string, options: RequestOptions = {}): Promise<unknown> {
    return this.#slotSequences.parameters(slotSequence, group, key, options);
  }

  /** Slot sequences with their delivery health; await for the first page, or `for await` every row. */
  slotSequencesOverview(
    filters: SlotSequencesOverviewFilters = {},
    options: PagingOptions & RequestOptions = {},
  ): PagedList<SlotSequenceOverviewItem> {
    return this.#overview.slotSequences(filters, options);
  }

  /** Slots with their status and submissions; await for the first page, or `for await` every row. */
  slotsOverview(filters: SlotsOverviewFilters = {}, options: PagingOptions & RequestOptions = {}): PagedList<SlotOverviewItem> {
    return this.#overview.slots(filters, options);
  }

  /**
   * Runs `fn` as one submission: finds the slot, creates the submission, marks it Completed when
   * `fn` returns and Failed (with the error's message) when it throws, then re-throws.
   */
  async withSubmission<T>(params: WithSubmissionParams, fn: (submission: Submission) => Promise<T> | T, options: RequestOptions = {}): Promise<T> {
    const slotId = await this.findSlotId(params.tag, params.slotSequence, options);
    const submission = await this.createSubmission(slotId, { ...options, stage: params.stage, runEnvironments: params.runEnvironments });
    return runAsSubmission(submission, fn, {
      completed: () => submission.submitCompletedStatus(options),
      failed: (message) => submission.submitFailedStatus(message, options),
      notMarked: (statusError) => this.#log.warn(`Could not mark submission ${submission.submissionId} Failed: ${errorText(statusError)}`),
    });
  }
}
