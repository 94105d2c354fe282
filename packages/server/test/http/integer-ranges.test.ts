import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DB_INTEGER } from '../../src/wire/limits.js';
import { expectProblem, hostileFixture, problemFields, type HostileFixture } from './hostile-fixture.js';
import { requestSchemas, type OpenApiDocument } from './openapi-walk.js';

/**
 * Ids and counts live in `integer` columns: PostgreSQL refuses numbers above 2^31-1 (a 500 once),
 * SQLite takes them. Every integer a request carries is bounded to the column range, so both
 * databases answer with the same 400 naming the parameter.
 */
let f: HostileFixture;
beforeAll(async () => {
  f = await hostileFixture();
});
afterAll(async () => f.close());

const get = (url: string) => f.t.app.inject({ method: 'GET', url, headers: f.headers });
const TOO_BIG = ['2147483648', '9223372036854775808', '99999999999999999999', '1e300'];

function expectRangeProblem(response: Awaited<ReturnType<typeof get>>, field: string, where: string) {
  const body = expectProblem(response, 400);
  expect(problemFields(body)).toEqual([field]);
  expect(body.errors?.[0]?.in).toBe(where);
}

describe('integers above the column range are a 400 naming the parameter', () => {
  it('in path ids', async () => {
    for (const value of TOO_BIG) {
      expectRangeProblem(await get(`/v2/slotsequences/${value}`), 'slotSequenceId', 'path');
      expectRangeProblem(await get(`/slots/${value}/submissions/${f.submissionId}/status`), 'slotId', 'path');
      expectRangeProblem(await get(`/slots/${f.slotId}/submissions/${value}/metrics`), 'submissionId', 'path');
    }
  });

  it('in query ids', async () => {
    for (const value of TOO_BIG) {
      expectRangeProblem(await get(`/v2/slotsequences/export?slotSequenceId=${value}`), 'slotSequenceId[0]', 'query');
      expectRangeProblem(await get(`/v2/slots/overview?slotId=1&slotId=${value}`), 'slotId[1]', 'query');
      expectRangeProblem(await get(`/v2/slots/overview?slotSequenceId=${value}`), 'slotSequenceId[0]', 'query');
    }
  });

  it('in query counts', async () => {
    for (const value of TOO_BIG) {
      expectRangeProblem(await get(`/v2/slots/overview?minSubmissions=${value}`), 'minSubmissions', 'query');
      expectRangeProblem(await get(`/v2/slots/overview?maxSubmissions=${value}`), 'maxSubmissions', 'query');
      expectRangeProblem(await get(`/v2/slotsequences/overview?overdueCountStart=${value}`), 'overdueCountStart', 'query');
      expectRangeProblem(await get(`/v2/slotsequences/overview?overdueCountEnd=${value}`), 'overdueCountEnd', 'query');
      expectRangeProblem(await get(`/v2/slotsequences/overview?failedCountStart=${value}`), 'failedCountStart[0]', 'query');
      expectRangeProblem(await get(`/v2/slotsequences/overview?failedCountEnd=${value}`), 'failedCountEnd', 'query');
    }
  });

  it('in body positions', async () => {
    const response = await f.t.app.inject({
      method: 'POST',
      url: '/slots',
      headers: f.headers,
      payload: { tag: 'batch-2', slotSequenceDefinition: [{ position: 2147483648, key: 'client', value: 'acme' }] },
    });
    expectRangeProblem(response, 'slotSequenceDefinition[0].position', 'body');
  });

  it('the largest id in range is an ordinary 404, and the largest count an ordinary answer', async () => {
    expectProblem(await get(`/v2/slotsequences/${MAX_DB_INTEGER}`), 404);
    expectProblem(await get(`/slots/${MAX_DB_INTEGER}/submissions/${MAX_DB_INTEGER}/status`), 404);
    expect((await get(`/v2/slotsequences/export?slotSequenceId=${MAX_DB_INTEGER}`)).statusCode).toBe(404);
    expect((await get(`/v2/slots/overview?slotId=${MAX_DB_INTEGER}&minSubmissions=${MAX_DB_INTEGER}`)).json().totalCount).toBe(0);
    const overview = await get(`/v2/slotsequences/overview?overdueCountStart=0&overdueCountEnd=${MAX_DB_INTEGER}&failedCountStart=0&failedCountStart=${MAX_DB_INTEGER}`);
    expect(overview.json().totalCount).toBe(2);
  });

  it('negative and fractional integers are a 400 too', async () => {
    expectRangeProblem(await get('/v2/slotsequences/-1'), 'slotSequenceId', 'path');
    expectRangeProblem(await get('/v2/slotsequences/1.5'), 'slotSequenceId', 'path');
    expectRangeProblem(await get('/v2/slots/overview?minSubmissions=-1'), 'minSubmissions', 'query');
    expectRangeProblem(await get('/v2/slots/overview?pageNumber=0.5'), 'pageNumber', 'query');
  });
});

describe('every integer in every request schema is bounded to the column range', () => {
  it('path, query and body integers of the OpenAPI document have a minimum and a maximum within int4', async () => {
    const document = (await get('/openapi.json')).json() as OpenApiDocument;
    const unbounded: string[] = [];
    let integers = 0;
    for (const { where, schema } of requestSchemas(document)) {
      if (schema.type !== 'integer') continue;
      integers++;
      const min = schema.minimum ?? -Infinity;
      const max = schema.maximum ?? Infinity;
      if (min < -MAX_DB_INTEGER - 1 || max > MAX_DB_INTEGER) unbounded.push(`${where} [${min}, ${max}]`);
    }
    expect(integers).toBeGreaterThan(10);
    expect(unbounded).toEqual([]);
  });

  it('every repeated query parameter has a maximum number of values', async () => {
    const document = (await get('/openapi.json')).json() as OpenApiDocument;
    const unbounded = requestSchemas(document)
      .filter(({ where, schema }) => where.includes(' query ') && schema.type === 'array' && schema.maxItems === undefined)
      .map(({ where }) => where);
    expect(unbounded).toEqual([]);
  });
});
