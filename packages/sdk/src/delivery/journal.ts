/**
 * The queue's side of its store: replaying the records left by earlier processes (and those taken
 * over later from writers that are gone), the snapshot a compacted store holds, and when to
 * compact. DeliveryQueue opens it; QueueState reports each write that leaves; the store calls
 * `snapshot` and `merge` back.
 */
import { errorText } from '../core/error-text.js';
import { failureRecord } from './lane-backoff.js';
import type { DoneRecord, FailureRecord, JournalRecord, OperationRecord } from './records.js';
import { compareOperations } from './records.js';
import type { HeldWrite, QueueState } from './state.js';
import { MemoryStore, type StoreContext } from './store.js';
import { recordTarget, sameTarget } from './target.js';

const COMPACT_WHEN_IDLE_MS = 1_000;
const COMPACT_AFTER_DONE = 1_000;

export class QueueJournal {
  readonly #state: QueueState;
  readonly #bounds: { enforce(now: number): void };
  readonly #sender: { schedulePump(): void };
  #doneSinceCompact = 0;
  #compactTimer: NodeJS.Timeout | undefined;
  #compacting = false;

  constructor(state: QueueState, bounds: { enforce(now: number): void }, sender: { schedulePump(): void }) {
    this.#state = state;
    this.#bounds = bounds;
    this.#sender = sender;
  }

  /** Opens the store (falling back to memory when it cannot be opened) and replays what it holds. */
  async open(): Promise<void> {
    const state = this.#state;
    const context: StoreContext = { log: state.log, snapshot: () => this.snapshot(), merge: (records: JournalRecord[]) => this.merge(records, 'taken over') };
    let records: JournalRecord[];
    try {
      records = await state.store.open(context);
    } catch (error) {
      // Fail open: the pipeline goes on, its writes are kept in memory and still delivered.
      state.log.error(`Could not open the delivery queue in ${state.store.location} (${errorText(error)}); queued writes are kept in memory only`);
      state.store = new MemoryStore();
      records = await state.store.open(context);
    }
    this.merge(records, 'replayed');
    if (records.length > 0) await state.store.compact().catch(() => {});
  }

  /** Records from the store (at open, or taken over later): pending operations join the queue. */
  merge(records: readonly JournalRecord[], how: 'replayed' | 'taken over'): void {
    const state = this.#state;
    const { pending, handles } = state;
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
    let held = 0;
    for (const operation of operations) {
      if (seen.has(operation.id) || pending.has(operation.id) || state.held.has(operation.id)) continue;
      seen.add(operation.id);
      state.seq = Math.max(state.seq, operation.seq);
      const finished = done.get(operation.id);
      if (finished) {
        if (operation.kind === 'slot' || operation.kind === 'submission') {
          handles.settle(operation.handle, finished.outcome, finished.result, finished.reason);
        }
        continue;
      }
      if (!this.#deliversHere(operation)) {
        // Meant for another server, or for none we know of: kept as it is, never sent from here.
        const failure = failures.get(operation.id);
        state.held.set(operation.id, { record: operation, failures: failure && { count: failure.count, since: failure.since } });
        held++;
        continue;
      }
      fresh.push(operation);
    }
    // Another writer's record that this queue already has pending (taken over twice): settled there.
    for (const [id, finished] of done) {
      const entry = pending.get(id);
      if (entry && !entry.inFlight && !seen.has(id)) state.finish(entry, finished.outcome, { result: finished.result, reason: finished.reason, record: false });
      // A held write delivered meanwhile by a queue of its own server.
      if (!seen.has(id)) state.held.delete(id);
    }
    if (held > 0) {
      state.log.info(`Left ${held} queued write(s) in ${state.store.location} that are meant for another server than ${state.destination.target.baseUrl}`);
    }
    // Server errors counted by earlier processes: the bound on them holds across restarts.
    for (const [id, failure] of failures) {
      const entry = pending.get(id) ?? state.held.get(id);
      if (entry && (entry.failures?.count ?? 0) < failure.count) entry.failures = { count: failure.count, since: failure.since };
    }
    if (fresh.length === 0) return;
    fresh.sort(compareOperations);
    for (const record of fresh) {
      const failure = failures.get(record.id);
      state.add(record).failures = failure && { count: failure.count, since: failure.since };
    }
    // Keep the pending set in queue order.
    pending.sort();
    for (const record of fresh) {
      handles.fillIds(record);
      const orphaned = handles.orphaned(record);
      if (orphaned === undefined) continue;
      const entry = pending.get(record.id);
      if (entry) state.finish(entry, orphaned.outcome, { error: orphaned.error, cascade: true });
    }
    state.log.info(`${how === 'replayed' ? 'Replaying' : 'Took over'} ${fresh.length} queued write(s) from ${state.store.location}`);
    this.#bounds.enforce(Date.now());
    if (state.phase === 'open' || state.phase === 'closing') this.#sender.schedulePump();
  }

  /**
   * The pending operations, with the ids they refer to filled in, and their server errors: what a
   * compacted store holds. Writes held for other servers are kept too, as they were.
   */
  snapshot(): JournalRecord[] {
    const { pending, handles, held } = this.#state;
    const withFailures = (record: OperationRecord, failures: HeldWrite['failures']): JournalRecord[] =>
      failures ? [record, failureRecord(record.id, failures)] : [record];
    return [
      ...[...pending.values()].flatMap((entry): JournalRecord[] => {
        handles.fillIds(entry.record);
        return withFailures(entry.record, entry.failures);
      }),
      ...[...held.values()].flatMap((entry) => withFailures(entry.record, entry.failures)),
    ];
  }

  /**
   * Whether this queue sends a replayed write: one meant for its own server (base URL and client
   * id), or one that names no server when the queue was told to take those (it is then stamped
   * with this queue's server, so it is never sent anywhere else afterwards).
   */
  #deliversHere(record: OperationRecord): boolean {
    const { target, deliverUntargeted } = this.#state.destination;
    const recorded = recordTarget(record);
    if (recorded) return sameTarget(recorded, target);
    // No server recorded (or one that cannot be read): nothing says it was meant for this one.
    if (!deliverUntargeted) return false;
    record.target = { ...target };
    return true;
  }

  /** A write left the queue: compact once the queue is idle, or after many writes left it. */
  noteFinished(): void {
    this.#doneSinceCompact++;
    this.#maybeCompact();
  }

  /** The queue is closing: no more compaction on a timer. */
  stop(): void {
    if (this.#compactTimer) clearTimeout(this.#compactTimer);
    this.#compactTimer = undefined;
  }

  #maybeCompact(): void {
    const { pending } = this.#state;
    if (this.#compacting || this.#state.phase === 'closed') return;
    if (pending.size === 0 && this.#doneSinceCompact > 0) {
      if (this.#compactTimer) return;
      this.#compactTimer = setTimeout(() => {
        this.#compactTimer = undefined;
        if (pending.size === 0) this.#compactNow();
      }, COMPACT_WHEN_IDLE_MS);
      this.#compactTimer.unref();
    } else if (this.#doneSinceCompact >= Math.max(COMPACT_AFTER_DONE, pending.size)) {
      this.#compactNow();
    }
  }

  #compactNow(): void {
    const state = this.#state;
    if (this.#compacting || state.phase === 'closed') return;
    this.#compacting = true;
    this.#doneSinceCompact = 0;
    state.store
      .compact()
      .catch((error: unknown) => state.log.warn(`Could not compact the delivery queue in ${state.store.location}: ${errorText(error)}`))
      .finally(() => {
        this.#compacting = false;
      });
  }
}
