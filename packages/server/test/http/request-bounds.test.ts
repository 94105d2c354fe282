import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ITEM_ERRORS } from '../../src/domain/slot-sequence-config.js';
import { MAX_LISTED_PROBLEMS } from '../../src/wire/input-error.js';
import { MAX_IMPORT_ITEMS, MAX_JSON_DEPTH, MAX_NAME_PARTS, MAX_QUERY_VALUES, MAX_RUN_ENVIRONMENTS } from '../../src/wire/limits.js';
import { expectProblem, hostileFixture, problemFields, SCHEDULED_NAME, type HostileFixture } from './hostile-fixture.js';

/**
 * Sizes a request may not exceed, each a clear 4xx naming the field, where they once were a 500:
 * JSON nesting (stack overflow), name parts and lists that become SQL variables ("too many SQL
 * variables"), error lists spread into one call (stack overflow), a time span past the range of
 * dates ("Invalid time value"), and the body size.
 */
let f: HostileFixture;
beforeAll(async () => {
  f = await hostileFixture();
});
afterAll(async () => f.close());

const one = () => `/slots/${f.slotId}/submissions/${f.submissionId}`;
const get = (url: string) => f.t.app.inject({ method: 'GET', url, headers: f.headers });
const postText = (url: string, payload: string) => f.t.app.inject({ method: 'POST', url, headers: { ...f.headers, 'content-type': 'application/json' }, payload });
const post = (url: string, body: unknown) => postText(url, JSON.stringify(body));

/** `{"a":{"a":...{"a":1}}}` with `levels` objects, as JSON text. */
const nestedObject = (levels: number) => `${'{"a":'.repeat(levels - 1)}{"a":1}${'}'.repeat(levels - 1)}`;
/** `[[[...[]...]]]` with `levels` arrays. */
const nestedArray = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('JSON nesting is bounded at parse time', () => {
  it('run-environment data, v1 quality results and v2 checks nested ~4,200 deep are a 400', async () => {
    const deep = 4200;
    const bodies: Array<[string, string]> = [
      [`${one()}/runenvironment`, `{"runData":{"platform":"x","tree":${nestedObject(deep)}}}`],
      [`${one()}/quality`, `{"tool":"GE","action":"Continued","results":${nestedArray(deep)}}`],
      [`/v2${one()}/quality`, `{"checks":[{"check":"c","success":true,"observed":${nestedObject(deep)}}]}`],
    ];
    for (const [url, payload] of bodies) {
      const body = expectProblem(await postText(url, payload), 400);
      expect(problemFields(body)).toEqual(['body']);
      expect(body.detail).toContain(`more than ${MAX_JSON_DEPTH} levels`);
    }
  });

  it(`${MAX_JSON_DEPTH} levels are accepted, one more is not`, async () => {
    // The body object and runData are two levels.
    const fits = `{"runData":{"tree":${nestedObject(MAX_JSON_DEPTH - 2)}}}`;
    expect((await postText(`${one()}/runenvironment`, fits)).statusCode).toBe(201);
    const over = `{"runData":{"tree":${nestedObject(MAX_JSON_DEPTH - 1)}}}`;
    expectProblem(await postText(`${one()}/runenvironment`, over), 400);
  });

  it('brackets inside strings do not count', async () => {
    const text = '['.repeat(MAX_JSON_DEPTH * 2);
    expect((await post(`${one()}/runenvironment`, { runData: { note: text } })).statusCode).toBe(201);
  });

  it('a name part in a query nested deeply is a 400 naming it', async () => {
    const response = await get(`/slots/search?Tag=2026-11-20&SlotSequenceDefinition=${encodeURIComponent(nestedArray(5000))}`);
    const body = expectProblem(response, 400);
    expect(problemFields(body)).toEqual(['SlotSequenceDefinition[0]']);
    expect(body.errors?.[0]?.message).toContain('nested more than');
  });
});

describe('keys that reach an object prototype are refused, as Fastify\'s own JSON parser does', () => {
  it('__proto__ and constructor.prototype at any depth are a 400 naming the field', async () => {
    const proto = await postText(`${one()}/runenvironment`, '{"runData":{"platform":"x","meta":{"__proto__":{"polluted":true}}}}');
    expect(problemFields(expectProblem(proto, 400))).toEqual(['runData.meta.__proto__']);
    const escaped = await postText(`/v2${one()}/quality`, '{"checks":[{"check":"c","success":true,"checkArgs":{"\\u005f_proto__":{}}}]}');
    expect(problemFields(expectProblem(escaped, 400))).toEqual(['checks[0].checkArgs.__proto__']);
    const constructor = await postText(`${one()}/runenvironment`, '{"runData":{"constructor":{"prototype":{"polluted":true}}}}');
    expect(problemFields(expectProblem(constructor, 400))).toEqual(['runData.constructor.prototype']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a constructor field without a prototype is ordinary data', async () => {
    expect((await post(`${one()}/runenvironment`, { runData: { constructor: 'Spark' } })).statusCode).toBe(201);
  });
});

describe('names and lists that become SQL variables are bounded', () => {
  const parts = (count: number) => Array.from({ length: count }, (_, index) => ({ key: `k${index}`, value: 'v' }));

  it('an import whose name has 8,192 parts is a 400 naming the name', async () => {
    for (const name of [parts(8192), Object.fromEntries(parts(8192).map((part) => [part.key, part.value]))]) {
      const body = expectProblem(await post('/v2/slotsequences/import', { slotSequences: [{ name }] }), 400);
      expect(problemFields(body)).toEqual(['slotSequences[0].name']);
    }
  });

  it('an import whose name has 150,000 invalid parts is a 400', async () => {
    const body = expectProblem(await post('/v2/slotsequences/import', { slotSequences: [{ name: Array.from({ length: 150_000 }, () => 1) }] }), 400);
    expect(problemFields(body)).toEqual(['slotSequences[0].name']);
  });

  it(`an import of more than ${MAX_IMPORT_ITEMS} sequences is a 400 naming slotSequences (an import is one transaction)`, async () => {
    const items = Array.from({ length: MAX_IMPORT_ITEMS + 1 }, (_, i) => ({ name: [{ key: 'bulk', value: `b${i}` }] }));
    const body = expectProblem(await post('/v2/slotsequences/import', { slotSequences: items }), 400);
    expect(problemFields(body)).toEqual(['slotSequences']);
  });

  it(`a name of ${MAX_NAME_PARTS} parts imports`, async () => {
    const response = await post('/v2/slotsequences/import', { slotSequences: [{ name: parts(MAX_NAME_PARTS) }] });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().createdCount).toBe(1);
  });

  it('an import item with 200,000 bad parameters is NotProcessed with a bounded error list', async () => {
    const slotParameters = Array.from({ length: 200_000 }, () => 1);
    const response = await post('/v2/slotsequences/import', { slotSequences: [{ name: { client: 'many' }, parameters: { slotParameterGroups: [{ slotParameterGroupName: 'g', slotParameters }] } }] });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
    const [item] = response.json().slotSequenceImports;
    expect(item.result).toBe('NotProcessed');
    expect(item.errors).toHaveLength(MAX_ITEM_ERRORS + 1);
    expect(item.errors.at(-1)).toEqual({ field: 'slotSequences[0]', message: `has ${200_000 - MAX_ITEM_ERRORS} more errors, not listed` });
  });

  it('name parts in queries and slot bodies are bounded too', async () => {
    const entries = parts(MAX_NAME_PARTS + 1).map((part, position) => `SlotSequenceDefinition=${encodeURIComponent(JSON.stringify({ position, ...part }))}`).join('&');
    for (const url of [`/slots/search?Tag=x&${entries}`, `/slotsequences/search?${entries}`, `/slotsequences/submissions?${entries}`]) {
      expect(problemFields(expectProblem(await get(url), 400))).toEqual(['SlotSequenceDefinition']);
    }
    const slot = await post('/slots', { tag: 'x', slotSequenceDefinition: parts(MAX_NAME_PARTS + 1).map((part, position) => ({ position, ...part })) });
    expect(problemFields(expectProblem(slot, 400))).toEqual(['slotSequenceDefinition']);
  });

  it(`repeated query values are bounded to ${MAX_QUERY_VALUES}`, async () => {
    const many = (name: string, value: (index: number) => string | number) => Array.from({ length: MAX_QUERY_VALUES + 1 }, (_, index) => `${name}=${value(index)}`).join('&');
    expect(problemFields(expectProblem(await get(`/v2/slots/overview?${many('slotId', (i) => i + 1)}`), 400))).toEqual(['slotId']);
    expect(problemFields(expectProblem(await get(`/v2/slots/overview?${many('type', (i) => `t${i}`)}`), 400))).toEqual(['type']);
    expect(problemFields(expectProblem(await get(`/v2/slotsequences/overview?${many('failedCountStart', (i) => i)}`), 400))).toEqual(['failedCountStart']);
    expect(problemFields(expectProblem(await get(`/v2/slotsequences/export?${many('slotSequenceId', (i) => i + 1)}`), 400))).toEqual(['slotSequenceId']);
    expect(problemFields(expectProblem(await get(`${one()}/metrics?${many('metrics', (i) => `m${i}`)}`), 400))).toEqual(['metrics']);
    const fits = Array.from({ length: MAX_QUERY_VALUES }, (_, index) => `slotId=${index + 1}`).join('&');
    expect((await get(`/v2/slots/overview?${fits}`)).statusCode).toBe(200);
  });

  it(`run-environment lists are bounded to ${MAX_RUN_ENVIRONMENTS} objects`, async () => {
    const runData = Array.from({ length: 8192 }, (_, index) => ({ n: index }));
    const body = expectProblem(await post(`${one()}/runenvironment`, { runData }), 400);
    expect(problemFields(body)).toContain('runData');
    const fits = await post(`${one()}/runenvironment`, { runData: runData.slice(0, MAX_RUN_ENVIRONMENTS) });
    expect(fits.statusCode, fits.body).toBe(201);
    expect(fits.json()).toEqual({ recorded: MAX_RUN_ENVIRONMENTS });
  });
});

describe('TimeDifference is bounded to a span that keeps the target a date', () => {
  it('99999999 days is a 400 naming TimeDifference', async () => {
    for (const mode of ['future', 'historic', 'either', 'exact']) {
      const body = expectProblem(await get(`${one()}/search?TimeDifference=99999999:00:00:00&FindClosest=${mode}`), 400);
      expect(problemFields(body)).toEqual(['TimeDifference']);
    }
  });

  it('100000 days either way is an ordinary answer', async () => {
    for (const mode of ['future', 'historic']) {
      expectProblem(await get(`${one()}/search?TimeDifference=100000:00:00:00&FindClosest=${mode}`), 404);
    }
  });
});

describe('problem lists are bounded', () => {
  it('every problem of an ordinary request is listed', async () => {
    const body = expectProblem(await post(`/v2${one()}/metrics`, { metrics: [1, { metric: 'ok', value: 1 }, 'x', { metric: '' }] }), 400);
    expect(problemFields(body)).toEqual(['metrics[0]', 'metrics[2]', 'metrics[3].value', 'metrics[3].metric']);
  });

  it(`past ${MAX_LISTED_PROBLEMS} problems the rest are counted, not listed`, async () => {
    const body = expectProblem(await post(`/v2${one()}/metrics`, { metrics: Array.from({ length: 30 }, () => 1) }), 400);
    expect(body.errors).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(body.errors?.at(-1)).toEqual({ field: 'request', message: `has ${30 - MAX_LISTED_PROBLEMS} more problems, not listed` });
  });

  it('a body of a million bad items gets a short answer (validation stops at the first error)', async () => {
    const response = await postText(`/v2${one()}/metrics`, `{"metrics":[${Array(1_000_000).fill('1').join(',')}]}`);
    const body = expectProblem(response, 400);
    expect(problemFields(body)).toEqual(['metrics[0]']);
    expect(response.body.length).toBeLessThan(2000);
  });
});

describe('the body size is bounded', () => {
  it('a body over 10 MB is a 413 problem', async () => {
    const payload = JSON.stringify({ runData: { blob: 'x'.repeat(10 * 1024 * 1024) } });
    const body = expectProblem(await postText(`${one()}/runenvironment`, payload), 413);
    expect(body.type).toBe('urn:lucots:problem:too-large');
  });

  it('the seeded data is still there', async () => {
    const definition = SCHEDULED_NAME.map((part, position) => `SlotSequenceDefinition=${encodeURIComponent(JSON.stringify({ position, ...part }))}`).join('&');
    expect((await get(`/slotsequences/search?${definition}`)).json().slotSequenceId).toBe(f.scheduledSequenceId);
  });
});
