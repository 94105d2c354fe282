/**
 * The queue's pending writes, oldest first, and their lanes: the writes of one slot or submission,
 * in order, of which only the first may be sent. Held by QueueState; read by the sender, the
 * journal and the bounds.
 */
import type { WriteFailures } from './lane-backoff.js';
import { compareOperations, type OperationRecord, type SubmissionRef } from './records.js';

/** A pending write. */
export interface Entry {
  record: OperationRecord;
  lane: string;
  attempts: number;
  inFlight: boolean;
  /** Server errors about this write alone, so far (from the journal too). */
  failures: WriteFailures | undefined;
}

export class PendingWrites {
  /** Pending operations, oldest first. */
  #entries = new Map<string, Entry>();
  /** Per slot/submission lanes, each in order: only a lane's first operation may be sent. */
  readonly #lanes = new Map<string, Entry[]>();

  get size(): number {
    return this.#entries.size;
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  get(id: string): Entry | undefined {
    return this.#entries.get(id);
  }

  /** Oldest first; taking entries out while iterating is safe. */
  values(): IterableIterator<Entry> {
    return this.#entries.values();
  }

  oldest(): Entry | undefined {
    return this.#entries.values().next().value as Entry | undefined;
  }

  /** The first write of every lane. */
  *heads(): Generator<Entry> {
    for (const lane of this.#lanes.values()) {
      const head = lane[0];
      if (head) yield head;
    }
  }

  /** Writes in the lane, its first included. */
  laneLength(lane: string): number | undefined {
    return this.#lanes.get(lane)?.length;
  }

  /** Adds an operation to the pending set and its lane. */
  add(record: OperationRecord): Entry {
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
    return entry;
  }

  /** Takes an entry out; undefined when it was not pending. `wasHead`: it was its lane's first write. */
  remove(entry: Entry): { wasHead: boolean } | undefined {
    if (!this.#entries.delete(entry.record.id)) return undefined;
    const lane = this.#lanes.get(entry.lane);
    if (!lane) return { wasHead: false };
    const index = lane.indexOf(entry);
    if (index >= 0) lane.splice(index, 1);
    if (lane.length === 0) this.#lanes.delete(entry.lane);
    return { wasHead: index === 0 };
  }

  /** Puts the pending set back in queue order (after records from the store joined it). */
  sort(): void {
    this.#entries = new Map([...this.#entries.entries()].sort(([, a], [, b]) => compareOperations(a.record, b.record)));
  }
}

export function laneOf(record: OperationRecord): string {
  switch (record.kind) {
    case 'slot':
      return `slot:${record.handle}`;
    case 'submission':
      return `sub:${record.handle}`;
    default:
      return submissionLane(record.submission);
  }
}

export function submissionLane(ref: SubmissionRef): string {
  return ref.handle !== undefined ? `sub:${ref.handle}` : `sub:${ref.slotId}/${ref.submissionId}`;
}

/** The handle whose real id the record still waits for, if any. */
export function dependencyOf(record: OperationRecord): string | undefined {
  if (record.kind === 'slot') return undefined;
  if (record.kind === 'submission') return record.slot.slotId === undefined ? record.slot.handle : undefined;
  const ref = record.submission;
  return ref.slotId === undefined || ref.submissionId === undefined ? ref.handle : undefined;
}
