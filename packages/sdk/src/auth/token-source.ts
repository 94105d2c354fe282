import { AzureCredentialProvider } from './azure-credential-provider.js';
import { ClientCredentialsProvider } from './client-credentials.js';
import { IdentityTokenProvider } from './identity-provider.js';
import { defaultScope } from './scope.js';
import { sharedCycler } from './shared-cyclers.js';
import { TokenCycler } from './token-cycler.js';
import type { TokenProvider, TokenSource } from './types.js';
import type { ResolvedConfig } from '../options/resolve.js';
import type { SdkLog } from '../core/log.js';
import type { Redactor } from '../core/redact.js';

/**
 * The configured credential, behind one token cycler (caching, single-flight refresh). Client
 * credentials share their cycler with the process's other clients of the same service principal
 * (shared-cyclers.ts), so a new client reuses a token already fetched.
 */
export function createTokenSource(config: ResolvedConfig, shared: { log: SdkLog; redactor: Redactor; userAgent: string }): TokenSource {
  const { credential } = config;
  let provider: TokenProvider;
  switch (credential.kind) {
    case 'client-credentials': {
      // Built even when a shared cycler exists: it checks the options and registers the secret
      // with this client's redactor, as for the first client.
      const clientCredentials = new ClientCredentialsProvider({
        tenantId: credential.tenantId,
        clientId: credential.clientId,
        clientSecret: credential.clientSecret,
        resourceId: credential.resourceId,
        authorityHost: credential.authorityHost,
        tokenUrl: credential.tokenUrl,
        allowHttp: credential.allowHttp,
        baseUrl: config.baseUrl,
        fetch: config.fetch,
        timeoutMs: Math.min(config.timeoutMs, 30_000),
        maxRetries: config.maxRetries,
        backoff: config.backoff,
        log: shared.log,
        redactor: shared.redactor,
        userAgent: shared.userAgent,
      });
      const cycler = sharedCycler(
        { fetch: config.fetch, tokenUrl: clientCredentials.tokenUrl, clientId: credential.clientId, scope: defaultScope(credential.resourceId), clientSecret: credential.clientSecret },
        () => new TokenCycler(clientCredentials, { log: shared.log, redactor: shared.redactor }),
      );
      return new RedactedTokens(cycler, shared.redactor);
    }
    case 'identity':
      provider = new IdentityTokenProvider(credential.identity, { redactor: shared.redactor });
      break;
    case 'azure-credential':
      provider = new AzureCredentialProvider(credential.credential, { resourceId: credential.resourceId, redactor: shared.redactor });
      break;
  }
  return new TokenCycler(provider, { log: shared.log, redactor: shared.redactor });
}

/**
 * A shared cycler's tokens reach this client's redactor too (the provider registers them only with
 * the redactor of the client that built it), so none of this client's logs or errors can show one.
 */
class RedactedTokens implements TokenSource {
  #last: string | undefined;

  constructor(
    private readonly source: TokenSource,
    private readonly redactor: Redactor,
  ) {}

  async getToken(options?: { signal?: AbortSignal | undefined }): Promise<string> {
    const token = await this.source.getToken(options);
    if (token !== this.#last) {
      this.redactor.add(token);
      this.#last = token;
    }
    return token;
  }

  invalidate(): void {
    this.source.invalidate();
  }
}
