import { APIUserAbortError, type LucoApi, type MetricHistory, NotFoundError, ValidationError } from '@lucots/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListening, type ListeningServer } from '../support/listening.js';

/** `luco.metricHistory` over the wire: the real SDK against the real server listening on loopback. */

let server: ListeningServer;
let reader: LucoApi;
const SALES = { client: 'acme', feed: 'sales' };
const DAYS = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'];

beforeAll(async () => {
  server = await startListening({ now: Date.parse('2026-12-04T12:00:00Z') });
  const admin = await server.sdk('admin');
  reader = await server.sdk('reader');
  await admin.submitSlotSequences([{ name: SALES, type: 'Feed', delivery: [{ isActive: true, cadence: 'daily', expectedBy: '09:00', timeZone: 'UTC', startDate: '2026-12-01' }] }]);
  // rows 100, 200, 300 on the first three days (load), a text value on the 4th; a failed re-run of the 3rd with 7.
  for (const [index, day] of DAYS.entries()) {
    const submission = await admin.createSubmission(await admin.findSlotId(day, SALES));
    await submission.submitMetrics({ rows: index === 3 ? 'unknown' : (index + 1) * 100 }, { stage: 'load' });
    await submission.submitMetrics({ files: index + 1 });
    await submission.submitCompletedStatus();
  }
  const rerun = await admin.createSubmission(await admin.findSlotId('2026-12-03', SALES));
  await rerun.submitMetrics({ rows: 7 }, { stage: 'load' });
  await rerun.submitFailedStatus('disk full');
}, 30_000);
afterAll(async () => server?.close());

const values = (history: MetricHistory) => history.values.map((point) => point.value);

describe('luco.metricHistory', () => {
  it("reads a reader's typed series: latest completed submission per slot, text values counted", async () => {
    const history = await reader.metricHistory(SALES, { metric: 'rows', stage: 'load' });
    expect(values(history)).toEqual([100, 200, 300]);
    expect(history).toMatchObject({ metric: 'rows', stage: 'load', points: 'latest', nonNumeric: 1, truncated: false });
    expect(history.values[0]).toMatchObject({ tag: '2026-12-01', slotTime: '2026-12-01T09:00:00.000Z', expectedBy: '2026-12-01T09:00:00.000Z', status: 'CompletedWithoutFailures' });
  });

  it('every, the submission-level stage, a range and a limit that follows pages', async () => {
    const every = await reader.metricHistory(SALES, { metric: 'rows', stage: 'load', every: true, from: '2026-12-03', to: new Date('2026-12-03T23:00:00Z') });
    expect(every.values.map((point) => [point.value, point.status])).toEqual([[300, 'CompletedWithoutFailures'], [7, 'Failed']]);
    expect(values(await reader.metricHistory(SALES, { metric: 'files' }))).toEqual([1, 2, 3, 4]);
    expect(values(await reader.metricHistory(SALES, { metric: 'files', stage: null, order: 'desc', limit: 2 }))).toEqual([4, 3]);
  });

  it('an unknown sequence is a NotFoundError; bad options fail before a request', async () => {
    await expect(reader.metricHistory({ client: 'nobody' }, { metric: 'rows' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(reader.metricHistory(SALES, { metric: ' ' })).rejects.toBeInstanceOf(ValidationError);
    await expect(reader.metricHistory(SALES, { metric: 'rows', from: '2026-13-01' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('an AbortSignal cancels the read', async () => {
    await expect(reader.metricHistory(SALES, { metric: 'rows', signal: AbortSignal.abort() })).rejects.toBeInstanceOf(APIUserAbortError);
  });
});
