import { afterEach, describe, expect, it } from 'vitest';
import { LucoApi, ValidationError } from '../../src/index.js';
import { type Handler, queryValues, type RecordingServer, startRecordingServer, staticIdentity } from '../support/recording-server.js';

/** What `metricHistory` sends, and how it follows the server's pages (the real server's answers: packages/server/test/conformance). */

let server: RecordingServer;
afterEach(async () => server?.close());

async function clientFor(handler: Handler): Promise<LucoApi> {
  server = await startRecordingServer(handler);
  return new LucoApi({ baseUrl: `${server.url}/`, identity: staticIdentity, logLevel: 'off', env: {} });
}

const point = (value: number) => ({ slotId: value, tag: `t${value}`, slotTime: '2026-12-01T09:00:00.000Z', expectedBy: null, slotSubmissionId: value, status: 'CompletedWithoutFailures', value, recordedOn: '2026-12-01T08:00:00.000Z' });
const page = (values: number[], nonNumeric: number, nextCursor: string | null) => ({
  slotSequenceId: 3, metric: 'rows', stage: 'load', points: 'latest', order: 'asc', from: null, to: null,
  values: values.map(point), nonNumeric, truncated: nextCursor !== null, nextCursor,
});

describe('metricHistory', () => {
  it('sends the sequence as key=value parts and the options, follows nextCursor and sums nonNumeric', async () => {
    const api = await clientFor((request) => {
      const cursor = queryValues(request, 'cursor')[0];
      if (cursor === undefined) return { body: page([1, 2], 1, 'c1') };
      if (cursor === 'c1') return { body: page([3], 2, null) };
      return { status: 500 };
    });
    const history = await api.metricHistory({ client: 'acme', feed: 'sales' }, { metric: 'rows', stage: 'load', from: new Date('2026-12-01T00:00:00Z'), to: '2026-12-31', every: true, order: 'asc' });
    expect(history.values.map((item) => item.value)).toEqual([1, 2, 3]);
    expect(history).toMatchObject({ nonNumeric: 3, truncated: false });
    expect('nextCursor' in history).toBe(false);
    const [first, second] = server.requests;
    expect(first?.path).toBe('/lucots/v1/metric-history');
    expect(first?.query).toEqual([
      ['sequence', 'client=acme'],
      ['sequence', 'feed=sales'],
      ['metric', 'rows'],
      ['stage', 'load'],
      ['from', '2026-12-01T00:00:00.000Z'],
      ['to', '2026-12-31'],
      ['points', 'every'],
      ['order', 'asc'],
      ['limit', '5000'],
    ]);
    expect(queryValues(second!, 'cursor')).toEqual(['c1']);
  });

  it('stops at limit, asks only for what is left, and says the series was cut', async () => {
    const api = await clientFor((request) => (queryValues(request, 'cursor')[0] === undefined ? { body: page([1, 2], 0, 'c1') } : { body: page([3], 0, 'c2') }));
    const history = await api.metricHistory([{ client: 'acme' }], { metric: 'rows', limit: 3 });
    expect(history.values.map((item) => item.value)).toEqual([1, 2, 3]);
    expect(history.truncated).toBe(true);
    expect(server.requests.map((request) => queryValues(request, 'limit'))).toEqual([['3'], ['1']]);
    expect(queryValues(server.requests[0]!, 'stage')).toEqual([]);
    expect(queryValues(server.requests[0]!, 'points')).toEqual(['latest']);
  });

  it('refuses a blank metric or stage, a bad instant or limit before any request', async () => {
    const api = await clientFor(() => ({ status: 500 }));
    for (const options of [{ metric: '' }, { metric: 'rows', stage: ' ' }, { metric: 'rows', to: 'soon' }, { metric: 'rows', limit: 0 }, { metric: 'ro\u0000ws' }]) {
      await expect(api.metricHistory({ client: 'acme' }, options)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(server.requests).toEqual([]);
  });
});
