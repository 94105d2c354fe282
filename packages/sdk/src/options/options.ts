import type { AzureTokenCredential, LucoIdentity } from '../auth/types.js';
import type { IdempotencySupport } from '../core/idempotency.js';
import type { Logger, LogLevel } from '../core/log.js';
import type { BackoffPolicy } from '../core/retry.js';
import type { FetchLike } from '../core/transport.js';

export interface LucoApiOptions {
  /** The API's base URL, e.g. `https://luco.example.com/api`. Env: `LUCO_BASE_URL`. */
  baseUrl?: string | undefined;
  /** Azure AD tenant of the service principal. Env: `LUCO_TENANT_ID`. */
  tenantId?: string | undefined;
  /** Service principal's application (client) id. Env: `LUCO_CLIENT_ID`. */
  clientId?: string | undefined;
  /** Service principal's secret. Env: `LUCO_CLIENT_SECRET`. Never logged. */
  clientSecret?: string | undefined;
  /** Application id of the Luco API's app registration; the scope is `<resourceId>/.default`. Env: `LUCO_RESOURCE_ID`. */
  resourceId?: string | undefined;
  /**
   * Instead of a service principal: an object with `generateToken()` (LucoPy's custom identity),
   * or any Azure credential with `getToken(scopes)` such as `@azure/identity`'s.
   */
  identity?: LucoIdentity | AzureTokenCredential | undefined;
  /** Azure AD authority; default `https://login.microsoftonline.com`. Env: `LUCO_AUTHORITY_HOST`. */
  authorityHost?: string | undefined;
  /** A full token endpoint URL (e.g. a LucoTS server's `/oauth2/token`), used instead of the authority. Env: `LUCO_TOKEN_URL`. */
  tokenUrl?: string | undefined;
  /**
   * Allow plain http to hosts other than this machine (the base URL, token URL and authority), for
   * a server in a private network behind a proxy that terminates TLS. Warned about once per host
   * per process. Default false; loopback hosts never need it. Env: `LUCO_ALLOW_HTTP=1`.
   */
  allowHttp?: boolean | undefined;
  /** Per-attempt timeout in ms (connect, headers and body). Default 60 000. */
  timeout?: number | undefined;
  /** Retries after the first attempt, for transient failures. Default 2. */
  maxRetries?: number | undefined;
  /** Where log lines go; default `console`. Every line is redacted. */
  logger?: Logger | undefined;
  /** `off`, `error`, `warn` (default), `info` or `debug`. Env: `LUCO_LOG`. */
  logLevel?: LogLevel | undefined;
  /** A fetch implementation; by default the SDK sends through node:http(s) itself (keep-alive, no-delay, redirects and compression as fetch handles them), at a fraction of fetch's CPU. */
  fetch?: FetchLike | undefined;
  /**
   * Whether the server honours Idempotency-Key, which allows retrying POSTs that may have reached it.
   * Default `auto`: learned from the server's `x-luco-idempotency` response header.
   */
  idempotency?: IdempotencySupport | undefined;
  /** Headers added to every API request. */
  defaultHeaders?: Record<string, string> | undefined;
  /** Back-off tuning (delays in ms, the random source). */
  backoff?: Partial<BackoffPolicy> | undefined;
  /** Where `LUCO_*` variables are read from; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}
