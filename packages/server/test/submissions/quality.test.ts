import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { appWithOneSubmission, fields, unscheduledSlot } from './api.js';
import { lucoPyJson, pyQuery } from './support.js';
import { convertSuiteToCollection } from '@lucots/sdk';

const NAME = [['Client', 'Acme']] as const;
const GE_RESULT = { validation_result: { success: false, results: [{ expectation_config: { expectation_type: 'expect_column_values_to_not_be_null' }, success: false }] } };

let t: TestApp;
let slotId: number;
let submissionId: number;
beforeEach(async () => ({ t, slotId, submissionId } = await appWithOneSubmission(NAME)));
afterEach(async () => t.close());

const v1 = (body: unknown) => t.app.inject({ method: 'POST', url: `/slots/${slotId}/submissions/${submissionId}/quality`, ...lucoPyJson(body) });
const v2 = (body: unknown, query: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: `/v2/slots/${slotId}/submissions/${submissionId}/quality${Object.keys(query).length ? `?${pyQuery(query)}` : ''}`, ...lucoPyJson(body) });
const readV2 = () => t.app.inject({ method: 'GET', url: `/v2/slots/${slotId}/submissions/${submissionId}/quality` });

describe('POST /slots/{slotId}/submissions/{submissionId}/quality (v1)', () => {
  it('keeps a results string exactly as sent (LucoPy 1.3.x)', async () => {
    const text = JSON.stringify(GE_RESULT);
    const response = await v1({ stage: 'Check', runId: '', tool: 'Great Expectations', results: text, dataSet: 'sales', action: 'continued' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ qualityId: expect.any(Number), action: 'Continued', success: false });
    const read = await t.app.inject({ method: 'GET', url: `/slots/${slotId}/submissions/${submissionId}/quality` });
    expect(read.json()).toEqual({
      collections: [
        {
          checks: [{ check: '$column values must never be null.', success: false }],
          success: false,
          tool: 'Great Expectations',
          dataSet: 'sales',
          qualityId: response.json().qualityId,
          stage: 'Check',
          action: 'Continued',
          createdOn: '2026-11-27T12:00:00.000Z',
        },
      ],
      qualityResults: [
        { qualityId: response.json().qualityId, version: 1, stage: 'Check', tool: 'Great Expectations', results: text, dataSet: 'sales', action: 'Continued', success: false, createdOn: '2026-11-27T12:00:00.000Z' },
      ],
    });
  });

  it('stores an object (LucoPy 1.2.5) as its JSON text; a non-JSON string is kept too', async () => {
    const object = await v1({ stage: null, runId: '', tool: 'GE', results: GE_RESULT, dataSet: null, action: 'CANCELLED' });
    expect(object.statusCode, object.body).toBe(201);
    expect(object.json().action).toBe('Cancelled');
    const plain = await v1({ tool: 'custom', results: 'all good', action: 'Continued' });
    expect(plain.json()).toMatchObject({ success: null });
    const results = (await readV2()).json().qualityResults;
    expect(JSON.parse(results[0].results)).toEqual(GE_RESULT);
    expect(results[1].results).toBe('all good');
  });

  it('400s missing tool, results or action and a bad action, naming each', async () => {
    const missing = await v1({ stage: 'Check' });
    expect(missing.statusCode).toBe(400);
    expect(fields(missing.json())).toEqual(expect.arrayContaining(['tool', 'results', 'action']));
    const badAction = await v1({ tool: 'GE', results: '{}', action: 'Stop' });
    expect(fields(badAction.json())).toEqual(['action']);
    const badResults = await v1({ tool: 'GE', results: 42, action: 'Continued' });
    expect(fields(badResults.json())).toEqual(['results']);
  });
});

describe('GET .../quality: v1 results in `collections` (what LucoPy 1.3.9+ get_quality() returns)', () => {
  const suite = {
    success: false,
    results: [
      { success: true, expectation_config: { expectation_type: 'expect_column_values_to_be_between', kwargs: { column: 'age', min_value: 0, max_value: 120, mostly: 0.95 }, meta: { tags: ['validity'] } }, result: { element_count: 10, unexpected_percent_total: 0 } },
      { success: false, expectation_config: { expectation_type: 'expect_table_row_count_to_equal', kwargs: { value: 5 }, meta: { onFail: { Action: 'Fail' } } }, result: { observed_value: 4 } },
    ],
    meta: { great_expectations_version: '0.18.12', expectation_suite_name: 'customers.critical', validation_time: '20261127T020000.123456Z', owner: 'data' },
  };

  it('converts Great Expectations results as the SDK would have before sending them to v2', async () => {
    // LucoPy 1.3.14 sends a checkpoint item (it contains `validation_result`) to v1 as a JSON string.
    const recorded = await v1({ stage: 'Check', runId: '', tool: 'Great Expectations', results: JSON.stringify({ validation_result: suite }), dataSet: 'customers', action: 'Cancelled' });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const sdkWouldSend = JSON.parse(JSON.stringify(convertSuiteToCollection(suite)));
    const { collections } = (await readV2()).json();
    expect(collections).toEqual([{ ...sdkWouldSend, dataSet: 'customers', qualityId: recorded.json().qualityId, stage: 'Check', action: 'Cancelled', createdOn: '2026-11-27T12:00:00.000Z' }]);
    expect(collections[0].checks.map((check: { check: string }) => check.check)).toEqual([
      '$column values must be greater than or equal to $min_value and less than or equal to $max_value, at least $mostly_pct % of the time.',
      'Must have exactly $value rows.',
    ]);
    // The v1 path answers the same; qualityResults still has the text as sent.
    const v1Read = (await t.app.inject({ method: 'GET', url: `/slots/${slotId}/submissions/${submissionId}/quality` })).json();
    expect(v1Read.collections).toEqual(collections);
    expect(JSON.parse(v1Read.qualityResults[0].results)).toEqual({ validation_result: suite });
  });

  it('keeps v1 and v2 records in the order they were recorded; a checkpoint result gives one collection per run', async () => {
    await v2({ check: 'first', success: true });
    const checkpoint = { run_results: { a: { validation_result: { ...suite, meta: { expectation_suite_name: 'a' } } }, b: { validation_result: { ...suite, success: true, meta: { expectation_suite_name: 'b' } } } }, success: false };
    const object = await v1({ tool: 'GE', results: checkpoint, action: 'Continued' });
    await v2({ check: 'last', success: false });
    const { collections } = (await readV2()).json();
    expect(collections.map((c: { name?: string; checks: Array<{ check: string }> }) => c.name ?? c.checks[0]!.check)).toEqual(['first', 'a', 'b', 'last']);
    expect(collections[1].qualityId).toBe(object.json().qualityId);
    expect(collections[2].qualityId).toBe(object.json().qualityId);
    expect(collections.map((c: { success: boolean }) => c.success)).toEqual([true, false, true, false]);
  });

  it('lists other v1 results as one check saying so, holding the text; success as recorded, else from the action', async () => {
    await v1({ stage: 'Load', tool: 'custom', results: 'all good', dataSet: 'sales', action: 'Continued' });
    await v1({ tool: 'custom', results: 'row count 0', action: 'Cancelled' });
    await v1({ tool: 'custom', results: JSON.stringify({ success: false, note: 'not GE' }), action: 'Continued' });
    const broken = JSON.stringify({ validation_result: { results: [{ success: 'yes', expectation_config: { expectation_type: 'x' } }] } });
    await v1({ tool: 'Great Expectations', results: broken, action: 'Continued' });
    const { collections } = (await readV2()).json();
    expect(collections.map(({ qualityId, createdOn, ...rest }: Record<string, unknown>) => rest)).toEqual([
      { checks: [{ check: '$tool results, recorded as text', checkArgs: { tool: 'custom' }, success: true, observed: 'all good' }], success: true, tool: 'custom', dataSet: 'sales', stage: 'Load', action: 'Continued' },
      { checks: [{ check: '$tool results, recorded as text', checkArgs: { tool: 'custom' }, success: false, observed: 'row count 0' }], success: false, tool: 'custom', stage: null, action: 'Cancelled' },
      { checks: [{ check: '$tool results, recorded as text', checkArgs: { tool: 'custom' }, success: false, observed: '{"success":false,"note":"not GE"}' }], success: false, tool: 'custom', stage: null, action: 'Continued' },
      {
        checks: [
          {
            check: '$tool results that could not be read as Great Expectations checks: $reason',
            checkArgs: { tool: 'Great Expectations', reason: 'validation_result.results[0].success must be true or false, got a string' },
            success: true,
            observed: broken,
          },
        ],
        success: true,
        tool: 'Great Expectations',
        stage: null,
        action: 'Continued',
      },
    ]);
  });
});

describe('POST /v2/slots/{slotId}/submissions/{submissionId}/quality', () => {
  const passing = { check: 'expect $col to not be null', success: true, checkArgs: { col: 'id' } };
  const failingHard = { check: 'expect rows > 0', success: false, onFail: { Action: 'FAIL' } };
  const failingSoft = { check: 'expect unique ids', success: false, onFail: { ignore: true } };

  it('stores a collection as sent, with stage and action from the query', async () => {
    const collection = { checks: [passing], success: true, name: 'suite', tool: 'Great Expectations', toolVersion: '0.18', dataSet: 'sales', tags: ['completeness'], metadata: { owner: 'data' }, custom: 1 };
    const response = await v2(collection, { stage: 'Check', action: 'Continued' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ qualityId: expect.any(Number), action: 'Continued', success: true });
    const read = await readV2();
    expect(read.json().collections).toEqual([{ ...collection, qualityId: response.json().qualityId, stage: 'Check', action: 'Continued', createdOn: '2026-11-27T12:00:00.000Z' }]);
    expect(JSON.parse(read.json().qualityResults[0].results)).toEqual(collection);
    expect(read.json().qualityResults[0]).toMatchObject({ version: 2, tool: 'Great Expectations', dataSet: 'sales' });
  });

  it('derives a missing success from the checks (LucoPy drops success: false) and the action from onFail', async () => {
    const hard = await v2({ checks: [passing, failingHard] });
    expect(hard.json()).toMatchObject({ success: false, action: 'Cancelled' });
    const soft = await v2({ checks: [passing, failingSoft] });
    expect(soft.json()).toMatchObject({ success: false, action: 'Continued' });
    const lowerKey = await v2({ checks: [{ ...failingHard, onFail: { action: 'fail' } }] });
    expect(lowerKey.json().action).toBe('Cancelled');
    const passed = await v2({ checks: [passing, { ...failingHard, success: true }] });
    expect(passed.json()).toMatchObject({ success: true, action: 'Continued' });
    const overridden = await v2({ checks: [failingHard] }, { action: 'continued' });
    expect(overridden.json().action).toBe('Continued');
    const collections = (await readV2()).json().collections;
    expect(collections.map((c: { success: boolean }) => c.success)).toEqual([false, false, false, true, false]);
  });

  it('stores a single check as a collection of one', async () => {
    const response = await v2(failingHard, { stage: 'Load' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ success: false, action: 'Cancelled' });
    const [collection] = (await readV2()).json().collections;
    expect(collection).toEqual({ checks: [failingHard], success: false, qualityId: response.json().qualityId, stage: 'Load', action: 'Cancelled', createdOn: expect.any(String) });
  });

  it('400s bad checks, naming checks[i].field', async () => {
    const bad = await v2({ checks: [passing, { check: 'x' }, { success: 'yes' }, 'nope', { check: '', success: true, onFail: 'fail', tags: 'a' }], success: 'no' });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad.json())).toEqual([
      'checks[1].success',
      'checks[2].check',
      'checks[2].success',
      'checks[3]',
      'checks[4].check',
      'checks[4].onFail',
      'checks[4].tags',
      'success',
    ]);
    const single = await v2({ check: 'x' });
    expect(fields(single.json())).toEqual(['success']);
    expect(fields((await v2({ checks: [] })).json())).toEqual(['checks']);
    expect(fields((await v2({ name: 'neither' })).json())).toEqual(['body']);
    expect(fields((await v2([passing])).json())).toEqual(['body']);
    expect(fields((await v2({ checks: [passing] }, { action: 'halt' })).json())).toEqual(['action']);
    expect((await readV2()).json()).toEqual({ collections: [], qualityResults: [] });
  });

  it("404s a submission of another slot on both versions' reads and writes", async () => {
    const otherSlot = await unscheduledSlot(t, NAME, 'batch-2');
    for (const [method, url] of [
      ['POST', `/v2/slots/${otherSlot}/submissions/${submissionId}/quality`],
      ['POST', `/slots/${otherSlot}/submissions/${submissionId}/quality`],
      ['GET', `/v2/slots/${otherSlot}/submissions/${submissionId}/quality`],
      ['GET', `/slots/${otherSlot}/submissions/${submissionId}/quality`],
    ] as const) {
      const body = url.startsWith('/v2') ? { checks: [passing] } : { tool: 'GE', results: '{}', action: 'Continued' };
      const response = await t.app.inject({ method, url, ...(method === 'POST' ? lucoPyJson(body) : {}) });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
  });
});
