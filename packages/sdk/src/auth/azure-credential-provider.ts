import { APIUserAbortError, AuthError, ValidationError } from '../core/errors.js';
import type { Redactor } from '../core/redact.js';
import { defaultScope } from './scope.js';
import { checkedAccessToken, describeError } from './token-checks.js';
import type { AccessToken, AzureTokenCredential, TokenProvider } from './types.js';

const SOURCE = 'Azure credential';

/**
 * Adapts any `@azure/identity`-style credential (DefaultAzureCredential, ManagedIdentityCredential...)
 * by shape, so users get managed identity without the SDK depending on that package.
 */
export class AzureCredentialProvider implements TokenProvider {
  readonly #credential: AzureTokenCredential;
  readonly #scope: string;
  readonly #redactor: Redactor;

  constructor(credential: AzureTokenCredential, options: { resourceId: string; redactor: Redactor }) {
    if (typeof (credential as Partial<AzureTokenCredential> | null | undefined)?.getToken !== 'function') {
      throw new ValidationError('credential', 'must be an object with a getToken(scopes, options) method');
    }
    if (typeof options.resourceId !== 'string' || options.resourceId.trim() === '') {
      throw new ValidationError('resourceId', 'must be a non-empty string');
    }
    this.#credential = credential;
    this.#scope = defaultScope(options.resourceId);
    this.#redactor = options.redactor;
  }

  get scope(): string {
    return this.#scope;
  }

  async fetchToken(options: { signal?: AbortSignal | undefined } = {}): Promise<AccessToken> {
    const { signal } = options;
    if (signal?.aborted) throw new APIUserAbortError({ cause: signal.reason });
    let result: Awaited<ReturnType<AzureTokenCredential['getToken']>>;
    try {
      result = await this.#credential.getToken(this.#scope, { abortSignal: signal });
    } catch (error) {
      if (signal?.aborted) throw new APIUserAbortError({ cause: signal.reason });
      if (error instanceof AuthError) throw error;
      throw new AuthError(
        `${SOURCE} could not get a token for scope ${this.#scope}: ${this.#redactor.redact(describeError(error))}`,
        { cause: error, code: azureErrorCode(error) },
      );
    }
    // @azure/core-auth allows null for "no token"; treat it as the failure it is.
    if (result === null || result === undefined) {
      throw new AuthError(`${SOURCE} returned no token for scope ${this.#scope}`);
    }
    const token = checkedAccessToken(SOURCE, result.token, result.expiresOnTimestamp, result.refreshAfterTimestamp);
    this.#redactor.add(token.token);
    return token;
  }
}

/** @azure/identity's AuthenticationError carries the OAuth error in `errorResponse.error`. */
function azureErrorCode(error: unknown): string | undefined {
  const code = (error as { errorResponse?: { error?: unknown } } | null | undefined)?.errorResponse?.error;
  return typeof code === 'string' && code !== '' ? code : undefined;
}
