import {
  BadRequestError,
  CollectionResult,
  DataQualityError,
  LucoApi,
  PermissionDeniedError,
  SlotNotFoundError,
  SlotSequenceNotFoundError,
} from '@lucots/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListening, type ListeningServer } from '../support/listening.js';

/**
 * The real SDK drives the real server over loopback through whole pipeline runs, scheduled and
 * unscheduled, touching every SDK method.
 */

const SALES = { client: 'acme', feed: 'sales' };
const ADHOC = { client: 'acme', feed: 'adhoc' };
const scheduled = {
  name: [{ key: 'client', value: 'acme' }, { key: 'feed', value: 'sales' }],
  type: 'Daily feed',
  parameters: { slotParameterGroups: [{ slotParameterGroupName: 'source', slotParameters: [{ key: 'path', value: '/in/sales' }] }] },
  delivery: [{ isActive: true, cadence: 'daily', expectedBy: '09:00', timeZone: 'Europe/London', startDate: '2026-11-20' }],
};
const unscheduled = { name: [{ key: 'client', value: 'acme' }, { key: 'feed', value: 'adhoc' }], type: 'Ad hoc', parameters: { slotParameterGroups: [] } };

let server: ListeningServer;
let api: LucoApi;

beforeAll(async () => {
  server = await startListening();
  api = await server.sdk('admin');
  const imported = await api.submitSlotSequences([scheduled, unscheduled]);
  expect(imported.counts).toMatchObject({ created: 2, exists: 0, notProcessed: 0 });
});
afterAll(async () => server?.close());

describe('a scheduled sequence, end to end', () => {
  it('runs a pipeline: slot, submission, run environment, metrics, quality, status', async () => {
    const slotId = await api.findSlotId('2026-11-26', SALES);
    expect(await api.findSlotId('2026-11-26', SALES)).toBe(slotId);
    const run = await api.createSubmission(slotId, { runEnvironments: { platform: 'GitHub Actions', runId: '42' } });

    const details = await run.details();
    expect(details).toMatchObject({ slotId, submissionId: run.submissionId, type: 'Daily feed', name: SALES, status: 'In Progress', endTime: null });
    expect(details.expectedBy).toBe('2026-11-26T09:00:00.000Z');
    await expect(run.params('source', 'path')).resolves.toBe('/in/sales');
    await expect(run.getDeliverySchedule()).resolves.toMatchObject({ isActive: true, cadence: 'daily', timeZone: 'Europe/London' });

    await run.submitMetrics({ rows: 0, source: 'sftp' }, { stage: 'load' });
    await run.submitMetric('rows', 1200, { stage: 'load' });
    await expect(run.getMetric('load', 'rows')).resolves.toBe(1200);
    expect(await run.getMetrics({ includeDuplicates: true })).toHaveLength(3);
    await expect(run.getMetrics({ groupByStage: true })).resolves.toEqual({ load: { rows: 1200, source: 'sftp' } });

    const collection = new CollectionResult({ name: 'orders', checks: [{ check: 'ids are unique', success: true }] });
    await expect(run.submitQuality(collection, { stage: 'validate' })).resolves.toEqual({ action: 'Continued', route: 'v2' });
    const quality = await run.getQuality();
    expect(quality).toHaveLength(1);
    expect(quality[0]).toMatchObject({ name: 'orders', success: true, action: 'Continued', stage: 'validate' });

    await run.submitStatus('In Progress', { stage: 'load', message: 'reading' });
    await run.submitCompletedStatus();
    await expect(run.status()).resolves.toBe('Completed');
    expect((await run.details()).endTime).not.toBeNull();

    await expect(api.findLatestSubmissionBySlotSequence(SALES)).resolves.toEqual({ slotId, submissionId: run.submissionId });
    const found = await api.findSubmissionsBySlotSequence(SALES, { onlyLatestSlot: false });
    expect(found.slots[0]?.slotId).toBe(slotId);
  });

  it('records failing quality as Cancelled and raises only when asked, after recording', async () => {
    const run = await api.createSubmission(await api.findSlotId('2026-11-25', SALES));
    const failing = new CollectionResult({ checks: [{ check: 'no nulls', success: false, onFail: { action: 'fail' } }] });
    await expect(run.submitQuality(failing, { stage: 'validate', raiseOnCancelled: true })).rejects.toBeInstanceOf(DataQualityError);
    const [stored] = await run.getQuality();
    expect(stored).toMatchObject({ action: 'Cancelled', success: false });
  });

  it('finds the closest earlier submission in the sequence', async () => {
    const earlier = await api.createSubmission(await api.findSlotId('2026-11-21', SALES));
    await earlier.submitCompletedStatus();
    const later = await api.createSubmission(await api.findSlotId('2026-11-23', SALES));
    const closest = await api.findSubmissionInSlotSequence(later.slotId, later.submissionId, { findClosest: 'historic', onlyCompletedSubmissions: true });
    expect(closest.slotSubmissionId).toBe(earlier.submissionId);
  });

  it('records runs after the fact with their own times: on time, late, and never in the future', async () => {
    const onTime = await api.createSubmission(await api.findSlotId('2026-11-22', SALES), { startedOn: '2026-11-22T08:00:00Z' });
    await onTime.submitCompletedStatus({ occurredOn: new Date('2026-11-22T08:30:00Z') });
    const late = await api.createSubmission(await api.findSlotId('2026-11-24', SALES), { startedOn: '2026-11-24T09:30:00Z' });
    await late.submitCompletedStatus({ occurredOn: '2026-11-24T10:00:00Z' });
    expect(await onTime.details()).toMatchObject({ startTime: '2026-11-22T08:00:00.000Z', endTime: '2026-11-22T08:30:00.000Z' });
    const page = await api.slotsOverview({ slotId: [onTime.slotId, late.slotId] });
    const status = Object.fromEntries(page.items.map((slot) => [slot.tag, slot.slotStatus]));
    expect(status).toEqual({ '2026-11-22': 'Delivered', '2026-11-24': 'DeliveredLate' });
    await expect(api.createSubmission(onTime.slotId, { startedOn: '2099-01-01T00:00:00Z' })).rejects.toBeInstanceOf(BadRequestError);
  });

  it('never creates a slot off the schedule', async () => {
    await expect(api.findSlotId('not-a-date', SALES)).rejects.toBeInstanceOf(SlotNotFoundError);
  });
});

describe('an unscheduled sequence, end to end', () => {
  it('creates a slot for a new tag once, and withSubmission records Completed or Failed', async () => {
    const slotId = await api.findSlotId('run-001', ADHOC);
    expect(await api.findSlotId('run-001', ADHOC)).toBe(slotId);
    const result = await api.withSubmission({ tag: 'run-002', slotSequence: ADHOC }, async (run) => {
      await run.submitMetric('files', 3);
      return run.submissionId;
    });
    const ref = await api.findLatestSubmissionBySlotSequence(ADHOC);
    expect(ref?.submissionId).toBe(result);

    const boom = new Error('disk full');
    await expect(api.withSubmission({ tag: 'run-003', slotSequence: ADHOC }, async () => { throw boom; })).rejects.toBe(boom);
    const failedSlot = await api.findSlotId('run-003', ADHOC);
    const page = await api.slotsOverview({ slotId: failedSlot });
    expect(page.items[0]).toMatchObject({ slotId: failedSlot, lastSubmissionStatus: 'Failed', slotStatus: 'Failed' });
  });

  it('an unknown sequence is reported, not created', async () => {
    await expect(api.findSlotId('x', { client: 'nobody' })).rejects.toBeInstanceOf(SlotSequenceNotFoundError);
  });
});

describe('sequences: look-ups, parameters, overviews, export and import', () => {
  it('finds ids and parameters by name', async () => {
    const id = await api.findSlotSequenceId(SALES);
    expect((await api.getSlotSequence(id)).definition?.type?.slotSequenceTypeName).toBe('Daily feed');
    await expect(api.slotSequenceParameters(SALES)).resolves.toEqual({ source: { path: '/in/sales' } });
    await expect(api.slotSequenceParameters(SALES, 'source', 'path')).resolves.toBe('/in/sales');
  });

  it('pages both overviews lazily', async () => {
    const names: Array<Record<string, string>> = [];
    for await (const sequence of api.slotSequencesOverview({}, { pageSize: 1 })) names.push(sequence.name);
    expect(names).toEqual(expect.arrayContaining([SALES, ADHOC]));
    const slots = await api.slotsOverview({ slotSequenceId: await api.findSlotSequenceId(SALES) }, { pageSize: 2 }).toArray();
    expect(slots.length).toBeGreaterThanOrEqual(4);
    expect(new Set(slots.map((slot) => slot.slotId)).size).toBe(slots.length);
  });

  it('export then import is a round trip that changes nothing', async () => {
    const exported = await api.exportSlotSequences({ names: [SALES, ADHOC] });
    expect(exported).toHaveLength(2);
    const again = await api.submitSlotSequences(exported, { allowOverwrites: true });
    expect(again.counts).toMatchObject({ created: 0, exists: 2, updated: 0 });
    expect(await api.exportSlotSequences({ names: [SALES, ADHOC] })).toEqual(exported);
  });

  it('a reader may read but not write', async () => {
    const reader = await server.sdk('reader');
    await expect(reader.findSlotSequenceId(SALES)).resolves.toBeGreaterThan(0);
    await expect(reader.createSubmission(await reader.findSlotId('2026-11-26', SALES))).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});
