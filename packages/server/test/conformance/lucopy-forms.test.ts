import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListening, type ListeningServer } from '../support/listening.js';
import { tokenFor } from '../support/clients.js';
import { JSON_PATCH, pyDefinition, pyJsonDumps, pyUrlencode, REQUESTS_HEADERS } from '../support/lucopy-wire.js';

/**
 * Replays each request form the wire reference attributes to LucoPy 1.2.0-1.3.14, byte for byte
 * where it matters (Python-repr query values, True/False, json-patch content type, empty POST
 * bodies, trailing slashes, pageSize=0), against the real server, and checks the answers LucoPy reads.
 */

let server: ListeningServer;
let auth: Record<string, string>;
const SALES = { client: 'acme', feed: 'sales' };
const ADHOC = { Client: "O'Brien & Co", feed: 'ad hoc' };

async function send(method: 'GET' | 'POST', path: string, options: { query?: string; body?: unknown; contentType?: string | null } = {}) {
  const headers: Record<string, string> = { ...REQUESTS_HEADERS, ...auth };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = pyJsonDumps(options.body);
    headers['content-type'] = options.contentType ?? JSON_PATCH;
  } else if (method === 'POST') {
    headers['content-length'] = '0';
  }
  const response = await fetch(`${server.url}${path}${options.query ? `?${options.query}` : ''}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined, headers: response.headers };
}

beforeAll(async () => {
  server = await startListening();
  const { token } = await tokenFor(server, 'admin');
  auth = { authorization: `Bearer ${token}` };
  const imported = await send('POST', '/v2/slotsequences/import', {
    body: {
      allowOverwrites: false,
      allowArchiving: false,
      ignoreDeliveryConfig: false,
      slotSequences: [
        { name: [{ key: 'client', value: 'acme' }, { key: 'feed', value: 'sales' }], type: 'Daily feed', delivery: [{ isActive: true, cadence: 'daily', expectedBy: '09:00', timeZone: 'UTC', startDate: '2026-11-20' }] },
        { name: [{ key: 'Client', value: "O'Brien & Co" }, { key: 'feed', value: 'ad hoc' }], type: 'Ad hoc' },
      ],
    },
  });
  expect(imported.status).toBe(200);
  expect(imported.json.createdCount).toBe(2);
});
afterAll(async () => server?.close());

describe('LucoPy request forms', () => {
  it('find_slot_id: Python-repr SlotSequenceDefinition (and the quote switch) with a trailing slash', async () => {
    const query = pyUrlencode([['Tag', '2026-11-26'], ['SlotSequenceDefinition', pyDefinition(SALES)]]);
    expect(query).toContain('SlotSequenceDefinition=%7B%27position%27%3A+0%2C+%27key%27%3A+%27client%27%2C+%27value%27%3A+%27acme%27%7D');
    const found = await send('GET', '/slots/search/', { query });
    expect(found.status).toBe(200);
    expect(typeof found.json.slotId).toBe('number');

    const adhocQuery = pyUrlencode([['Tag', 'run 1'], ['SlotSequenceDefinition', pyDefinition(ADHOC)]]);
    expect(decodeURIComponent(adhocQuery.replace(/\+/g, ' '))).toContain(`'value': "O'Brien & Co"`);
    expect((await send('GET', '/slots/search/', { query: adhocQuery })).status).toBe(404);
  });

  it('__create_unscheduled_slot: POST /slots/ with json-patch+json and json.dumps spacing', async () => {
    const created = await send('POST', '/slots/', { body: { tag: 'run 1', slotSequenceDefinition: pyDefinition(ADHOC) } });
    expect(created.status).toBe(201);
    const again = await send('GET', '/slots/search/', { query: pyUrlencode([['Tag', 'run 1'], ['SlotSequenceDefinition', pyDefinition(ADHOC)]]) });
    expect(again.json.slotId).toBe(created.json.slotId);
  });

  it('Tag=None (LucoPy without a tag) is just a tag, not a crash', async () => {
    const response = await send('POST', '/slots/', { body: { tag: 'None', slotSequenceDefinition: pyDefinition(ADHOC) } });
    expect(response.status).toBe(201);
  });

  it('a whole LucoPy submission: empty-body create, v2 definition, metrics, status, quality v1 and v2', async () => {
    const { json: slot } = await send('GET', '/slots/search/', { query: pyUrlencode([['Tag', '2026-11-26'], ['SlotSequenceDefinition', pyDefinition(SALES)]]) });
    const created = await send('POST', `/slots/${slot.slotId}/submissions`);
    expect(created.status).toBe(201);
    const id = created.json.slotSubmissionId as number;
    const base = `/slots/${slot.slotId}/submissions/${id}`;

    const definition = await send('GET', `/v2${base}`, { query: 'includeDelivery=True' });
    expect(definition.json.slot.expectedBy).toBe('2026-11-26T09:00:00.000Z');
    expect(definition.json.slotSequence.definition.type.slotSequenceTypeName).toBe('Daily feed');
    expect(definition.json.slotSequence.definition.name.map((p: { slotParameter: { key: string } }) => p.slotParameter.key)).toEqual(['client', 'feed']);
    expect(definition.json.slotSequence.delivery.find((d: { isActive: boolean }) => d.isActive)).toBeTruthy();
    expect(definition.json.submission).toMatchObject({ status: 'In Progress', endedOn: null });

    expect((await send('POST', `/v2${base}/metrics`, { body: { stage: 'load', metrics: [{ metric: 'rows', value: 0 }, { metric: 'rows', value: 7 }] } })).status).toBe(201);
    const metrics = await send('GET', `${base}/metrics`, { query: pyUrlencode([['stages', ['load']], ['metrics', ['rows']], ['includeDuplicates', false]]) });
    expect(metrics.json.slotSubmissionMetrics).toEqual([expect.objectContaining({ stage: 'load', metric: 'rows', value: 7 })]);
    const withDuplicates = await send('GET', `${base}/metrics`, { query: 'includeDuplicates=True' });
    expect(withDuplicates.json.slotSubmissionMetrics).toHaveLength(2);

    expect((await send('POST', `${base}/runenvironment`, { body: { stage: null, runData: [{ platform: 'Databricks', referenceUrl: 'https://adb/run/1' }] } })).status).toBe(201);
    // LucoPy 1.2.5 sends `results` as an object; later versions as a JSON string.
    expect((await send('POST', `${base}/quality`, { body: { stage: 'validate', runId: '', tool: 'Great Expectations', results: { validation_result: { success: true } }, dataSet: null, action: 'Continued' } })).status).toBe(201);
    expect((await send('POST', `${base}/quality`, { body: { stage: 'validate', runId: '', tool: 'Great Expectations', results: '{"validation_result": {"success": true}}', dataSet: 'orders', action: 'Continued' } })).status).toBe(201);
    const v2 = await send('POST', `/v2${base}/quality`, { query: 'stage=validate&action=Continued', body: { checks: [{ check: 'rows > 0', success: true }], name: 'suite' } });
    expect(v2.status).toBe(201);
    const quality = await send('GET', `/v2${base}/quality`);
    // collections (LucoPy 1.3.9+) lists every record: these v1 results lack GE's `results` list, so
    // each is one check saying so. qualityResults lists every record with its results as JSON text
    // (LucoPy 1.2.7-1.3.8 parse it).
    expect(quality.json.collections.map((collection: { name?: string; checks: Array<{ checkArgs?: { reason?: string } }> }) => collection.name ?? collection.checks[0]!.checkArgs?.reason)).toEqual([
      'validation_result.results must be an array of expectation results, got nothing',
      'validation_result.results must be an array of expectation results, got nothing',
      'suite',
    ]);
    expect(quality.json.qualityResults.map((row: { results: string }) => typeof row.results)).toEqual(['string', 'string', 'string']);
    expect((await send('GET', `${base}/quality`)).status).toBe(200);

    const status = { runId: '', status: 'Completed', stage: 'Submission', type: null, message: null, modifiedBy: null };
    expect((await send('POST', `${base}/status`, { body: status })).status).toBe(201);
    const after = await send('GET', `/v2${base}`, { query: 'includeDelivery=True' });
    expect(after.json.submission.status).toBe('Completed');
    expect(after.json.submission.endedOn).not.toBeNull();

    const latest = await send('GET', '/slotsequences/submissions', {
      query: pyUrlencode([['SlotSequenceDefinition', pyDefinition(SALES)], ['OnlyLatestSlot', true], ['OnlyDeliveredSlots', true], ['OnlyCompletedSubmissions', true], ['OnlyLatestSubmission', true]]),
    });
    expect(latest.json.slots[0].slotId).toBe(slot.slotId);
    expect(latest.json.slots[0].submissions[0].slotSubmissionId).toBe(id);

    const search = await send('GET', `${base}/search`, { query: pyUrlencode([['OnlyCompletedSubmissions', false], ['FindClosest', 'either'], ['TimeDifference', '1:00:00:00']]) });
    expect([200, 404]).toContain(search.status);
  });

  it('overviews: pageSize=0 is an empty page, and the failedCountStart defect is read as documented', async () => {
    const empty = await send('GET', '/v2/slots/overview', { query: 'pageNumber=1&pageSize=0' });
    expect(empty.status).toBe(200);
    expect(empty.json.slots).toEqual([]);
    expect(empty.json.totalCount).toBeGreaterThan(0);
    const probe = await send('GET', '/v2/slotsequences/overview', { query: pyUrlencode([['isActive', true], ['failedCountStart', 0], ['pageNumber', 1], ['pageSize', 1]]) });
    expect(probe.status).toBe(200);
    expect(probe.json.totalCount).toBe(2);
    expect(probe.json.slotSequences).toHaveLength(1);
  });

  it('sequence search, get by id, export and import in LucoPy form', async () => {
    const search = await send('GET', '/slotsequences/search/', { query: pyUrlencode([['isActive', true], ['SlotSequenceDefinition', pyDefinition(SALES)]]) });
    expect(search.status).toBe(200);
    const id = search.json.slotSequenceId as number;
    const sequence = await send('GET', `/v2/slotsequences/${id}`);
    expect(sequence.json.parameters.slotParameterGroups).toEqual([]);
    const exported = await send('GET', '/v2/slotsequences/export', { query: pyUrlencode([['slotSequenceId', [id]]]) });
    expect(exported.json).toHaveLength(1);
    const reimport = await send('POST', '/v2/slotsequences/import', { body: { allowOverwrites: false, allowArchiving: false, ignoreDeliveryConfig: false, slotSequences: exported.json } });
    expect(reimport.json).toMatchObject({ existsCount: 1, createdCount: 0 });
    expect(reimport.json.slotSequenceImports[0].slotSequenceDefinition[0].slotParameter).toEqual({ key: 'client', value: 'acme' });
  });

  it('application/json works as well as json-patch+json, and true/false as well as True/False', async () => {
    const response = await send('GET', '/slotsequences/search/', { query: `isActive=true&${pyUrlencode([['SlotSequenceDefinition', pyDefinition(SALES)]])}` });
    expect(response.status).toBe(200);
    const posted = await send('POST', '/slots/', { body: { tag: 'run 2', slotSequenceDefinition: pyDefinition(ADHOC) }, contentType: 'application/json' });
    expect(posted.status).toBe(201);
  });
});
