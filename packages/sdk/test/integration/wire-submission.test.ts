import { afterEach, describe, expect, it } from 'vitest';
import { CheckResult, CollectionResult, DataQualityError, LucoApi, ValidationError } from '../../src/index.js';
import { type Handler, queryValues, type RecordingServer, startRecordingServer, staticIdentity } from '../support/recording-server.js';

/** Every Submission member against a real loopback server, checked against the wire reference. */

let server: RecordingServer;
afterEach(async () => server?.close());

const DEFINITION = {
  slot: { slotId: 7, tag: '2026-11-27', expectedBy: '2026-11-27T09:00:00Z' },
  slotSequence: {
    slotSequenceId: 3,
    definition: {
      name: [
        { slotParameter: { key: 'client', value: 'acme' }, position: 0 },
        { slotParameter: { key: 'feed', value: 'sales' }, position: 1 },
      ],
      type: { slotSequenceTypeName: 'Daily feed' },
    },
    parameters: { slotParameterGroups: [{ slotParameterGroupName: 'source', slotParameters: [{ key: 'path', value: '/in' }, { key: 'format', value: 'csv' }] }] },
    delivery: [
      { isActive: false, cadence: 'weekly' },
      { isActive: true, cadence: 'daily', expectedBy: '09:00', timeZone: 'Europe/London' },
    ],
  },
  submission: { slotSubmissionId: 11, status: 'In Progress', startedOn: '2026-11-27T08:00:00Z', endedOn: null },
};

async function submissionFor(handler: Handler) {
  server = await startRecordingServer(handler);
  const api = new LucoApi({ baseUrl: server.url, identity: staticIdentity, logLevel: 'off', env: {} });
  return api.getSubmission(7, 11);
}

const ok: Handler = () => ({ status: 200 });

describe('definition and its derived reads', () => {
  it('fetches the v2 definition with includeDelivery=True once, until refreshed', async () => {
    const submission = await submissionFor(() => ({ body: DEFINITION }));
    const details = await submission.details();
    expect(details).toEqual({
      slotId: 7, submissionId: 11, tag: '2026-11-27', type: 'Daily feed', name: { client: 'acme', feed: 'sales' },
      expectedBy: '2026-11-27T09:00:00Z', status: 'In Progress', startTime: '2026-11-27T08:00:00Z', endTime: null,
    });
    await submission.params();
    await submission.getDeliverySchedule();
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.path).toBe('/v2/slots/7/submissions/11');
    expect(server.requests[0]?.query).toEqual([['includeDelivery', 'True']]);
    await submission.refresh();
    expect(server.requests).toHaveLength(2);
    await submission.status();
    expect(server.requests).toHaveLength(3);
  });

  it('params gives all groups, one group or one value', async () => {
    const submission = await submissionFor(() => ({ body: DEFINITION }));
    await expect(submission.params()).resolves.toEqual({ source: { path: '/in', format: 'csv' } });
    await expect(submission.params('source')).resolves.toEqual({ path: '/in', format: 'csv' });
    await expect(submission.params('source', 'format')).resolves.toBe('csv');
    await expect(submission.params('source', 'nope')).resolves.toBeUndefined();
  });

  it('getDeliverySchedule returns the active schedule, or null', async () => {
    let body: unknown = DEFINITION;
    const submission = await submissionFor(() => ({ body }));
    await expect(submission.getDeliverySchedule()).resolves.toEqual({ isActive: true, cadence: 'daily', expectedBy: '09:00', timeZone: 'Europe/London' });
    body = { ...DEFINITION, slotSequence: { ...DEFINITION.slotSequence, delivery: [] } };
    await submission.refresh();
    await expect(submission.getDeliverySchedule()).resolves.toBeNull();
  });
});

describe('metrics', () => {
  const records = [
    { stage: 'load', metric: 'rows', value: 10 },
    { stage: 'load', metric: 'cols', value: 3 },
    { stage: null, metric: 'loose', value: 'x' },
  ];

  it('getMetrics reads the v1 path with repeated stages and metrics', async () => {
    const submission = await submissionFor(() => ({ body: { slotSubmissionMetrics: records } }));
    await expect(submission.getMetrics({ stages: 'load', metrics: ['rows', 'cols'], includeDuplicates: true })).resolves.toEqual(records);
    const [request] = server.requests;
    expect(request?.path).toBe('/slots/7/submissions/11/metrics');
    expect(request?.query).toEqual([['stages', 'load'], ['metrics', 'rows'], ['metrics', 'cols'], ['includeDuplicates', 'True']]);
  });

  it('getMetrics groups by stage, skipping metrics without one, and hides duplicates by default', async () => {
    const submission = await submissionFor(() => ({ body: { slotSubmissionMetrics: records } }));
    await expect(submission.getMetrics({ groupByStage: true })).resolves.toEqual({ load: { rows: 10, cols: 3 } });
    expect(server.requests[0]?.query).toEqual([['includeDuplicates', 'False']]);
  });

  it('getMetric gives one value, or undefined when nothing matches', async () => {
    const submission = await submissionFor(() => ({ body: { slotSubmissionMetrics: records.slice(0, 1) } }));
    await expect(submission.getMetric('load', 'rows')).resolves.toBe(10);
    await expect(submission.getMetric('load', 'cols')).resolves.toBeUndefined();
  });

  it('submitMetrics posts to the v2 path and keeps zero and strings as values', async () => {
    const submission = await submissionFor(ok);
    await submission.submitMetrics({ rows: 0, source: 'sftp', ratio: 0.5 }, { stage: 'load' });
    const [request] = server.requests;
    expect(`${request?.method} ${request?.path}`).toBe('POST /v2/slots/7/submissions/11/metrics');
    expect(request?.headers['content-type']).toBe('application/json-patch+json');
    expect(JSON.parse(request!.body)).toEqual({
      stage: 'load',
      metrics: [{ metric: 'rows', value: 0 }, { metric: 'source', value: 'sftp' }, { metric: 'ratio', value: 0.5 }],
    });
  });

  it('submitMetric sends the single pair, with a null stage when none is given', async () => {
    const submission = await submissionFor(ok);
    await submission.submitMetric('rows', 0);
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ stage: null, metrics: [{ metric: 'rows', value: 0 }] });
  });

  it('rejects NaN, Infinity and non-scalar values before any request', async () => {
    const submission = await submissionFor(ok);
    await expect(submission.submitMetrics({ rows: Number.NaN })).rejects.toThrow(/metrics\.rows: value must be a finite number or a string/);
    await expect(submission.submitMetric('rows', Number.POSITIVE_INFINITY)).rejects.toBeInstanceOf(ValidationError);
    await expect(submission.submitMetrics({ rows: { n: 1 } as never })).rejects.toBeInstanceOf(ValidationError);
    await expect(submission.submitMetrics({})).rejects.toThrow(/at least one metric/);
    await expect(submission.submitMetrics({ rows: 1 }, { stage: '' })).rejects.toThrow(/stage: must not be empty/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('quality', () => {
  it('getQuality reads collections from the v2 path', async () => {
    const collections = [{ name: 'suite', success: true, checks: [] }];
    const submission = await submissionFor(() => ({ body: { collections } }));
    await expect(submission.getQuality()).resolves.toEqual(collections);
    expect(`${server.requests[0]?.method} ${server.requests[0]?.path}`).toBe('GET /v2/slots/7/submissions/11/quality');
  });

  const failing = new CollectionResult({
    name: 'orders',
    checks: [
      { check: '$column values must never be null.', checkArgs: { column: 'id' }, success: false, onFail: { Action: 'fail' } },
      { check: 'row count', success: true },
    ],
  });

  it('submits a collection to the v2 route with stage and a worked-out action', async () => {
    const submission = await submissionFor(ok);
    await expect(submission.submitQuality(failing, { stage: 'validate' })).resolves.toEqual({ action: 'Cancelled', route: 'v2' });
    const [request] = server.requests;
    expect(`${request?.method} ${request?.path}`).toBe('POST /v2/slots/7/submissions/11/quality');
    expect(request?.query).toEqual([['stage', 'validate'], ['action', 'Cancelled']]);
    const body = JSON.parse(request!.body);
    expect(body.success).toBe(false);
    expect(body.checks).toHaveLength(2);
  });

  it('raises DataQualityError after recording results that demand a stop, when asked', async () => {
    const submission = await submissionFor(ok);
    await expect(submission.submitQuality(failing, { stage: 'validate', raiseOnCancelled: true })).rejects.toBeInstanceOf(DataQualityError);
    expect(server.requests).toHaveLength(1);
  });

  it('a caller-given action wins, and passing checks are Continued with no raise', async () => {
    const submission = await submissionFor(ok);
    await submission.submitQuality(failing, { action: 'Continued', raiseOnCancelled: true });
    expect(server.requests[0]?.query).toEqual([['action', 'Continued']]);
    const passing = new CheckResult({ check: 'row count', success: true });
    await expect(submission.submitQuality(passing, { raiseOnCancelled: true })).resolves.toEqual({ action: 'Continued', route: 'v2' });
  });

  it('accepts a check as a JSON string', async () => {
    const submission = await submissionFor(ok);
    await submission.submitQuality(JSON.stringify({ check: 'row count', success: true }));
    expect(JSON.parse(server.requests[0]!.body)).toMatchObject({ check: 'row count', success: true });
  });

  it('sends Great Expectations { validation_result } to the v1 route as a string', async () => {
    const submission = await submissionFor(ok);
    const ge = {
      validation_result: {
        success: true,
        results: [{ success: true, expectation_config: { expectation_type: 'expect_column_to_exist', kwargs: { column: 'id' }, meta: {} }, result: {} }],
        meta: { great_expectations_version: '0.18.8', expectation_suite_name: 'orders' },
      },
    };
    await expect(submission.submitQuality(ge, { stage: 'validate', dataSet: 'orders.csv' })).resolves.toEqual({ action: 'Continued', route: 'v1' });
    const [request] = server.requests;
    expect(`${request?.method} ${request?.path}`).toBe('POST /slots/7/submissions/11/quality');
    const body = JSON.parse(request!.body);
    expect(body).toEqual({ stage: 'validate', runId: '', tool: 'Great Expectations', results: JSON.stringify(ge), dataSet: 'orders.csv', action: 'Continued' });
  });

  it('rejects results that are neither checks, collections nor GE results', async () => {
    const submission = await submissionFor(ok);
    await expect(submission.submitQuality({ nothing: true })).rejects.toBeInstanceOf(ValidationError);
    await expect(submission.submitQuality('not json')).rejects.toThrow(/results/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('status and run environment', () => {
  it('submitStatus sends every field, unset ones as null, runId always empty', async () => {
    const submission = await submissionFor(ok);
    await submission.submitStatus('In Progress', { stage: 'load', type: 'info', message: 'reading', modifiedBy: 'etl' });
    await submission.submitStatus('Failed');
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /slots/7/submissions/11/status', 'POST /slots/7/submissions/11/status']);
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ runId: '', status: 'In Progress', stage: 'load', type: 'info', message: 'reading', modifiedBy: 'etl' });
    expect(JSON.parse(server.requests[1]!.body)).toEqual({ runId: '', status: 'Failed', stage: null, type: null, message: null, modifiedBy: null });
  });

  it('submitCompletedStatus is Completed on the Submission stage', async () => {
    const submission = await submissionFor(ok);
    await submission.submitCompletedStatus();
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ runId: '', status: 'Completed', stage: 'Submission', type: null, message: null, modifiedBy: null });
  });

  it('submitRunEnvironment wraps one environment in runData', async () => {
    const submission = await submissionFor(ok);
    await submission.submitRunEnvironment({ platform: 'Azure Databricks', referenceUrl: 'https://adb/run/1' }, { stage: 'load' });
    expect(`${server.requests[0]?.method} ${server.requests[0]?.path}`).toBe('POST /slots/7/submissions/11/runenvironment');
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ stage: 'load', runData: [{ platform: 'Azure Databricks', referenceUrl: 'https://adb/run/1' }] });
  });

  it('submitDetectedRunEnvironment records the platform found in the environment', async () => {
    const submission = await submissionFor(ok);
    const env = { GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/etl', GITHUB_RUN_ID: '99', GITHUB_TOKEN: 'ghs_secret_value' };
    const detected = await submission.submitDetectedRunEnvironment({ env });
    expect(detected.platform).toBe('GitHub Actions');
    const body = JSON.parse(server.requests[0]!.body);
    expect(body.runData[0]).toMatchObject({ platform: 'GitHub Actions', runId: '99', referenceUrl: 'https://github.com/acme/etl/actions/runs/99' });
    expect(server.requests[0]!.body).not.toContain('ghs_secret_value');
  });
});

describe('withSubmission', () => {
  function pipelineServer(): Handler {
    return (request) => {
      if (request.path === '/slots/search/') return { body: { slotId: 7 } };
      if (request.path === '/slots/7/submissions') return { body: { slotSubmissionId: 11 } };
      return { status: 200 };
    };
  }

  it('marks the submission Completed when the function returns', async () => {
    server = await startRecordingServer(pipelineServer());
    const api = new LucoApi({ baseUrl: server.url, identity: staticIdentity, logLevel: 'off', env: {} });
    const value = await api.withSubmission({ tag: '2026-11-27', slotSequence: { client: 'acme' } }, async (submission) => {
      await submission.submitMetric('rows', 5, { stage: 'load' });
      return 'done';
    });
    expect(value).toBe('done');
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /slots/search/', 'POST /slots/7/submissions', 'POST /v2/slots/7/submissions/11/metrics', 'POST /slots/7/submissions/11/status',
    ]);
    expect(JSON.parse(server.requests[3]!.body)).toMatchObject({ status: 'Completed', stage: 'Submission' });
  });

  it('marks it Failed with the error message and re-throws', async () => {
    server = await startRecordingServer(pipelineServer());
    const api = new LucoApi({ baseUrl: server.url, identity: staticIdentity, logLevel: 'off', env: {} });
    const failure = new Error('upstream file missing');
    await expect(api.withSubmission({ tag: 'run-1', slotSequence: { client: 'acme' } }, async () => { throw failure; })).rejects.toBe(failure);
    const status = server.requests.at(-1)!;
    expect(status.path).toBe('/slots/7/submissions/11/status');
    expect(JSON.parse(status.body)).toMatchObject({ status: 'Failed', stage: 'Submission', message: 'Error: upstream file missing' });
  });
});

it('every query parameter of a filter is repeated, never comma-joined', async () => {
  const submission = await submissionFor(() => ({ body: { slotSubmissionMetrics: [] } }));
  await submission.getMetrics({ stages: ['a', 'b'] });
  expect(queryValues(server.requests[0]!, 'stages')).toEqual(['a', 'b']);
});
