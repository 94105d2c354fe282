import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { appWithOneSubmission, fields, newSubmission, unscheduledSlot } from './api.js';
import { lucoPyJson, pyQuery, setClock } from './support.js';

const NAME = [['Client', 'Acme']] as const;

let t: TestApp;
let slotId: number;
let submissionId: number;
beforeEach(async () => ({ t, slotId, submissionId } = await appWithOneSubmission(NAME)));
afterEach(async () => t.close());

const post = (body: unknown, ids = { slotId, submissionId }) =>
  t.app.inject({ method: 'POST', url: `/v2/slots/${ids.slotId}/submissions/${ids.submissionId}/metrics`, ...lucoPyJson(body) });
const read = (query = '') => t.app.inject({ method: 'GET', url: `/slots/${slotId}/submissions/${submissionId}/metrics${query ? `?${query}` : ''}` });

describe('POST /v2/slots/{slotId}/submissions/{submissionId}/metrics', () => {
  it('records values with their JSON type, zero and empty strings included', async () => {
    const response = await post({ stage: 'Load', metrics: [{ metric: 'rows', value: 0 }, { metric: 'source', value: 'sftp' }, { metric: 'ratio', value: 0.25 }, { metric: 'count', value: '12' }, { metric: 'note', value: '' }] });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ recorded: 5 });
    const list = await read();
    expect(list.json().slotSubmissionMetrics).toEqual([
      { stage: 'Load', metric: 'rows', value: 0, createdOn: '2026-11-27T12:00:00.000Z' },
      { stage: 'Load', metric: 'source', value: 'sftp', createdOn: '2026-11-27T12:00:00.000Z' },
      { stage: 'Load', metric: 'ratio', value: 0.25, createdOn: '2026-11-27T12:00:00.000Z' },
      { stage: 'Load', metric: 'count', value: '12', createdOn: '2026-11-27T12:00:00.000Z' },
      { stage: 'Load', metric: 'note', value: '', createdOn: '2026-11-27T12:00:00.000Z' },
    ]);
  });

  it('keeps repeats: reads show the latest per (stage, metric) in first-recorded order unless includeDuplicates', async () => {
    await post({ stage: 'Load', metrics: [{ metric: 'rows', value: 10 }, { metric: 'files', value: 2 }] });
    setClock(t, '2026-11-27T12:05:00Z');
    await post({ stage: 'Load', metrics: [{ metric: 'rows', value: 12 }] });
    await post({ stage: null, metrics: [{ metric: 'rows', value: 1 }] });
    const latest = await read();
    expect(latest.json().slotSubmissionMetrics).toEqual([
      { stage: 'Load', metric: 'rows', value: 12, createdOn: '2026-11-27T12:05:00.000Z' },
      { stage: 'Load', metric: 'files', value: 2, createdOn: '2026-11-27T12:00:00.000Z' },
      { stage: null, metric: 'rows', value: 1, createdOn: '2026-11-27T12:05:00.000Z' },
    ]);
    for (const flag of ['True', 'true']) {
      const all = await read(`includeDuplicates=${flag}`);
      expect(all.json().slotSubmissionMetrics.map((m: { value: number }) => m.value)).toEqual([10, 2, 12, 1]);
    }
    const hidden = await read('includeDuplicates=False');
    expect(hidden.json().slotSubmissionMetrics).toHaveLength(3);
  });

  it('concurrent writes to several submissions (one shared insert) each keep all their values, each request in its order', async () => {
    const second = await newSubmission(t, slotId);
    const writes = Array.from({ length: 20 }, (_, i) => {
      const target = i % 2 === 0 ? submissionId : second;
      return post({ stage: `s${i}`, metrics: [{ metric: 'a', value: i }, { metric: 'b', value: `${i}` }] }, { slotId, submissionId: target });
    });
    const answers = await Promise.all(writes);
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(20).fill(201));
    for (const [target, parity] of [[submissionId, 0], [second, 1]] as const) {
      const all = await t.app.inject({ method: 'GET', url: `/slots/${slotId}/submissions/${target}/metrics?includeDuplicates=true` });
      const values = all.json().slotSubmissionMetrics.map((m: { stage: string; metric: string; value: unknown }) => `${m.stage}:${m.metric}=${m.value}`);
      // Requests in flight together have no order among themselves (and on PostgreSQL the ids of
      // concurrent inserts may interleave); each request's values keep their order.
      const sent = Array.from({ length: 20 }, (_, i) => i).filter((i) => i % 2 === parity);
      expect(values).toHaveLength(sent.length * 2);
      for (const i of sent) expect(values.filter((value: string) => value.startsWith(`s${i}:`))).toEqual([`s${i}:a=${i}`, `s${i}:b=${i}`]);
    }
  });

  it('filters by repeated stages and metrics keys (LucoPy) or a single one', async () => {
    await post({ stage: 'Load', metrics: [{ metric: 'rows', value: 10 }, { metric: 'files', value: 2 }] });
    await post({ stage: 'Check', metrics: [{ metric: 'rows', value: 9 }, { metric: 'nulls', value: 0 }] });
    await post({ stage: 'Publish', metrics: [{ metric: 'rows', value: 9 }] });
    const two = await read(pyQuery({ stages: ['Load', 'Check'], metrics: ['rows', 'nulls'], includeDuplicates: false }));
    expect(two.json().slotSubmissionMetrics.map((m: { stage: string; metric: string }) => `${m.stage}.${m.metric}`)).toEqual(['Load.rows', 'Check.rows', 'Check.nulls']);
    const one = await read(pyQuery({ stages: 'Check', metrics: 'nulls' }));
    expect(one.json().slotSubmissionMetrics).toEqual([{ stage: 'Check', metric: 'nulls', value: 0, createdOn: expect.any(String) }]);
    const none = await read(pyQuery({ stages: 'Nope' }));
    expect(none.json()).toEqual({ slotSubmissionMetrics: [] });
  });

  it('400s bad values and names, naming metrics[i].value', async () => {
    const response = await post({ metrics: [{ metric: 'ok', value: 1 }, { metric: 'flag', value: true }, { metric: 'obj', value: { a: 1 } }, { metric: 'none', value: null }, { metric: 'list', value: [1] }] });
    expect(response.statusCode).toBe(400);
    expect(fields(response.json())).toEqual(['metrics[1].value', 'metrics[2].value', 'metrics[3].value', 'metrics[4].value']);
    const overflow = await t.app.inject({ method: 'POST', url: `/v2/slots/${slotId}/submissions/${submissionId}/metrics`, payload: '{"metrics":[{"metric":"big","value":1e999}]}', headers: { 'content-type': 'application/json' } });
    expect(fields(overflow.json())).toEqual(['metrics[0].value']);
    const missingValue = await post({ metrics: [{ metric: 'rows' }] });
    expect(fields(missingValue.json())).toContain('metrics[0].value');
    const blankName = await post({ metrics: [{ metric: ' ', value: 1 }] });
    expect(fields(blankName.json())).toEqual(['metrics[0].metric']);
    const emptyName = await post({ metrics: [{ metric: 'a', value: 1 }, { metric: '', value: 1 }] });
    expect(fields(emptyName.json())).toEqual(['metrics[1].metric']);
    const empty = await post({ stage: 'Load', metrics: [] });
    expect(fields(empty.json())).toEqual(['metrics']);
    const missing = await post({ stage: 'Load' });
    expect(fields(missing.json())).toContain('metrics');
    const listed = await read('includeDuplicates=True');
    expect(listed.json().slotSubmissionMetrics).toEqual([]);
  });

  it("404s a submission of another slot, for writes and reads", async () => {
    const otherSlot = await unscheduledSlot(t, NAME, 'batch-2');
    const wrong = await post({ metrics: [{ metric: 'rows', value: 1 }] }, { slotId: otherSlot, submissionId });
    expect(wrong.statusCode).toBe(404);
    const wrongRead = await t.app.inject({ method: 'GET', url: `/slots/${otherSlot}/submissions/${submissionId}/metrics` });
    expect(wrongRead.statusCode).toBe(404);
    expect((await read('includeDuplicates=True')).json().slotSubmissionMetrics).toEqual([]);
  });
});
