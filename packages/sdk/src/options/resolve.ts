import { DEFAULT_AUTHORITY_HOST } from '../auth/client-credentials.js';
import type { AzureTokenCredential, LucoIdentity } from '../auth/types.js';
import type { LucoApiOptions } from './options.js';
import { ValidationError } from '../core/errors.js';
import { isLogLevel, type Logger, type LogLevel } from '../core/log.js';
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../core/retry.js';
import { nodeHttpFetch } from '../core/node-transport.js';
import type { FetchLike } from '../core/transport.js';
import { secureUrl } from '../core/urls.js';
import { describe } from '../core/validate.js';
import type { IdempotencySupport } from '../core/idempotency.js';

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 2;

export type CredentialConfig =
  | {
      kind: 'client-credentials';
      tenantId: string | undefined;
      clientId: string;
      clientSecret: string;
      resourceId: string;
      authorityHost: string;
      tokenUrl: string | undefined;
      allowHttp: boolean;
    }
  | { kind: 'identity'; identity: LucoIdentity }
  | { kind: 'azure-credential'; credential: AzureTokenCredential; resourceId: string };

export interface ResolvedConfig {
  baseUrl: string;
  /** Plain http to other machines was opted into (`allowHttp`, `LUCO_ALLOW_HTTP`). */
  allowHttp: boolean;
  credential: CredentialConfig;
  timeoutMs: number;
  maxRetries: number;
  logger: Logger;
  logLevel: LogLevel;
  fetch: FetchLike;
  idempotency: IdempotencySupport;
  defaultHeaders: Record<string, string>;
  backoff: BackoffPolicy;
}

/**
 * Options, then `LUCO_*` variables, then defaults. An empty string counts as missing (as in
 * LucoPy). Everything is checked here, so a bad configuration fails at construction, not at the
 * first request.
 */
export function resolveConfig(options: LucoApiOptions): ResolvedConfig {
  const env = options.env ?? process.env;
  const pick = (value: string | undefined, variable: string): string | undefined => {
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw new ValidationError(variable, `must be a string, got ${describe(value)}`);
    }
    return value || env[variable] || undefined;
  };

  const rawBaseUrl = pick(options.baseUrl, 'LUCO_BASE_URL');
  if (!rawBaseUrl) throw new ValidationError('baseUrl', 'is required: pass baseUrl or set LUCO_BASE_URL');
  const allowHttp = resolveAllowHttp(options.allowHttp, env.LUCO_ALLOW_HTTP);
  const baseUrl = secureUrl('baseUrl', rawBaseUrl, { allowHttp });

  const credential = resolveCredential(options, pick, allowHttp);
  const logLevel = options.logLevel ?? env.LUCO_LOG ?? 'warn';
  if (!isLogLevel(logLevel)) throw new ValidationError('logLevel', `must be off, error, warn, info or debug, got ${describe(logLevel)}`);

  const timeoutMs = options.timeout ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new ValidationError('timeout', `must be a positive number of ms, got ${describe(timeoutMs)}`);
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  if (!Number.isSafeInteger(maxRetries) || maxRetries < 0) throw new ValidationError('maxRetries', `must be a whole number of 0 or more, got ${describe(maxRetries)}`);
  const idempotency = options.idempotency ?? 'auto';
  if (!['auto', 'honoured', 'not-honoured'].includes(idempotency)) {
    throw new ValidationError('idempotency', `must be auto, honoured or not-honoured, got ${describe(idempotency)}`);
  }
  const fetchFn = options.fetch ?? nodeHttpFetch;
  if (typeof fetchFn !== 'function') throw new ValidationError('fetch', 'no fetch implementation: pass one, or use Node 20+');

  return {
    baseUrl,
    allowHttp,
    credential,
    timeoutMs,
    maxRetries,
    logger: options.logger ?? console,
    logLevel,
    fetch: fetchFn,
    idempotency,
    defaultHeaders: options.defaultHeaders ?? {},
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
  };
}

const ON = new Set(['1', 'true', 'yes', 'on']);
const OFF = new Set(['0', 'false', 'no', 'off']);

/** `allowHttp`, else `LUCO_ALLOW_HTTP` (1/true/yes/on or 0/false/no/off, any case; empty is unset). */
function resolveAllowHttp(option: boolean | undefined, variable: string | undefined): boolean {
  if (option !== undefined && option !== null) {
    if (typeof option !== 'boolean') throw new ValidationError('allowHttp', `must be true or false, got ${describe(option)}`);
    return option;
  }
  const text = (variable ?? '').trim().toLowerCase();
  if (text === '' || OFF.has(text)) return false;
  if (ON.has(text)) return true;
  throw new ValidationError('allowHttp', `LUCO_ALLOW_HTTP must be 1 (allow plain http) or 0, got ${describe(variable)}`);
}

function resolveCredential(
  options: LucoApiOptions,
  pick: (value: string | undefined, variable: string) => string | undefined,
  allowHttp: boolean,
): CredentialConfig {
  const resourceId = pick(options.resourceId, 'LUCO_RESOURCE_ID');
  const identity = options.identity;
  if (identity !== undefined && identity !== null) {
    if (typeof (identity as LucoIdentity).generateToken === 'function') return { kind: 'identity', identity: identity as LucoIdentity };
    if (typeof (identity as AzureTokenCredential).getToken === 'function') {
      if (!resourceId) throw new ValidationError('resourceId', 'is required with an Azure credential (the scope is <resourceId>/.default): pass it or set LUCO_RESOURCE_ID');
      return { kind: 'azure-credential', credential: identity as AzureTokenCredential, resourceId };
    }
    throw new ValidationError('identity', 'must have a generateToken() method or an Azure-style getToken(scopes) method');
  }

  const tenantId = pick(options.tenantId, 'LUCO_TENANT_ID');
  const clientId = pick(options.clientId, 'LUCO_CLIENT_ID');
  const clientSecret = pick(options.clientSecret, 'LUCO_CLIENT_SECRET');
  const rawTokenUrl = pick(options.tokenUrl, 'LUCO_TOKEN_URL');
  const missing = [
    !clientId && 'clientId (LUCO_CLIENT_ID)',
    !clientSecret && 'clientSecret (LUCO_CLIENT_SECRET)',
    !resourceId && 'resourceId (LUCO_RESOURCE_ID)',
    !tenantId && !rawTokenUrl && 'tenantId (LUCO_TENANT_ID) or tokenUrl (LUCO_TOKEN_URL)',
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new ValidationError('credentials', `missing ${missing.join(', ')}; or pass an identity`);
  }
  const authorityHost = secureUrl('authorityHost', pick(options.authorityHost, 'LUCO_AUTHORITY_HOST') ?? DEFAULT_AUTHORITY_HOST, { allowHttp });
  return {
    kind: 'client-credentials',
    tenantId,
    clientId: clientId!,
    clientSecret: clientSecret!,
    resourceId: resourceId!,
    authorityHost,
    tokenUrl: rawTokenUrl ? secureUrl('tokenUrl', rawTokenUrl, { allowHttp }) : undefined,
    allowHttp,
  };
}
