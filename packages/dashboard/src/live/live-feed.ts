// Keeps what is on screen current: the server's event stream (/lucots/v1/events) says which slot
// changed; while the stream is down the feed polls instead, telling every page to refetch.

export type LiveChange =
  | { kind: 'slot'; slotId: number; slotSequenceId: number | undefined }
  | { kind: 'alert' }
  /** Refetch everything: a poll tick, or the stream came back (events may have been missed). */
  | { kind: 'refresh' };

export type LiveStatus = 'connecting' | 'live' | 'polling' | 'stopped';

/** The part of EventSource the feed uses (tests pass a fake). */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
  close(): void;
}

export interface LiveFeedOptions {
  url: string;
  createEventSource: (url: string) => EventSourceLike;
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  /** How often to poll while the stream is down. */
  pollMs?: number;
  /** How long to wait before opening a new stream after the browser gave one up. */
  reopenMs?: number;
}

const CLOSED = 2;

/** Reads a `slot` event's data: `{ slotId, slotSequenceId }`; undefined when unreadable. */
export function parseSlotEvent(data: unknown): LiveChange | undefined {
  if (typeof data !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { slotId, slotSequenceId } = value as { slotId?: unknown; slotSequenceId?: unknown };
  if (typeof slotId !== 'number') return undefined;
  return { kind: 'slot', slotId, slotSequenceId: typeof slotSequenceId === 'number' ? slotSequenceId : undefined };
}

/** What a page shows, to tell whether a change concerns it. */
export interface Interest {
  sequenceId?: number;
  slotId?: number;
  /** Any slot change (the estate overview). */
  anySlot?: boolean;
  alerts?: boolean;
}

export function concerns(change: LiveChange, interest: Interest): boolean {
  switch (change.kind) {
    case 'refresh':
      return true;
    case 'alert':
      return interest.alerts === true;
    case 'slot':
      if (interest.anySlot || interest.alerts) return true;
      if (interest.slotId !== undefined && interest.slotId === change.slotId) return true;
      // A slot event without its sequence may concern any sequence page.
      if (interest.sequenceId !== undefined) return change.slotSequenceId === undefined || change.slotSequenceId === interest.sequenceId;
      return false;
  }
}

export class LiveFeed {
  readonly #options: Required<LiveFeedOptions>;
  readonly #listeners = new Set<(change: LiveChange) => void>();
  readonly #statusListeners = new Set<(status: LiveStatus) => void>();
  #source: EventSourceLike | undefined;
  #pollTimer: unknown;
  #reopenTimer: unknown;
  #status: LiveStatus = 'stopped';
  #wasOpen = false;

  constructor(options: LiveFeedOptions) {
    this.#options = { pollMs: 15_000, reopenMs: 60_000, ...options };
  }

  get status(): LiveStatus {
    return this.#status;
  }

  subscribe(listener: (change: LiveChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onStatus(listener: (status: LiveStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  start(): void {
    if (this.#status !== 'stopped') return;
    this.#open();
  }

  stop(): void {
    this.#source?.close();
    this.#source = undefined;
    this.#stopPolling();
    if (this.#reopenTimer !== undefined) this.#options.clearTimer(this.#reopenTimer);
    this.#reopenTimer = undefined;
    this.#wasOpen = false;
    this.#setStatus('stopped');
  }

  #open(): void {
    this.#reopenTimer = undefined;
    if (this.#status !== 'polling') this.#setStatus('connecting');
    const source = this.#options.createEventSource(this.#options.url);
    this.#source = source;
    source.addEventListener('open', () => {
      if (this.#source !== source) return;
      const missedSome = this.#wasOpen || this.#status === 'polling';
      this.#wasOpen = true;
      this.#stopPolling();
      this.#setStatus('live');
      if (missedSome) this.#emit({ kind: 'refresh' });
    });
    source.addEventListener('error', () => {
      if (this.#source !== source) return;
      this.#startPolling();
      // CLOSED: the browser will not retry by itself (a 401, a 404, not an event stream).
      if (source.readyState === CLOSED) {
        source.close();
        this.#source = undefined;
        this.#reopenTimer = this.#options.setTimer(() => this.#open(), this.#options.reopenMs);
      }
    });
    source.addEventListener('slot', (event) => {
      const change = parseSlotEvent(event.data);
      if (change) this.#emit(change);
    });
    source.addEventListener('alert', () => this.#emit({ kind: 'alert' }));
    source.addEventListener('resync', () => this.#emit({ kind: 'refresh' }));
  }

  #startPolling(): void {
    if (this.#status === 'polling') return;
    this.#setStatus('polling');
    const tick = () => {
      this.#pollTimer = this.#options.setTimer(tick, this.#options.pollMs);
      this.#emit({ kind: 'refresh' });
    };
    this.#pollTimer = this.#options.setTimer(tick, this.#options.pollMs);
  }

  #stopPolling(): void {
    if (this.#pollTimer !== undefined) this.#options.clearTimer(this.#pollTimer);
    this.#pollTimer = undefined;
  }

  #setStatus(status: LiveStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    for (const listener of this.#statusListeners) listener(status);
  }

  #emit(change: LiveChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}
