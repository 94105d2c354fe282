import { errors } from 'jose';
import { TokenError } from './token-error.js';

/** Translates a jose verification failure into a TokenError, dropping jose's message and payload. */
export function toTokenError(error: unknown): TokenError {
  if (error instanceof TokenError) return error;
  if (error instanceof errors.JWTExpired) return new TokenError('expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return new TokenError('wrong_audience');
    if (error.claim === 'iss') return new TokenError('wrong_issuer');
    return new TokenError('malformed');
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JOSEAlgNotAllowed ||
    // Several keys matched the header and none of them verified the signature.
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return new TokenError('bad_signature');
  }
  if (error instanceof errors.JWKSNoMatchingKey) return new TokenError('unknown_key');
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return new TokenError('unavailable');
  // jose throws its generic JOSEError only for a failed JWKS download (non-200, bad JSON).
  if (error instanceof errors.JOSEError && error.code !== 'ERR_JOSE_GENERIC') return new TokenError('malformed');
  // Anything else (network failure, generic errors) is infrastructure, not a bad token.
  return new TokenError('unavailable');
}
