/**
 * What became of each slot and submission the queue creates: pending, resolved to real ids, or
 * never to exist (dead-lettered, dropped). Held by QueueState; SlotHandle and QueuedSubmission
 * read and wait on it through the queue, and queued records get their real ids from it.
 */
import { dependencyError, UndeliveredError, undeliveredHandle } from './errors.js';
import { dependencyOf } from './lanes.js';
import type { HandleValue, OperationRecord, Outcome } from './records.js';

interface HandleEntry {
  state: 'pending' | 'resolved' | Exclude<Outcome, 'sent'>;
  value?: HandleValue;
  reason?: unknown;
  waiters: Array<{ resolve: (value: HandleValue) => void; reject: (error: unknown) => void }>;
}

export class HandleTable {
  readonly #handles = new Map<string, HandleEntry>();

  /** A slot or submission operation joined the queue: its handle is pending until it is settled. */
  register(handle: string): void {
    if (!this.#handles.has(handle)) this.#handles.set(handle, { state: 'pending', waiters: [] });
  }

  /** The real ids, once the handle's operation was sent. */
  value(handle: string): HandleValue | undefined {
    const entry = this.#handles.get(handle);
    return entry?.state === 'resolved' ? entry.value : undefined;
  }

  settle(handle: string, outcome: Outcome, result: HandleValue | undefined, reason: unknown): void {
    const entry = this.#handles.get(handle) ?? { state: 'pending' as const, waiters: [] };
    this.#handles.set(handle, entry);
    if (outcome === 'sent' && result) {
      entry.state = 'resolved';
      entry.value = result;
      for (const waiter of entry.waiters.splice(0)) waiter.resolve(result);
    } else {
      entry.state = outcome === 'dropped' ? 'dropped' : 'dead';
      entry.reason = reason;
      const error = undeliveredHandle(handle, entry.state, reason);
      for (const waiter of entry.waiters.splice(0)) waiter.reject(error);
    }
  }

  /** Resolves with the real ids once sent; rejects (UndeliveredError) when they never will be. */
  wait(handle: string, queueClosed: boolean): Promise<HandleValue> {
    const entry = this.#handles.get(handle);
    if (!entry) return Promise.reject(new UndeliveredError(`Unknown handle ${handle}`, { outcome: 'dropped' }));
    if (entry.state === 'resolved' && entry.value) return Promise.resolve(entry.value);
    if (entry.state === 'dead' || entry.state === 'dropped') return Promise.reject(undeliveredHandle(handle, entry.state, entry.reason));
    if (queueClosed) {
      return Promise.reject(new UndeliveredError(`${handle} was not delivered before the queue closed`, { outcome: 'queued' }));
    }
    return new Promise<HandleValue>((resolve, reject) => entry.waiters.push({ resolve, reject }));
  }

  /** The queue closed: whoever waits on a pending handle learns it stays queued. */
  rejectWaiting(location: string): void {
    for (const [handle, entry] of this.#handles) {
      if (entry.state !== 'pending') continue;
      for (const waiter of entry.waiters.splice(0)) {
        waiter.reject(new UndeliveredError(`${handle} was not delivered before the queue closed; it stays queued in ${location}`, { outcome: 'queued' }));
      }
    }
  }

  /** Fills in real ids the record refers to by handle, once they are known. */
  fillIds(record: OperationRecord): void {
    if (record.kind === 'slot') return;
    if (record.kind === 'submission') {
      if (record.slot.slotId === undefined && record.slot.handle !== undefined) {
        const value = this.value(record.slot.handle);
        if (value) record.slot = { ...record.slot, slotId: value.slotId };
      }
      return;
    }
    const ref = record.submission;
    if ((ref.slotId === undefined || ref.submissionId === undefined) && ref.handle !== undefined) {
      const value = this.value(ref.handle);
      if (value?.submissionId !== undefined) record.submission = { ...ref, slotId: value.slotId, submissionId: value.submissionId };
    }
  }

  /**
   * When the record belongs to a slot or submission that will never exist (dead-lettered, dropped,
   * or its record lost): how the record ends, and why. Undefined while that may still exist.
   */
  orphaned(record: OperationRecord): { outcome: 'dead' | 'dropped'; error: UndeliveredError } | undefined {
    const dependency = dependencyOf(record);
    if (dependency === undefined) return undefined;
    const fate = this.#handles.get(dependency);
    if (fate?.state === 'pending' || fate?.state === 'resolved') return undefined;
    const why = fate === undefined ? 'lost' : fate.state;
    return { outcome: why === 'dropped' ? 'dropped' : 'dead', error: dependencyError(record, why, fate?.reason) };
  }
}
