import { afterEach, describe, expect, it } from 'vitest';
import { fields } from '../submissions/api.js';
import { estate, nineOn, type Estate } from './estate.js';

let e: Estate | undefined;
afterEach(async () => e?.t.close());

const BY_NAME = 'sequence=client=acme&sequence=feed=sales';
const get = (query: string) => e!.t.app.inject({ method: 'GET', url: `/lucots/v1/metric-history?${query}` });

describe('GET /lucots/v1/metric-history', () => {
  it('answers by name and by id with ISO instants, statuses and the non-numeric count', async () => {
    e = await estate();
    const response = await get(`${BY_NAME}&metric=rows&stage=load`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ slotSequenceId: e.sequenceId, metric: 'rows', stage: 'load', points: 'latest', order: 'asc', from: null, to: null, nonNumeric: 1, truncated: false, nextCursor: null });
    expect(body.values[0]).toEqual({
      slotId: e.slots['2026-11-20'],
      tag: '2026-11-20',
      slotTime: '2026-11-20T09:00:00.000Z',
      expectedBy: '2026-11-20T09:00:00.000Z',
      slotSubmissionId: e.subs.d20,
      status: 'CompletedWithoutFailures',
      value: 100,
      recordedOn: '2026-11-20T08:00:00.000Z',
    });
    expect(body.values.map((point: { value: number }) => point.value)).toEqual([100, 110, 150.5]);
    const byId = (await get(`slotSequenceId=${e.sequenceId}&metric=rows&stage=load`)).json();
    expect(byId).toEqual(body);
  });

  it('points=every, the submission-level stage, ranges by date and date-time, desc', async () => {
    e = await estate();
    const every = (await get(`${BY_NAME}&metric=rows&stage=load&points=every&from=2026-11-21&to=2026-11-23&order=desc`)).json();
    expect(every).toMatchObject({ points: 'every', order: 'desc', from: '2026-11-21T00:00:00.000Z', to: '2026-11-23T23:59:59.999Z', nonNumeric: 1 });
    expect(every.values.map((point: { slotSubmissionId: number; status: string }) => [point.slotSubmissionId, point.status])).toEqual([
      [e.subs.d23, 'InProgress'],
      [e.subs.d22a, 'CompletedWithoutFailures'],
      [e.subs.d21b, 'Failed'],
      [e.subs.d21a, 'CompletedWithoutFailures'],
    ]);
    const level = (await get(`${BY_NAME}&metric=rows`)).json();
    expect(level).toMatchObject({ stage: null, nonNumeric: 0 });
    expect(level.values.map((point: { value: number }) => point.value)).toEqual([1, 3]);
    const exact = (await get(`${BY_NAME}&metric=rows&stage=load&from=2026-11-21T09:00:00Z&to=2026-11-21T09:00:00Z`)).json();
    expect(exact.values.map((point: { tag: string }) => point.tag)).toEqual(['2026-11-21']);
  });

  it('limit truncates and nextCursor continues where the answer stopped', async () => {
    e = await estate();
    const first = (await get(`${BY_NAME}&metric=rows&stage=load&points=every&limit=3`)).json();
    expect(first.truncated).toBe(true);
    expect(first.values).toHaveLength(3);
    const second = (await get(`${BY_NAME}&metric=rows&stage=load&points=every&limit=10&cursor=${first.nextCursor}`)).json();
    expect(second).toMatchObject({ truncated: false, nextCursor: null });
    const all = (await get(`${BY_NAME}&metric=rows&stage=load&points=every`)).json();
    expect([...first.values, ...second.values]).toEqual(all.values);
    expect(first.nonNumeric + second.nonNumeric).toBe(all.nonNumeric);
  });

  it('unknown sequences are a 404', async () => {
    e = await estate();
    for (const query of ['sequence=client=nobody&metric=rows', `slotSequenceId=${e.sequenceId + 100}&metric=rows`]) {
      const response = await get(query);
      expect(response.statusCode, query).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('bad input is a 400 problem naming the field', async () => {
    e = await estate();
    const cases: Array<[string, string]> = [
      ['metric=rows', 'sequence'],
      [`${BY_NAME}&slotSequenceId=${e.sequenceId}&metric=rows`, 'slotSequenceId'],
      [`${BY_NAME}`, 'metric'],
      [`${BY_NAME}&metric=`, 'metric'],
      [`${BY_NAME}&metric=%20%20`, 'metric'],
      [`${BY_NAME}&metric=rows&stage=%20`, 'stage'],
      [`${BY_NAME}&metric=ro%00ws`, 'metric'],
      [`${BY_NAME}&metric=rows&from=yesterday`, 'from'],
      [`${BY_NAME}&metric=rows&to=2026-02-30`, 'to'],
      [`${BY_NAME}&metric=rows&from=2026-11-22&to=2026-11-21`, 'from'],
      [`slotSequenceId=2147483648&metric=rows`, 'slotSequenceId'],
      [`slotSequenceId=0&metric=rows`, 'slotSequenceId'],
      [`${BY_NAME}&metric=rows&limit=5001`, 'limit'],
      [`${BY_NAME}&metric=rows&limit=0`, 'limit'],
      [`${BY_NAME}&metric=rows&points=some`, 'points'],
      [`${BY_NAME}&metric=rows&order=up`, 'order'],
      [`${BY_NAME}&metric=rows&cursor=bm9wZQ`, 'cursor'],
      [`${BY_NAME}&metric=rows&cursor=${Buffer.from('1.2147483648.1').toString('base64url')}`, 'cursor'],
      ['sequence=client&metric=rows', 'sequence[0]'],
    ];
    for (const [query, field] of cases) {
      const response = await get(query);
      expect(response.statusCode, `${query}: ${response.body}`).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(fields(response.json()).join(' '), query).toContain(field);
    }
  });

  it('takes a date-time with an offset and reads the range in UTC', async () => {
    e = await estate();
    const body = (await get(`${BY_NAME}&metric=rows&stage=load&to=${encodeURIComponent('2026-11-21T10:00:00+01:00')}`)).json();
    expect(body.to).toBe(new Date(nineOn('2026-11-21')).toISOString());
    expect(body.values.map((point: { tag: string }) => point.tag)).toEqual(['2026-11-20', '2026-11-21']);
  });
});
