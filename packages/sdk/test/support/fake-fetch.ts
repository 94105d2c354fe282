import type { FetchLike } from '../../src/core/transport.js';

export interface FetchCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

type Step = Response | Error | ((call: FetchCall, init: RequestInit) => Response | Promise<Response>);

/** An injected fetch that answers from a script, one step per call, and records each call. */
export function scriptedFetch(steps: Step[]): { fetch: FetchLike; calls: FetchCall[] } {
  const calls: FetchCall[] = [];
  const fetch: FetchLike = async (url, init) => {
    const call: FetchCall = {
      url,
      method: init.method ?? 'GET',
      headers: { ...(init.headers as Record<string, string>) },
      body: typeof init.body === 'string' ? init.body : undefined,
    };
    calls.push(call);
    const step = steps[calls.length - 1];
    if (step === undefined) throw new Error(`unexpected fetch call #${calls.length}: ${call.method} ${url}`);
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return step(call, init);
    return step;
  };
  return { fetch, calls };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** What undici throws when a connection is refused: the request never left. */
export function refused(): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
}

/** What undici throws when the server drops the socket after the request was written. */
export function reset(): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
}
