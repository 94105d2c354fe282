export { ROLES, highestRole, isRole, roleAllows, type Role } from './roles.js';
export { UNMATCHABLE_SECRET_HASH, generateClientId, generateClientSecret, hashSecret, verifySecret } from './secrets.js';
export { parseClientCredentials, type ClientCredentials, type ParsedClientCredentials } from './basic-auth.js';
export { isAcceptedScope } from './scope.js';
export {
  InMemorySigningKeyStore,
  generateSigningKey,
  type SigningKey,
  type SigningKeyStore,
} from './signing-keys.js';
export { KeyEncryptionError, KeyEncryptionKeys, type OpenedSecret } from './key-encryption.js';
export { CLIENT_STATE_TTL_MS, ClientStateCheck, type ClientState, type ClientStateCheckOptions, type ClientStateLookup } from './client-state-check.js';
export { TokenError, type TokenErrorReason } from './token-error.js';
export type { BearerVerifier, Principal } from './principal.js';
export {
  CLOCK_TOLERANCE_SECONDS,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  TokenIssuer,
  TokenVerifier,
  acceptedAudiences,
  type IssuedToken,
  type TokenIssuerOptions,
  type TokenVerifierOptions,
} from './tokens.js';
export { DEFAULT_OIDC_ROLE_MAP, OidcVerifier, type OidcVerifierOptions } from './oidc.js';
export { RateLimiter, type RateLimiterOptions, type RatePolicy } from './rate-limiter.js';
export { TOKEN_ENDPOINT_LIMITS, TokenEndpointLimiter, type TokenEndpointLimitPolicies } from './token-endpoint-limits.js';
