/**
 * The sender: sends lane heads (never two writes of one submission at once, at most `concurrency`
 * in flight), and decides what a failure means: the whole queue backs off (Luco unreachable or
 * busy), one lane backs off (a server error about one write; lane-backoff.ts), delivery pauses
 * (credentials refused), or the write is dead-lettered. DeliveryQueue drives it (flush, resume,
 * close); the journal wakes it after a replay.
 */
import type { LucoApi } from '../client.js';
import { errorText } from '../core/error-text.js';
import { backoffDelay, type BackoffPolicy } from '../core/retry.js';
import type { QueueBounds } from './bounds.js';
import { classifyDeliveryError, failureScope } from './classify.js';
import { failureRecord, type ServerErrorLimit, shouldGiveUp } from './lane-backoff.js';
import { dependencyOf, type Entry } from './lanes.js';
import { performOperation } from './perform.js';
import { compareOperations, type HandleValue } from './records.js';
import type { QueueState } from './state.js';

export interface SenderSettings {
  concurrency: number;
  backoff: BackoffPolicy;
  authPauseMs: number;
  requestTimeout: number | undefined;
  serverErrorLimit: ServerErrorLimit;
}

export class Sender {
  readonly #state: QueueState;
  readonly #api: LucoApi;
  readonly #bounds: QueueBounds;
  readonly #settings: SenderSettings;
  /** When the server last accepted a write (0: not yet): proof it works, for `shouldGiveUp`. */
  #lastSuccessAt = 0;
  /** Failed rounds in a row, for the whole queue's back-off. */
  #failures = 0;
  #retryAt = 0;
  #retryAtFromServer = false;
  #retryTimer: NodeJS.Timeout | undefined;
  #paused: { reason: string; since: number; timer: NodeJS.Timeout } | undefined;
  #abort = new AbortController();
  #pumpScheduled = false;
  #outage = false;

  constructor(state: QueueState, api: LucoApi, bounds: QueueBounds, settings: SenderSettings) {
    this.#state = state;
    this.#api = api;
    this.#bounds = bounds;
    this.#settings = settings;
  }

  /** Set while delivery is paused because the credentials were refused. */
  get paused(): { reason: string; since: number } | undefined {
    return this.#paused;
  }

  schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    queueMicrotask(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  /** A flush: the queue's own back-off is cut short (the server's Retry-After and a pause are not). */
  skipOwnBackoff(): void {
    if (!this.#paused && !this.#retryAtFromServer) {
      this.#retryAt = 0;
      this.#clearRetryTimer();
    }
    this.#state.laneWaits.skipOwn();
    this.schedulePump();
  }

  /** Resumes delivery after it paused because the credentials were refused. */
  resume(): void {
    if (this.#paused) {
      clearTimeout(this.#paused.timer);
      this.#paused = undefined;
      this.#state.log.info('Delivery to Luco resumed');
    }
    this.#retryAt = 0;
    this.#retryAtFromServer = false;
    this.#failures = 0;
    this.#clearRetryTimer();
    this.schedulePump();
    this.#state.notify();
  }

  /** Closing: cancels what is in flight (it stays queued; its key makes a resend harmless). */
  abortInFlight(reason: unknown): void {
    this.#abort.abort(reason);
  }

  /** Closed: no timer of the sender's fires again. */
  stop(): void {
    this.#clearRetryTimer();
    if (this.#paused) clearTimeout(this.#paused.timer);
  }

  /**
   * The queue's back-off when it waits; else, when nothing is in flight or ready and only lanes
   * backing off are left, the first of them to be due; else null (an attempt is being made now).
   */
  nextAttemptAt(now: number): Date | null {
    if (this.#retryAt > now) return new Date(this.#retryAt);
    const laneDue = this.#state.laneWaits.nextDue(now);
    if (laneDue === undefined || this.#state.inFlight > 0 || this.#nextReady(now)) return null;
    return new Date(laneDue);
  }

  #pump(): void {
    const state = this.#state;
    if (state.phase !== 'open' && state.phase !== 'closing') return;
    if (this.#paused) return;
    const now = Date.now();
    this.#bounds.enforce(now);
    if (now < this.#retryAt) {
      this.#armRetryTimer(now);
      return;
    }
    this.#retryAtFromServer = false;
    while (state.inFlight < this.#settings.concurrency) {
      const entry = this.#nextReady(now);
      if (!entry) break;
      this.#start(entry);
    }
    // Lanes backing off are woken when the first of them is due: reckoned at the same instant as
    // the lanes just skipped, or a wait ending in between would be neither sent nor timed.
    this.#armRetryTimer(now);
  }

  /**
   * The next lane head to send: not in flight, its lane not backing off, its slot or submission
   * known by real id; the one tried least often first (so one write that keeps failing does not
   * hold back the others), then the oldest.
   */
  #nextReady(now: number): Entry | undefined {
    const { pending, laneWaits, handles } = this.#state;
    let best: Entry | undefined;
    for (const head of pending.heads()) {
      if (head.inFlight || laneWaits.isWaiting(head.lane, now)) continue;
      handles.fillIds(head.record);
      if (dependencyOf(head.record) !== undefined) continue;
      if (!best || head.attempts < best.attempts || (head.attempts === best.attempts && compareOperations(head.record, best.record) < 0)) best = head;
    }
    return best;
  }

  #start(entry: Entry): void {
    const state = this.#state;
    entry.inFlight = true;
    state.inFlight++;
    let outcome: Promise<HandleValue | undefined>;
    try {
      outcome = performOperation(this.#api, entry.record, { signal: this.#abort.signal, timeout: this.#settings.requestTimeout });
    } catch (error) {
      outcome = Promise.reject(error);
    }
    outcome
      .then(
        (result) => this.#succeeded(entry, result),
        (error: unknown) => this.#failed(entry, error),
      )
      .catch((error: unknown) => state.log.error(`Delivery queue error: ${errorText(error)}`))
      .finally(() => {
        entry.inFlight = false;
        state.inFlight--;
        this.schedulePump();
        state.notify();
      });
  }

  #succeeded(entry: Entry, result: HandleValue | undefined): void {
    entry.attempts++;
    this.#failures = 0;
    this.#lastSuccessAt = Date.now();
    if (this.#outage) {
      this.#outage = false;
      this.#state.log.info(`Luco is reachable again; delivering ${this.#state.pending.size} queued write(s)`);
    }
    this.#state.finish(entry, 'sent', { result });
  }

  #failed(entry: Entry, error: unknown): void {
    const state = this.#state;
    const { disposition, retryAfterMs } = classifyDeliveryError(error);
    if (disposition === 'aborted') return;
    entry.attempts++;
    if (disposition === 'dead') {
      state.finish(entry, 'dead', { error });
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
    state.counters.retried++;
    const now = Date.now();
    const delay = retryAfterMs ?? backoffDelay(this.#failures, this.#settings.backoff);
    if (now >= this.#retryAt) this.#failures++;
    if (now + delay > this.#retryAt) {
      this.#retryAt = now + delay;
      this.#retryAtFromServer = retryAfterMs !== undefined;
    }
    this.#outage = true;
    state.warnLimited(
      'outage',
      () =>
        `Could not deliver to Luco (${errorText(error)}); ${state.pending.size} write(s) stay queued in ${state.store.location}; next attempt in ${Math.round((this.#retryAt - now) / 100) / 10} s`,
    );
    this.#armRetryTimer();
  }

  /**
   * The server answered, but failed this write (e.g. a 500 for a value its database cannot store):
   * only its lane backs off, and after the server-error limit it is dead-lettered.
   */
  #writeFailed(entry: Entry, error: unknown, retryAfterMs: number | undefined): void {
    const state = this.#state;
    const now = Date.now();
    const failures = { count: (entry.failures?.count ?? 0) + 1, since: entry.failures?.since ?? now };
    entry.failures = failures;
    if (shouldGiveUp(failures, this.#settings.serverErrorLimit, now, this.#lastSuccessAt)) {
      state.finish(entry, 'dead', { error, gaveUp: true });
      return;
    }
    void state.store.append([failureRecord(entry.record.id, failures)]);
    state.counters.retried++;
    const delay = state.laneWaits.fail(entry.lane, now, retryAfterMs);
    const waiting = (state.pending.laneLength(entry.lane) ?? 1) - 1;
    state.warnLimited(
      'write-failed',
      () =>
        `Luco failed the queued ${entry.record.kind} write ${entry.record.id} (${errorText(error)}); it is tried again in ${Math.round(delay / 100) / 10} s ` +
        `(server error ${failures.count}), and ${waiting} later write(s) of its ${entry.record.kind === 'slot' ? 'slot' : 'submission'} wait behind it; other writes go on`,
    );
    this.#armRetryTimer();
  }

  #pause(error: unknown): void {
    const state = this.#state;
    if (this.#paused) return;
    const timer = setTimeout(() => {
      state.log.info('Trying delivery again after the pause for refused credentials');
      this.resume();
    }, this.#settings.authPauseMs);
    timer.unref();
    this.#paused = { reason: errorText(error), since: Date.now(), timer };
    state.log.error(
      `Delivery to Luco is paused: the credentials were refused (${errorText(error)}). ` +
        `${state.pending.size} write(s) stay queued in ${state.store.location}; ` +
        `call resume() once they are fixed (delivery is tried again in ${Math.round(this.#settings.authPauseMs / 60_000)} min)`,
    );
    state.notify();
  }

  /** Wakes the pump when the queue's back-off ends, else when the first lane backing off is due. */
  #armRetryTimer(now: number = Date.now()): void {
    this.#clearRetryTimer();
    if (this.#state.phase === 'closed') return;
    const due = this.#retryAt > now ? this.#retryAt : this.#state.laneWaits.nextDue(now);
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

  #clearRetryTimer(): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }
}
