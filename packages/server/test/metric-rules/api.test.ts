import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiFixture, badFields, expectProblem, type ApiFixture } from '../alerts/api/support.js';

const BASE = '/lucots/v1/metric-rules';
let f: ApiFixture;

describe('metric rules: create, read, replace, delete', () => {
  afterEach(async () => f?.t.close());

  it('a rule is read back with its kind\'s settings and their defaults; PUT replaces it; DELETE removes it', async () => {
    f = await apiFixture();
    const created = await f.call('POST', BASE, { name: 'volume', filter: { name: [{ key: 'client', value: 'acme' }] }, metric: 'rows', stage: 'load', kind: 'seasonal', k: 4 });
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json();
    expect(rule).toEqual({
      ruleId: expect.any(Number),
      name: 'volume',
      enabled: true,
      filter: { name: [{ key: 'client', value: 'acme' }], types: [], cadences: [] },
      metric: 'rows',
      stage: 'load',
      action: 'Failed',
      kind: 'seasonal',
      weeks: 8,
      k: 4,
      minHistory: 4,
      minSpreadRatio: 0.05,
      minSpread: 0,
      createdOn: '2026-11-27T12:00:00.000Z',
      updatedOn: '2026-11-27T12:00:00.000Z',
    });
    expect((await f.call('GET', `${BASE}/${rule.ruleId}`)).json()).toEqual(rule);
    expect((await f.call('GET', BASE)).json()).toEqual({ rules: [rule] });
    f.t.clock.now += 60_000;
    const replaced = await f.call('PUT', `${BASE}/${rule.ruleId}`, { name: 'volume', metric: 'rows', kind: 'bounds', min: 1, action: 'Cancelled', enabled: false });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json()).toEqual({ ...rule, stage: null, action: 'Cancelled', enabled: false, filter: { name: [], types: [], cadences: [] }, kind: 'bounds', min: 1, max: null, weeks: undefined, k: undefined, minHistory: undefined, minSpreadRatio: undefined, minSpread: undefined, updatedOn: '2026-11-27T12:01:00.000Z' });
    expect((await f.call('DELETE', `${BASE}/${rule.ruleId}`)).statusCode).toBe(204);
    expectProblem(await f.call('GET', `${BASE}/${rule.ruleId}`), 404);
    expectProblem(await f.call('DELETE', `${BASE}/${rule.ruleId}`), 404);
    expectProblem(await f.call('PUT', `${BASE}/${rule.ruleId}`, { name: 'x', metric: 'rows', kind: 'bounds', min: 1 }), 404);
    expectProblem(await f.call('GET', `${BASE}/${rule.ruleId}/dry-run`), 404);
  });

  it('a taken name is a 409 naming `name`', async () => {
    f = await apiFixture();
    await f.call('POST', BASE, { name: 'a', metric: 'rows', kind: 'bounds', max: 1 });
    expect(expectProblem(await f.call('POST', BASE, { name: 'a', metric: 'rows', kind: 'bounds', max: 1 }), 409)).toMatchObject({ errors: [{ field: 'name' }] });
  });

  it('rules and dry runs need the admin role; verdicts any role', async () => {
    f = await apiFixture();
    expectProblem(await f.call('GET', BASE, undefined, f.reader), 403);
    expectProblem(await f.call('POST', `${BASE}/dry-run`, { rule: { name: 'a', metric: 'rows', kind: 'bounds', max: 1 } }, f.reader), 403);
    expectProblem(await f.call('GET', BASE, undefined, {}), 401);
    expect((await f.call('GET', '/lucots/v1/metric-verdicts', undefined, f.reader)).json()).toEqual({ verdicts: [] });
  });
});

describe('metric rules: bad rules are a 400 naming the field', () => {
  beforeAll(async () => {
    f = await apiFixture();
  });
  afterAll(async () => f?.t.close());

  const base = { name: 'r', metric: 'rows' };
  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    ['an unknown kind', { ...base, kind: 'zscore' }, ['kind']],
    ['no kind', { ...base }, ['kind']],
    ['min above max', { ...base, kind: 'bounds', min: 5, max: 1 }, ['min']],
    ['bounds without a limit', { ...base, kind: 'bounds' }, ['min']],
    ['a negative k', { ...base, kind: 'seasonal', k: -1 }, ['k']],
    ['k of 0', { ...base, kind: 'seasonal', k: 0 }, ['k']],
    ['weeks below minHistory', { ...base, kind: 'seasonal', weeks: 3 }, ['minHistory']],
    ['weeks out of range', { ...base, kind: 'seasonal', weeks: 0, minHistory: 1 }, ['weeks']],
    ['negative spread floors', { ...base, kind: 'seasonal', minSpreadRatio: -0.1, minSpread: -1 }, ['minSpreadRatio', 'minSpread']],
    ['a change rule without a limit', { ...base, kind: 'change' }, ['maxRise']],
    ['a negative change limit', { ...base, kind: 'change', maxFall: -0.5 }, ['maxFall']],
    ['a setting of another kind', { ...base, kind: 'bounds', min: 1, k: 3, maxRise: 1 }, ['maxRise', 'k']],
    ['a blank metric', { name: 'r', metric: '  ', kind: 'bounds', min: 1 }, ['metric']],
    ['an empty metric', { name: 'r', metric: '', kind: 'bounds', min: 1 }, ['metric']],
    ['a blank stage', { ...base, stage: ' ', kind: 'bounds', min: 1 }, ['stage']],
    ['a NUL in the metric', { name: 'r', metric: 'ro\u0000ws', kind: 'bounds', min: 1 }, ['metric']],
    ['an unknown action', { ...base, kind: 'bounds', min: 1, action: 'Stop' }, ['action']],
    ['an unknown filter field', { ...base, kind: 'bounds', min: 1, filter: { sequence: 'client=acme' } }, ['filter.sequence']],
    ['a filter pattern without a value', { ...base, kind: 'bounds', min: 1, filter: { name: [{ key: 'client' }] } }, ['filter.name[0].value']],
    ['an unknown cadence', { ...base, kind: 'bounds', min: 1, filter: { cadences: ['hourly'] } }, ['filter.cadences[0]']],
    ['an unknown field', { ...base, kind: 'bounds', min: 1, threshold: 3 }, ['threshold']],
    ['a number as text', { ...base, kind: 'bounds', min: '1' }, ['min']],
  ];

  it.each(cases)('%s', async (_what, body, expected) => {
    const fields = badFields(await f.call('POST', BASE, body));
    for (const field of expected) expect(fields, `${field} in ${JSON.stringify(fields)}`).toContain(field);
  });

  it('a dry run names the rule\'s fields under `rule`', async () => {
    const fields = badFields(await f.call('POST', `${BASE}/dry-run`, { rule: { ...base, kind: 'bounds', min: 5, max: 1 } }));
    expect(fields).toEqual(['rule.min']);
    expect(badFields(await f.call('POST', `${BASE}/dry-run`, { rule: { ...base, kind: 'bounds', min: 1 }, from: 'yesterday' }))).toEqual(['from']);
  });

  it('a bad verdict query is a 400', async () => {
    expect(badFields(await f.call('GET', '/lucots/v1/metric-verdicts?verdict=maybe'))).toEqual(['verdict']);
    expect(badFields(await f.call('GET', '/lucots/v1/metric-verdicts?ruleId=0'))).toEqual(['ruleId']);
  });
});
