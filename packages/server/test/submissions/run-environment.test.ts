import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { appWithOneSubmission, fields, unscheduledSlot } from './api.js';
import { lucoPyJson } from './support.js';

const NAME = [['Client', 'Acme']] as const;

let t: TestApp;
let slotId: number;
let submissionId: number;
beforeEach(async () => ({ t, slotId, submissionId } = await appWithOneSubmission(NAME)));
afterEach(async () => t.close());

const url = () => `/slots/${slotId}/submissions/${submissionId}/runenvironment`;
const post = (body: unknown) => t.app.inject({ method: 'POST', url: url(), ...lucoPyJson(body) });

describe('/slots/{slotId}/submissions/{submissionId}/runenvironment', () => {
  it('records each runData object (LucoPy wraps a dict in a list) and lists them oldest first', async () => {
    const databricks = { platform: 'Databricks', workspaceUrl: 'https://adb-1.azuredatabricks.net', referenceUrl: 'https://adb-1/#job/1/run/2', jobId: 1 };
    const adf = { platform: 'Azure Data Factory', referenceUrl: 'https://adf.azure.com/run/9' };
    const first = await post({ stage: 'Extract', runData: [databricks, adf] });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ recorded: 2 });
    const single = await post({ stage: null, runData: { platform: 'GitHub Actions' } });
    expect(single.json()).toEqual({ recorded: 1 });
    const read = await t.app.inject({ method: 'GET', url: `${url()}/` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({
      runEnvironments: [
        { stage: 'Extract', runData: databricks, createdOn: '2026-11-27T12:00:00.000Z' },
        { stage: 'Extract', runData: adf, createdOn: '2026-11-27T12:00:00.000Z' },
        { stage: null, runData: { platform: 'GitHub Actions' }, createdOn: '2026-11-27T12:00:00.000Z' },
      ],
    });
  });

  it('400s an empty list, a missing runData or a non-object item', async () => {
    expect(fields((await post({ stage: 'x', runData: [] })).json())).toContain('runData');
    expect(fields((await post({ stage: 'x' })).json())).toContain('runData');
    const badItem = await post({ runData: [{ platform: 'a' }, 'b'] });
    expect(badItem.statusCode).toBe(400);
    expect(fields(badItem.json())).toContain('runData[1]');
    expect((await t.app.inject({ method: 'GET', url: url() })).json()).toEqual({ runEnvironments: [] });
  });

  it('404s a submission of another slot', async () => {
    const otherSlot = await unscheduledSlot(t, NAME, 'batch-2');
    const response = await t.app.inject({ method: 'POST', url: `/slots/${otherSlot}/submissions/${submissionId}/runenvironment`, ...lucoPyJson({ stage: null, runData: [{ a: 1 }] }) });
    expect(response.statusCode).toBe(404);
    const read = await t.app.inject({ method: 'GET', url: `/slots/${otherSlot}/submissions/${submissionId}/runenvironment` });
    expect(read.statusCode).toBe(404);
  });
});
