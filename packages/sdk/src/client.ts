import { createTokenSource } from './token-source.js';
import { resolveConfig, type ResolvedConfig } from './client-config.js';
import type { LucoApiOptions } from './client-options.js';
import { APIError, LucoError, NotFoundError, SlotNotFoundError, SlotSequenceNotFoundError, ValidationError } from './core/errors.js';
import { HttpClient } from './core/http-client.js';
import { IdempotencyCapability } from './core/idempotency.js';
import { createSdkLog, type SdkLog } from './core/log.js';
import { PagedList } from './core/pagination.js';
import { Redactor } from './core/redact.js';
import type { RequestOptions } from './core/request-options.js';
import { formatTimeDifference } from './core/time-difference.js';
import { dateOnly, describe, id, isoInstant, nonEmptyString, oneOf, positiveInteger, utcDateOrDateTime, wireJson, withoutNul } from './core/validate.js';
import { flattenParameters, pickParameters } from './parameters.js';
import { definitionQueryValues, flattenName, formatName, toDefinition } from './slot-sequence.js';
import { Submission } from './submission.js';
import type { ExportOptions, ImportBody, ImportOptions, ImportResponse, ImportResult } from './types/import-export.js';
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
import type {
  SlotParameterEntry,
  SlotSequenceConfig,
  SlotSequenceDefinitionEntry,
  SlotSequenceNameInput,
  SlotSequenceParameters,
  SlotSequenceResponse,
  SlotSequenceSearchResponse,
} from './types/slot-sequence.js';
import type { CreateSubmissionResponse, SlotIdResponse } from './types/submission.js';
import { SDK_VERSION } from './version.js';

export interface CreateSubmissionOptions extends RequestOptions {
  /** Stage the run environment is recorded against. */
  stage?: string | undefined;
  /** Recorded right after creation (with or without a stage, unlike LucoPy). */
  runEnvironments?: Record<string, unknown> | ReadonlyArray<Record<string, unknown>> | undefined;
  /**
   * When the run started, for runs recorded after the fact (a LucoTS server extension; without it
   * the request has no body, exactly as LucoPy sends it).
   */
  startedOn?: Date | string | undefined;
}

export interface FindSlotOptions extends RequestOptions {
  /**
   * When no slot has the tag, create one for an unscheduled sequence (default true, as LucoPy).
   * A scheduled sequence never gets a slot off its schedule this way.
   */
  createIfMissing?: boolean | undefined;
}

export interface WithSubmissionParams {
  tag: string | Date;
  slotSequence: SlotSequenceNameInput;
  stage?: string | undefined;
  runEnvironments?: Record<string, unknown> | ReadonlyArray<Record<string, unknown>> | undefined;
}

const FIND_CLOSEST = ['historic', 'future', 'either', 'exact'] as const;
const MAX_FAILURE_MESSAGE = 2000;

/**
 * The Luco client: LucoPy's `LucoApi`, typed. Configuration comes from the options, then the
 * `LUCO_*` environment variables; it is checked here, not at the first request.
 */
export class LucoApi {
  readonly baseUrl: string;
  readonly #options: LucoApiOptions;
  readonly #http: HttpClient;
  readonly #log: SdkLog;

  constructor(options: LucoApiOptions = {}) {
    const config: ResolvedConfig = resolveConfig(options);
    this.#options = options;
    this.baseUrl = config.baseUrl;
    const redactor = new Redactor();
    if (config.credential.kind === 'client-credentials') redactor.add(config.credential.clientSecret);
    this.#log = createSdkLog(config.logger, config.logLevel, redactor);
    const userAgent = `lucots-sdk/${SDK_VERSION} node/${process.versions.node}`;
    this.#http = new HttpClient({
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
  }

  /** A new client with some options changed (it fetches its own tokens). */
  withOptions(options: Partial<LucoApiOptions>): LucoApi {
    return new LucoApi({ ...this.#options, ...options });
  }

  /**
   * The id of the slot tagged `tag` in the sequence. For an unscheduled sequence a new tag gets a
   * new slot (LucoPy's behaviour); a scheduled sequence's slots come only from its schedule.
   */
  async findSlotId(tag: string | Date, slotSequence: SlotSequenceNameInput, options: FindSlotOptions = {}): Promise<number> {
    const tagText = formatTag(tag);
    const definition = toDefinition(slotSequence);
    try {
      const { data } = await this.#http.request<SlotIdResponse>({
        method: 'GET',
        path: '/slots/search/',
        query: { Tag: tagText, SlotSequenceDefinition: definitionQueryValues(definition) },
        options,
      });
      return slotIdFrom(data);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      if (options.createIfMissing === false) throw new SlotNotFoundError(tagText, formatName(definition), 'creation was turned off', { cause: error });
      await this.#ensureUnscheduled(tagText, definition, error, options);
      const { data } = await this.#http.request<SlotIdResponse>({
        method: 'POST',
        path: '/slots/',
        body: { tag: tagText, slotSequenceDefinition: definition },
        options,
      });
      return slotIdFrom(data);
    }
  }

  /** Refuses to create a slot when the sequence does not exist or has an active schedule. */
  async #ensureUnscheduled(tag: string, definition: SlotSequenceDefinitionEntry[], notFound: NotFoundError, options: RequestOptions): Promise<void> {
    const name = formatName(definition);
    const sequenceId = await this.#searchSlotSequenceId(definition, true, options);
    if (sequenceId === undefined) throw new SlotSequenceNotFoundError(name, { cause: notFound });
    const sequence = await this.getSlotSequence(sequenceId, options);
    if (sequence.delivery?.some((schedule) => schedule?.isActive === true)) {
      throw new SlotNotFoundError(tag, name, 'the sequence is scheduled, so its slots come from its delivery schedule', { cause: notFound });
    }
  }

  /** A handle on an existing submission; no request is made. */
  getSubmission(slotId: number, submissionId: number): Submission {
    return new Submission(this.#http, id('slotId', slotId), id('submissionId', submissionId));
  }

  /** Creates a submission (In Progress) on a slot, recording run environments if given. */
  async createSubmission(slotId: number, options: CreateSubmissionOptions = {}): Promise<Submission> {
    id('slotId', slotId);
    const { data } = await this.#http.request<CreateSubmissionResponse>({
      method: 'POST',
      path: `/slots/${slotId}/submissions`,
      body: options.startedOn === undefined ? undefined : { startedOn: isoInstant('startedOn', options.startedOn) },
      options,
    });
    const submissionId = data?.slotSubmissionId;
    if (typeof submissionId !== 'number') throw new LucoError(`The server did not return a slotSubmissionId for slot ${slotId}`);
    const submission = new Submission(this.#http, slotId, submissionId);
    if (options.runEnvironments !== undefined) {
      const { idempotencyKey: _unused, ...rest } = options;
      await submission.submitRunEnvironment(options.runEnvironments, rest);
    }
    return submission;
  }

  /** The submission closest to the given one in its sequence (historic, future, either or exact). */
  async findSubmissionInSlotSequence(
    slotId: number,
    submissionId: number,
    options: FindSubmissionInSlotSequenceOptions & RequestOptions = {},
  ): Promise<ClosestSubmissionResponse> {
    id('slotId', slotId);
    id('submissionId', submissionId);
    const { data } = await this.#http.request<ClosestSubmissionResponse>({
      method: 'GET',
      path: `/slots/${slotId}/submissions/${submissionId}/search`,
      query: {
        OnlyCompletedSubmissions: options.onlyCompletedSubmissions ?? false,
        FindClosest: oneOf('findClosest', options.findClosest ?? 'historic', FIND_CLOSEST),
        TimeDifference: options.timeDifference === undefined ? undefined : formatTimeDifference('timeDifference', options.timeDifference),
      },
      options,
    });
    return data;
  }

  /** Slots of a sequence with their submissions; every flag defaults to true, as in LucoPy. */
  async findSubmissionsBySlotSequence(
    slotSequence: SlotSequenceNameInput,
    options: FindSubmissionsOptions & RequestOptions = {},
  ): Promise<SlotSequenceSubmissionsResponse> {
    const definition = toDefinition(slotSequence);
    const { data } = await this.#http.request<SlotSequenceSubmissionsResponse>({
      method: 'GET',
      path: '/slotsequences/submissions',
      query: {
        SlotSequenceDefinition: definitionQueryValues(definition),
        OnlyLatestSlot: options.onlyLatestSlot ?? true,
        OnlyDeliveredSlots: options.onlyDeliveredSlots ?? true,
        OnlyCompletedSubmissions: options.onlyCompletedSubmissions ?? true,
        OnlyLatestSubmission: options.onlyLatestSubmission ?? true,
        ExpectedAfterUtc: options.expectedAfterUtc === undefined ? undefined : utcDateOrDateTime('expectedAfterUtc', options.expectedAfterUtc),
        ExpectedBeforeUtc: options.expectedBeforeUtc === undefined ? undefined : utcDateOrDateTime('expectedBeforeUtc', options.expectedBeforeUtc),
      },
      options,
    });
    return { ...data, slots: Array.isArray(data?.slots) ? data.slots : [] };
  }

  /** The latest completed submission of a sequence, or null when there is none. */
  async findLatestSubmissionBySlotSequence(
    slotSequence: SlotSequenceNameInput,
    options: Pick<FindSubmissionsOptions, 'expectedAfterUtc' | 'expectedBeforeUtc'> & RequestOptions = {},
  ): Promise<SubmissionRef | null> {
    const { slots } = await this.findSubmissionsBySlotSequence(slotSequence, {
      ...options,
      onlyLatestSlot: true,
      onlyDeliveredSlots: true,
      onlyCompletedSubmissions: true,
      onlyLatestSubmission: true,
    });
    const slot = slots[0];
    const submission = slot?.submissions?.[0];
    if (!slot || !submission) return null;
    return { slotId: slot.slotId, submissionId: submission.slotSubmissionId };
  }

  /** Imports (creates, updates, archives) slot sequences in the export format. */
  async submitSlotSequences(
    slotSequences: SlotSequenceConfig | readonly SlotSequenceConfig[],
    options: ImportOptions & RequestOptions = {},
  ): Promise<ImportResult> {
    const list = Array.isArray(slotSequences) ? [...slotSequences] : [slotSequences as SlotSequenceConfig];
    if (list.length === 0) throw new ValidationError('slotSequences', 'must hold at least one slot sequence');
    list.forEach((item, index) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        throw new ValidationError(`slotSequences[${index}]`, `must be an object, got ${describe(item)}`);
      }
      // Sent as `{ ..., slotSequences: [item, ...] }`: each item starts two levels down.
      wireJson(`slotSequences[${index}]`, item, 2);
    });
    const body: ImportBody = {
      allowOverwrites: options.allowOverwrites ?? false,
      allowArchiving: options.allowArchiving ?? false,
      ignoreDeliveryConfig: options.ignoreDeliveryConfig ?? false,
      slotSequences: list,
    };
    const { data } = await this.#http.request<ImportResponse>({ method: 'POST', path: '/v2/slotsequences/import', body, options });
    return {
      counts: {
        created: data?.createdCount ?? 0,
        exists: data?.existsCount ?? 0,
        notProcessed: data?.notProcessedCount ?? 0,
        updated: data?.updatedCount ?? 0,
        notUpdated: data?.notUpdatedCount ?? 0,
        archived: data?.archivedCount ?? 0,
      },
      imports: (data?.slotSequenceImports ?? []).map(({ slotSequenceDefinition, ...rest }) => ({
        ...rest,
        name: flattenName(slotSequenceDefinition),
      })),
    };
  }

  /** Slot sequences in the import format, by ids and/or names; all of them when neither is given. */
  async exportSlotSequences(options: ExportOptions & RequestOptions = {}): Promise<SlotSequenceConfig[]> {
    const ids = (options.ids ?? []).map((value, index) => id(`ids[${index}]`, value));
    for (const [index, name] of (options.names ?? []).entries()) {
      ids.push(await this.findSlotSequenceId(name, { ...options, active: options.active ?? true, field: `names[${index}]` }));
    }
    const { data } = await this.#http.request<SlotSequenceConfig[]>({
      method: 'GET',
      path: '/v2/slotsequences/export',
      query: { slotSequenceId: ids.length > 0 ? [...new Set(ids)] : undefined },
      options,
    });
    return Array.isArray(data) ? data : [];
  }

  /** The id of the slot sequence with this name (active ones by default). */
  async findSlotSequenceId(
    slotSequence: SlotSequenceNameInput,
    options: RequestOptions & { active?: boolean | undefined; field?: string | undefined } = {},
  ): Promise<number> {
    const definition = toDefinition(slotSequence, options.field ?? 'slotSequence');
    const found = await this.#searchSlotSequenceId(definition, options.active ?? true, options);
    if (found === undefined) throw new SlotSequenceNotFoundError(formatName(definition));
    return found;
  }

  async #searchSlotSequenceId(definition: SlotSequenceDefinitionEntry[], active: boolean, options: RequestOptions): Promise<number | undefined> {
    try {
      const { data } = await this.#http.request<SlotSequenceSearchResponse>({
        method: 'GET',
        path: '/slotsequences/search/',
        query: { isActive: active, SlotSequenceDefinition: definitionQueryValues(definition) },
        options,
      });
      return typeof data?.slotSequenceId === 'number' && data.slotSequenceId > 0 ? data.slotSequenceId : undefined;
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /** A slot sequence by id, with its parameters. */
  async getSlotSequence(slotSequenceId: number, options: RequestOptions = {}): Promise<SlotSequenceResponse> {
    id('slotSequenceId', slotSequenceId);
    const { data } = await this.#http.request<SlotSequenceResponse>({ method: 'GET', path: `/v2/slotsequences/${slotSequenceId}`, options });
    return data;
  }

  /** A sequence's parameters by its name: all groups, one group, or one value (undefined when absent). */
  slotSequenceParameters(slotSequence: SlotSequenceNameInput, group?: undefined, key?: undefined, options?: RequestOptions): Promise<SlotSequenceParameters>;
  slotSequenceParameters(slotSequence: SlotSequenceNameInput, group: string, key?: undefined, options?: RequestOptions): Promise<Record<string, string> | undefined>;
  slotSequenceParameters(slotSequence: SlotSequenceNameInput, group: string, key: string, options?: RequestOptions): Promise<string | undefined>;
  async slotSequenceParameters(slotSequence: SlotSequenceNameInput, group?: string, key?: string, options: RequestOptions = {}): Promise<unknown> {
    if (key !== undefined && group === undefined) throw new ValidationError('group', 'is required when key is given');
    const sequenceId = await this.findSlotSequenceId(slotSequence, options);
    const sequence = await this.getSlotSequence(sequenceId, options);
    return pickParameters(flattenParameters(sequence.parameters?.slotParameterGroups), group, key);
  }

  /** Slot sequences with their delivery health; await for the first page, or `for await` every row. */
  slotSequencesOverview(
    filters: SlotSequencesOverviewFilters = {},
    options: PagingOptions & RequestOptions = {},
  ): PagedList<SlotSequenceOverviewItem> {
    const query = {
      isActive: filters.isActive ?? true,
      type: filters.type,
      cadence: filters.cadence,
      overdueCountStart: filters.overdueCountStart,
      overdueCountEnd: filters.overdueCountEnd,
      failedCountStart: filters.failedCountStart,
      failedCountEnd: filters.failedCountEnd,
      slotSequenceDefinitionValues: filters.slotSequenceNameValues,
      slotSequenceDefinitionValuesFilterOperator: filters.slotSequenceNameValuesFilterOperator,
      lastDeliverySlotStart: instant('lastDeliverySlotStart', filters.lastDeliverySlotStart),
      lastDeliverySlotEnd: instant('lastDeliverySlotEnd', filters.lastDeliverySlotEnd),
      upcomingSlotStart: instant('upcomingSlotStart', filters.upcomingSlotStart),
      upcomingSlotEnd: instant('upcomingSlotEnd', filters.upcomingSlotEnd),
      sortBy: filters.sortBy,
      sortDir: filters.sortDir,
    };
    return this.#paged<SlotSequenceOverviewItem>('/v2/slotsequences/overview', 'slotSequences', query, options, 500);
  }

  /** Slots with their status and submissions; await for the first page, or `for await` every row. */
  slotsOverview(filters: SlotsOverviewFilters = {}, options: PagingOptions & RequestOptions = {}): PagedList<SlotOverviewItem> {
    const query = {
      slotId: filters.slotId,
      slotSequenceId: filters.slotSequenceId,
      type: filters.type,
      cadence: filters.cadence,
      slotStatus: filters.slotStatus,
      slotSequenceDefinitionValues: filters.slotSequenceNameValues,
      slotSequenceDefinitionValuesFilterOperator: filters.slotSequenceNameValuesFilterOperator,
      expectedByStart: instant('expectedByStart', filters.expectedByStart),
      expectedByEnd: instant('expectedByEnd', filters.expectedByEnd),
      updatedOnStart: instant('updatedOnStart', filters.updatedOnStart),
      updatedOnEnd: instant('updatedOnEnd', filters.updatedOnEnd),
      createdOnStart: instant('createdOnStart', filters.createdOnStart),
      createdOnEnd: instant('createdOnEnd', filters.createdOnEnd),
      lastSubmissionStatus: filters.lastSubmissionStatus,
      sortBy: filters.sortBy,
      sortDir: filters.sortDir,
      minSubmissions: filters.minSubmissions,
      maxSubmissions: filters.maxSubmissions,
    };
    return this.#paged<SlotOverviewItem>('/v2/slots/overview', 'slots', query, options, 1000);
  }

  #paged<T extends { name: Record<string, string> }>(
    path: string,
    listField: string,
    query: Record<string, string | number | boolean | readonly (string | number | boolean)[] | undefined>,
    options: PagingOptions & RequestOptions,
    defaultPageSize: number,
  ): PagedList<T> {
    const pageSize = positiveInteger('pageSize', options.pageSize ?? defaultPageSize);
    const limit = options.limit === undefined ? undefined : positiveInteger('limit', options.limit);
    return new PagedList<T>(
      async (pageNumber, size) => {
        const { data } = await this.#http.request<Record<string, unknown>>({
          method: 'GET',
          path,
          query: { ...query, pageNumber, pageSize: size },
          options,
        });
        const rows = Array.isArray(data?.[listField]) ? (data[listField] as Array<Record<string, unknown>>) : [];
        const items = rows.map((row) => ({ ...row, name: flattenName(row.name as SlotParameterEntry[] | undefined) }) as unknown as T);
        return { items, totalCount: typeof data?.totalCount === 'number' ? data.totalCount : items.length };
      },
      { pageSize, limit },
    );
  }

  /**
   * Runs `fn` as one submission: finds the slot, creates the submission, marks it Completed when
   * `fn` returns and Failed (with the error's message) when it throws, then re-throws.
   */
  async withSubmission<T>(params: WithSubmissionParams, fn: (submission: Submission) => Promise<T> | T, options: RequestOptions = {}): Promise<T> {
    const slotId = await this.findSlotId(params.tag, params.slotSequence, options);
    const submission = await this.createSubmission(slotId, { ...options, stage: params.stage, runEnvironments: params.runEnvironments });
    let result: T;
    try {
      result = await fn(submission);
    } catch (error) {
      try {
        await submission.submitFailedStatus(failureMessage(error), options);
      } catch (statusError) {
        this.#log.warn(`Could not mark submission ${submission.submissionId} Failed: ${describeError(statusError)}`);
      }
      throw error;
    }
    await submission.submitCompletedStatus(options);
    return result;
  }
}

function formatTag(tag: string | Date): string {
  if (tag instanceof Date) return dateOnly('tag', tag);
  return nonEmptyString('tag', tag);
}

function instant(field: string, value: Date | string | undefined): string | undefined {
  return value === undefined ? undefined : isoInstant(field, value);
}

function slotIdFrom(data: SlotIdResponse | undefined): number {
  if (typeof data?.slotId !== 'number') throw new LucoError('The server did not return a slotId');
  return data.slotId;
}

function describeError(error: unknown): string {
  if (error instanceof APIError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

function failureMessage(error: unknown): string {
  // Whatever the error says, the Failed status must be storable.
  const message = withoutNul(error instanceof Error ? `${error.name}: ${error.message}` : `Failed: ${String(error)}`);
  return message.length > MAX_FAILURE_MESSAGE ? `${message.slice(0, MAX_FAILURE_MESSAGE - 3)}...` : message;
}
