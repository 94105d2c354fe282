/**
 * The queue's bounds and its dead letters: writes older than maxAgeMs, or beyond maxItems, are
 * dropped; writes the server refused, or failed past the server-error limit, go to the
 * `onDeadLetter` callback. DeliveryQueue makes one; QueueState calls `deadLetter` as a write
 * leaves, the sender and the journal call `enforce`.
 */
import { errorText } from '../core/error-text.js';
import { describeLimit, type ServerErrorLimit } from './lane-backoff.js';
import type { Entry } from './lanes.js';
import type { OperationKind } from './records.js';
import type { DeadLetterCause, QueueState } from './state.js';

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

export interface BoundsSettings {
  maxItems: number;
  maxAgeMs: number;
  serverErrorLimit: ServerErrorLimit;
  onDeadLetter: ((record: DeliveryRecord, error: unknown) => void | Promise<void>) | undefined;
}

export class QueueBounds {
  readonly #state: QueueState;
  readonly #maxItems: number;
  readonly #maxAgeMs: number;
  readonly #serverErrorLimit: ServerErrorLimit;
  readonly #onDeadLetter: BoundsSettings['onDeadLetter'];
  #droppedSinceWarn = 0;

  constructor(state: QueueState, settings: BoundsSettings) {
    this.#state = state;
    this.#maxItems = settings.maxItems;
    this.#maxAgeMs = settings.maxAgeMs;
    this.#serverErrorLimit = settings.serverErrorLimit;
    this.#onDeadLetter = settings.onDeadLetter;
  }

  /** Drops what is too old, then the oldest while the queue holds more than maxItems. */
  enforce(now: number): void {
    const state = this.#state;
    const { pending, counters } = state;
    let droppedNow = 0;
    const cutoff = now - this.#maxAgeMs;
    // Oldest first: stop at the first one young enough (deleting while iterating a Map is safe).
    for (const entry of pending.values()) {
      if (entry.record.at >= cutoff) break;
      if (entry.inFlight || !pending.has(entry.record.id)) continue;
      const before = counters.dropped;
      state.finish(entry, 'dropped', { reason: `older than maxAgeMs (${this.#maxAgeMs} ms)` });
      droppedNow += counters.dropped - before;
    }
    if (pending.size > this.#maxItems) {
      for (const entry of pending.values()) {
        if (pending.size <= this.#maxItems) break;
        if (entry.inFlight || !pending.has(entry.record.id)) continue;
        const before = counters.dropped;
        state.finish(entry, 'dropped', { reason: `the queue was full (maxItems ${this.#maxItems})` });
        droppedNow += counters.dropped - before;
      }
    }
    if (droppedNow === 0) return;
    this.#droppedSinceWarn += droppedNow;
    state.warnLimited(
      'drop',
      () =>
        `Delivery queue bounds reached (maxItems ${this.#maxItems}, maxAgeMs ${this.#maxAgeMs}): dropped the ${this.#droppedSinceWarn} oldest queued write(s) since the last warning; ${counters.dropped} dropped in all`,
      () => {
        this.#droppedSinceWarn = 0;
      },
    );
  }

  /** Logs a write that left the queue dead-lettered, and hands it to `onDeadLetter`. */
  deadLetter(entry: Entry, error: unknown, why: DeadLetterCause): void {
    const log = this.#state.log;
    const record = this.#toDeliveryRecord(entry);
    const what = `${record.kind} write ${record.id}${record.submissionId !== undefined ? ` for submission ${record.submissionId}` : ''}`;
    const fate = this.#onDeadLetter ? 'dead-lettered' : 'it is dropped (no onDeadLetter callback)';
    if (why === 'cascade') {
      log.info(`Dead-lettered the ${what}: ${errorText(error)}`);
    } else if (why === 'gave-up') {
      const { count, since } = entry.failures ?? { count: 0, since: Date.now() };
      log.error(
        `Gave up on the queued ${what}: Luco answered it with a server error ${count} times since ${new Date(since).toISOString()} ` +
          `while accepting other writes (limit: ${describeLimit(this.#serverErrorLimit)}); ${fate}. Last error: ${errorText(error)}`,
      );
    } else if (this.#onDeadLetter) {
      log.warn(`Luco refused the queued ${what}; dead-lettered: ${errorText(error)}`);
    } else {
      log.error(`Luco refused the queued ${what}; it is dropped (no onDeadLetter callback): ${errorText(error)}`);
    }
    if (!this.#onDeadLetter) return;
    try {
      Promise.resolve(this.#onDeadLetter(record, error)).catch((callbackError: unknown) => log.error(`onDeadLetter failed: ${errorText(callbackError)}`));
    } catch (callbackError) {
      log.error(`onDeadLetter failed: ${errorText(callbackError)}`);
    }
  }

  #toDeliveryRecord(entry: Entry): DeliveryRecord {
    const { record } = entry;
    let localId: string | undefined;
    let slotId: number | undefined;
    let submissionId: number | undefined;
    if (record.kind === 'slot') {
      localId = record.handle;
    } else if (record.kind === 'submission') {
      localId = record.handle;
      slotId = record.slot.slotId ?? (record.slot.handle ? this.#state.handles.value(record.slot.handle)?.slotId : undefined);
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
}
