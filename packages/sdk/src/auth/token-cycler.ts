import { APIUserAbortError, AuthError } from '../core/errors.js';
import type { SdkLog } from '../core/log.js';
import type { Redactor } from '../core/redact.js';
import { describeError } from './token-checks.js';
import type { TokenProvider, TokenSource } from './types.js';

export interface TokenCyclerOptions {
  log: SdkLog;
  redactor: Redactor;
  /** Clock, epoch ms (default Date.now); injectable for tests. */
  now?: (() => number) | undefined;
}

/** Start refreshing this long before expiry: Entra ID's allowed clock skew. */
export const REFRESH_WINDOW_MS = 5 * 60_000;
/** Inside this margin the cached token is not served any more: callers wait for a new one. */
export const MUST_REFRESH_MARGIN_MS = 30_000;
/** A failed background refresh is not tried again sooner than this (as Azure's token cycler). */
export const BACKGROUND_RETRY_INTERVAL_MS = 3_000;

interface CachedToken {
  token: string;
  /** Undefined: the provider gave no lifetime, so the token is never reused. */
  expiresOn: number | undefined;
  refreshAt: number;
}

/**
 * Caches a provider's token and decides when to fetch a new one:
 * - before the should-refresh point the cached token is served as is;
 * - after it, the cached token is still served while one refresh runs in the background;
 * - with no token, or within 30 s of expiry, callers wait for the fetch and see its error.
 * Only one fetch runs at a time; every caller that needs one shares it.
 */
export class TokenCycler implements TokenSource {
  readonly #provider: TokenProvider;
  readonly #log: SdkLog;
  readonly #redactor: Redactor;
  readonly #now: () => number;

  #cached: CachedToken | undefined;
  #inFlight: Promise<CachedToken> | undefined;
  /** Bumped by invalidate(): a fetch started under an older generation may not install its token. */
  #generation = 0;
  #lastBackgroundFailureAt: number | undefined;

  constructor(provider: TokenProvider, options: TokenCyclerOptions) {
    this.#provider = provider;
    this.#log = options.log;
    this.#redactor = options.redactor;
    this.#now = options.now ?? (() => Date.now());
  }

  async getToken(options: { signal?: AbortSignal | undefined } = {}): Promise<string> {
    const { signal } = options;
    if (signal?.aborted) throw new APIUserAbortError({ cause: signal.reason });

    const now = this.#now();
    const cached = this.#cached;
    if (cached?.expiresOn !== undefined && now < cached.expiresOn - MUST_REFRESH_MARGIN_MS) {
      if (now >= cached.refreshAt) this.#refreshInBackground(now);
      return cached.token;
    }
    const fresh = await waitFor(this.#fetch(), signal);
    return fresh.token;
  }

  invalidate(): void {
    this.#generation++;
    this.#cached = undefined;
    // Callers already waiting keep their promise; new callers must not join a pre-invalidation fetch.
    this.#inFlight = undefined;
    this.#lastBackgroundFailureAt = undefined;
  }

  #refreshInBackground(now: number): void {
    if (this.#inFlight) return;
    const lastFailure = this.#lastBackgroundFailureAt;
    if (lastFailure !== undefined && now - lastFailure < BACKGROUND_RETRY_INTERVAL_MS) return;
    const generation = this.#generation;
    this.#fetch().catch((error: unknown) => {
      if (generation === this.#generation) this.#lastBackgroundFailureAt = this.#now();
      const fields: Record<string, unknown> = { error: this.#redactor.redact(describeError(error)) };
      if (error instanceof AuthError && error.code !== undefined) fields.code = error.code;
      this.#log.warn('Background token refresh failed; the current token is still used', fields);
    });
  }

  /** The shared fetch: joins the one in flight or starts one. */
  #fetch(): Promise<CachedToken> {
    if (this.#inFlight) return this.#inFlight;
    const generation = this.#generation;
    const promise = this.#fetchAndInstall(generation);
    this.#inFlight = promise;
    // Clearing in a reaction (always asynchronous) means #inFlight is set before it can be cleared,
    // even if the provider fails synchronously. The reaction also marks the rejection as handled.
    const clear = () => {
      if (this.#inFlight === promise) this.#inFlight = undefined;
    };
    promise.then(clear, clear);
    return promise;
  }

  async #fetchAndInstall(generation: number): Promise<CachedToken> {
    let result: Awaited<ReturnType<TokenProvider['fetchToken']>>;
    try {
      // No caller signal: one caller giving up must not cancel a fetch others are waiting for.
      result = await this.#provider.fetchToken({});
    } catch (error) {
      if (error instanceof AuthError) throw error;
      throw new AuthError(`Could not obtain an access token: ${this.#redactor.redact(describeError(error))}`, {
        cause: error,
      });
    }
    const entry = toCacheEntry(result, this.#now());
    if (generation === this.#generation) {
      // Tokens without a lifetime are never reused, so they are not kept either.
      this.#cached = entry.expiresOn === undefined ? undefined : entry;
      this.#lastBackgroundFailureAt = undefined;
    } else {
      this.#log.debug('Discarded a token fetched before the cache was invalidated');
    }
    return entry;
  }
}

/**
 * The should-refresh point: the provider's hint, else the later of 5 min before expiry and half the
 * lifetime, so a short-lived token (say 6 min) is not refreshed on almost every call.
 */
function toCacheEntry(
  result: { token: string; expiresOnTimestamp?: number | undefined; refreshAfterTimestamp?: number | undefined },
  obtainedAt: number,
): CachedToken {
  const expiresOn = result.expiresOnTimestamp;
  if (expiresOn === undefined) return { token: result.token, expiresOn: undefined, refreshAt: obtainedAt };
  const hint = result.refreshAfterTimestamp;
  const refreshAt =
    hint !== undefined && Number.isFinite(hint) && hint < expiresOn
      ? hint
      : Math.max(expiresOn - REFRESH_WINDOW_MS, obtainedAt + (expiresOn - obtainedAt) / 2);
  return { token: result.token, expiresOn, refreshAt };
}

/** Waits for a shared promise; the caller's abort ends only this caller's wait. */
function waitFor<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new APIUserAbortError({ cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
