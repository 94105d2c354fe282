/**
 * DeliveryQueue, the public face of durable delivery: it takes writes (queuing them in its store
 * and returning at once), and flushes, resumes and closes. The work is done by its parts:
 * QueueState (state.ts), the sender (sender.ts), the journal (journal.ts) and the bounds
 * (bounds.ts). Made by the caller, with a LucoApi.
 */
import { randomUUID } from 'node:crypto';
import type { LucoApi, WithSubmissionParams } from '../client.js';
import { ValidationError } from '../core/errors.js';
import { errorText } from '../core/error-text.js';
import { describe, isoInstant, MAX_ID, optionalNonEmptyString } from '../core/validate.js';
import { runAsSubmission } from '../resources/run-as-submission.js';
import { toDefinition } from '../resources/slot-sequence-name.js';
import { formatTag } from '../resources/slots.js';
import type { SlotSequenceNameInput } from '../types/slot-sequence.js';
import { QueueBounds } from './bounds.js';
import { DeliveryClosedError } from './errors.js';
import { cancelAtExit, runAtExit } from './exit-hook.js';
import { type HandleAccess, QueuedSubmission, runEnvironmentList, SlotHandle } from './handles.js';
import { QueueJournal } from './journal.js';
import { LaneBackoff } from './lane-backoff.js';
import { submissionLane } from './lanes.js';
import { type DeliveryOptions, resolveDeliveryOptions } from './options.js';
import { type OperationRecord, type OperationSpec, RECORD_VERSION } from './records.js';
import { Sender } from './sender.js';
import { QueueState } from './state.js';
import type { DeliveryStore } from './store.js';
import { type HeldTarget, heldTargets, targetOf } from './target.js';
import type { DeliveryTarget } from './records.js';

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
  /**
   * Writes in the store meant for other servers (another base URL or client id), or for an unknown
   * one (`baseUrl` null: queued by an older SDK), by server: left untouched, never sent by this
   * queue, and not counted in `queued`.
   */
  otherTargets: HeldTarget[];
}

const CLOSE_TIMEOUT_MS = 10_000;

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
  /** The server this queue delivers to: its LucoApi's base URL and client id, recorded in every write. */
  readonly target: DeliveryTarget;
  readonly #state: QueueState;
  readonly #bounds: QueueBounds;
  readonly #sender: Sender;
  readonly #journal: QueueJournal;
  readonly #warnOnExit: boolean;
  readonly #ready: Promise<void>;
  #closing: Promise<DeliveryStats> | undefined;
  #intakeClosed = false;
  #lastAt = 0;

  /** Opens the queue and replays what its store holds; see `DeliveryQueue.open` to wait for that. */
  constructor(api: LucoApi, options: DeliveryOptions = {}) {
    if (api === null || typeof api !== 'object' || typeof api.findSlotId !== 'function') {
      throw new ValidationError('api', `must be a LucoApi, got ${describe(api)}`);
    }
    this.api = api;
    this.target = targetOf(api);
    const settings = resolveDeliveryOptions(options);
    this.#state = new QueueState(
      settings.store,
      settings.log,
      new LaneBackoff(settings.backoff),
      {
        deadLetter: (entry, error, cause) => this.#bounds.deadLetter(entry, error, cause),
        finished: () => this.#journal.noteFinished(),
      },
      { target: this.target, deliverUntargeted: settings.deliverUntargeted },
    );
    this.#bounds = new QueueBounds(this.#state, settings);
    this.#sender = new Sender(this.#state, api, this.#bounds, settings);
    this.#journal = new QueueJournal(this.#state, this.#bounds, this.#sender);
    this.#warnOnExit = settings.warnOnExit;
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
    return this.#state.store;
  }

  // ---- writes ----

  /**
   * The slot tagged `tag` in the sequence, found (or, for an unscheduled sequence, created) when
   * the queue delivers it. Returns a handle at once.
   */
  async findSlot(tag: string | Date, slotSequence: SlotSequenceNameInput, options: { createIfMissing?: boolean | undefined } = {}): Promise<SlotHandle> {
    const tagText = formatTag(tag);
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
    return runAsSubmission(submission, fn, {
      completed: () => submission.submitCompletedStatus(),
      failed: (message) => submission.submitFailedStatus(message),
      notMarked: (statusError) => this.#state.log.warn(`Could not queue the Failed status: ${errorText(statusError)}`),
    });
  }

  // ---- control ----

  /**
   * Tries to deliver everything now (skipping the queue's own back-off, not the server's
   * Retry-After) and waits until the queue is empty, delivery pauses, or `timeout` ms (default
   * 10 000; `Infinity` waits). True when nothing is left.
   */
  async flush(options: { timeout?: number | undefined } = {}): Promise<boolean> {
    await this.#ready;
    const { pending } = this.#state;
    if (this.#state.phase === 'closed') return pending.size === 0;
    const timeout = options.timeout ?? CLOSE_TIMEOUT_MS;
    this.#sender.skipOwnBackoff();
    await this.#state.waitUntil(() => pending.size === 0 || this.#sender.paused !== undefined, timeout);
    return pending.size === 0;
  }

  /**
   * Stops taking writes, flushes for up to `timeout` ms (default 10 000), cancels what is still
   * in flight, and closes the store. What is left stays in a FileStore for the next process; in
   * a MemoryStore it lives only as long as this process. Returns the final stats.
   */
  close(options: { timeout?: number | undefined } = {}): Promise<DeliveryStats> {
    this.#intakeClosed = true;
    this.#closing ??= this.#close(options.timeout ?? CLOSE_TIMEOUT_MS);
    return this.#closing;
  }

  /** Resumes delivery after it paused because the credentials were refused. */
  resume(): void {
    this.#sender.resume();
  }

  stats(): DeliveryStats {
    const state = this.#state;
    const oldestAt = state.pending.oldest()?.record.at;
    const paused = this.#sender.paused;
    const now = Date.now();
    return {
      queued: state.pending.size,
      inFlight: state.inFlight,
      ...state.counters,
      unwritten: state.store.unwritten,
      paused: paused ? { reason: paused.reason, since: new Date(paused.since) } : null,
      backingOff: state.laneWaits.waiting(now),
      nextAttemptAt: this.#sender.nextAttemptAt(now),
      oldestQueuedAt: oldestAt === undefined ? null : new Date(oldestAt),
      store: state.store.location,
      otherTargets: heldTargets([...state.held.values()].map((held) => held.record)),
    };
  }

  // ---- opening and closing ----

  async #open(): Promise<void> {
    await this.#journal.open();
    if (this.#state.phase === 'opening') this.#state.phase = 'open';
    runAtExit(this, () => this.#atExit());
    this.#sender.schedulePump();
  }

  async #close(timeout: number): Promise<DeliveryStats> {
    const state = this.#state;
    await this.#ready.catch(() => {});
    if (state.phase === 'open' || state.phase === 'opening') state.phase = 'closing';
    await this.flush({ timeout }).catch(() => false);
    state.phase = 'closed';
    // What is still in flight is cancelled; it stays queued (its key makes a resend harmless).
    this.#sender.abortInFlight(new DeliveryClosedError('The delivery queue was closed'));
    await state.waitUntil(() => state.inFlight === 0, 2_000);
    this.#sender.stop();
    this.#journal.stop();
    state.handles.rejectWaiting(state.store.location);
    await state.store.compact().catch(() => {});
    await state.store.close().catch(() => {});
    cancelAtExit(this);
    const left = state.pending.size;
    if (left > 0) state.log.warn(this.#leftMessage(left, 'the queue closed'));
    return this.stats();
  }

  #leftMessage(left: number, when: string): string {
    return this.#state.store.durable
      ? `${left} queued write(s) to Luco were not delivered before ${when}; they are kept in ${this.#state.store.location} and sent by the next process that opens a delivery queue there`
      : `${left} queued write(s) to Luco were not delivered before ${when}; they were kept in memory only and are lost when this process exits (use a FileStore to keep them)`;
  }

  /** At process exit: warn about what is left, and release the store synchronously. */
  #atExit(): void {
    const state = this.#state;
    if (state.phase === 'closed') return;
    state.phase = 'closed';
    const left = state.pending.size;
    if (left > 0 && this.#warnOnExit) state.log.warn(this.#leftMessage(left, 'the process exited'));
    state.store.closeSync();
  }

  // ---- intake ----

  async #enqueue(build: (at: number) => OperationSpec): Promise<void> {
    await this.#ready;
    const state = this.#state;
    if (state.phase !== 'open' || this.#intakeClosed) throw new DeliveryClosedError('The delivery queue is closed; the write was not queued');
    const at = Math.max(this.#lastAt, Date.now());
    this.#lastAt = at;
    const record = { t: 'op', v: RECORD_VERSION, id: randomUUID(), seq: ++state.seq, at, key: randomUUID(), target: { ...this.target }, ...build(at) } as OperationRecord;
    state.handles.fillIds(record);
    const orphaned = state.handles.orphaned(record);
    if (orphaned !== undefined) {
      // It belongs to a slot or submission that will never exist: it shares that fate at once.
      state.finish(state.add(record), orphaned.outcome, { error: orphaned.error, cascade: true, record: false });
      return;
    }
    state.add(record);
    this.#bounds.enforce(Date.now());
    this.#sender.schedulePump();
    await state.store.append([record]);
  }

  /** Handle access for SlotHandle and QueuedSubmission. */
  readonly #access: HandleAccess = {
    value: (handle) => this.#state.handles.value(handle),
    wait: (handle) => this.#state.handles.wait(handle, this.#state.phase === 'closed'),
    enqueue: (build) => this.#enqueue(build),
    pending: (ref) => this.#state.pending.laneLength(submissionLane(ref)) ?? 0,
  };
}

function positiveId(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0 || value > MAX_ID) {
    throw new ValidationError(field, `must be a SlotHandle or a positive integer id up to ${MAX_ID}, got ${describe(value)}`);
  }
  return value;
}
