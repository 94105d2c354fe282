import { ApiError, problemFromResponse } from './problem';

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  query?: Query | undefined;
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** Leave a 401 to the caller (the session probe and the sign-in form) instead of signing out. */
  allowUnauthorized?: boolean;
}

/** `?a=1&b=x&b=y`: arrays repeat the key; undefined, null and '' are left out. */
export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The dashboard's only way to the server: same-origin fetch with the session cookie, the CSRF
 * header on every write (the server refuses cookie writes without it), problem documents turned
 * into ApiErrors, and a 401 handed to `onUnauthorized` so any page can send the viewer to sign in.
 */
export class ApiClient {
  readonly #fetch: typeof fetch;
  #onUnauthorized: (() => void) | undefined;

  constructor(fetchImpl: typeof fetch = (input, init) => globalThis.fetch(input, init)) {
    this.#fetch = fetchImpl;
  }

  set onUnauthorized(handler: (() => void) | undefined) {
    this.#onUnauthorized = handler;
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const method = options.method ?? 'GET';
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
    if (method !== 'GET') headers['X-Luco-Request'] = '1';
    const init: RequestInit = { method, headers, credentials: 'same-origin', cache: 'no-store' };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    if (options.signal) init.signal = options.signal;
    const response = await this.#fetch(path + queryString(options.query), init);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    if (!response.ok) {
      const error = problemFromResponse(response.status, response.headers.get('Retry-After'), text);
      if (response.status === 401 && !options.allowUnauthorized) this.#onUnauthorized?.();
      throw error;
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError({ status: response.status, title: 'Unreadable answer', detail: `The server's answer to ${path} was not JSON.` });
    }
  }

  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return this.request<T>(path, { query, signal });
  }
}
