/** A bearer token and when it stops being valid (epoch milliseconds). */
export interface AccessToken {
  token: string;
  expiresOnTimestamp: number;
  /** When the identity provider suggests refreshing (Azure AD's `refresh_in`), epoch ms. */
  refreshAfterTimestamp?: number;
}

/** What the HTTP layer asks for a token. Implemented by the token cycler. */
export interface TokenSource {
  getToken(options?: { signal?: AbortSignal | undefined }): Promise<string>;
  /** Drops the cached token so the next getToken fetches a new one (after a 401). */
  invalidate(): void;
}

/**
 * A custom identity, LucoPy's `identity=` object in TypeScript: `generateToken()` returns the
 * token with its expiry. A bare string is accepted too; if it is a JWT its `exp` claim gives the
 * expiry, otherwise it is fetched again for every request.
 */
export interface LucoIdentity {
  generateToken(): Promise<GeneratedToken> | GeneratedToken;
}

export type GeneratedToken =
  | string
  | AccessToken
  | { token: string; expiresOn: Date | number }
  | readonly [token: string, expiresOn: Date | number];

/**
 * Any Azure-style credential (`@azure/identity`'s DefaultAzureCredential, ManagedIdentityCredential...),
 * recognised by shape so the SDK does not depend on that package.
 */
export interface AzureTokenCredential {
  getToken(
    scopes: string | string[],
    options?: { abortSignal?: AbortSignal | undefined },
  ): Promise<{ token: string; expiresOnTimestamp: number; refreshAfterTimestamp?: number } | null>;
}

/** The single-token operation every credential kind is adapted to. */
export interface TokenProvider {
  fetchToken(options: { signal?: AbortSignal | undefined }): Promise<AccessToken | { token: string; expiresOnTimestamp?: undefined }>;
}
