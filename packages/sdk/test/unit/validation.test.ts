import { describe, expect, it } from 'vitest';
import { LucoApi, ValidationError } from '../../src/index.js';
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

  it('a key without a group is refused rather than ignored', async () => {
    const { api } = client();
    expect(await fieldOf(api.getSubmission(1, 2).params(undefined, 'k' as never))).toBe('group');
  });
});
