/**
 * The delivery queue's shared state: the store, the pending writes in their lanes, the handles'
 * fates, the counters; and how a write leaves the queue (`finish`). Made by DeliveryQueue; the
 * sender, the journal and the bounds all work on it.
 */
import { LucoError } from '../core/errors.js';
import { errorText } from '../core/error-text.js';
import type { SdkLog } from '../core/log.js';
import { dependencyError } from './errors.js';
import { HandleTable } from './handle-table.js';
import type { LaneBackoff } from './lane-backoff.js';
import { dependencyOf, type Entry, PendingWrites } from './lanes.js';
import type { WriteFailures } from './lane-backoff.js';
import type { DeliveryTarget, DoneRecord, HandleValue, OperationRecord, Outcome } from './records.js';
import type { DeliveryStore } from './store.js';

const WARN_INTERVAL_MS = 60_000;

export type QueuePhase = 'opening' | 'open' | 'closing' | 'closed';

/** Why a write was dead-lettered: the server refused it, what it belonged to was, or it kept failing. */
export type DeadLetterCause = 'refused' | 'cascade' | 'gave-up';

export interface FinishDetails {
  result?: HandleValue | undefined;
  error?: unknown;
  reason?: string | undefined;
  /** It shares the fate of the slot or submission it belongs to. */
  cascade?: boolean;
  /** False: no `done` record is written (the store has one already, or never had the write). */
  record?: boolean;
  /** Dead-lettered after the server-error limit. */
  gaveUp?: boolean;
}

/** What `finish` hands on: a write to dead-letter (the bounds), and a write gone (the journal). */
export interface FinishHooks {
  deadLetter(entry: Entry, error: unknown, cause: DeadLetterCause): void;
  finished(): void;
}

/** A write queued for another server (or an unknown one): kept in the store as it is, never sent here. */
export interface HeldWrite {
  record: OperationRecord;
  failures: WriteFailures | undefined;
}

/** The server this queue delivers to, and whether it takes writes that name none. */
export interface QueueDestination {
  target: DeliveryTarget;
  deliverUntargeted: boolean;
}

export class QueueState {
  /** Replaced by a MemoryStore when the configured one cannot be opened. */
  store: DeliveryStore;
  readonly log: SdkLog;
  phase: QueuePhase = 'opening';
  readonly pending = new PendingWrites();
  /** Writes meant for other servers, by id: left as they are (compaction keeps them). */
  readonly held = new Map<string, HeldWrite>();
  readonly destination: QueueDestination;
  readonly handles = new HandleTable();
  readonly laneWaits: LaneBackoff;
  readonly counters = { sent: 0, retried: 0, dropped: 0, deadLettered: 0 };
  inFlight = 0;
  /** The highest queuing sequence seen, queued here or replayed. */
  seq = 0;
  readonly #hooks: FinishHooks;
  readonly #listeners = new Set<() => void>();
  readonly #lastWarn = new Map<string, number>();

  constructor(store: DeliveryStore, log: SdkLog, laneWaits: LaneBackoff, hooks: FinishHooks, destination: QueueDestination) {
    this.destination = destination;
    this.store = store;
    this.log = log;
    this.laneWaits = laneWaits;
    this.#hooks = hooks;
  }

  /** Adds an operation to the pending set and its lane; a slot or submission gets a pending handle. */
  add(record: OperationRecord): Entry {
    const entry = this.pending.add(record);
    if (record.kind === 'slot' || record.kind === 'submission') this.handles.register(record.handle);
    return entry;
  }

  /** Takes an operation out of the queue: sent, dead-lettered or dropped. */
  finish(entry: Entry, outcome: Outcome, details: FinishDetails): void {
    const removed = this.pending.remove(entry);
    if (!removed) return;
    // The lane's back-off was about this write: the next one goes at once.
    if (removed.wasHead) this.laneWaits.clear(entry.lane);
    const { record } = entry;
    const reason = details.reason ?? (details.error === undefined ? undefined : errorText(details.error));
    if (details.record !== false) {
      const done: DoneRecord = { t: 'done', id: record.id, at: Date.now(), outcome };
      if (details.result) done.result = details.result;
      if (reason !== undefined) done.reason = reason.slice(0, 500);
      void this.store.append([done]);
    }
    if (outcome === 'sent') this.counters.sent++;
    else if (outcome === 'dead') this.counters.deadLettered++;
    else this.counters.dropped++;

    if (outcome === 'dead') {
      this.#hooks.deadLetter(entry, details.error ?? new LucoError(reason ?? 'dead-lettered'), details.gaveUp ? 'gave-up' : details.cascade === true ? 'cascade' : 'refused');
    }
    if (record.kind === 'slot' || record.kind === 'submission') {
      this.handles.settle(record.handle, outcome, details.result, outcome === 'sent' ? undefined : (details.error ?? reason));
      if (outcome !== 'sent') {
        // Everything that belongs to it shares its fate.
        for (const dependant of [...this.pending.values()]) {
          if (dependencyOf(dependant.record) !== record.handle || dependant.inFlight) continue;
          this.finish(dependant, outcome, { error: dependencyError(dependant.record, outcome, details.error ?? reason), cascade: true });
        }
      }
    }
    this.#hooks.finished();
    this.notify();
  }

  /** Wakes whoever waits for a change (flush, close). */
  notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  /** Resolves when `done()` holds (checked at every change) or after `timeout` ms. */
  waitUntil(done: () => boolean, timeout: number): Promise<void> {
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

  /** A warning at most once a minute per key; in between, an outage is logged at info level. */
  warnLimited(key: string, message: () => string, after?: () => void): void {
    const now = Date.now();
    const last = this.#lastWarn.get(key);
    if (last !== undefined && now - last < WARN_INTERVAL_MS) {
      if (key === 'outage') this.log.info(message());
      return;
    }
    this.#lastWarn.set(key, now);
    this.log.warn(message());
    after?.();
  }
}
