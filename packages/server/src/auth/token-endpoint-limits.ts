import { RateLimiter, type RateLimiterOptions, type RatePolicy } from './rate-limiter.js';

/**
 * Limits of the token endpoint, per instance (see docs/deployment.md):
 * - every request per remote address: generous, only stops floods;
 * - failed client authentications per remote address, and per client id (whatever address:
 *   spreading guesses over addresses does not help, but it can lock one client id out).
 */
export const TOKEN_ENDPOINT_LIMITS = {
  requestsPerAddress: { burst: 300, perMinute: 300 },
  failuresPerAddress: { burst: 10, perMinute: 10 },
  failuresPerClient: { burst: 20, perMinute: 20 },
} as const satisfies Record<string, RatePolicy>;

export type TokenEndpointLimitPolicies = Record<keyof typeof TOKEN_ENDPOINT_LIMITS, RatePolicy>;

/** Decides whether a token request may be tried at all, before any secret is checked. */
export class TokenEndpointLimiter {
  readonly #requests: RateLimiter;
  readonly #addressFailures: RateLimiter;
  readonly #clientFailures: RateLimiter;

  constructor(policies: TokenEndpointLimitPolicies = TOKEN_ENDPOINT_LIMITS, options: RateLimiterOptions = {}) {
    this.#requests = new RateLimiter(policies.requestsPerAddress, options);
    this.#addressFailures = new RateLimiter(policies.failuresPerAddress, options);
    this.#clientFailures = new RateLimiter(policies.failuresPerClient, options);
  }

  /** Counts a request; whole seconds the caller must wait (Retry-After), or 0 to go ahead. */
  admit(address: string, clientId: string | undefined): number {
    const waits = [this.#requests.waitMs(address), this.#addressFailures.waitMs(address), clientId === undefined ? 0 : this.#clientFailures.waitMs(clientId)];
    const wait = Math.max(...waits);
    if (wait > 0) return Math.max(1, Math.ceil(wait / 1000));
    this.#requests.take(address);
    return 0;
  }

  /** A request that failed client authentication. */
  recordFailure(address: string, clientId: string | undefined): void {
    this.#addressFailures.take(address);
    if (clientId !== undefined) this.#clientFailures.take(clientId);
  }
}
