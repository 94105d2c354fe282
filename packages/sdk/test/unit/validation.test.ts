import { describe, expect, it } from 'vitest';
import { CollectionResult, LucoApi, ValidationError } from '../../src/index.js';
import { scriptedFetch } from '../support/fake-fetch.js';
import { staticIdentity } from '../support/recording-server.js';

/** Bad input is a ValidationError naming the field, thrown before any request. */
function client() {
  const { fetch, calls } = scriptedFetch([]);
  return { api: new LucoApi({ baseUrl: 'https://luco.example.com', identity: staticIdentity, fetch, logLevel: 'off', env: {} }), calls };
}

async function fieldOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).field;
}

describe('validation before any request', () => {
  it('a slot sequence entry with two keys', async () => {
    const { api, calls } = client();
    const error = (await api.findSlotId('x', [{ client: 'acme', feed: 'sales' }]).catch((e: unknown) => e)) as ValidationError;
    expect(error.field).toBe('slotSequence[0]');
    expect(error.message).toBe('slotSequence[0]: must have exactly one key, got 2 (client, feed)');
    expect(calls).toHaveLength(0);
  });

  it('empty names, empty keys, repeated keys and non-scalar values', async () => {
    const { api } = client();
    expect(await fieldOf(api.findSlotId('x', {}))).toBe('slotSequence');
    expect(await fieldOf(api.findSlotId('x', { '': 'a' }))).toBe('slotSequence[0]');
    expect(await fieldOf(api.findSlotId('x', [['a', '1'], ['a', '2']]))).toBe('slotSequence[1]');
    expect(await fieldOf(api.findSlotId('x', { a: { nested: 1 } as never }))).toBe('slotSequence[0].a');
    expect(await fieldOf(api.findSlotId('x', { a: Number.NaN }))).toBe('slotSequence[0].a');
  });

  it('an empty or missing tag (LucoPy sent the text "None")', async () => {
    const { api, calls } = client();
    expect(await fieldOf(api.findSlotId('', { a: '1' }))).toBe('tag');
    expect(await fieldOf(api.findSlotId('   ', { a: '1' }))).toBe('tag');
    expect(await fieldOf(api.findSlotId(undefined as never, { a: '1' }))).toBe('tag');
    expect(await fieldOf(api.findSlotId(new Date('nope'), { a: '1' }))).toBe('tag');
    expect(calls).toHaveLength(0);
  });

  it('an empty stage, status or metric name', async () => {
    const { api, calls } = client();
    const submission = api.getSubmission(1, 2);
    expect(await fieldOf(submission.submitStatus('Completed', { stage: '' }))).toBe('stage');
    expect(await fieldOf(submission.submitStatus(''))).toBe('status');
    expect(await fieldOf(submission.submitMetrics({ '': 1 }))).toBe('metrics');
    expect(await fieldOf(submission.submitRunEnvironment({ platform: 'x' }, { stage: ' ' }))).toBe('stage');
    expect(calls).toHaveLength(0);
  });

  it('invalid dates and time differences', async () => {
    const { api, calls } = client();
    expect(await fieldOf(api.findSubmissionsBySlotSequence({ a: '1' }, { expectedAfterUtc: '2026-02-30' }))).toBe('expectedAfterUtc');
    expect(await fieldOf(api.findSubmissionsBySlotSequence({ a: '1' }, { expectedBeforeUtc: '27/11/2026' }))).toBe('expectedBeforeUtc');
    expect(await fieldOf(api.findSubmissionInSlotSequence(1, 2, { timeDifference: '1:25:00:00' }))).toBe('timeDifference');
    expect(await fieldOf(api.findSubmissionInSlotSequence(1, 2, { findClosest: 'closest' as never }))).toBe('findClosest');
    expect(() => api.slotsOverview({ expectedByStart: 'yesterday' })).toThrow(ValidationError);
    expect(calls).toHaveLength(0);
  });

  it('ids must be positive integers; page sizes and limits too (never pageSize=0)', async () => {
    const { api } = client();
    expect(() => api.getSubmission(0, 1)).toThrow(/slotId: must be a positive integer/);
    expect(() => api.getSubmission(1, 1.5)).toThrow(/submissionId/);
    expect(await fieldOf(api.createSubmission(-3))).toBe('slotId');
    expect(() => api.slotsOverview({}, { pageSize: 0 })).toThrow(/pageSize/);
    expect(() => api.slotSequencesOverview({}, { limit: 0 })).toThrow(/limit/);
  });

  it('quality actions and imports', async () => {
    const { api } = client();
    const submission = api.getSubmission(1, 2);
    expect(await fieldOf(submission.submitQuality({ check: 'x', success: true }, { action: 'Stop' as never }))).toBe('action');
    expect(await fieldOf(api.submitSlotSequences([]))).toBe('slotSequences');
    expect(await fieldOf(api.submitSlotSequences(['x' as never]))).toBe('slotSequences[0]');
    expect(await fieldOf(api.exportSlotSequences({ ids: [0] }))).toBe('ids[0]');
  });

  it('ids above the server range (2^31-1) are refused', async () => {
    const { api, calls } = client();
    expect(() => api.getSubmission(2 ** 31, 1)).toThrow(/slotId: must be a positive integer up to 2147483647/);
    expect(() => api.getSubmission(1, 2 ** 31 - 1)).not.toThrow();
    expect(await fieldOf(api.createSubmission(2 ** 31))).toBe('slotId');
    expect(await fieldOf(api.findSubmissionInSlotSequence(1, 2 ** 40))).toBe('submissionId');
    expect(await fieldOf(api.exportSlotSequences({ ids: [2 ** 31] }))).toBe('ids[0]');
    expect(calls).toHaveLength(0);
  });

  it('a NUL character anywhere in sent text is refused, naming the field (PostgreSQL cannot store it)', async () => {
    const { api, calls } = client();
    const nul = 'a\u0000b';
    const submission = api.getSubmission(1, 2);
    expect(await fieldOf(api.findSlotId(nul, { a: '1' }))).toBe('tag');
    expect(await fieldOf(api.findSlotId('x', { [nul]: '1' }))).toBe('slotSequence[0]');
    expect(await fieldOf(api.findSlotId('x', [['a', '1'], ['b', nul]]))).toBe('slotSequence[1].b');
    expect(await fieldOf(submission.submitMetrics({ [nul]: 1 }))).toBe('metrics');
    expect(await fieldOf(submission.submitMetrics({ rows: 1, source: nul }))).toBe('metrics.source');
    expect(await fieldOf(submission.submitMetrics({ rows: 1 }, { stage: nul }))).toBe('stage');
    expect(await fieldOf(submission.submitStatus(nul))).toBe('status');
    expect(await fieldOf(submission.submitStatus('Failed', { message: nul }))).toBe('message');
    expect(await fieldOf(submission.submitStatus('Failed', { type: nul }))).toBe('type');
    expect(await fieldOf(submission.submitStatus('Failed', { modifiedBy: nul }))).toBe('modifiedBy');
    expect(await fieldOf(submission.submitFailedStatus(nul))).toBe('message');
    expect(await fieldOf(submission.submitRunEnvironment({ platform: 'ci', job: { steps: ['ok', nul] } }))).toBe('runEnvironments[0].job.steps[1]');
    expect(await fieldOf(submission.submitRunEnvironment([{ platform: 'ci' }, { [nul]: 'x' }]))).toBe('runEnvironments[1].a\\u0000b');
    expect(await fieldOf(submission.submitQuality({ check: nul, success: true }))).toMatch(/^check|^results/);
    const collection = new CollectionResult({ name: 'orders', checks: [{ check: 'ids unique', success: true, observed: nul }] });
    expect(await fieldOf(submission.submitQuality(collection))).toBe('results.checks[0].observed');
    const ge = { validation_result: { success: true, results: [] } };
    expect(await fieldOf(submission.submitQuality(ge, { tool: nul }))).toBe('tool');
    expect(await fieldOf(submission.submitQuality(ge, { dataSet: nul }))).toBe('dataSet');
    // v1 results are kept as the text sent: a NUL escaped in that JSON text is storable, a raw one is not.
    expect(await fieldOf(submission.submitQuality(`{"validation_result": {"success": true, "results": []}, "note": "${nul}"}`))).toBe('results');
    expect(await fieldOf(api.submitSlotSequences([{ name: { client: nul } } as never]))).toBe('slotSequences[0].name.client');
    expect(calls).toHaveLength(0);
  });

  it('non-finite numbers in free-form JSON are refused (JSON.stringify would send null)', async () => {
    const { api, calls } = client();
    const submission = api.getSubmission(1, 2);
    expect(await fieldOf(submission.submitRunEnvironment({ platform: 'ci', took: Number.POSITIVE_INFINITY }))).toBe('runEnvironments[0].took');
    expect(await fieldOf(submission.submitRunEnvironment({ platform: 'ci', list: [1, Number.NaN] }))).toBe('runEnvironments[0].list[1]');
    expect(calls).toHaveLength(0);
  });

  it('JSON nested deeper than 64 levels (counted from the body, as the server does) is refused', async () => {
    const nested = (levels: number): Record<string, unknown> => {
      let value: Record<string, unknown> = { leaf: 1 };
      for (let i = 1; i < levels; i++) value = { inner: value };
      return value;
    };
    const { api, calls } = client();
    const submission = api.getSubmission(1, 2);
    // A run environment is sent as `{ stage, runData: [item] }`: the item may nest 62 levels.
    const deep = await submission.submitRunEnvironment(nested(63)).catch((e: unknown) => e);
    expect(deep).toBeInstanceOf(ValidationError);
    expect((deep as ValidationError).field).toMatch(/^runEnvironments\[0\](\.inner)+$/);
    expect((deep as ValidationError).message).toMatch(/nests deeper than 64 levels/);
    expect(calls).toHaveLength(0);
    // 62 levels pass the checks and reach the (scripted, empty) transport.
    const allowed = await submission.submitRunEnvironment(nested(62)).catch((e: unknown) => e);
    expect(allowed).not.toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(1);
  });

  it('query values are checked before sending too, whichever method builds them', async () => {
    const { api, calls } = client();
    expect(await fieldOf(Promise.resolve(api.slotsOverview({ type: 'a\u0000b' })))).toBe('type');
    expect(calls).toHaveLength(0);
  });

  it('a key without a group is refused rather than ignored', async () => {
    const { api } = client();
    expect(await fieldOf(api.getSubmission(1, 2).params(undefined, 'k' as never))).toBe('group');
  });
});
