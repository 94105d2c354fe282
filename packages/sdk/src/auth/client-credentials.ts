import { APIConnectionError, APIUserAbortError, AuthError, TokenEndpointError, ValidationError } from '../core/errors.js';
import { errorText } from '../core/error-text.js';
import type { SdkLog } from '../core/log.js';
import type { Redactor } from '../core/redact.js';
import { backoffDelay, isRetryableStatus, parseRetryAfter, type BackoffPolicy } from '../core/retry.js';
import { sleep } from '../core/sleep.js';
import { sendOnce, type FetchLike, type RawResponse } from '../core/transport.js';
import { isLoopbackHost } from '../core/urls.js';
import { defaultScope } from './scope.js';
import type { AccessToken, TokenProvider } from './types.js';

export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';

export interface ClientCredentialsOptions {
  /** Directory (tenant) id; required unless `tokenUrl` is given. */
  tenantId?: string | undefined;
  clientId: string;
  clientSecret: string;
  /** The Luco API's app registration (client id or App ID URI); the scope is `<resourceId>/.default`. */
  resourceId: string;
  /** Default `https://login.microsoftonline.com`; sovereign clouds use their own host. */
  authorityHost?: string | undefined;
  /** Full token endpoint URL; overrides `authorityHost` + `tenantId`. */
  tokenUrl?: string | undefined;
  /** Plain http to other machines was opted into (`allowHttp`); loopback never needs it. */
  allowHttp?: boolean | undefined;
  /** The API's base URL, only to say what a LucoTS server's token URL would be when this one is wrong. */
  baseUrl?: string | undefined;
  fetch: FetchLike;
  /** Per-attempt timeout, default 30 s. */
  timeoutMs?: number | undefined;
  /** Extra attempts after the first, default 2. */
  maxRetries?: number | undefined;
  backoff: BackoffPolicy;
  log: SdkLog;
  redactor: Redactor;
  userAgent: string;
  now?: (() => number) | undefined;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 2;
const MAX_DESCRIPTION_LENGTH = 500;

/**
 * Azure AD client-credentials flow, the way LucoPy's service principal does it: a v2.0 token
 * request with the client id and secret as HTTP Basic auth (client_secret_basic). Unlike LucoPy it
 * has a timeout, retries transient failures (a token request has no side effects, so repeating it
 * is safe) and reports the provider's error code.
 */
export class ClientCredentialsProvider implements TokenProvider {
  readonly #clientId: string;
  readonly #tenantId: string | undefined;
  // The secret only ever leaves this object inside the Authorization header.
  readonly #clientSecret: string;
  readonly #url: string;
  /** True when the URL was given as `tokenUrl`; false when made from the authority and tenant. */
  readonly #urlGiven: boolean;
  readonly #baseUrl: string | undefined;
  readonly #scope: string;
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #backoff: BackoffPolicy;
  readonly #log: SdkLog;
  readonly #redactor: Redactor;
  readonly #userAgent: string;
  readonly #now: () => number;

  constructor(options: ClientCredentialsOptions) {
    this.#clientId = requireText(options.clientId, 'clientId');
    this.#clientSecret = requireText(options.clientSecret, 'clientSecret');
    this.#scope = defaultScope(requireText(options.resourceId, 'resourceId'));
    // Register before anything else can fail or log, so the secret is masked from the start.
    options.redactor.add(this.#clientSecret);
    options.redactor.add(this.#basicCredentials());

    this.#tenantId = options.tenantId;
    this.#baseUrl = options.baseUrl;
    this.#urlGiven = options.tokenUrl !== undefined;
    const allowHttp = options.allowHttp === true;
    if (options.tokenUrl !== undefined) {
      this.#url = requireSafeUrl(options.tokenUrl, 'tokenUrl', allowHttp).href;
    } else {
      const tenantId = requireText(options.tenantId, 'tenantId', 'is required unless tokenUrl is given');
      const host = requireSafeUrl(options.authorityHost ?? DEFAULT_AUTHORITY_HOST, 'authorityHost', allowHttp);
      const base = host.href.replace(/\/+$/, '');
      this.#url = `${base}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
    }

    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(this.#timeoutMs) || this.#timeoutMs <= 0) {
      throw new ValidationError('timeoutMs', 'must be a positive number of milliseconds');
    }
    this.#maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    if (!Number.isInteger(this.#maxRetries) || this.#maxRetries < 0) {
      throw new ValidationError('maxRetries', 'must be a non-negative integer');
    }
    this.#fetch = options.fetch;
    this.#backoff = options.backoff;
    this.#log = options.log;
    this.#redactor = options.redactor;
    this.#userAgent = options.userAgent;
    this.#now = options.now ?? (() => Date.now());
  }

  /** The token endpoint in use (no secret in it). */
  get tokenUrl(): string {
    return this.#url;
  }

  async fetchToken(
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<AccessToken | { token: string; expiresOnTimestamp?: undefined }> {
    const { signal } = options;
    const body = new URLSearchParams({ grant_type: 'client_credentials', scope: this.#scope }).toString();

    for (let attempt = 0; ; attempt++) {
      // Expiry is counted from when the request left, so a slow answer errs on the early side.
      const sentAt = this.#now();
      this.#log.debug('Requesting an access token', { url: this.#url, attempt: attempt + 1 });

      let response: RawResponse;
      try {
        response = await sendOnce(
          this.#fetch,
          this.#url,
          { method: 'POST', headers: this.#headers(), body },
          { timeoutMs: this.#timeoutMs, signal },
        );
      } catch (error) {
        if (error instanceof APIUserAbortError) throw error;
        const message = this.#redactor.redact(errorText(error));
        if (error instanceof APIConnectionError && attempt < this.#maxRetries) {
          await this.#pause(backoffDelay(attempt, this.#backoff), attempt, message, signal);
          continue;
        }
        throw new AuthError(`Could not reach the token endpoint ${this.#url}: ${message}`, { cause: error });
      }

      if (response.status >= 200 && response.status < 300) return this.#readToken(response, sentAt);

      if (isRetryableStatus(response.status) && attempt < this.#maxRetries) {
        const retryAfter = parseRetryAfter(response.headers, this.#now());
        // A wait longer than the policy allows is not worth blocking on: report the error instead.
        if (retryAfter === undefined || retryAfter <= this.#backoff.maxRetryAfterMs) {
          const delay = retryAfter ?? backoffDelay(attempt, this.#backoff);
          await this.#pause(delay, attempt, `status ${response.status}`, signal);
          continue;
        }
      }
      throw this.#errorFrom(response);
    }
  }

  toJSON(): Record<string, unknown> {
    return { type: 'ClientCredentialsProvider', clientId: this.#clientId, tenantId: this.#tenantId, tokenUrl: this.#url, scope: this.#scope };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ClientCredentialsProvider ${JSON.stringify(this.toJSON())}`;
  }

  #headers(): Record<string, string> {
    return {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      authorization: `Basic ${this.#basicCredentials()}`,
      'user-agent': this.#userAgent,
    };
  }

  /** client_secret_basic as LucoPy (requests' HTTPBasicAuth) sends it: the raw id and secret. */
  #basicCredentials(): string {
    return base64Utf8(`${this.#clientId}:${this.#clientSecret}`);
  }

  async #pause(delayMs: number, attempt: number, reason: string, signal: AbortSignal | undefined): Promise<void> {
    this.#log.warn('Token request failed; retrying', { reason, attempt: attempt + 1, delayMs });
    await sleep(delayMs, signal);
  }

  #readToken(response: RawResponse, sentAt: number): AccessToken | { token: string } {
    const malformed = (problem: string) =>
      new AuthError(`Token endpoint answered ${response.status} with ${problem}`, { status: response.status });

    // Never quote the body: a half-valid one may still contain a token.
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch {
      // A web page: the URL is something else than a token endpoint (a portal, the API itself).
      if (isHtml(response)) throw this.#notTokenEndpoint(response);
      throw malformed('a body that is not JSON');
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw malformed('a body that is not a JSON object');
    const fields = json as Record<string, unknown>;

    const token = fields.access_token;
    if (typeof token !== 'string' || token === '') throw malformed('no access_token');
    this.#redactor.add(token);

    // Azure AD v1 endpoints send expires_in as a string.
    const expiresIn = toSeconds(fields.expires_in);
    if (expiresIn === undefined) {
      if (fields.expires_in !== undefined && fields.expires_in !== null) throw malformed('an unreadable expires_in');
      // No lifetime given (allowed by RFC 6749): the cycler fetches anew for every request.
      this.#log.debug('Token response has no expires_in; the token will not be cached');
      return { token };
    }
    const expiresOnTimestamp = sentAt + expiresIn * 1000;
    this.#log.debug('Obtained an access token', { expiresInSeconds: expiresIn });

    const refreshIn = toSeconds(fields.refresh_in);
    if (refreshIn !== undefined && refreshIn > 0 && refreshIn < expiresIn) {
      return { token, expiresOnTimestamp, refreshAfterTimestamp: sentAt + refreshIn * 1000 };
    }
    return { token, expiresOnTimestamp };
  }

  #errorFrom(response: RawResponse): AuthError {
    // 404 and 405: nothing takes a token request there (a wrong path, or the API's own URL). Other
    // statuses may come from a proxy in front of a real token endpoint, so they stay AuthErrors.
    if (response.status === 404 || response.status === 405) return this.#notTokenEndpoint(response);
    const { error, description, aadsts } = readOAuthError(response.text);
    const rawCode = error !== undefined ? (aadsts !== undefined ? `${error} (${aadsts})` : error) : aadsts;
    const code = rawCode === undefined ? undefined : this.#redactor.redact(rawCode);
    let message = `Token request failed with status ${response.status}`;
    if (code !== undefined) message += ` ${code}`;
    if (description !== undefined) message += `: ${this.#redactor.redact(description)}`;
    return new AuthError(message, { code, status: response.status });
  }

  /** What to check when the URL is not a token endpoint; names the URL (without credentials), never a secret. */
  #notTokenEndpoint(response: RawResponse): TokenEndpointError {
    const shown = withoutCredentials(this.#url);
    const answer = `${response.status}${STATUS_TEXT[response.status] ? ` ${STATUS_TEXT[response.status]}` : ''}${describeBody(response)}`;
    const lucots = `a LucoTS server's token URL is <base URL>/oauth2/token${this.#baseUrl ? ` (here ${withoutCredentials(this.#baseUrl)}/oauth2/token)` : ''}`;
    const check = this.#urlGiven
      ? `Check tokenUrl (LUCO_TOKEN_URL): ${lucots}; for Azure AD leave tokenUrl unset and set tenantId (LUCO_TENANT_ID), the URL is derived from it.`
      : `This URL is derived from authorityHost (LUCO_AUTHORITY_HOST) and tenantId (LUCO_TENANT_ID): check both; for a LucoTS server set tokenUrl (LUCO_TOKEN_URL) instead: ${lucots}.`;
    return new TokenEndpointError(`The token URL ${shown} is not a token endpoint: it answered ${answer}. ${check}`, { tokenUrl: shown, status: response.status });
  }
}

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed' };

/** ` with an HTML page` or nothing; never the body itself (a half-valid one may hold a token). */
function describeBody(response: RawResponse): string {
  return isHtml(response) ? ' with an HTML page' : '';
}

function isHtml(response: RawResponse): boolean {
  const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'text/html' || /^<(!doctype\s+html|html)[\s>]/i.test(response.text.trim());
}

/** The URL without any `user:password@` part. */
function withoutCredentials(value: string): string {
  try {
    const url = new URL(value);
    url.username = '';
    url.password = '';
    return url.href.replace(/\/+$/, '');
  } catch {
    return value;
  }
}

interface OAuthErrorFields {
  error: string | undefined;
  /** First line of error_description (Azure appends trace and correlation ids on later lines). */
  description: string | undefined;
  aadsts: string | undefined;
}

function readOAuthError(text: string): OAuthErrorFields {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { error: undefined, description: undefined, aadsts: undefined };
  }
  if (typeof json !== 'object' || json === null) return { error: undefined, description: undefined, aadsts: undefined };
  const fields = json as Record<string, unknown>;
  const error = typeof fields.error === 'string' && fields.error !== '' ? fields.error : undefined;

  let description: string | undefined;
  if (typeof fields.error_description === 'string') {
    const firstLine = (fields.error_description.split(/\r?\n/)[0] ?? '').trim();
    if (firstLine !== '') {
      description =
        firstLine.length > MAX_DESCRIPTION_LENGTH ? `${firstLine.slice(0, MAX_DESCRIPTION_LENGTH)}...` : firstLine;
    }
  }

  let aadsts: string | undefined;
  const codes = fields.error_codes;
  if (Array.isArray(codes) && (typeof codes[0] === 'number' || typeof codes[0] === 'string') && /^\d+$/.test(String(codes[0]))) {
    aadsts = `AADSTS${String(codes[0])}`;
  } else if (typeof fields.error_description === 'string') {
    aadsts = /\bAADSTS\d+\b/.exec(fields.error_description)?.[0];
  }
  return { error, description, aadsts };
}

function toSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

function requireText(value: unknown, field: string, problem = 'must be a non-empty string'): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ValidationError(field, problem);
  return value;
}

/**
 * The client secret is sent with every request, so plain http is allowed for loopback servers, or
 * where the caller opted in (a private network behind a proxy that terminates TLS).
 */
function requireSafeUrl(value: unknown, field: string, allowHttp: boolean): URL {
  const text = requireText(value, field);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(field, 'must be an absolute URL');
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && (isLoopbackHost(url.hostname) || allowHttp)) return url;
  throw new ValidationError(field, 'must use https (http is allowed only for localhost, or with allowHttp)');
}

/** btoa needs Latin-1, so encode to UTF-8 bytes first: ids and secrets may hold any character. */
function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
