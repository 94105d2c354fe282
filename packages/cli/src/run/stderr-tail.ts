/**
 * How much of a command's stderr a Failed status carries, at most. 4000, not 4096: the SDK cuts
 * status messages at 4000 characters keeping their start, and the end of stderr (usually the
 * reason) must survive.
 */
export const TAIL_CHARS = 4000;

/**
 * Keeps the last `limit` bytes written to it: the end of a command's stderr, for a Failed status.
 * `luco run` keeps twice TAIL_CHARS, so redaction sees whole secrets before the cut.
 */
export class StderrTail {
  readonly #limit: number;
  #chunks: Buffer[] = [];
  #size = 0;

  constructor(limit = TAIL_CHARS) {
    this.#limit = limit;
  }

  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    // Drop whole chunks from the front while the rest still covers the limit.
    while (this.#chunks.length > 1 && this.#size - (this.#chunks[0]?.length ?? 0) >= this.#limit) {
      this.#size -= this.#chunks.shift()?.length ?? 0;
    }
  }

  /** The kept text, trimmed; a character cut in half at the start is dropped. */
  text(): string {
    const all = Buffer.concat(this.#chunks);
    const tail = all.subarray(Math.max(0, all.length - this.#limit));
    return tail.toString('utf8').replace(/^\uFFFD+/, '').trim();
  }
}
