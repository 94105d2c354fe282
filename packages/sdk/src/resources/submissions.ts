/**
 * Submissions: creating one on a slot, a handle on an existing one, and finding them in a
 * sequence. Behind LucoApi's submission methods; each submission is a `Submission` (submission.ts).
 */
import { LucoError } from '../core/errors.js';
import type { HttpClient } from '../core/http-client.js';
import type { RequestOptions } from '../core/request-options.js';
import { formatTimeDifference } from '../core/time-difference.js';
import { id, isoInstant, oneOf, utcDateOrDateTime } from '../core/validate.js';
import type {
  ClosestSubmissionResponse,
  FindSubmissionInSlotSequenceOptions,
  FindSubmissionsOptions,
  SlotSequenceSubmissionsResponse,
  SubmissionRef,
} from '../types/search.js';
import type { SlotSequenceNameInput } from '../types/slot-sequence.js';
import type { CreateSubmissionResponse } from '../types/submission.js';
import { definitionQueryValues, toDefinition } from './slot-sequence-name.js';
import { Submission } from './submission.js';

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

const FIND_CLOSEST = ['historic', 'future', 'either', 'exact'] as const;

export class Submissions {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** A handle on an existing submission; no request is made. */
  get(slotId: number, submissionId: number): Submission {
    return new Submission(this.#http, id('slotId', slotId), id('submissionId', submissionId));
  }

  /** Creates a submission (In Progress) on a slot, recording run environments if given. */
  async create(slotId: number, options: CreateSubmissionOptions = {}): Promise<Submission> {
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
  async findInSlotSequence(slotId: number, submissionId: number, options: FindSubmissionInSlotSequenceOptions & RequestOptions = {}): Promise<ClosestSubmissionResponse> {
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
  async findBySlotSequence(slotSequence: SlotSequenceNameInput, options: FindSubmissionsOptions & RequestOptions = {}): Promise<SlotSequenceSubmissionsResponse> {
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
  async findLatestBySlotSequence(
    slotSequence: SlotSequenceNameInput,
    options: Pick<FindSubmissionsOptions, 'expectedAfterUtc' | 'expectedBeforeUtc'> & RequestOptions = {},
  ): Promise<SubmissionRef | null> {
    const { slots } = await this.findBySlotSequence(slotSequence, {
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
}
