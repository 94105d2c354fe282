import type { AppContext } from '../../context.js';
import type { Change } from '../../storage/change-feed.js';

/** Where one event stream writes: SSE text, and its end. */
export interface EventSink {
  write(text: string): void;
  end(): void;
}

export interface DashboardEventsOptions {
  /** How often an idle stream gets a comment line, so proxies and browsers keep it open. */
  keepAliveMs?: number;
  /** How long slot changes are gathered before their sequences are read in one query (a deadline passing moves many at once). */
  batchMs?: number;
}

export const KEEP_ALIVE_MS = 25_000;
const BATCH_MS = 50;
const IN_CHUNK = 500;

/**
 * Fans the change feed out to the dashboard's event streams (GET /lucots/v1/events): one
 * subscription for all of them, taken when the first stream opens. A slot whose health changed
 * becomes an event `slot` with its sequence; a lost and restored feed (PostgreSQL LISTEN) becomes
 * `resync`, after which a page refetches what it shows. Events only say what to refetch.
 */
export class DashboardEvents {
  readonly #streams = new Map<EventSink, NodeJS.Timeout>();
  readonly #keepAliveMs: number;
  readonly #batchMs: number;
  #unsubscribe: (() => void) | undefined;
  #pending = new Set<number>();
  #flushTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(
    private readonly ctx: Pick<AppContext, 'db' | 'changes'>,
    options: DashboardEventsOptions = {},
  ) {
    this.#keepAliveMs = options.keepAliveMs ?? KEEP_ALIVE_MS;
    this.#batchMs = options.batchMs ?? BATCH_MS;
  }

  get size(): number {
    return this.#streams.size;
  }

  /** Starts a stream; the returned function ends it (on the client's disconnect). */
  open(sink: EventSink): () => void {
    if (this.#closed) {
      sink.end();
      return () => undefined;
    }
    this.#unsubscribe ??= this.ctx.changes.subscribe((change) => this.#onChange(change));
    // The browser reconnects after this long when the stream drops.
    sink.write('retry: 5000\n: connected\n\n');
    const timer = setInterval(() => sink.write(': keep-alive\n\n'), this.#keepAliveMs);
    timer.unref();
    this.#streams.set(sink, timer);
    return () => this.#drop(sink, false);
  }

  /** Ends every stream (the server is closing: open streams must not hold up its drain). */
  close(): void {
    this.#closed = true;
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    for (const sink of [...this.#streams.keys()]) this.#drop(sink, true);
  }

  #drop(sink: EventSink, end: boolean): void {
    const timer = this.#streams.get(sink);
    if (timer === undefined) return;
    clearInterval(timer);
    this.#streams.delete(sink);
    if (end) sink.end();
  }

  #onChange(change: Change): void {
    if (this.#streams.size === 0) return;
    if (change.topic === 'resync') this.#broadcast('resync', {});
    if (change.topic !== 'slot') return;
    this.#pending.add(change.slotId);
    this.#flushTimer ??= setTimeout(() => void this.#flush(), this.#batchMs);
  }

  async #flush(): Promise<void> {
    this.#flushTimer = undefined;
    const slotIds = [...this.#pending];
    this.#pending = new Set();
    try {
      for (let start = 0; start < slotIds.length; start += IN_CHUNK) {
        const rows = await this.ctx.db.selectFrom('slots').select(['id', 'slot_sequence_id']).where('id', 'in', slotIds.slice(start, start + IN_CHUNK)).orderBy('id').execute();
        for (const row of rows) this.#broadcast('slot', { slotId: row.id, slotSequenceId: row.slot_sequence_id });
      }
    } catch {
      // The database is closing or failing: pages fall back to refetching what they show.
      this.#broadcast('resync', {});
    }
  }

  #broadcast(event: string, data: unknown): void {
    const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const sink of this.#streams.keys()) sink.write(text);
  }
}
