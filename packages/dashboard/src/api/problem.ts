/** One field the server named in a problem document, and what was wrong with it. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * A failed API call, readable by a person: the server's RFC 9457 problem document when it sent
 * one (title, detail, the fields it named), else a sentence built from the HTTP status.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly fields: FieldProblem[];
  readonly requestId: string | undefined;
  /** Seconds to wait before trying again, from Retry-After (429, 503). */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: { status: number; title: string; detail: string; fields?: FieldProblem[]; requestId?: string | undefined; retryAfterSeconds?: number | undefined }) {
    super(init.detail ? `${init.title}: ${init.detail}` : init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.fields = init.fields ?? [];
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  429: 'Too many attempts',
  500: 'Server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

/** The ApiError for a non-2xx answer, from its status, Retry-After header and body text. */
export function problemFromResponse(status: number, retryAfter: string | null, bodyText: string): ApiError {
  const fallbackTitle = STATUS_TITLES[status] ?? (status >= 500 ? 'Server error' : 'Request failed');
  const retryAfterSeconds = parseRetryAfter(retryAfter);
  const body = parseJsonObject(bodyText);
  if (!body) {
    return new ApiError({ status, title: fallbackTitle, detail: `The server answered HTTP ${status}.`, retryAfterSeconds });
  }
  const title = typeof body['title'] === 'string' && body['title'] ? body['title'] : fallbackTitle;
  const detail = typeof body['detail'] === 'string' ? body['detail'] : typeof body['message'] === 'string' ? body['message'] : `The server answered HTTP ${status}.`;
  const requestId = typeof body['requestId'] === 'string' ? body['requestId'] : undefined;
  return new ApiError({ status, title, detail, fields: fieldProblems(body['errors']), requestId, retryAfterSeconds });
}

/** Retry-After as whole seconds: delta-seconds only (the server sends those); else undefined. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value.trim());
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function fieldProblems(value: unknown): FieldProblem[] {
  if (!Array.isArray(value)) return [];
  const problems: FieldProblem[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const { field, message } = item as { field?: unknown; message?: unknown };
    if (typeof field === 'string' && typeof message === 'string') problems.push({ field, message });
  }
  return problems;
}

/** A sentence for any error a page may meet: an ApiError, a network failure, anything else. */
export function describeError(error: unknown): { title: string; detail: string } {
  if (error instanceof ApiError) return { title: error.title, detail: error.detail };
  if (error instanceof TypeError) return { title: 'Cannot reach the server', detail: 'The request did not get an answer. Check that luco-server is running.' };
  if (error instanceof Error) return { title: 'Something went wrong', detail: error.message };
  return { title: 'Something went wrong', detail: String(error) };
}
