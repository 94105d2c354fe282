/**
 * Reads a JWT's `exp` claim as epoch milliseconds, without verifying the signature: the SDK only
 * needs to know when to fetch a new token, and the server is the one that checks it.
 * Returns undefined for anything that is not a three-part JWT with a numeric `exp`.
 */
export function jwtExpiry(token: string): number | undefined {
  if (typeof token !== 'string') return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const payload = parts[1];
  if (payload === undefined || !/^[A-Za-z0-9_-]+$/.test(payload)) return undefined;

  let claims: unknown;
  try {
    claims = JSON.parse(decodeBase64Url(payload));
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return undefined;
  const exp = (claims as Record<string, unknown>).exp;
  // `exp` is NumericDate: seconds since the epoch (RFC 7519 section 2).
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= 0) return undefined;
  return exp * 1000;
}

/** atob + TextDecoder rather than Buffer, so the helper works in any JS runtime. */
function decodeBase64Url(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
