import { afterEach, describe, expect, it } from 'vitest';
import { APIConnectionError, LucoApi } from '../../src/index.js';
import { type Handler, type RecordingServer, startRecordingServer, staticIdentity } from '../support/recording-server.js';

/**
 * The SDK reads a few things LucoPy never reads, so nothing proves the hosted Luco API sends them.
 * Where one is absent, the SDK does what LucoPy does. Each case against a loopback server that
 * leaves the field out:
 * - `delivery` in GET /v2/slotsequences/{id} (findSlotId's check before creating a slot): ask for
 *   the slot with POST /slots/, as LucoPy does, and let the server decide;
 * - `tag` of a submission's slot (`details().tag`): undefined, the rest as LucoPy reads it;
 * - `x-luco-idempotency` (may a POST that reached the server be sent again?): no, as LucoPy, which never retries;
 * - `refresh_in` of a token: refreshed from `expires_in`, the field LucoPy reads.
 */

let server: RecordingServer;
afterEach(async () => server?.close());

async function clientFor(handler: Handler): Promise<LucoApi> {
  server = await startRecordingServer(handler);
  return new LucoApi({ baseUrl: server.url, identity: staticIdentity, logLevel: 'off', env: {} });
}

const NAME = { client: 'acme', feed: 'sales' };

describe('a new tag when GET /v2/slotsequences/{id} has no usable `delivery`', () => {
  const answers: Array<[string, unknown]> = [
    ['no delivery field', { slotSequenceId: 3, parameters: { slotParameterGroups: [] } }],
    ['delivery: null', { slotSequenceId: 3, delivery: null }],
    ['delivery not a list', { slotSequenceId: 3, delivery: { isActive: true } }],
    ['an empty body', undefined],
  ];
  for (const [what, sequence] of answers) {
    it(`${what}: POST /slots/ as LucoPy does, and the server's answer stands`, async () => {
      const api = await clientFor((request) => {
        if (request.path === '/slots/search/') return { status: 404, body: { title: 'Not Found' } };
        if (request.path === '/slotsequences/search/') return { body: { slotSequenceId: 3 } };
        if (request.path === '/v2/slotsequences/3') return sequence === undefined ? { status: 200 } : { body: sequence };
        if (request.path === '/slots/' && request.method === 'POST') return { status: 201, body: { slotId: 11 } };
        return { status: 500 };
      });
      await expect(api.findSlotId('run-7', NAME)).resolves.toBe(11);
      expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
        'GET /slots/search/',
        'GET /slotsequences/search/',
        'GET /v2/slotsequences/3',
        'POST /slots/',
      ]);
    });
  }
});

describe('other fields LucoPy never reads', () => {
  it("a submission's slot without `tag`: details() has tag undefined and everything LucoPy reads", async () => {
    const api = await clientFor(() => ({
      body: {
        slot: { expectedBy: '2026-11-27T06:00:00Z' },
        slotSequence: { definition: { type: { slotSequenceTypeName: 'feed' }, name: [{ slotParameter: { key: 'client', value: 'acme' } }] } },
        submission: { status: 'Completed', startedOn: '2026-11-27T05:00:00Z', endedOn: '2026-11-27T05:10:00Z' },
      },
    }));
    const details = await api.getSubmission(4, 9).details();
    expect(details).toEqual({
      slotId: 4,
      submissionId: 9,
      tag: undefined,
      type: 'feed',
      name: { client: 'acme' },
      expectedBy: '2026-11-27T06:00:00Z',
      status: 'Completed',
      startTime: '2026-11-27T05:00:00Z',
      endTime: '2026-11-27T05:10:00Z',
    });
    expect(await api.getSubmission(4, 9).getDeliverySchedule()).toBeNull();
  });

  it('no `x-luco-idempotency` header: a POST that may have reached the server is not sent again', async () => {
    const api = await clientFor(() => ({ destroy: true }));
    await expect(api.createSubmission(7)).rejects.toBeInstanceOf(APIConnectionError);
    expect(server.requests).toHaveLength(1);
  });

  it('a token without `refresh_in` is kept until near its `expires_in`, as LucoPy keeps it', async () => {
    server = await startRecordingServer((request) =>
      request.path === '/oauth2/token' ? { body: { access_token: 'token-without-refresh-in', expires_in: 3600 } } : { body: { slotSequenceId: 5 } },
    );
    const api = new LucoApi({ baseUrl: server.url, tokenUrl: `${server.url}/oauth2/token`, clientId: 'c', clientSecret: 'secret-value-x', resourceId: 'luco', logLevel: 'off', env: {} });
    await api.findSlotSequenceId(NAME);
    await api.findSlotSequenceId(NAME);
    expect(server.requests.map((request) => request.path)).toEqual(['/oauth2/token', '/slotsequences/search/', '/slotsequences/search/']);
    expect(server.requests[2]?.headers.authorization).toBe('Bearer token-without-refresh-in');
  });
});
