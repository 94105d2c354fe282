import { LucoError } from '../core/errors.js';
import type { SdkLog } from '../core/log.js';
import type { JournalRecord } from './records.js';

/** What a store gets from the queue that opens it. */
export interface StoreContext {
  log: SdkLog;
  /** The records that describe the queue now: its pending operations (for compaction). */
  snapshot(): JournalRecord[];
  /** Records taken over later from writers that exited or crashed (a FileStore's folder). */
  merge(records: JournalRecord[]): void;
}

/**
 * Where queued writes are kept. The queue appends records and, now and then, asks the store to
 * replace what it holds with a snapshot of the pending operations (compaction).
 */
export interface DeliveryStore {
  /** True when records outlive the process. */
  readonly durable: boolean;
  /** Where the records are, for logs and warnings (a folder, or "memory"). */
  readonly location: string;
  /** Opens the store and returns the records left by earlier runs, oldest first. */
  open(context: StoreContext): Promise<JournalRecord[]>;
  /**
   * Appends records; resolves once they are durable (true), or once they are kept in memory
   * only because the store could not write them (false: disk full, permissions). Never rejects.
   */
  append(records: readonly JournalRecord[]): Promise<boolean>;
  /** Replaces everything this store owns with the snapshot's records. */
  compact(): Promise<void>;
  /** Records waiting to be written (kept in memory only). */
  readonly unwritten: number;
  /** Writes what is buffered, releases locks; files of pending writes stay for the next process. */
  close(): Promise<void>;
  /** The same at process exit, synchronously and best effort. */
  closeSync(): void;
}

/** A store used by two open queues at once. */
export class StoreInUseError extends LucoError {
  override name = 'StoreInUseError';
}

/**
 * Keeps records in this process's memory: for short-lived processes that accept losing queued
 * writes when they exit. A new queue on the same MemoryStore instance replays what an earlier,
 * closed one left.
 */
export class MemoryStore implements DeliveryStore {
  readonly durable = false;
  readonly location = 'memory (lost when the process exits)';
  readonly unwritten = 0;
  #records: JournalRecord[] = [];
  #context: StoreContext | undefined;

  async open(context: StoreContext): Promise<JournalRecord[]> {
    if (this.#context) throw new StoreInUseError('This MemoryStore is already used by an open delivery queue');
    this.#context = context;
    return this.#records.map(copy);
  }

  async append(records: readonly JournalRecord[]): Promise<boolean> {
    // A JSON copy, as a file would hold: nothing the caller changes later leaks in.
    for (const record of records) this.#records.push(copy(record));
    return true;
  }

  async compact(): Promise<void> {
    if (this.#context) this.#records = this.#context.snapshot().map(copy);
  }

  /** The records held now (for tests and diagnostics). */
  records(): JournalRecord[] {
    return this.#records.map(copy);
  }

  async close(): Promise<void> {
    this.#context = undefined;
  }

  closeSync(): void {
    this.#context = undefined;
  }
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
