import type { FetchLike } from '../../src/core/transport.js';
import { LucoApi, type LucoApiOptions } from '../../src/index.js';

/** One request as the fake server saw it. */
export interface FakeCall {
  method: string;
  path: string;
  query: URLSearchParams;
  key: string | undefined;
  body: unknown;
}

/** What a test may answer instead of the fake server: a Response, an Error to throw, or undefined to let it answer. */
export type Override = (call: FakeCall, index: number) => Response | Error | undefined | Promise<Response | Error | undefined>;

/** A write the fake server applied (once per idempotency key). */
export interface Effect {
  kind: 'slot' | 'submission' | 'metrics' | 'status' | 'quality' | 'runEnvironment';
  slotId: number;
  submissionId?: number;
  body: unknown;
}

/**
 * A small in-process Luco: slots, submissions and the writes on them, with Idempotency-Key
 * replay, so unit tests can count what was applied. `override` answers first when it returns something.
 */
export function fakeLuco(options: { override?: Override } = {}) {
  const calls: FakeCall[] = [];
  const effects: Effect[] = [];
  const byKey = new Map<string, { status: number; body: unknown }>();
  const slots = new Map<string, number>();
  let nextSlot = 100;
  let nextSubmission = 500;
  let override = options.override;

  const answer = (status: number, body: unknown) =>
    new Response(body === undefined ? '' : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', 'x-luco-idempotency': 'honoured' },
    });

  const route = (call: FakeCall): { status: number; body: unknown } => {
    const { method, path } = call;
    if (method === 'GET' && path === '/slots/search/') {
      const tag = call.query.get('Tag') ?? '';
      const id = slots.get(tag);
      return id === undefined ? { status: 404, body: { title: 'Not Found', detail: 'no slot' } } : { status: 200, body: { slotId: id } };
    }
    if (method === 'GET' && path === '/slotsequences/search/') return { status: 200, body: { slotSequenceId: 7 } };
    if (method === 'GET' && path === '/v2/slotsequences/7') return { status: 200, body: { slotSequenceId: 7, delivery: [] } };
    if (method === 'POST' && path === '/slots/') {
      const tag = (call.body as { tag: string }).tag;
      let id = slots.get(tag);
      if (id === undefined) {
        id = nextSlot++;
        slots.set(tag, id);
        effects.push({ kind: 'slot', slotId: id, body: call.body });
      }
      return { status: 201, body: { slotId: id } };
    }
    let match = /^\/slots\/(\d+)\/submissions$/.exec(path);
    if (method === 'POST' && match) {
      const submissionId = nextSubmission++;
      effects.push({ kind: 'submission', slotId: Number(match[1]), submissionId, body: call.body });
      return { status: 201, body: { slotSubmissionId: submissionId, slotId: Number(match[1]) } };
    }
    match = /^(?:\/v2)?\/slots\/(\d+)\/submissions\/(\d+)\/(metrics|status|quality|runenvironment)$/.exec(path);
    if (method === 'POST' && match) {
      const kinds = { metrics: 'metrics', status: 'status', quality: 'quality', runenvironment: 'runEnvironment' } as const;
      effects.push({ kind: kinds[match[3] as keyof typeof kinds], slotId: Number(match[1]), submissionId: Number(match[2]), body: call.body });
      return { status: 201, body: {} };
    }
    return { status: 404, body: { title: 'Not Found', detail: `${method} ${path}` } };
  };

  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input);
    const headers = init.headers as Record<string, string>;
    const call: FakeCall = {
      method: init.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      key: headers['idempotency-key'],
      body: typeof init.body === 'string' && init.body !== '' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const overridden = await override?.(call, calls.length - 1);
    if (overridden instanceof Error) throw overridden;
    if (overridden) return overridden;
    if (call.method === 'POST' && call.key) {
      const stored = byKey.get(call.key);
      if (stored) return answer(stored.status, stored.body);
      const result = route(call);
      if (result.status < 500) byKey.set(call.key, result);
      return answer(result.status, result.body);
    }
    const result = route(call);
    return answer(result.status, result.body);
  };

  return {
    fetch,
    calls,
    effects,
    /** Calls other than GETs. */
    posts: () => calls.filter((call) => call.method === 'POST'),
    setOverride(next: Override | undefined) {
      override = next;
    },
  };
}

export const staticIdentity = {
  generateToken: () => ({ token: 'test-access-token', expiresOn: Date.now() + 3_600_000 }),
};

/** The server `testApi` writes are recorded for (its base URL; an identity has no client id). */
export const TEST_TARGET = { baseUrl: 'http://localhost:9', clientId: null };

export function testApi(fetch: FetchLike, extra: Partial<LucoApiOptions> = {}): LucoApi {
  return new LucoApi({ baseUrl: 'http://localhost:9', identity: staticIdentity, fetch, logLevel: 'off', env: {}, ...extra });
}

/** A logger that keeps lines, by level. */
export function memoryLogger() {
  const lines: Array<{ level: string; message: string }> = [];
  const sink = (level: string) => (message: string) => lines.push({ level, message });
  return {
    lines,
    logger: { error: sink('error'), warn: sink('warn'), info: sink('info'), debug: sink('debug') },
    at: (level: string) => lines.filter((line) => line.level === level).map((line) => line.message),
  };
}

/** What undici throws when a connection is refused. */
export function refused(): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
}

export function problem(status: number, detail: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ title: 'Problem', status, detail }), {
    status,
    headers: { 'content-type': 'application/problem+json', 'x-luco-idempotency': 'honoured', ...headers },
  });
}
