import { afterEach, describe, expect, it } from 'vitest';
import { LucoApi, SlotNotFoundError, SlotSequenceNotFoundError } from '../../src/index.js';
import { type Handler, queryValues, type RecordingServer, startRecordingServer, staticIdentity } from '../support/recording-server.js';

/**
 * Every LucoApi method against a real loopback server: the method, path, query and body it sends,
 * checked against the wire reference (LucoPy 1.3.14), minus LucoPy's defects.
 */

let server: RecordingServer;
afterEach(async () => server?.close());

async function clientFor(handler: Handler): Promise<LucoApi> {
  server = await startRecordingServer(handler);
  return new LucoApi({ baseUrl: `${server.url}/`, identity: staticIdentity, logLevel: 'off', env: {} });
}

const NAME = { client: 'acme', feed: 'sales' };
const DEFINITION_JSON = ['{"position":0,"key":"client","value":"acme"}', '{"position":1,"key":"feed","value":"sales"}'];

describe('findSlotId', () => {
  it('searches by Tag and strict-JSON SlotSequenceDefinition entries', async () => {
    const api = await clientFor(() => ({ body: { slotId: 7 } }));
    await expect(api.findSlotId('2026-11-27', NAME)).resolves.toBe(7);
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(request?.path).toBe('/slots/search/');
    expect(request?.query).toEqual([
      ['Tag', '2026-11-27'],
      ['SlotSequenceDefinition', DEFINITION_JSON[0]],
      ['SlotSequenceDefinition', DEFINITION_JSON[1]],
    ]);
    expect(request?.headers.authorization).toBe('Bearer test-access-token');
    expect(request?.headers['user-agent']).toMatch(/^lucots-sdk\/\d+\.\d+\.\d+ node\//);
  });

  it('accepts LucoPy list-of-dicts names and a Date tag', async () => {
    const api = await clientFor(() => ({ body: { slotId: 7 } }));
    await api.findSlotId(new Date(Date.UTC(2026, 10, 27, 23, 0)), [{ client: 'acme' }, { feed: 'sales' }]);
    expect(queryValues(server.requests[0]!, 'Tag')).toEqual(['2026-11-27']);
    expect(queryValues(server.requests[0]!, 'SlotSequenceDefinition')).toEqual(DEFINITION_JSON);
  });

  it('creates a slot for a new tag of an unscheduled sequence with POST /slots/', async () => {
    const api = await clientFor((request) => {
      if (request.path === '/slots/search/') return { status: 404, body: { title: 'Not Found', detail: 'no slot' } };
      if (request.path === '/slotsequences/search/') return { body: { slotSequenceId: 3 } };
      if (request.path === '/v2/slotsequences/3') return { body: { slotSequenceId: 3, delivery: [{ isActive: false }] } };
      if (request.path === '/slots/' && request.method === 'POST') return { status: 201, body: { slotId: 9 } };
      return { status: 500 };
    });
    await expect(api.findSlotId('run-42', NAME)).resolves.toBe(9);
    const paths = server.requests.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(['GET /slots/search/', 'GET /slotsequences/search/', 'GET /v2/slotsequences/3', 'POST /slots/']);
    expect(server.requests[1]?.query[0]).toEqual(['isActive', 'True']);
    const post = server.requests[3]!;
    expect(post.headers['content-type']).toBe('application/json-patch+json');
    expect(post.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(post.body)).toEqual({
      tag: 'run-42',
      slotSequenceDefinition: [
        { position: 0, key: 'client', value: 'acme' },
        { position: 1, key: 'feed', value: 'sales' },
      ],
    });
  });

  it('never creates a slot off the schedule of a scheduled sequence', async () => {
    const api = await clientFor((request) => {
      if (request.path === '/slots/search/') return { status: 404, body: { title: 'Not Found' } };
      if (request.path === '/slotsequences/search/') return { body: { slotSequenceId: 3 } };
      return { body: { slotSequenceId: 3, delivery: [{ isActive: true, cadence: 'daily' }] } };
    });
    await expect(api.findSlotId('2026-11-28', NAME)).rejects.toBeInstanceOf(SlotNotFoundError);
    expect(server.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('reports an unknown sequence instead of trying to create a slot in it', async () => {
    const api = await clientFor((request) => {
      if (request.path === '/slots/search/') return { status: 404, body: { title: 'Not Found' } };
      return { body: { slotSequenceId: null } };
    });
    await expect(api.findSlotId('x', { client: 'nobody' })).rejects.toBeInstanceOf(SlotSequenceNotFoundError);
    expect(server.requests.map((r) => r.path)).toEqual(['/slots/search/', '/slotsequences/search/']);
  });

  it('with createIfMissing false, a missing slot is an error and nothing else is sent', async () => {
    const api = await clientFor(() => ({ status: 404, body: { title: 'Not Found' } }));
    await expect(api.findSlotId('x', NAME, { createIfMissing: false })).rejects.toBeInstanceOf(SlotNotFoundError);
    expect(server.requests).toHaveLength(1);
  });
});

describe('submissions', () => {
  it('createSubmission POSTs with no body and returns a Submission', async () => {
    const api = await clientFor(() => ({ status: 201, body: { slotSubmissionId: 11 } }));
    const submission = await api.createSubmission(7);
    expect(submission.toJSON()).toEqual({ slotId: 7, submissionId: 11 });
    const [request] = server.requests;
    expect(`${request?.method} ${request?.path}`).toBe('POST /slots/7/submissions');
    expect(request?.body).toBe('');
    expect(request?.headers['content-type']).toBeUndefined();
    expect(request?.headers['idempotency-key']).toBeTruthy();
  });

  it('createSubmission sends startedOn only when given (a LucoTS extension for runs recorded later)', async () => {
    const api = await clientFor(() => ({ status: 201, body: { slotSubmissionId: 11 } }));
    await api.createSubmission(7, { startedOn: new Date('2026-11-20T08:00:00Z') });
    expect(server.requests[0]?.headers['content-type']).toBe('application/json-patch+json');
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ startedOn: '2026-11-20T08:00:00.000Z' });
  });

  it('createSubmission records run environments even without a stage', async () => {
    const api = await clientFor((request) => (request.path.endsWith('/submissions') ? { body: { slotSubmissionId: 11 } } : { status: 200 }));
    await api.createSubmission(7, { runEnvironments: { platform: 'Azure Data Factory', referenceUrl: 'https://adf/run/1' } });
    const env = server.requests[1]!;
    expect(`${env.method} ${env.path}`).toBe('POST /slots/7/submissions/11/runenvironment');
    expect(JSON.parse(env.body)).toEqual({ stage: null, runData: [{ platform: 'Azure Data Factory', referenceUrl: 'https://adf/run/1' }] });
  });

  it('findSubmissionInSlotSequence sends LucoPy parameter names and d:HH:MM:SS', async () => {
    const answer = { slotId: 6, slotSubmissionId: 10, isExactMatch: false, timeDifference: '1:00:00:00', slotDifference: 1 };
    const api = await clientFor(() => ({ body: answer }));
    await expect(
      api.findSubmissionInSlotSequence(7, 11, { onlyCompletedSubmissions: true, findClosest: 'either', timeDifference: { days: 1, hours: 2, minutes: 3, seconds: 4 } }),
    ).resolves.toEqual(answer);
    const [request] = server.requests;
    expect(request?.path).toBe('/slots/7/submissions/11/search');
    expect(request?.query).toEqual([
      ['OnlyCompletedSubmissions', 'True'],
      ['FindClosest', 'either'],
      ['TimeDifference', '1:02:03:04'],
    ]);
  });

  it('findSubmissionInSlotSequence defaults to historic and all submissions, with no TimeDifference', async () => {
    const api = await clientFor(() => ({ body: {} }));
    await api.findSubmissionInSlotSequence(7, 11);
    expect(server.requests[0]?.query).toEqual([
      ['OnlyCompletedSubmissions', 'False'],
      ['FindClosest', 'historic'],
    ]);
  });

  it('findSubmissionsBySlotSequence sends every flag and the window', async () => {
    const body = { slots: [{ slotId: 7, submissions: [{ slotSubmissionId: 11 }] }] };
    const api = await clientFor(() => ({ body }));
    await expect(
      api.findSubmissionsBySlotSequence(NAME, { onlyLatestSlot: false, onlyDeliveredSlots: true, onlyCompletedSubmissions: false, expectedAfterUtc: '2026-11-01', expectedBeforeUtc: new Date(Date.UTC(2026, 10, 27, 6, 30)) }),
    ).resolves.toEqual(body);
    const [request] = server.requests;
    expect(request?.path).toBe('/slotsequences/submissions');
    expect(request?.query).toEqual([
      ['SlotSequenceDefinition', DEFINITION_JSON[0]],
      ['SlotSequenceDefinition', DEFINITION_JSON[1]],
      ['OnlyLatestSlot', 'False'],
      ['OnlyDeliveredSlots', 'True'],
      ['OnlyCompletedSubmissions', 'False'],
      ['OnlyLatestSubmission', 'True'],
      ['ExpectedAfterUtc', '2026-11-01'],
      ['ExpectedBeforeUtc', '2026-11-27T06:30:00'],
    ]);
  });

  it('findLatestSubmissionBySlotSequence returns the ids, or null when there is none', async () => {
    let slots: unknown[] = [{ slotId: 7, submissions: [{ slotSubmissionId: 11 }] }];
    const api = await clientFor(() => ({ body: { slots } }));
    await expect(api.findLatestSubmissionBySlotSequence(NAME)).resolves.toEqual({ slotId: 7, submissionId: 11 });
    expect(queryValues(server.requests[0]!, 'OnlyLatestSlot')).toEqual(['True']);
    slots = [];
    await expect(api.findLatestSubmissionBySlotSequence(NAME)).resolves.toBeNull();
  });

  it('getSubmission makes no request', async () => {
    const api = await clientFor(() => ({ status: 500 }));
    const submission = api.getSubmission(7, 11);
    expect(submission.submissionId).toBe(11);
    expect(server.requests).toHaveLength(0);
  });
});

describe('slot sequences', () => {
  it('submitSlotSequences wraps one config, sends the flags, and flattens names in the result', async () => {
    const response = {
      createdCount: 1, existsCount: 0, notProcessedCount: 0, updatedCount: 0, notUpdatedCount: 0, archivedCount: 0,
      slotSequenceImports: [{ slotSequenceDefinition: [{ slotParameter: { key: 'client', value: 'acme' } }], result: 'Created' }],
    };
    const api = await clientFor(() => ({ body: response }));
    const config = { name: [{ key: 'client', value: 'acme' }], type: 'Feed' };
    const result = await api.submitSlotSequences(config, { allowOverwrites: true });
    const [request] = server.requests;
    expect(`${request?.method} ${request?.path}`).toBe('POST /v2/slotsequences/import');
    expect(request?.headers['content-type']).toBe('application/json-patch+json');
    expect(JSON.parse(request!.body)).toEqual({ allowOverwrites: true, allowArchiving: false, ignoreDeliveryConfig: false, slotSequences: [config] });
    expect(result).toEqual({
      counts: { created: 1, exists: 0, notProcessed: 0, updated: 0, notUpdated: 0, archived: 0 },
      imports: [{ name: { client: 'acme' }, result: 'Created' }],
    });
  });

  it('exportSlotSequences resolves names to ids and sends repeated slotSequenceId', async () => {
    const api = await clientFor((request) => (request.path === '/slotsequences/search/' ? { body: { slotSequenceId: 5 } } : { body: [{ type: 'Feed' }] }));
    await expect(api.exportSlotSequences({ ids: [1], names: [NAME] })).resolves.toEqual([{ type: 'Feed' }]);
    expect(server.requests.map((r) => r.path)).toEqual(['/slotsequences/search/', '/v2/slotsequences/export']);
    expect(server.requests[1]?.query).toEqual([
      ['slotSequenceId', '1'],
      ['slotSequenceId', '5'],
    ]);
  });

  it('exportSlotSequences with neither ids nor names sends no parameter', async () => {
    const api = await clientFor(() => ({ body: [] }));
    await api.exportSlotSequences();
    expect(server.requests[0]?.rawQuery).toBe('');
  });

  it('exportSlotSequences by name among archived sequences sends isActive=False', async () => {
    const api = await clientFor((request) => (request.path === '/slotsequences/search/' ? { body: { slotSequenceId: 5 } } : { body: [] }));
    await api.exportSlotSequences({ names: [NAME], active: false });
    expect(queryValues(server.requests[0]!, 'isActive')).toEqual(['False']);
  });

  it('slotSequenceParameters finds the id, then reads the groups', async () => {
    const sequence = {
      slotSequenceId: 5,
      parameters: { slotParameterGroups: [{ slotParameterGroupName: 'source', slotParameters: [{ key: 'path', value: '/in' }] }] },
    };
    const api = await clientFor((request) => (request.path === '/slotsequences/search/' ? { body: { slotSequenceId: 5 } } : { body: sequence }));
    await expect(api.slotSequenceParameters(NAME)).resolves.toEqual({ source: { path: '/in' } });
    await expect(api.slotSequenceParameters(NAME, 'source')).resolves.toEqual({ path: '/in' });
    await expect(api.slotSequenceParameters(NAME, 'source', 'path')).resolves.toBe('/in');
    await expect(api.slotSequenceParameters(NAME, 'missing')).resolves.toBeUndefined();
    expect(server.requests.slice(0, 2).map((r) => r.path)).toEqual(['/slotsequences/search/', '/v2/slotsequences/5']);
  });
});

describe('overviews', () => {
  function pagingServer(total: number, listField: string): Handler {
    return (request) => {
      const page = Number(queryValues(request, 'pageNumber')[0]);
      const size = Number(queryValues(request, 'pageSize')[0]);
      const start = (page - 1) * size;
      const rows = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => ({
        slotSequenceId: start + i + 1,
        slotId: start + i + 1,
        name: [{ slotParameter: { key: 'n', value: String(start + i + 1) } }],
      }));
      return { body: { totalCount: total, [listField]: rows } };
    };
  }

  it('slotSequencesOverview sends every filter under its wire name, failedCountEnd included', async () => {
    const api = await clientFor(() => ({ body: { totalCount: 0, slotSequences: [] } }));
    await api.slotSequencesOverview(
      {
        isActive: false, type: ['Feed', 'Report'], cadence: 'daily', overdueCountStart: 1, overdueCountEnd: 5, failedCountStart: 2, failedCountEnd: 9,
        slotSequenceNameValues: ['acme', 'sales'], slotSequenceNameValuesFilterOperator: 'or',
        lastDeliverySlotStart: '2026-11-01', lastDeliverySlotEnd: new Date(Date.UTC(2026, 10, 27)),
        upcomingSlotStart: '2026-11-28T00:00:00Z', upcomingSlotEnd: '2026-12-01', sortBy: 'overdue', sortDir: 'desc',
      },
      { pageSize: 50 },
    );
    expect(server.requests[0]?.path).toBe('/v2/slotsequences/overview');
    expect(server.requests[0]?.query).toEqual([
      ['isActive', 'False'], ['type', 'Feed'], ['type', 'Report'], ['cadence', 'daily'],
      ['overdueCountStart', '1'], ['overdueCountEnd', '5'], ['failedCountStart', '2'], ['failedCountEnd', '9'],
      ['slotSequenceDefinitionValues', 'acme'], ['slotSequenceDefinitionValues', 'sales'], ['slotSequenceDefinitionValuesFilterOperator', 'or'],
      ['lastDeliverySlotStart', '2026-11-01'], ['lastDeliverySlotEnd', '2026-11-27T00:00:00.000Z'],
      ['upcomingSlotStart', '2026-11-28T00:00:00Z'], ['upcomingSlotEnd', '2026-12-01'],
      ['sortBy', 'overdue'], ['sortDir', 'desc'], ['pageNumber', '1'], ['pageSize', '50'],
    ]);
  });

  it('slotsOverview sends every filter under its wire name', async () => {
    const api = await clientFor(() => ({ body: { totalCount: 0, slots: [] } }));
    await api.slotsOverview({
      slotId: [1, 2], slotSequenceId: 3, type: 'Feed', cadence: 'weekly', slotStatus: 'overdue', slotSequenceNameValues: 'acme',
      slotSequenceNameValuesFilterOperator: 'and', expectedByStart: '2026-11-01', expectedByEnd: '2026-11-30', updatedOnStart: '2026-11-02',
      updatedOnEnd: '2026-11-29', createdOnStart: '2026-11-03', createdOnEnd: '2026-11-28', lastSubmissionStatus: ['Failed', 'InProgress'],
      minSubmissions: 0, maxSubmissions: 4, sortBy: 'expectedBy', sortDir: 'asc',
    });
    expect(server.requests[0]?.path).toBe('/v2/slots/overview');
    expect(server.requests[0]?.query).toEqual([
      ['slotId', '1'], ['slotId', '2'], ['slotSequenceId', '3'], ['type', 'Feed'], ['cadence', 'weekly'], ['slotStatus', 'overdue'],
      ['slotSequenceDefinitionValues', 'acme'], ['slotSequenceDefinitionValuesFilterOperator', 'and'],
      ['expectedByStart', '2026-11-01'], ['expectedByEnd', '2026-11-30'], ['updatedOnStart', '2026-11-02'], ['updatedOnEnd', '2026-11-29'],
      ['createdOnStart', '2026-11-03'], ['createdOnEnd', '2026-11-28'], ['lastSubmissionStatus', 'Failed'], ['lastSubmissionStatus', 'InProgress'],
      ['sortBy', 'expectedBy'], ['sortDir', 'asc'], ['minSubmissions', '0'], ['maxSubmissions', '4'], ['pageNumber', '1'], ['pageSize', '1000'],
    ]);
  });

  it('pages lazily with for await: no probe request, constant page size, names flattened', async () => {
    const api = await clientFor(pagingServer(5, 'slotSequences'));
    const list = api.slotSequencesOverview({}, { pageSize: 2 });
    expect(server.requests).toHaveLength(0);
    const ids: number[] = [];
    for await (const item of list) {
      ids.push(item.slotSequenceId);
      if (ids.length === 1) expect(server.requests).toHaveLength(1);
      expect(item.name).toEqual({ n: String(item.slotSequenceId) });
    }
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    expect(server.requests.map((r) => [queryValues(r, 'pageNumber')[0], queryValues(r, 'pageSize')[0]])).toEqual([['1', '2'], ['2', '2'], ['3', '2']]);
  });

  it('an exact multiple of the page size costs no extra request', async () => {
    const api = await clientFor(pagingServer(4, 'slots'));
    expect((await api.slotsOverview({}, { pageSize: 2 }).toArray()).map((s) => s.slotId)).toEqual([1, 2, 3, 4]);
    expect(server.requests).toHaveLength(2);
  });

  it('an empty result is one request, and pageSize=0 is never sent', async () => {
    const api = await clientFor(pagingServer(0, 'slots'));
    const page = await api.slotsOverview({}, { pageSize: 10 });
    expect(page.items).toEqual([]);
    expect(page.totalCount).toBe(0);
    expect(page.hasNextPage()).toBe(false);
    expect(server.requests).toHaveLength(1);
    expect(queryValues(server.requests[0]!, 'pageSize')).toEqual(['10']);
  });

  it('limit stops early and keeps the page size constant', async () => {
    const api = await clientFor(pagingServer(100, 'slotSequences'));
    const items = await api.slotSequencesOverview({}, { pageSize: 3, limit: 7 }).toArray();
    expect(items.map((i) => i.slotSequenceId)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(server.requests.map((r) => queryValues(r, 'pageSize')[0])).toEqual(['3', '3', '3']);
  });

  it('awaiting gives the first page, with getNextPage for the rest', async () => {
    const api = await clientFor(pagingServer(3, 'slotSequences'));
    const first = await api.slotSequencesOverview({}, { pageSize: 2 });
    expect(first.items.map((i) => i.slotSequenceId)).toEqual([1, 2]);
    expect(first.totalCount).toBe(3);
    const second = await first.getNextPage();
    expect(second.items.map((i) => i.slotSequenceId)).toEqual([3]);
    expect(second.hasNextPage()).toBe(false);
  });
});
