/**
 * Whether the server honours the Idempotency-Key header, which decides if a POST that may have
 * reached the server can be sent again. LucoTS's server says so on every response with
 * `x-luco-idempotency: honoured`; the hosted Luco API is not known to, so the default is to learn
 * it from the first response rather than assume.
 */

export const IDEMPOTENCY_CAPABILITY_HEADER = 'x-luco-idempotency';

/** `auto`: learn from responses; `honoured`/`not-honoured`: the caller knows. */
export type IdempotencySupport = 'auto' | 'honoured' | 'not-honoured';

export class IdempotencyCapability {
  #learned = false;

  constructor(private readonly setting: IdempotencySupport) {}

  observe(headers: Headers): void {
    if (this.setting !== 'auto' || this.#learned) return;
    if (headers.get(IDEMPOTENCY_CAPABILITY_HEADER)?.toLowerCase() === 'honoured') this.#learned = true;
  }

  get honoured(): boolean {
    if (this.setting === 'honoured') return true;
    if (this.setting === 'not-honoured') return false;
    return this.#learned;
  }
}
