/**
 * Counts sends in flight, overall and per channel, so one channel whose receiver hangs holds at
 * most its own share and never the sender's other work.
 */
export class InFlight {
  readonly #byChannel = new Map<number, number>();
  #total = 0;

  constructor(
    private readonly overall: number,
    private readonly perChannel: number,
  ) {}

  get size(): number {
    return this.#total;
  }

  /** How many more sends may start now. */
  freeOverall(): number {
    return Math.max(0, this.overall - this.#total);
  }

  /** Free places of every channel that has sends in flight (the others have `perChannel`). */
  freeByChannel(): Map<number, number> {
    return new Map([...this.#byChannel].map(([channelId, count]) => [channelId, Math.max(0, this.perChannel - count)]));
  }

  add(channelId: number): void {
    this.#byChannel.set(channelId, (this.#byChannel.get(channelId) ?? 0) + 1);
    this.#total++;
  }

  remove(channelId: number): void {
    const count = (this.#byChannel.get(channelId) ?? 1) - 1;
    if (count <= 0) this.#byChannel.delete(channelId);
    else this.#byChannel.set(channelId, count);
    this.#total = Math.max(0, this.#total - 1);
  }
}
