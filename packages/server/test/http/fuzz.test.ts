import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { hostileFixture, SCHEDULED_NAME, UNSCHEDULED_NAME, type HostileFixture } from './hostile-fixture.js';
import { hostileRequests, seededRandom, type FuzzRequest, type FuzzSeeds } from './fuzz-inputs.js';
import { operations, type OpenApiDocument } from './openapi-walk.js';

/**
 * A seeded fuzz run over every operation of the OpenAPI document, against a real app with auth on
 * (an admin token) and a little real data, on SQLite and (in the server-postgres project) on
 * PostgreSQL. No request may get a 5xx, and every 4xx must be a problem document in our shape.
 * The seed is fixed, so a failure names a request that fails again on the next run.
 */
const SEED = 0x1c0_75;
const REQUESTS_PER_OPERATION = 250;
const STRAY_REQUESTS = 200;

let f: HostileFixture;
let document: OpenApiDocument;
let seeds: FuzzSeeds;

beforeAll(async () => {
  f = await hostileFixture();
  document = (await f.t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as OpenApiDocument;
  // The alert routes are fuzzed against real rows: the engine raised alerts for the overdue scheduled slots.
  expect(f.alertIds.length).toBeGreaterThan(0);
  seeds = {
    slotIds: [f.slotId, f.scheduledSlotId],
    submissionIds: [f.submissionId],
    sequenceIds: [f.scheduledSequenceId, f.unscheduledSequenceId],
    definition: SCHEDULED_NAME.map((part, position) => JSON.stringify({ position, ...part })),
    definitionBody: UNSCHEDULED_NAME.map((part, position) => ({ position, ...part })),
    channelIds: [f.channelId],
    ruleIds: [f.spareRuleId],
    alertIds: f.alertIds,
  };
}, 60_000);
afterAll(async () => f?.close());

interface Finding {
  request: string;
  problem: string;
}

function describeRequest(request: FuzzRequest): string {
  const payload = request.payload === undefined ? '' : Buffer.isBuffer(request.payload) ? ` body=<bytes ${request.payload.toString('hex')}>` : ` body=${request.payload.slice(0, 300)}${request.payload.length > 300 ? `…(${request.payload.length} chars)` : ''}`;
  const type = request.headers['content-type'] === undefined ? '' : ` content-type=${JSON.stringify(request.headers['content-type'])}`;
  const url = request.url.length > 300 ? `${request.url.slice(0, 300)}…(${request.url.length} chars)` : request.url;
  return `${request.method} ${url}${type}${payload} [${request.mutations.join('; ')}]`;
}

/** What is wrong with an answer, or undefined when it is fine. */
function judge(request: FuzzRequest, response: LightMyRequestResponse): string | undefined {
  const status = response.statusCode;
  if (status >= 500) return `answered ${status}: ${response.body.slice(0, 300)}`;
  if (status < 400 || request.method === 'HEAD') return undefined;
  const type = String(response.headers['content-type'] ?? '');
  // The token endpoint answers RFC 6749 errors (`{error, error_description}`) by design.
  if (/oauth2\/(v2\.0\/)?token/.test(request.url.split('?')[0]!) && type.startsWith('application/json')) {
    return typeof (response.json() as { error?: unknown }).error === 'string' ? undefined : `answered ${status} without an OAuth error: ${response.body.slice(0, 200)}`;
  }
  if (!type.startsWith('application/problem+json')) return `answered ${status} as ${type || 'no content type'}: ${response.body.slice(0, 200)}`;
  const body = response.json() as Record<string, unknown>;
  const missing = ['type', 'title', 'detail', 'instance', 'requestId'].filter((key) => typeof body[key] !== 'string');
  if (missing.length > 0 || body.status !== status) return `answered ${status} with a problem missing ${missing.join(', ') || 'a matching status'}: ${response.body.slice(0, 200)}`;
  return undefined;
}

async function run(requests: Iterable<FuzzRequest>): Promise<{ findings: Finding[]; sent: number }> {
  const findings: Finding[] = [];
  let sent = 0;
  for (const request of requests) {
    sent++;
    const response = await f.t.app.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, ...(request.payload === undefined ? {} : { payload: request.payload }) });
    const problem = judge(request, response);
    if (problem) findings.push({ request: describeRequest(request), problem });
  }
  return { findings, sent };
}

function report(findings: Finding[]): string {
  return findings.slice(0, 25).map((finding, index) => `${index + 1}. ${finding.request}\n   -> ${finding.problem}`).join('\n') + (findings.length > 25 ? `\n… and ${findings.length - 25} more` : '');
}

describe('fuzzing every operation of the OpenAPI document', () => {
  it('no hostile request gets a 5xx, and every 4xx is a problem document', async () => {
    // An event stream never ends by itself, so an accepted request would hold the run forever; its
    // route has its own tests (test/dashboard/events.test.ts).
    const streams = (operation: { method: string; path: string }) =>
      Object.keys(((document.paths[operation.path]?.[operation.method.toLowerCase()] as { responses?: Record<string, { content?: Record<string, unknown> }> } | undefined)?.responses?.['200']?.content) ?? {}).includes('text/event-stream');
    const all = operations(document).filter((operation) => !streams(operation));
    expect(all.length).toBeGreaterThan(20);
    // One PRNG per operation, so a change to one operation leaves the others' requests alone.
    function* requests() {
      for (const [index, operation] of all.entries()) yield* hostileRequests(operation, seeds, seededRandom(SEED + index), REQUESTS_PER_OPERATION, f.headers);
    }
    const { findings, sent } = await run(requests());
    expect(sent).toBe(all.length * REQUESTS_PER_OPERATION);
    expect(findings, `${findings.length} of ${sent} requests failed:\n${report(findings)}`).toEqual([]);
  }, 240_000);

  it('paths that match no route, with hostile segments, are problem documents too', async () => {
    const random = seededRandom(SEED - 1);
    const segments = ['%00', '%C0%AF', '%', '..', '%2e%2e', 'a'.repeat(300), '%FF', '😀', 'slots', 'v2', '1', '2147483648', '//', '?', '#'];
    const requests = Array.from({ length: STRAY_REQUESTS }, (_, n) => {
      const depth = 1 + Math.floor(random() * 6);
      const path = Array.from({ length: depth }, () => segments[Math.floor(random() * segments.length)]!).join('/');
      const method = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'][Math.floor(random() * 6)]!;
      const request: FuzzRequest = { method, url: `/${path}`, headers: { ...f.headers, 'content-type': 'application/json' }, ...(method === 'GET' ? {} : { payload: '{"a":1}' }), mutations: [`stray path ${n}`] };
      return request;
    });
    const { findings, sent } = await run(requests);
    expect(findings, `${findings.length} of ${sent} requests failed:\n${report(findings)}`).toEqual([]);
  }, 60_000);

  it('the seeded rows are still readable afterwards', async () => {
    const response = await f.t.app.inject({ method: 'GET', url: `/v2/slotsequences/${f.scheduledSequenceId}`, headers: f.headers });
    expect(response.statusCode).toBe(200);
  });
});
