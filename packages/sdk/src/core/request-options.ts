/** Per-call options every SDK method accepts as its last argument. */
export interface RequestOptions {
  /** Cancels the call, including its retries and back-off sleeps. */
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout in ms, overriding the client's. */
  timeout?: number | undefined;
  /** Retries for this call, overriding the client's. */
  maxRetries?: number | undefined;
  /**
   * Idempotency-Key for a POST; by default a random UUID made once per call. Pass your own (e.g.
   * derived from your event id) to deduplicate across process restarts.
   */
  idempotencyKey?: string | undefined;
  /** Extra headers for this call. */
  headers?: Record<string, string> | undefined;
}
