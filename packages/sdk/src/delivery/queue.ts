import { randomUUID } from 'node:crypto';
import type { LucoApi, WithSubmissionParams } from '../client.js';
import { DataQualityError, LucoError, ValidationError } from '../core/errors.js';
import { createSdkLog, isLogLevel, type Logger, type LogLevel, type SdkLog } from '../core/log.js';
import { Redactor } from '../core/redact.js';
import type { RequestOptions } from '../core/request-options.js';
import { backoffDelay, type BackoffPolicy } from '../core/retry.js';
import { dateOnly, describe, isoInstant, MAX_ID, nonEmptyString, optionalNonEmptyString, optionalText, withoutNul } from '../core/validate.js';
import { metricsBody, type MetricsInput } from '../metrics.js';
import { planQualitySubmission, type QualityInput } from '../quality-submission.js';
import { detectRunEnvironment, type RunEnvironment } from '../run-environment/index.js';
import { toDefinition } from '../slot-sequence.js';
import { type QualitySubmissionResult, runEnvironmentList as checkedRunEnvironments, type SubmitQualityOptions } from '../submission.js';
import type { MetricValue } from '../types/metrics.js';
import type { SlotSequenceNameInput } from '../types/slot-sequence.js';
import type { StatusOptions, SubmissionStatusValue } from '../types/submission.js';
import { classifyDeliveryError, failureScope } from './classify.js';
import { DEFAULT_SERVER_ERROR_LIMIT, describeLimit, failureRecord, LaneBackoff, type ServerErrorLimit, shouldGiveUp, type WriteFailures } from './lane-backoff.js';
import {
  compareOperations,
  type DoneRecord,
  type FailureRecord,
  type HandleValue,
  type JournalRecord,
  type OperationKind,
  type OperationRecord,
  type Outcome,
  RECORD_VERSION,
  type SubmissionRef,
} from './records.js';
import { type DeliveryStore, MemoryStore } from './store.js';

export interface DeliveryBackoff {
  /** First wait after a failed attempt, ms (default 5 000). */
  initialDelayMs?: number | undefined;
  /** Longest wait, ms (default 300 000); each failure doubles the wait up to it. */
  maxDelayMs?: number | undefined;
  /** Jitter source in [0, 1): a wait is `delay × (0.5 + 0.5 × random())`. Default Math.random. */
  random?: (() => number) | undefined;
}

export interface DeliveryOptions {
  /** Where queued writes are kept: `new FileStore(folder)` to survive the process, or a MemoryStore (default). */
  store?: DeliveryStore | undefined;
  /** Most writes kept; beyond it the oldest are dropped (default 10 000). */
  maxItems?: number | undefined;
  /** Writes queued longer ago are dropped (default 7 days). */
  maxAgeMs?: number | undefined;
  /** Writes in flight at once, never two of one submission (default 4). */
  concurrency?: number | undefined;
  /** Waits between attempts while Luco is unreachable (5 s doubling to 5 min); Retry-After wins. */
  backoff?: DeliveryBackoff | undefined;
  /** After refused credentials, delivery pauses until `resume()` or this long (default 15 min). */
  authPauseMs?: number | undefined;
  /** Per-attempt timeout, ms (default: the client's). */
  requestTimeout?: number | undefined;
  /**
   * A write the server keeps failing with a server error (500) while it accepts other writes backs
   * off alone, its submission's later writes waiting behind it; it is dead-lettered once it has
   * failed `attempts` times (default 10) over at least `ageMs` (default 24 h), counted across
   * processes sharing a FileStore.
   */
  serverErrorLimit?: { attempts?: number | undefined; ageMs?: number | undefined } | undefined;
  /**
   * Writes the server refused as invalid (4xx other than 401/403/408/429 and a 409 with
   * Retry-After), or failed past `serverErrorLimit`, with the error; they are not retried.
   */
  onDeadLetter?: ((record: DeliveryRecord, error: unknown) => void | Promise<void>) | undefined;
  /** Where log lines go (default console); every line is redacted. */
  logger?: Logger | undefined;
  /** Default `LUCO_LOG`, else `warn`. */
  logLevel?: LogLevel | undefined;
  /** Warn at process exit when writes are still queued, saying where they are kept (default true). */
  warnOnExit?: boolean | undefined;
}

/** A queued write, as the dead-letter callback sees it. */
export interface DeliveryRecord {
  id: string;
  kind: OperationKind;
  idempotencyKey: string;
  enqueuedAt: Date;
  /** Attempts made (0 for a write dead-lettered because what it belonged to was). */
  attempts: number;
  /** Server errors about this write, in every process that tried it (0 when refused outright). */
  serverErrors: number;
  /** The local handle of the slot or submission it belongs to or creates. */
  localId: string | undefined;
  slotId: number | undefined;
  submissionId: number | undefined;
  /** What would have been sent. */
  payload: unknown;
}

export interface DeliveryStats {
  /** Writes waiting (including those in flight). */
  queued: number;
  inFlight: number;
  sent: number;
  /** Failed attempts that will be tried again. */
  retried: number;
  /** Writes dropped because the queue was full or they were too old, or lost with what they belonged to. */
  dropped: number;
  deadLettered: number;
  /** Records the store has not written yet (e.g. the disk is full): kept in memory only. */
  unwritten: number;
  /** Set while delivery is paused because the credentials were refused. */
  paused: { reason: string; since: Date } | null;
  /**
   * Slots or submissions whose writes back off alone, after a server error about their first
   * write; the other writes keep flowing.
   */
  backingOff: number;
  /**
   * When the next attempt is due after a failure, if it is in the future: the whole queue's
   * back-off, or, when every write left waits in a lane backing off, the first lane's.
   */
  nextAttemptAt: Date | null;
  oldestQueuedAt: Date | null;
  /** Where the queued writes are kept. */
  store: string;
}

/** The queue refused a write because it is closed. */
export class DeliveryClosedError extends LucoError {
  override name = 'DeliveryClosedError';
}

/** A queued slot or submission that did not get its real id: dead-lettered, dropped, or still queued at close. */
export class UndeliveredError extends LucoError {
  override name = 'UndeliveredError';
  readonly outcome: 'dead' | 'dropped' | 'queued';

  constructor(message: string, options: { outcome: 'dead' | 'dropped' | 'queued'; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.outcome = options.outcome;
  }
}

export interface QueuedSubmissionRef {
  slotId: number;
  submissionId: number;
}

interface Entry {
  record: OperationRecord;
  lane: string;
  attempts: number;
  inFlight: boolean;
  /** Server errors about this write alone, so far (from the journal too). */
  failures: WriteFailures | undefined;
}

interface HandleEntry {
  state: 'pending' | 'resolved' | Exclude<Outcome, 'sent'>;
  value?: HandleValue;
  reason?: unknown;
  waiters: Array<{ resolve: (value: HandleValue) => void; reject: (error: unknown) => void }>;
}

/** @internal An operation record before the queue stamps it. */
export type OperationSpec = OperationRecord extends infer R ? (R extends OperationRecord ? Omit<R, 't' | 'v' | 'id' | 'seq' | 'at' | 'key'> : never) : never;

const DEFAULTS = {
  maxItems: 10_000,
  maxAgeMs: 7 * 24 * 60 * 60 * 1000,
  concurrency: 4,
  initialDelayMs: 5_000,
  maxDelayMs: 5 * 60_000,
  authPauseMs: 15 * 60_000,
  closeTimeoutMs: 10_000,
} as const;
const WARN_INTERVAL_MS = 60_000;
const COMPACT_WHEN_IDLE_MS = 1_000;
const COMPACT_AFTER_DONE = 1_000;
const MAX_FAILURE_MESSAGE = 2000;

/** Queues that are open, with what each does at process exit (warn, release its store). */
const openQueues = new Map<DeliveryQueue, () => void>();
function onProcessExit(): void {
  for (const atExit of openQueues.values()) atExit();
}

/**
 * Durable, fail-open delivery: writes go into a local queue (a folder with `FileStore`, or memory)
 * and return as soon as they are kept; a sender delivers them in order, retrying while Luco is
 * unreachable. A submission created offline gets a local handle at once; its later writes refer to
 * it and are sent after it with its real id. Every write carries the Idempotency-Key it got when
 * queued, so replays never duplicate anything on a server that honours keys (LucoTS does).
 *
 * Reads are not queued: use `queue.api` (a read while offline is an error, never stale data).
 */
export class DeliveryQueue {
  readonly api: LucoApi;
  #store: DeliveryStore;
  readonly #log: SdkLog;
  readonly #maxItems: number;
  readonly #maxAgeMs: number;
  readonly #concurrency: number;
  readonly #backoff: BackoffPolicy;
  readonly #authPauseMs: number;
  readonly #requestTimeout: number | undefined;
  readonly #onDeadLetter: DeliveryOptions['onDeadLetter'];
  readonly #serverErrorLimit: ServerErrorLimit;
  readonly #laneWaits: LaneBackoff;
  /** When the server last accepted a write (0: not yet): proof it works, for `shouldGiveUp`. */
  #lastSuccessAt = 0;
  readonly #warnOnExit: boolean;
  readonly #ready: Promise<void>;
  #state: 'opening' | 'open' | 'closing' | 'closed' = 'opening';
  #closing: Promise<DeliveryStats> | undefined;
  #intakeClosed = false;
  /** Pending operations, oldest first. */
  #entries = new Map<string, Entry>();
  /** Per slot/submission lanes, each in order: only a lane's first operation may be sent. */
  readonly #lanes = new Map<string, Entry[]>();
  readonly #handles = new Map<string, HandleEntry>();
  #seq = 0;
  #lastAt = 0;
  readonly #counters = { sent: 0, retried: 0, dropped: 0, deadLettered: 0 };
  #inFlight = 0;
  #failures = 0;
  #retryAt = 0;
  #retryAtFromServer = false;
  #retryTimer: NodeJS.Timeout | undefined;
  #paused: { reason: string; since: number; timer: NodeJS.Timeout } | undefined;
  #abort = new AbortController();
  readonly #listeners = new Set<() => void>();
  #pumpScheduled = false;
  #doneSinceCompact = 0;
  #compactTimer: NodeJS.Timeout | undefined;
  #compacting = false;
  #outage = false;
  readonly #lastWarn = new Map<string, number>();
  #droppedSinceWarn = 0;

  /** Opens the queue and replays what its store holds; see `DeliveryQueue.open` to wait for that. */
  constructor(api: LucoApi, options: DeliveryOptions = {}) {
    if (api === null || typeof api !== 'object' || typeof api.findSlotId !== 'function') {
      throw new ValidationError('api', `must be a LucoApi, got ${describe(api)}`);
    }
    this.api = api;
    this.#store = options.store ?? new MemoryStore();
    const level = options.logLevel ?? process.env.LUCO_LOG ?? 'warn';
    if (!isLogLevel(level)) throw new ValidationError('logLevel', `must be off, error, warn, info or debug, got ${describe(level)}`);
    this.#log = createSdkLog(options.logger ?? console, level, new Redactor());
    this.#maxItems = positive('maxItems', options.maxItems ?? DEFAULTS.maxItems, true);
    this.#maxAgeMs = positive('maxAgeMs', options.maxAgeMs ?? DEFAULTS.maxAgeMs);
    this.#concurrency = positive('concurrency', options.concurrency ?? DEFAULTS.concurrency, true);
    const initial = nonNegative('backoff.initialDelayMs', options.backoff?.initialDelayMs ?? DEFAULTS.initialDelayMs);
    this.#backoff = {
      baseDelayMs: initial,
      maxDelayMs: Math.max(initial, nonNegative('backoff.maxDelayMs', options.backoff?.maxDelayMs ?? DEFAULTS.maxDelayMs)),
      maxRetryAfterMs: Number.POSITIVE_INFINITY,
      random: options.backoff?.random ?? Math.random,
    };
    this.#laneWaits = new LaneBackoff(this.#backoff);
    this.#serverErrorLimit = {
      attempts: positive('serverErrorLimit.attempts', options.serverErrorLimit?.attempts ?? DEFAULT_SERVER_ERROR_LIMIT.attempts, true),
      ageMs: nonNegative('serverErrorLimit.ageMs', options.serverErrorLimit?.ageMs ?? DEFAULT_SERVER_ERROR_LIMIT.ageMs),
    };
    this.#authPauseMs = positive('authPauseMs', options.authPauseMs ?? DEFAULTS.authPauseMs);
    this.#requestTimeout = options.requestTimeout === undefined ? undefined : positive('requestTimeout', options.requestTimeout);
    if (options.onDeadLetter !== undefined && typeof options.onDeadLetter !== 'function') {
      throw new ValidationError('onDeadLetter', `must be a function, got ${describe(options.onDeadLetter)}`);
    }
    this.#onDeadLetter = options.onDeadLetter;
    this.#warnOnExit = options.warnOnExit ?? true;
    this.#ready = this.#open();
    this.#ready.catch(() => {});
  }

  /** A queue that has replayed what its store holds. */
  static async open(api: LucoApi, options: DeliveryOptions = {}): Promise<DeliveryQueue> {
    const queue = new DeliveryQueue(api, options);
    await queue.ready();
    return queue;
  }

  /** Resolves once the store is open and its records are replayed. */
  ready(): Promise<void> {
    return this.#ready;
  }

  /** The store in use (a MemoryStore when the configured one could not be opened). */
  get store(): DeliveryStore {
    return this.#store;
  }

  // ---- writes ----

  /**
   * The slot tagged `tag` in the sequence, found (or, for an unscheduled sequence, created) when
   * the queue delivers it. Returns a handle at once.
   */
  async findSlot(tag: string | Date, slotSequence: SlotSequenceNameInput, options: { createIfMissing?: boolean | undefined } = {}): Promise<SlotHandle> {
    const tagText = tag instanceof Date ? dateOnly('tag', tag) : nonEmptyString('tag', tag);
    const definition = toDefinition(slotSequence);
    const handle = randomUUID();
    await this.#enqueue(() => ({
      kind: 'slot',
      handle,
      payload: { tag: tagText, slotSequence: definition.map((entry) => [entry.key, entry.value]), createIfMissing: options.createIfMissing ?? true },
    }));
    return new SlotHandle(handle, this.#access);
  }

  /**
   * A new submission on a slot (a handle from `findSlot`, or a slot id), created when the queue
   * delivers it, with `startedOn` = now unless given. Returns a handle at once.
   */
  async createSubmission(
    slot: SlotHandle | number,
    options: {
      stage?: string | undefined;
      runEnvironments?: Record<string, unknown> | ReadonlyArray<Record<string, unknown>> | undefined;
      startedOn?: Date | string | undefined;
    } = {},
  ): Promise<QueuedSubmission> {
    const slotRef = slot instanceof SlotHandle ? { handle: slot.localId } : { slotId: positiveId('slot', slot) };
    const startedOn = options.startedOn === undefined ? undefined : isoInstant('startedOn', options.startedOn);
    const runData = options.runEnvironments === undefined ? undefined : runEnvironmentList(options.runEnvironments);
    const stage = optionalNonEmptyString('stage', options.stage) ?? null;
    const handle = randomUUID();
    await this.#enqueue((at) => ({ kind: 'submission', handle, slot: slotRef, payload: { startedOn: startedOn ?? new Date(at).toISOString() } }));
    const submission = new QueuedSubmission(this, { handle }, this.#access);
    if (runData !== undefined) await this.#enqueue(() => ({ kind: 'runEnvironment', submission: { handle }, payload: { stage, runData } }));
    return submission;
  }

  /** Queued writes for a submission that already exists. */
  submission(slotId: number, submissionId: number): QueuedSubmission {
    return new QueuedSubmission(this, { slotId: positiveId('slotId', slotId), submissionId: positiveId('submissionId', submissionId) }, this.#access);
  }

  /**
   * Runs `fn` as one queued submission: Completed when it returns, Failed (with the error's
   * message) when it throws, then re-throws. Nothing here waits for Luco.
   */
  async withSubmission<T>(
    params: WithSubmissionParams,
    fn: (submission: QueuedSubmission) => Promise<T> | T,
  ): Promise<T> {
    const slot = await this.findSlot(params.tag, params.slotSequence);
    const submission = await this.createSubmission(slot, { stage: params.stage, runEnvironments: params.runEnvironments });
    let result: T;
    try {
      result = await fn(submission);
    } catch (error) {
      try {
        await submission.submitFailedStatus(failureMessage(error));
      } catch (statusError) {
        this.#log.warn(`Could not queue the Failed status: ${statusError instanceof Error ? statusError.message : String(statusError)}`);
      }
      throw error;
    }
    await submission.submitCompletedStatus();
    return result;
  }

  // ---- control ----

  /**
   * Tries to deliver everything now (skipping the queue's own back-off, not the server's
   * Retry-After) and waits until the queue is empty, delivery pauses, or `timeout` ms (default
   * 10 000; `Infinity` waits). True when nothing is left.
   */
  async flush(options: { timeout?: number | undefined } = {}): Promise<boolean> {
    await this.#ready;
    if (this.#state === 'closed') return this.#entries.size === 0;
    const timeout = options.timeout ?? DEFAULTS.closeTimeoutMs;
    if (!this.#paused && !this.#retryAtFromServer) {
      this.#retryAt = 0;
      this.#clearRetryTimer();
    }
    this.#laneWaits.skipOwn();
    this.#schedulePump();
    await this.#waitUntil(() => this.#entries.size === 0 || this.#paused !== undefined, timeout);
    return this.#entries.size === 0;
  }

  /**
   * Stops taking writes, flushes for up to `timeout` ms (default 10 000), cancels what is still
   * in flight, and closes the store. What is left stays in a FileStore for the next process; in
   * a MemoryStore it lives only as long as this process. Returns the final stats.
   */
  close(options: { timeout?: number | undefined } = {}): Promise<DeliveryStats> {
    this.#intakeClosed = true;
    this.#closing ??= this.#close(options.timeout ?? DEFAULTS.closeTimeoutMs);
    return this.#closing;
  }

  /** Resumes delivery after it paused because the credentials were refused. */
  resume(): void {
    if (this.#paused) {
      clearTimeout(this.#paused.timer);
      this.#paused = undefined;
      this.#log.info('Delivery to Luco resumed');
    }
    this.#retryAt = 0;
    this.#retryAtFromServer = false;
    this.#failures = 0;
    this.#clearRetryTimer();
    this.#schedulePump();
    this.#notify();
  }

  stats(): DeliveryStats {
    const oldestAt = (this.#entries.values().next().value as Entry | undefined)?.record.at;
    const now = Date.now();
    return {
      queued: this.#entries.size,
      inFlight: this.#inFlight,
      ...this.#counters,
      unwritten: this.#store.unwritten,
      paused: this.#paused ? { reason: this.#paused.reason, since: new Date(this.#paused.since) } : null,
      backingOff: this.#laneWaits.waiting(now),
      nextAttemptAt: this.#nextAttemptAt(now),
      oldestQueuedAt: oldestAt === undefined ? null : new Date(oldestAt),
      store: this.#store.location,
    };
  }

  // ---- opening and closing ----

  async #open(): Promise<void> {
    const context = { log: this.#log, snapshot: () => this.#snapshot(), merge: (records: JournalRecord[]) => this.#merge(records, 'taken over') };
    let records: JournalRecord[];
    try {
      records = await this.#store.open(context);
    } catch (error) {
      // Fail open: the pipeline goes on, its writes are kept in memory and still delivered.
      this.#log.error(
        `Could not open the delivery queue in ${this.#store.location} (${error instanceof Error ? error.message : String(error)}); queued writes are kept in memory only`,
      );
      this.#store = new MemoryStore();
      records = await this.#store.open(context);
    }
    this.#merge(records, 'replayed');
    if (records.length > 0) await this.#store.compact().catch(() => {});
    if (this.#state === 'opening') this.#state = 'open';
    if (openQueues.size === 0) process.on('exit', onProcessExit);
    openQueues.set(this, () => this.#atExit());
    this.#schedulePump();
  }

  async #close(timeout: number): Promise<DeliveryStats> {
    await this.#ready.catch(() => {});
    if (this.#state === 'open' || this.#state === 'opening') this.#state = 'closing';
    await this.flush({ timeout }).catch(() => false);
    this.#state = 'closed';
    // What is still in flight is cancelled; it stays queued (its key makes a resend harmless).
    this.#abort.abort(new DeliveryClosedError('The delivery queue was closed'));
    await this.#waitUntil(() => this.#inFlight === 0, 2_000);
    this.#clearRetryTimer();
    if (this.#paused) clearTimeout(this.#paused.timer);
    if (this.#compactTimer) clearTimeout(this.#compactTimer);
    this.#compactTimer = undefined;
    for (const [handle, entry] of this.#handles) {
      if (entry.state !== 'pending') continue;
      for (const waiter of entry.waiters.splice(0)) {
        waiter.reject(new UndeliveredError(`${handle} was not delivered before the queue closed; it stays queued in ${this.#store.location}`, { outcome: 'queued' }));
      }
    }
    await this.#store.compact().catch(() => {});
    await this.#store.close().catch(() => {});
    openQueues.delete(this);
    if (openQueues.size === 0) process.removeListener('exit', onProcessExit);
    const left = this.#entries.size;
    if (left > 0) this.#log.warn(this.#leftMessage(left, 'the queue closed'));
    return this.stats();
  }

  #leftMessage(left: number, when: string): string {
    return this.#store.durable
      ? `${left} queued write(s) to Luco were not delivered before ${when}; they are kept in ${this.#store.location} and sent by the next process that opens a delivery queue there`
      : `${left} queued write(s) to Luco were not delivered before ${when}; they were kept in memory only and are lost when this process exits (use a FileStore to keep them)`;
  }

  /** At process exit: warn about what is left, and release the store synchronously. */
  #atExit(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    const left = this.#entries.size;
    if (left > 0 && this.#warnOnExit) this.#log.warn(this.#leftMessage(left, 'the process exited'));
    this.#store.closeSync();
  }

  // ---- queue state ----

  async #enqueue(build: (at: number) => OperationSpec): Promise<void> {
    await this.#ready;
    if (this.#state !== 'open' || this.#intakeClosed) throw new DeliveryClosedError('The delivery queue is closed; the write was not queued');
    const at = Math.max(this.#lastAt, Date.now());
    this.#lastAt = at;
    const record = { t: 'op', v: RECORD_VERSION, id: randomUUID(), seq: ++this.#seq, at, key: randomUUID(), ...build(at) } as OperationRecord;
    this.#fillIds(record);
    const dependency = dependencyOf(record);
    const fate = dependency === undefined ? undefined : this.#handles.get(dependency);
    if (dependency !== undefined && (fate === undefined || fate.state === 'dead' || fate.state === 'dropped')) {
      // It belongs to a slot or submission that will never exist: it shares that fate at once.
      const outcome = fate?.state === 'dropped' ? 'dropped' : 'dead';
      const entry = this.#add(record);
      this.#finish(entry, outcome, { error: dependencyError(record, fate === undefined ? 'lost' : outcome, fate?.reason), cascade: true, record: false });
      return;
    }
    this.#add(record);
    this.#enforceBounds(Date.now());
    this.#schedulePump();
    await this.#store.append([record]);
  }

  /** Adds an operation to the pending set and its lane. */
  #add(record: OperationRecord): Entry {
    const entry: Entry = { record, lane: laneOf(record), attempts: 0, inFlight: false, failures: undefined };
    this.#entries.set(record.id, entry);
    const lane = this.#lanes.get(entry.lane);
    if (lane) {
      lane.push(entry);
      const previous = lane[lane.length - 2];
      if (previous && compareOperations(previous.record, record) > 0) lane.sort((a, b) => compareOperations(a.record, b.record));
    } else {
      this.#lanes.set(entry.lane, [entry]);
    }
    if ((record.kind === 'slot' || record.kind === 'submission') && !this.#handles.has(record.handle)) {
      this.#handles.set(record.handle, { state: 'pending', waiters: [] });
    }
    return entry;
  }

  /** Records from the store (at open, or taken over later): pending operations join the queue. */
  #merge(records: readonly JournalRecord[], how: 'replayed' | 'taken over'): void {
    const done = new Map<string, DoneRecord>();
    const failures = new Map<string, FailureRecord>();
    const operations: OperationRecord[] = [];
    for (const record of records) {
      if (record.t === 'done') {
        if (!done.has(record.id) || record.outcome === 'sent') done.set(record.id, record);
      } else if (record.t === 'failed') {
        if ((failures.get(record.id)?.count ?? 0) < record.count) failures.set(record.id, record);
      } else {
        operations.push(record);
      }
    }
    const seen = new Set<string>();
    const fresh: OperationRecord[] = [];
    for (const operation of operations) {
      if (seen.has(operation.id) || this.#entries.has(operation.id)) continue;
      seen.add(operation.id);
      this.#seq = Math.max(this.#seq, operation.seq);
      const finished = done.get(operation.id);
      if (finished) {
        if (operation.kind === 'slot' || operation.kind === 'submission') {
          this.#settleHandle(operation.handle, finished.outcome, finished.result, finished.reason);
        }
        continue;
      }
      fresh.push(operation);
    }
    // Another writer's record that this queue already has pending (taken over twice): settled there.
    for (const [id, finished] of done) {
      const entry = this.#entries.get(id);
      if (entry && !entry.inFlight && !seen.has(id)) this.#finish(entry, finished.outcome, { result: finished.result, reason: finished.reason, record: false });
    }
    // Server errors counted by earlier processes: the bound on them holds across restarts.
    for (const [id, failure] of failures) {
      const entry = this.#entries.get(id);
      if (entry && (entry.failures?.count ?? 0) < failure.count) entry.failures = { count: failure.count, since: failure.since };
    }
    if (fresh.length === 0) return;
    fresh.sort(compareOperations);
    for (const record of fresh) {
      const failure = failures.get(record.id);
      this.#add(record).failures = failure && { count: failure.count, since: failure.since };
    }
    // Keep the pending set in queue order.
    this.#entries = new Map([...this.#entries.entries()].sort(([, a], [, b]) => compareOperations(a.record, b.record)));
    for (const record of fresh) {
      this.#fillIds(record);
      const dependency = dependencyOf(record);
      if (dependency === undefined) continue;
      const fate = this.#handles.get(dependency);
      if (fate === undefined || fate.state === 'dead' || fate.state === 'dropped') {
        const entry = this.#entries.get(record.id);
        const outcome = fate === undefined ? 'lost' : fate.state === 'dropped' ? 'dropped' : 'dead';
        if (entry) this.#finish(entry, outcome === 'dropped' ? 'dropped' : 'dead', { error: dependencyError(record, outcome, fate?.reason), cascade: true });
      }
    }
    this.#log.info(`${how === 'replayed' ? 'Replaying' : 'Took over'} ${fresh.length} queued write(s) from ${this.#store.location}`);
    this.#enforceBounds(Date.now());
    if (this.#state === 'open' || this.#state === 'closing') this.#schedulePump();
  }

  /** Fills in real ids the record refers to by handle, once they are known. */
  #fillIds(record: OperationRecord): void {
    if (record.kind === 'slot') return;
    if (record.kind === 'submission') {
      if (record.slot.slotId === undefined && record.slot.handle !== undefined) {
        const value = this.#resolvedValue(record.slot.handle);
        if (value) record.slot = { ...record.slot, slotId: value.slotId };
      }
      return;
    }
    const ref = record.submission;
    if ((ref.slotId === undefined || ref.submissionId === undefined) && ref.handle !== undefined) {
      const value = this.#resolvedValue(ref.handle);
      if (value?.submissionId !== undefined) record.submission = { ...ref, slotId: value.slotId, submissionId: value.submissionId };
    }
  }

  #resolvedValue(handle: string): HandleValue | undefined {
    const entry = this.#handles.get(handle);
    return entry?.state === 'resolved' ? entry.value : undefined;
  }

  /** The pending operations, with the ids they refer to filled in, and their server errors: what a compacted store holds. */
  #snapshot(): JournalRecord[] {
    return [...this.#entries.values()].flatMap((entry): JournalRecord[] => {
      this.#fillIds(entry.record);
      return entry.failures ? [entry.record, failureRecord(entry.record.id, entry.failures)] : [entry.record];
    });
  }

  #settleHandle(handle: string, outcome: Outcome, result: HandleValue | undefined, reason: unknown): void {
    const entry = this.#handles.get(handle) ?? { state: 'pending' as const, waiters: [] };
    this.#handles.set(handle, entry);
    if (outcome === 'sent' && result) {
      entry.state = 'resolved';
      entry.value = result;
      for (const waiter of entry.waiters.splice(0)) waiter.resolve(result);
    } else {
      entry.state = outcome === 'dropped' ? 'dropped' : 'dead';
      entry.reason = reason;
      const error =
        reason instanceof UndeliveredError
          ? reason
          : new UndeliveredError(`${handle} was ${outcome === 'dropped' ? 'dropped from the delivery queue' : 'refused by Luco (dead-lettered)'}`, {
              outcome: entry.state,
              cause: reason,
            });
      for (const waiter of entry.waiters.splice(0)) waiter.reject(error);
    }
  }

  /** Takes an operation out of the queue: sent, dead-lettered or dropped. */
  #finish(
    entry: Entry,
    outcome: Outcome,
    details: { result?: HandleValue | undefined; error?: unknown; reason?: string | undefined; cascade?: boolean; record?: boolean; gaveUp?: boolean },
  ): void {
    if (!this.#entries.delete(entry.record.id)) return;
    const lane = this.#lanes.get(entry.lane);
    if (lane) {
      const index = lane.indexOf(entry);
      if (index >= 0) lane.splice(index, 1);
      // The lane's back-off was about this write: the next one goes at once.
      if (index === 0) this.#laneWaits.clear(entry.lane);
      if (lane.length === 0) this.#lanes.delete(entry.lane);
    }
    const { record } = entry;
    const reason = details.reason ?? (details.error === undefined ? undefined : errorText(details.error));
    if (details.record !== false) {
      const done: DoneRecord = { t: 'done', id: record.id, at: Date.now(), outcome };
      if (details.result) done.result = details.result;
      if (reason !== undefined) done.reason = reason.slice(0, 500);
      void this.#store.append([done]);
    }
    if (outcome === 'sent') this.#counters.sent++;
    else if (outcome === 'dead') this.#counters.deadLettered++;
    else this.#counters.dropped++;

    if (outcome === 'dead') this.#deadLetter(entry, details.error ?? new LucoError(reason ?? 'dead-lettered'), details.gaveUp ? 'gave-up' : details.cascade === true ? 'cascade' : 'refused');
    if (record.kind === 'slot' || record.kind === 'submission') {
      this.#settleHandle(record.handle, outcome, details.result, outcome === 'sent' ? undefined : (details.error ?? reason));
      if (outcome !== 'sent') {
        // Everything that belongs to it shares its fate.
        for (const dependant of [...this.#entries.values()]) {
          if (dependencyOf(dependant.record) !== record.handle || dependant.inFlight) continue;
          this.#finish(dependant, outcome, { error: dependencyError(dependant.record, outcome, details.error ?? reason), cascade: true });
        }
      }
    }
    this.#doneSinceCompact++;
    this.#maybeCompact();
    this.#notify();
  }

  #deadLetter(entry: Entry, error: unknown, why: 'refused' | 'cascade' | 'gave-up'): void {
    const record = toDeliveryRecord(entry, this.#handles);
    const what = `${record.kind} write ${record.id}${record.submissionId !== undefined ? ` for submission ${record.submissionId}` : ''}`;
    const fate = this.#onDeadLetter ? 'dead-lettered' : 'it is dropped (no onDeadLetter callback)';
    if (why === 'cascade') {
      this.#log.info(`Dead-lettered the ${what}: ${errorText(error)}`);
    } else if (why === 'gave-up') {
      const { count, since } = entry.failures ?? { count: 0, since: Date.now() };
      this.#log.error(
        `Gave up on the queued ${what}: Luco answered it with a server error ${count} times since ${new Date(since).toISOString()} ` +
          `while accepting other writes (limit: ${describeLimit(this.#serverErrorLimit)}); ${fate}. Last error: ${errorText(error)}`,
      );
    } else if (this.#onDeadLetter) {
      this.#log.warn(`Luco refused the queued ${what}; dead-lettered: ${errorText(error)}`);
    } else {
      this.#log.error(`Luco refused the queued ${what}; it is dropped (no onDeadLetter callback): ${errorText(error)}`);
    }
    if (!this.#onDeadLetter) return;
    try {
      Promise.resolve(this.#onDeadLetter(record, error)).catch((callbackError: unknown) =>
        this.#log.error(`onDeadLetter failed: ${errorText(callbackError)}`),
      );
    } catch (callbackError) {
      this.#log.error(`onDeadLetter failed: ${errorText(callbackError)}`);
    }
  }

  /** Drops what is too old, then the oldest while the queue holds more than maxItems. */
  #enforceBounds(now: number): void {
    let droppedNow = 0;
    const cutoff = now - this.#maxAgeMs;
    // Oldest first: stop at the first one young enough (deleting while iterating a Map is safe).
    for (const entry of this.#entries.values()) {
      if (entry.record.at >= cutoff) break;
      if (entry.inFlight || !this.#entries.has(entry.record.id)) continue;
      const before = this.#counters.dropped;
      this.#finish(entry, 'dropped', { reason: `older than maxAgeMs (${this.#maxAgeMs} ms)` });
      droppedNow += this.#counters.dropped - before;
    }
    if (this.#entries.size > this.#maxItems) {
      for (const entry of this.#entries.values()) {
        if (this.#entries.size <= this.#maxItems) break;
        if (entry.inFlight || !this.#entries.has(entry.record.id)) continue;
        const before = this.#counters.dropped;
        this.#finish(entry, 'dropped', { reason: `the queue was full (maxItems ${this.#maxItems})` });
        droppedNow += this.#counters.dropped - before;
      }
    }
    if (droppedNow === 0) return;
    this.#droppedSinceWarn += droppedNow;
    this.#warnLimited(
      'drop',
      () =>
        `Delivery queue bounds reached (maxItems ${this.#maxItems}, maxAgeMs ${this.#maxAgeMs}): dropped the ${this.#droppedSinceWarn} oldest queued write(s) since the last warning; ${this.#counters.dropped} dropped in all`,
      () => {
        this.#droppedSinceWarn = 0;
      },
    );
  }

  #maybeCompact(): void {
    if (this.#compacting || this.#state === 'closed') return;
    if (this.#entries.size === 0 && this.#doneSinceCompact > 0) {
      if (this.#compactTimer) return;
      this.#compactTimer = setTimeout(() => {
        this.#compactTimer = undefined;
        if (this.#entries.size === 0) this.#compactNow();
      }, COMPACT_WHEN_IDLE_MS);
      this.#compactTimer.unref();
    } else if (this.#doneSinceCompact >= Math.max(COMPACT_AFTER_DONE, this.#entries.size)) {
      this.#compactNow();
    }
  }

  #compactNow(): void {
    if (this.#compacting || this.#state === 'closed') return;
    this.#compacting = true;
    this.#doneSinceCompact = 0;
    this.#store
      .compact()
      .catch((error: unknown) => this.#log.warn(`Could not compact the delivery queue in ${this.#store.location}: ${errorText(error)}`))
      .finally(() => {
        this.#compacting = false;
      });
  }

  // ---- sending ----

  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    queueMicrotask(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#state !== 'open' && this.#state !== 'closing') return;
    if (this.#paused) return;
    const now = Date.now();
    this.#enforceBounds(now);
    if (now < this.#retryAt) {
      this.#armRetryTimer();
      return;
    }
    this.#retryAtFromServer = false;
    while (this.#inFlight < this.#concurrency) {
      const entry = this.#nextReady(now);
      if (!entry) break;
      this.#start(entry);
    }
    // Lanes backing off are woken when the first of them is due.
    this.#armRetryTimer();
  }

  /**
   * The next lane head to send: not in flight, its lane not backing off, its slot or submission
   * known by real id; the one tried least often first (so one write that keeps failing does not
   * hold back the others), then the oldest.
   */
  #nextReady(now: number): Entry | undefined {
    let best: Entry | undefined;
    for (const lane of this.#lanes.values()) {
      const head = lane[0];
      if (!head || head.inFlight || this.#laneWaits.isWaiting(head.lane, now)) continue;
      this.#fillIds(head.record);
      if (dependencyOf(head.record) !== undefined) continue;
      if (!best || head.attempts < best.attempts || (head.attempts === best.attempts && compareOperations(head.record, best.record) < 0)) best = head;
    }
    return best;
  }

  #start(entry: Entry): void {
    entry.inFlight = true;
    this.#inFlight++;
    let outcome: Promise<HandleValue | undefined>;
    try {
      outcome = this.#perform(entry.record);
    } catch (error) {
      outcome = Promise.reject(error);
    }
    outcome
      .then(
        (result) => this.#succeeded(entry, result),
        (error: unknown) => this.#failed(entry, error),
      )
      .catch((error: unknown) => this.#log.error(`Delivery queue error: ${errorText(error)}`))
      .finally(() => {
        entry.inFlight = false;
        this.#inFlight--;
        this.#schedulePump();
        this.#notify();
      });
  }

  #succeeded(entry: Entry, result: HandleValue | undefined): void {
    entry.attempts++;
    this.#failures = 0;
    this.#lastSuccessAt = Date.now();
    if (this.#outage) {
      this.#outage = false;
      this.#log.info(`Luco is reachable again; delivering ${this.#entries.size} queued write(s)`);
    }
    this.#finish(entry, 'sent', { result });
  }

  #failed(entry: Entry, error: unknown): void {
    const { disposition, retryAfterMs } = classifyDeliveryError(error);
    if (disposition === 'aborted') return;
    entry.attempts++;
    if (disposition === 'dead') {
      this.#finish(entry, 'dead', { error });
      return;
    }
    if (disposition === 'auth') {
      this.#pause(error);
      return;
    }
    if (failureScope(error) === 'write') {
      this.#writeFailed(entry, error, retryAfterMs);
      return;
    }
    this.#counters.retried++;
    const now = Date.now();
    const delay = retryAfterMs ?? backoffDelay(this.#failures, this.#backoff);
    if (now >= this.#retryAt) this.#failures++;
    if (now + delay > this.#retryAt) {
      this.#retryAt = now + delay;
      this.#retryAtFromServer = retryAfterMs !== undefined;
    }
    this.#outage = true;
    this.#warnLimited(
      'outage',
      () =>
        `Could not deliver to Luco (${errorText(error)}); ${this.#entries.size} write(s) stay queued in ${this.#store.location}; next attempt in ${Math.round((this.#retryAt - now) / 100) / 10} s`,
    );
    this.#armRetryTimer();
  }

  /**
   * The server answered, but failed this write (e.g. a 500 for a value its database cannot store):
   * only its lane backs off, and after the server-error limit it is dead-lettered.
   */
  #writeFailed(entry: Entry, error: unknown, retryAfterMs: number | undefined): void {
    const now = Date.now();
    const failures = { count: (entry.failures?.count ?? 0) + 1, since: entry.failures?.since ?? now };
    entry.failures = failures;
    if (shouldGiveUp(failures, this.#serverErrorLimit, now, this.#lastSuccessAt)) {
      this.#finish(entry, 'dead', { error, gaveUp: true });
      return;
    }
    void this.#store.append([failureRecord(entry.record.id, failures)]);
    this.#counters.retried++;
    const delay = this.#laneWaits.fail(entry.lane, now, retryAfterMs);
    const waiting = (this.#lanes.get(entry.lane)?.length ?? 1) - 1;
    this.#warnLimited(
      'write-failed',
      () =>
        `Luco failed the queued ${entry.record.kind} write ${entry.record.id} (${errorText(error)}); it is tried again in ${Math.round(delay / 100) / 10} s ` +
        `(server error ${failures.count}), and ${waiting} later write(s) of its ${entry.record.kind === 'slot' ? 'slot' : 'submission'} wait behind it; other writes go on`,
    );
    this.#armRetryTimer();
  }

  #pause(error: unknown): void {
    if (this.#paused) return;
    const timer = setTimeout(() => {
      this.#log.info('Trying delivery again after the pause for refused credentials');
      this.resume();
    }, this.#authPauseMs);
    timer.unref();
    this.#paused = { reason: errorText(error), since: Date.now(), timer };
    this.#log.error(
      `Delivery to Luco is paused: the credentials were refused (${errorText(error)}). ` +
        `${this.#entries.size} write(s) stay queued in ${this.#store.location}; ` +
        `call resume() once they are fixed (delivery is tried again in ${Math.round(this.#authPauseMs / 60_000)} min)`,
    );
    this.#notify();
  }

  /** Wakes the pump when the queue's back-off ends, else when the first lane backing off is due. */
  #armRetryTimer(): void {
    this.#clearRetryTimer();
    if (this.#state === 'closed') return;
    const now = Date.now();
    const due = this.#retryAt > now ? this.#retryAt : this.#laneWaits.nextDue(now);
    if (due === undefined) return;
    this.#retryTimer = setTimeout(
      () => {
        this.#retryTimer = undefined;
        this.#pump();
      },
      Math.max(0, due - now),
    );
    this.#retryTimer.unref();
  }

  /**
   * The queue's back-off when it waits; else, when nothing is in flight or ready and only lanes
   * backing off are left, the first of them to be due; else null (an attempt is being made now).
   */
  #nextAttemptAt(now: number): Date | null {
    if (this.#retryAt > now) return new Date(this.#retryAt);
    const laneDue = this.#laneWaits.nextDue(now);
    if (laneDue === undefined || this.#inFlight > 0 || this.#nextReady(now)) return null;
    return new Date(laneDue);
  }

  #clearRetryTimer(): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  async #perform(record: OperationRecord): Promise<HandleValue | undefined> {
    const options: RequestOptions = { idempotencyKey: record.key, maxRetries: 0, signal: this.#abort.signal, timeout: this.#requestTimeout };
    switch (record.kind) {
      case 'slot': {
        const { tag, slotSequence, createIfMissing } = record.payload;
        return { slotId: await this.api.findSlotId(tag, slotSequence, { ...options, createIfMissing }) };
      }
      case 'submission': {
        const submission = await this.api.createSubmission(record.slot.slotId!, { ...options, startedOn: record.payload.startedOn });
        return { slotId: submission.slotId, submissionId: submission.submissionId };
      }
      default:
        break;
    }
    const submission = this.api.getSubmission(record.submission.slotId!, record.submission.submissionId!);
    switch (record.kind) {
      case 'metrics':
        await submission.submitMetrics(record.payload.metrics, { ...options, stage: record.payload.stage ?? undefined });
        return undefined;
      case 'status': {
        const { status, stage, type, message, modifiedBy, occurredOn } = record.payload;
        await submission.submitStatus(status, {
          ...options,
          stage: stage ?? undefined,
          type: type ?? undefined,
          message: message ?? undefined,
          modifiedBy: modifiedBy ?? undefined,
          occurredOn,
        });
        return undefined;
      }
      case 'quality': {
        const { results, stage, action, tool, dataSet } = record.payload;
        await submission.submitQuality(results as QualityInput, {
          ...options,
          stage: stage ?? undefined,
          action,
          tool: tool ?? undefined,
          dataSet: dataSet ?? undefined,
        });
        return undefined;
      }
      case 'runEnvironment':
        await submission.submitRunEnvironment(record.payload.runData, { ...options, stage: record.payload.stage ?? undefined });
        return undefined;
    }
  }

  // ---- helpers ----

  #warnLimited(key: string, message: () => string, after?: () => void): void {
    const now = Date.now();
    const last = this.#lastWarn.get(key);
    if (last !== undefined && now - last < WARN_INTERVAL_MS) {
      if (key === 'outage') this.#log.info(message());
      return;
    }
    this.#lastWarn.set(key, now);
    this.#log.warn(message());
    after?.();
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  /** Resolves when `done()` holds (checked at every change) or after `timeout` ms. */
  #waitUntil(done: () => boolean, timeout: number): Promise<void> {
    if (done() || timeout <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      // This timer keeps the process alive while the caller waits; the queue's own never do.
      const timer = Number.isFinite(timeout) ? setTimeout(finish, Math.max(0, timeout)) : setInterval(() => {}, 1 << 30);
      const listener = () => {
        if (done()) finish();
      };
      function finish(): void {
        clearTimeout(timer);
        clearInterval(timer);
        listeners.delete(listener);
        resolve();
      }
      const listeners = this.#listeners;
      listeners.add(listener);
    });
  }

  /** Handle access for SlotHandle and QueuedSubmission. */
  readonly #access: HandleAccess = {
    value: (handle) => this.#resolvedValue(handle),
    wait: (handle) => {
      const entry = this.#handles.get(handle);
      if (!entry) return Promise.reject(new UndeliveredError(`Unknown handle ${handle}`, { outcome: 'dropped' }));
      if (entry.state === 'resolved' && entry.value) return Promise.resolve(entry.value);
      if (entry.state === 'dead' || entry.state === 'dropped') {
        return Promise.reject(
          entry.reason instanceof UndeliveredError
            ? entry.reason
            : new UndeliveredError(`${handle} was ${entry.state === 'dropped' ? 'dropped from the delivery queue' : 'refused by Luco (dead-lettered)'}`, {
                outcome: entry.state,
                cause: entry.reason,
              }),
        );
      }
      if (this.#state === 'closed') {
        return Promise.reject(new UndeliveredError(`${handle} was not delivered before the queue closed`, { outcome: 'queued' }));
      }
      return new Promise<HandleValue>((resolve, reject) => entry.waiters.push({ resolve, reject }));
    },
    enqueue: (build) => this.#enqueue(build),
    pending: (ref) => this.#lanes.get(submissionLane(ref))?.length ?? 0,
  };
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

// ---- record helpers ----

function laneOf(record: OperationRecord): string {
  switch (record.kind) {
    case 'slot':
      return `slot:${record.handle}`;
    case 'submission':
      return `sub:${record.handle}`;
    default:
      return submissionLane(record.submission);
  }
}

function submissionLane(ref: SubmissionRef): string {
  return ref.handle !== undefined ? `sub:${ref.handle}` : `sub:${ref.slotId}/${ref.submissionId}`;
}

/** The handle whose real id the record still waits for, if any. */
function dependencyOf(record: OperationRecord): string | undefined {
  if (record.kind === 'slot') return undefined;
  if (record.kind === 'submission') return record.slot.slotId === undefined ? record.slot.handle : undefined;
  const ref = record.submission;
  return ref.slotId === undefined || ref.submissionId === undefined ? ref.handle : undefined;
}

function dependencyError(record: OperationRecord, outcome: Outcome | 'lost', cause: unknown): UndeliveredError {
  const owner = record.kind === 'submission' ? 'slot' : 'submission';
  const what =
    outcome === 'lost'
      ? `its ${owner}'s record was lost`
      : outcome === 'dropped'
        ? `its ${owner} was dropped from the queue`
        : `its ${owner} was refused by Luco (dead-lettered)`;
  return new UndeliveredError(`This ${record.kind} write cannot be delivered: ${what}`, { outcome: outcome === 'dropped' ? 'dropped' : 'dead', cause });
}

function toDeliveryRecord(entry: Entry, handles: Map<string, HandleEntry>): DeliveryRecord {
  const { record } = entry;
  let localId: string | undefined;
  let slotId: number | undefined;
  let submissionId: number | undefined;
  if (record.kind === 'slot') {
    localId = record.handle;
  } else if (record.kind === 'submission') {
    localId = record.handle;
    slotId = record.slot.slotId ?? (record.slot.handle ? handles.get(record.slot.handle)?.value?.slotId : undefined);
  } else {
    localId = record.submission.handle;
    slotId = record.submission.slotId;
    submissionId = record.submission.submissionId;
  }
  return Object.freeze({
    id: record.id,
    kind: record.kind,
    idempotencyKey: record.key,
    enqueuedAt: new Date(record.at),
    attempts: entry.attempts,
    serverErrors: entry.failures?.count ?? 0,
    localId,
    slotId,
    submissionId,
    payload: JSON.parse(JSON.stringify(record.payload)) as unknown,
  });
}

/** Checked as a direct call checks them, then copied as JSON: what the caller changes later does not leak in. */
function runEnvironmentList(runEnvironments: Record<string, unknown> | ReadonlyArray<Record<string, unknown>>): Array<Record<string, unknown>> {
  return checkedRunEnvironments(runEnvironments).map((item) => JSON.parse(JSON.stringify(item)) as Record<string, unknown>);
}


function positive(field: string, value: unknown, integer = false): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0 || (integer && !Number.isSafeInteger(value))) {
    throw new ValidationError(field, `must be a positive ${integer ? 'integer' : 'number'}, got ${describe(value)}`);
  }
  return value;
}

function nonNegative(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new ValidationError(field, `must be 0 or more, got ${describe(value)}`);
  return value;
}

function positiveId(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0 || value > MAX_ID) {
    throw new ValidationError(field, `must be a SlotHandle or a positive integer id up to ${MAX_ID}, got ${describe(value)}`);
  }
  return value;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function failureMessage(error: unknown): string {
  // Whatever the error says, the Failed status must be storable.
  const message = withoutNul(error instanceof Error ? `${error.name}: ${error.message}` : `Failed: ${String(error)}`);
  return message.length > MAX_FAILURE_MESSAGE ? `${message.slice(0, MAX_FAILURE_MESSAGE - 3)}...` : message;
}
