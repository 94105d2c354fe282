import { AuthError } from '../core/errors.js';
import type { AccessToken } from './types.js';

/**
 * Checks what a credential handed back before it is cached. Messages name the source and the
 * problem, never the value: a malformed token may still be a real secret.
 */
export function checkedAccessToken(
  source: string,
  token: unknown,
  expiresOnTimestamp: unknown,
  refreshAfterTimestamp?: unknown,
): AccessToken {
  const checked: AccessToken = { token: checkedTokenString(source, token), expiresOnTimestamp: checkedTimestamp(source, 'expiry', expiresOnTimestamp) };
  if (refreshAfterTimestamp !== undefined) {
    checked.refreshAfterTimestamp = checkedTimestamp(source, 'refreshAfterTimestamp', refreshAfterTimestamp);
  }
  return checked;
}

export function checkedTokenString(source: string, token: unknown): string {
  if (typeof token !== 'string' || token.trim() === '') {
    throw new AuthError(`${source} returned an invalid token: the token must be a non-empty string`);
  }
  return token;
}

/** Accepts epoch milliseconds or a Date. */
function checkedTimestamp(source: string, what: string, value: unknown): number {
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new AuthError(`${source} returned an invalid token: the ${what} must be a valid Date or epoch milliseconds`);
  }
  return ms;
}

/** An error's message for wrapping (to be redacted by the caller). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : 'non-Error value thrown';
}
