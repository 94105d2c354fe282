import { APIUserAbortError, AuthError, ValidationError } from '../core/errors.js';
import type { Redactor } from '../core/redact.js';
import { jwtExpiry } from './jwt-expiry.js';
import { checkedAccessToken, checkedTokenString, describeError } from './token-checks.js';
import type { AccessToken, LucoIdentity, TokenProvider } from './types.js';

const SOURCE = 'Custom identity';

/**
 * Adapts a custom identity (LucoPy's `identity=`) to the token cycler. Unlike LucoPy, an error
 * from `generateToken()` keeps its cause, and timezone mistakes cannot happen: expiries are
 * absolute (a Date or epoch milliseconds).
 */
export class IdentityTokenProvider implements TokenProvider {
  readonly #identity: LucoIdentity;
  readonly #redactor: Redactor;

  constructor(identity: LucoIdentity, options: { redactor: Redactor }) {
    if (typeof (identity as Partial<LucoIdentity> | null | undefined)?.generateToken !== 'function') {
      throw new ValidationError('identity', 'must be an object with a generateToken() method');
    }
    this.#identity = identity;
    this.#redactor = options.redactor;
  }

  async fetchToken(
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<AccessToken | { token: string; expiresOnTimestamp?: undefined }> {
    if (options.signal?.aborted) throw new APIUserAbortError({ cause: options.signal.reason });
    let generated: unknown;
    try {
      generated = await this.#identity.generateToken();
    } catch (error) {
      if (error instanceof AuthError) throw error;
      throw new AuthError(`${SOURCE} failed to generate a token: ${this.#redactor.redact(describeError(error))}`, {
        cause: error,
      });
    }
    const result = normalizeGeneratedToken(generated);
    this.#redactor.add(result.token);
    return result;
  }
}

/**
 * Every form `generateToken()` may return, as the cycler's shape. A bare string carries its expiry
 * only if it is a JWT; otherwise it has none and is fetched again for each request.
 */
export function normalizeGeneratedToken(value: unknown): AccessToken | { token: string } {
  if (typeof value === 'string') {
    const token = checkedTokenString(SOURCE, value);
    const expiresOnTimestamp = jwtExpiry(token);
    return expiresOnTimestamp === undefined ? { token } : { token, expiresOnTimestamp };
  }
  if (Array.isArray(value)) {
    if (value.length !== 2) throw invalidShape();
    return checkedAccessToken(SOURCE, value[0], value[1]);
  }
  if (typeof value === 'object' && value !== null) {
    const fields = value as Record<string, unknown>;
    if ('expiresOnTimestamp' in fields) {
      return checkedAccessToken(SOURCE, fields.token, fields.expiresOnTimestamp, fields.refreshAfterTimestamp);
    }
    if ('expiresOn' in fields) return checkedAccessToken(SOURCE, fields.token, fields.expiresOn);
  }
  throw invalidShape();
}

function invalidShape(): AuthError {
  return new AuthError(
    `${SOURCE} returned an invalid token: expected a string, an AccessToken, {token, expiresOn} or [token, expiresOn]`,
  );
}
