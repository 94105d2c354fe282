import { AzureCredentialProvider } from './azure-credential-provider.js';
import { ClientCredentialsProvider } from './client-credentials.js';
import { IdentityTokenProvider } from './identity-provider.js';
import { TokenCycler } from './token-cycler.js';
import type { TokenProvider, TokenSource } from './types.js';
import type { ResolvedConfig } from '../options/resolve.js';
import type { SdkLog } from '../core/log.js';
import type { Redactor } from '../core/redact.js';

/** The configured credential, behind one token cycler (caching, single-flight refresh). */
export function createTokenSource(config: ResolvedConfig, shared: { log: SdkLog; redactor: Redactor; userAgent: string }): TokenSource {
  const { credential } = config;
  let provider: TokenProvider;
  switch (credential.kind) {
    case 'client-credentials':
      provider = new ClientCredentialsProvider({
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
      break;
    case 'identity':
      provider = new IdentityTokenProvider(credential.identity, { redactor: shared.redactor });
      break;
    case 'azure-credential':
      provider = new AzureCredentialProvider(credential.credential, { resourceId: credential.resourceId, redactor: shared.redactor });
      break;
  }
  return new TokenCycler(provider, { log: shared.log, redactor: shared.redactor });
}
