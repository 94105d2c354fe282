import type { AlertChannel } from '../../../domain/alerts/channel.js';

/** How long a channel is kept at most without news of a change (a missed change-feed message, an edit made outside the API). */
export const CHANNEL_CACHE_TTL_MS = 5_000;

/**
 * The channels a sender sends through, kept between sends so a notification costs no channel
 * read: the sender drops them all when the change feed says a channel was created, changed or
 * deleted (or its LISTEN connection was restored), and each one after `ttlMs` in any case. A read
 * that began before such a drop is returned to those that asked then, but not kept, nor shared
 * with later callers. A channel that is missing or cannot be read is never kept.
 */
export class ChannelCache {
  readonly #entries = new Map<number, { channel: AlertChannel; readAt: number }>();
  readonly #reading = new Map<number, Promise<AlertChannel | undefined>>();
  #generation = 0;

  constructor(
    private readonly read: (id: number) => Promise<AlertChannel | undefined>,
    private readonly ttlMs = CHANNEL_CACHE_TTL_MS,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  async get(id: number): Promise<AlertChannel | undefined> {
    const kept = this.#entries.get(id);
    if (kept && this.clock() - kept.readAt < this.ttlMs) return kept.channel;
    // Sends that start together (a burst on one channel) share one read.
    const reading = this.#reading.get(id);
    if (reading) return reading;
    const read = this.#read(id).finally(() => {
      if (this.#reading.get(id) === read) this.#reading.delete(id);
    });
    this.#reading.set(id, read);
    return read;
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
    this.#reading.clear();
  }

  async #read(id: number): Promise<AlertChannel | undefined> {
    const generation = this.#generation;
    const readAt = this.clock();
    const channel = await this.read(id);
    if (channel && generation === this.#generation) this.#entries.set(id, { channel, readAt });
    else this.#entries.delete(id);
    return channel;
  }
}
