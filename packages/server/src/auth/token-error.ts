export type TokenErrorReason =
  | 'malformed'
  | 'expired'
  | 'bad_signature'
  | 'wrong_audience'
  | 'wrong_issuer'
  | 'unknown_key'
  | 'no_role'
  /** Our client behind the token no longer exists or was revoked. */
  | 'revoked'
  /** Our client behind the token now has another role than the token says. */
  | 'role_changed'
  /** The external issuer's keys could not be fetched: not the caller's fault (maps to 503, not 401). */
  | 'unavailable';

// Fixed texts: messages end up in logs and responses, so they never include the token or its claims.
const MESSAGES: Record<TokenErrorReason, string> = {
  malformed: 'token is malformed',
  expired: 'token has expired',
  bad_signature: 'token signature is invalid',
  wrong_audience: 'token audience is not accepted',
  wrong_issuer: 'token issuer is not accepted',
  unknown_key: 'token signing key is unknown',
  no_role: 'token grants no role',
  revoked: 'token client is revoked or unknown',
  role_changed: 'token role no longer matches its client',
  unavailable: 'token issuer keys are unavailable',
};

/** Why a bearer token was rejected. Deliberately carries no `cause`, which could hold claims. */
export class TokenError extends Error {
  override readonly name = 'TokenError';
  readonly reason: TokenErrorReason;

  constructor(reason: TokenErrorReason) {
    super(MESSAGES[reason]);
    this.reason = reason;
  }
}
