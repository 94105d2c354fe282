/**
 * The SDK's error classes. Every error the SDK throws is a LucoError; `LucoError.isLucoError`
 * recognises one even when two copies of the package (ESM and CJS) are loaded.
 */

const BRAND = Symbol.for('@lucots/sdk.LucoError');

export class LucoError extends Error {
  override name = 'LucoError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    Object.defineProperty(this, BRAND, { value: true });
  }

  static isLucoError(value: unknown): value is LucoError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/** Bad input, caught before any request is sent. `field` names the offending argument. */
export class ValidationError extends LucoError {
  override name = 'ValidationError';
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.field = field;
  }
}

/** RFC 9457 problem details, as far as the server sent them. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export interface APIErrorInit {
  status: number;
  method: string;
  path: string;
  headers: Headers;
  /** Parsed JSON body, or the raw text when it was not JSON (already redacted). */
  body: unknown;
  requestId: string | undefined;
  cause?: unknown;
}

/** The server answered with a status of 400 or more. */
export class APIError extends LucoError {
  override name = 'APIError';
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly headers: Headers;
  readonly body: unknown;
  /** The server's request id (x-request-id), or the id the SDK sent when the server echoed none. */
  readonly requestId: string | undefined;
  /** The server's explanation: a problem's `detail` or `title`, or the start of a text body. */
  readonly detail: string | undefined;
  readonly problem: ProblemDetails | undefined;

  constructor(init: APIErrorInit) {
    const problem = asProblem(init.body);
    const detail = problem?.detail ?? problem?.title ?? textDetail(init.body);
    super(formatMessage(init, detail), { cause: init.cause });
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.headers = init.headers;
    this.body = init.body;
    this.requestId = init.requestId;
    this.detail = detail;
    this.problem = problem;
  }

  /** The class that fits a status: one factory, so every call site agrees. */
  static generate(init: APIErrorInit & { retryAfterMs?: number | undefined }): APIError {
    switch (init.status) {
      case 400:
        return new BadRequestError(init);
      case 401:
        return new AuthenticationError(init);
      case 403:
        return new PermissionDeniedError(init);
      case 404:
        return new NotFoundError(init);
      case 409:
        return new ConflictError(init);
      case 422:
        return new UnprocessableEntityError(init);
      case 429:
        return new RateLimitError(init, init.retryAfterMs);
      default:
        if (init.status >= 500) return new InternalServerError(init);
        return new APIError(init);
    }
  }
}

export class BadRequestError extends APIError {
  override name = 'BadRequestError';
}
/** 401: the token was refused (after one refresh and replay). */
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}
/** 403: the credential is valid but its role may not do this. */
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
}
export class ConflictError extends APIError {
  override name = 'ConflictError';
}
/**
 * 409 `plan-outdated` (a LucoTS server): the slot sequences a plan depends on changed since it
 * was made, so `applySlotSequences` applied nothing. Plan again.
 */
export class PlanOutdatedError extends ConflictError {
  override name = 'PlanOutdatedError';
  /** The fingerprint the apply was given (the plan's). */
  readonly expectedFingerprint: string | undefined;
  /** The fingerprint of the state now. */
  readonly currentFingerprint: string | undefined;

  constructor(init: APIErrorInit) {
    super(init);
    const problem = this.problem ?? {};
    this.expectedFingerprint = typeof problem.expectedFingerprint === 'string' ? problem.expectedFingerprint : undefined;
    this.currentFingerprint = typeof problem.currentFingerprint === 'string' ? problem.currentFingerprint : undefined;
  }
}
export class UnprocessableEntityError extends APIError {
  override name = 'UnprocessableEntityError';
}
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
  /** How long the server asked the client to wait, when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(init: APIErrorInit, retryAfterMs?: number) {
    super(init);
    this.retryAfterMs = retryAfterMs;
  }
}
export class InternalServerError extends APIError {
  override name = 'InternalServerError';
}

/** The request could not be completed at the network level (refused, reset, DNS...). */
export class APIConnectionError extends LucoError {
  override name = 'APIConnectionError';
  /** False when the request provably never reached the server (e.g. connection refused). */
  readonly requestMayHaveBeenSent: boolean;

  constructor(message: string, options: { cause?: unknown; requestMayHaveBeenSent: boolean }) {
    super(message, { cause: options.cause });
    this.requestMayHaveBeenSent = options.requestMayHaveBeenSent;
  }
}

/** One attempt took longer than the configured timeout. */
export class APIConnectionTimeoutError extends APIConnectionError {
  override name = 'APIConnectionTimeoutError';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause, requestMayHaveBeenSent: true });
  }
}

/** The caller's AbortSignal fired. Never retried; `cause` is the signal's reason. */
export class APIUserAbortError extends LucoError {
  override name = 'APIUserAbortError';

  constructor(options: { cause?: unknown } = {}) {
    super('Request was aborted by the caller', options);
  }
}

/** A token could not be obtained. Carries the identity provider's error code, never a secret. */
export class AuthError extends LucoError {
  override name = 'AuthError';
  /** e.g. `invalid_client`, with the AADSTS code when Azure AD sent one. */
  readonly code: string | undefined;
  readonly status: number | undefined;

  constructor(message: string, options: { cause?: unknown; code?: string | undefined; status?: number | undefined } = {}) {
    super(message, { cause: options.cause });
    this.code = options.code;
    this.status = options.status;
  }
}

/**
 * The token URL is not a token endpoint: it answered 404 or 405, or with something that is not
 * an OAuth answer (an HTML page, plain text). A wrong `tokenUrl` (or `tenantId`/`authorityHost`),
 * not refused credentials: the message names the URL tried and what to check. It is an AuthError
 * too, because no token could be had and the fix is in the auth settings: code that catches
 * AuthError to stop and ask for them to be fixed stays right; test for this class first to tell
 * a wrong URL from a wrong secret.
 */
export class TokenEndpointError extends AuthError {
  override name = 'TokenEndpointError';
  /** The URL that was tried, without any credentials in it. */
  readonly tokenUrl: string;

  constructor(message: string, options: { tokenUrl: string; status?: number | undefined; cause?: unknown }) {
    super(message, { status: options.status, cause: options.cause });
    this.tokenUrl = options.tokenUrl;
  }
}

/** Data-quality results demanded that the pipeline stop (the action was Cancelled). */
export class DataQualityError extends LucoError {
  override name = 'DataQualityError';
  readonly action: string;

  constructor(message = 'Data quality validation failed: the action is Cancelled. See Luco for the results.') {
    super(message);
    this.action = 'Cancelled';
  }
}

/** A 2xx response whose body was not what the endpoint promises (e.g. not JSON). */
export class InvalidResponseError extends LucoError {
  override name = 'InvalidResponseError';
  readonly status: number;
  readonly requestId: string | undefined;

  constructor(message: string, options: { status: number; requestId: string | undefined; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.status = options.status;
    this.requestId = options.requestId;
  }
}

function asProblem(body: unknown): ProblemDetails | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  if (typeof record.title === 'string' || typeof record.detail === 'string') return record as ProblemDetails;
  return undefined;
}

const MAX_TEXT_DETAIL = 300;

function textDetail(body: unknown): string | undefined {
  if (typeof body !== 'string' || body.trim() === '') return undefined;
  const text = body.trim();
  return text.length > MAX_TEXT_DETAIL ? `${text.slice(0, MAX_TEXT_DETAIL)}...` : text;
}

function formatMessage(init: APIErrorInit, detail: string | undefined): string {
  const parts = [`${init.status} ${init.method} ${init.path}`];
  if (detail) parts.push(`: ${detail}`);
  if (init.requestId) parts.push(` (request id ${init.requestId})`);
  return parts.join('');
}

/** No active slot sequence has this name. */
export class SlotSequenceNotFoundError extends LucoError {
  override name = 'SlotSequenceNotFoundError';
  readonly slotSequence: string;

  constructor(slotSequence: string, options: { cause?: unknown } = {}) {
    super(`No slot sequence named ${slotSequence}`, options);
    this.slotSequence = slotSequence;
  }
}

/**
 * No slot has this tag, and none may be created: the sequence is scheduled (its slots come from
 * its delivery schedule), or the caller turned creation off.
 */
export class SlotNotFoundError extends LucoError {
  override name = 'SlotNotFoundError';
  readonly tag: string;
  readonly slotSequence: string;

  constructor(tag: string, slotSequence: string, reason: string, options: { cause?: unknown } = {}) {
    super(`No slot tagged ${JSON.stringify(tag)} in slot sequence ${slotSequence}: ${reason}`, options);
    this.tag = tag;
    this.slotSequence = slotSequence;
  }
}
