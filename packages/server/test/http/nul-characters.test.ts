import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, hostileFixture, problemFields, type HostileFixture } from './hostile-fixture.js';

/**
 * PostgreSQL cannot store a NUL character in text; SQLite can. One rule on both databases: a NUL
 * anywhere in a query value, a path parameter or a JSON body string (values and keys, any depth)
 * is a 400 problem naming the field, for reads as for writes.
 */
let f: HostileFixture;
beforeAll(async () => {
  f = await hostileFixture();
});
afterAll(async () => f.close());

const NUL = '\u0000';
const one = () => `/slots/${f.slotId}/submissions/${f.submissionId}`;
const post = (url: string, payload: unknown) => f.t.app.inject({ method: 'POST', url, headers: { ...f.headers, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
const get = (url: string) => f.t.app.inject({ method: 'GET', url, headers: f.headers });

function expectNulProblem(response: Awaited<ReturnType<typeof get>>, field: string, where: string) {
  const body = expectProblem(response, 400);
  expect(problemFields(body)).toEqual([field]);
  expect(body.errors?.[0]).toMatchObject({ in: where, message: expect.stringContaining('NUL') });
  expect(body.detail).toContain(field);
}

describe('a NUL character in a JSON body is a 400 naming the field', () => {
  it('in metric names and stages', async () => {
    expectNulProblem(await post(`/v2${one()}/metrics`, { stage: 'Load', metrics: [{ metric: 'rows', value: 1 }, { metric: `ro${NUL}ws`, value: 2 }] }), 'metrics[1].metric', 'body');
    expectNulProblem(await post(`/v2${one()}/metrics`, { stage: `Lo${NUL}ad`, metrics: [{ metric: 'rows', value: 1 }] }), 'stage', 'body');
    expectNulProblem(await post(`/v2${one()}/metrics`, { metrics: [{ metric: 'rows', value: `1${NUL}` }] }), 'metrics[0].value', 'body');
  });

  it('in status messages, quality tools, checks and their arguments', async () => {
    expectNulProblem(await post(`${one()}/status`, { status: 'Failed', stage: 'Load', message: `boom${NUL}` }), 'message', 'body');
    expectNulProblem(await post(`${one()}/quality`, { tool: `GE${NUL}`, results: '{}', action: 'Continued' }), 'tool', 'body');
    expectNulProblem(await post(`/v2${one()}/quality`, { checks: [{ check: `expect ${NUL}`, success: true }] }), 'checks[0].check', 'body');
    expectNulProblem(await post(`/v2${one()}/quality`, { checks: [{ check: 'expect $col', success: true, checkArgs: { col: ['a', { deep: `x${NUL}` }] } }] }), 'checks[0].checkArgs.col[1].deep', 'body');
  });

  it('in object keys at any depth, e.g. run-environment data', async () => {
    const response = await post(`${one()}/runenvironment`, { runData: { platform: 'Databricks', cluster: { [`no${NUL}de`]: 1 } } });
    expectNulProblem(response, 'runData.cluster.no\\u0000de', 'body');
    expectNulProblem(await post(`${one()}/runenvironment`, { runData: [{ platform: `Azure${NUL}` }] }), 'runData[0].platform', 'body');
  });

  it('in import fields and slot tags', async () => {
    const response = await post('/v2/slotsequences/import', { slotSequences: [{ name: [{ key: 'client', value: `a${NUL}` }] }] });
    expectNulProblem(response, 'slotSequences[0].name[0].value', 'body');
    expectNulProblem(await post('/slots', { tag: `t${NUL}`, slotSequenceDefinition: [{ position: 0, key: 'client', value: 'acme' }] }), 'tag', 'body');
  });

  it('nothing of the request was stored', async () => {
    const metrics = (await get(`${one()}/metrics?includeDuplicates=true`)).json();
    expect(metrics.slotSubmissionMetrics).toEqual([]);
    const statuses = (await get(`${one()}/status`)).json();
    expect(statuses.statuses.every((event: { status: string }) => event.status === 'In Progress')).toBe(true);
  });
});

describe('a NUL character in a query value or a path parameter is a 400 naming the parameter', () => {
  it('in read filters', async () => {
    expectNulProblem(await get('/v2/slots/overview?type=%00'), 'type', 'query');
    expectNulProblem(await get('/v2/slotsequences/overview?type=Sales&type=a%00b'), 'type', 'query');
    expectNulProblem(await get(`${one()}/metrics?stages=Load%00`), 'stages', 'query');
    expectNulProblem(await get('/slots/search?Tag=%00&SlotSequenceDefinition=%7B%7D'), 'Tag', 'query');
    expectNulProblem(await get(`${one()}/search?FindClosest=future%00`), 'FindClosest', 'query');
  });

  it('in a query parameter name', async () => {
    expectNulProblem(await get(`${one()}/metrics?st%00ages=Load`), 'st\\u0000ages', 'query');
  });

  it('in an escape inside a name part (JSON or Python repr) of a query', async () => {
    const json = encodeURIComponent(JSON.stringify({ position: 0, key: 'client', value: `acme${NUL}` }));
    const response = await get(`/slots/search?Tag=2026-11-20&SlotSequenceDefinition=${json}`);
    const body = expectProblem(response, 400);
    expect(problemFields(body)).toEqual(['SlotSequenceDefinition[0].value']);
    const repr = encodeURIComponent(`{'position': 0, 'key': 'cli\\x00ent', 'value': 'acme'}`);
    expect(problemFields(expectProblem(await get(`/slotsequences/search?SlotSequenceDefinition=${repr}`), 400))).toEqual(['SlotSequenceDefinition[0].key']);
  });

  it('in a path parameter', async () => {
    expectNulProblem(await get('/v2/slotsequences/1%00'), 'slotSequenceId', 'path');
    expectNulProblem(await get(`/slots/${f.slotId}/submissions/%00/status`), 'submissionId', 'path');
  });

  it('reads without a NUL still work', async () => {
    expect((await get('/v2/slots/overview?type=Adhoc')).json().totalCount).toBe(1);
  });
});
