export type * from './types.js';
export { jwtExpiry } from './jwt-expiry.js';
export { defaultScope } from './scope.js';
export { ClientCredentialsProvider, DEFAULT_AUTHORITY_HOST, type ClientCredentialsOptions } from './client-credentials.js';
export { IdentityTokenProvider, normalizeGeneratedToken } from './identity-provider.js';
export { AzureCredentialProvider } from './azure-credential-provider.js';
export {
  TokenCycler,
  REFRESH_WINDOW_MS,
  MUST_REFRESH_MARGIN_MS,
  BACKGROUND_RETRY_INTERVAL_MS,
  type TokenCyclerOptions,
} from './token-cycler.js';
