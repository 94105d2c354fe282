import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { importOk } from '../slot-sequences/helpers.js';
import { SCHEMA_URL } from './events.js';
import { lineageApp, postEvent } from './support.js';

const PRODUCER = 'https://github.com/OpenLineage/OpenLineage/tree/1.33.0/integration/spark';
const JOB = { namespace: 'spark://cluster', name: 'nightly_orders' };

/** A START of a new run of JOB. */
function start(runId: string, eventTime = '2026-11-27T06:00:00Z') {
  return { eventType: 'START', eventTime, producer: PRODUCER, schemaURL: SCHEMA_URL, run: { runId, facets: {} }, job: JOB, inputs: [], outputs: [] };
}

/** The job's sequence as an import item (the name the ingest gives it by default). */
function jobSequence(overrides: Record<string, unknown>) {
  return {
    name: [
      { key: 'namespace', value: JOB.namespace },
      { key: 'job', value: JOB.name },
    ],
    type: 'OpenLineage',
    parameters: { slotParameterGroups: [{ slotParameterGroupName: 'openlineage', slotParameters: [{ key: 'namespace', value: JOB.namespace }, { key: 'job', value: JOB.name }] }] },
    delivery: [],
    ...overrides,
  };
}

async function slotOf(t: TestApp, slotId: number) {
  return t.database.db.selectFrom('slots').select(['slot_sequence_id', 'tag']).where('id', '=', slotId).executeTakeFirstOrThrow();
}

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('the job -> sequence lookup kept between writes', () => {
  it('sees an import that archives the sequence: the next run is refused, nothing written to it', async () => {
    t = await lineageApp();
    const first = await postEvent(t, start('7d1b9a52-5d0e-4a43-9c51-0d3b1f6e2a01'));
    expect(first.statusCode, first.body).toBe(201);
    expect((await postEvent(t, start('7d1b9a52-5d0e-4a43-9c51-0d3b1f6e2a02'))).statusCode).toBe(201);

    await importOk(t, [jobSequence({ isActive: false })], { allowArchiving: true, allowOverwrites: true });
    const refused = await postEvent(t, start('7d1b9a52-5d0e-4a43-9c51-0d3b1f6e2a03'));
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().reason).toBe('slot-sequence-archived');
    const slots = await t.database.db.selectFrom('slots').select('id').where('slot_sequence_id', '=', (await slotOf(t, first.json().slotId)).slot_sequence_id).execute();
    expect(slots).toHaveLength(2);
  });

  it('sees an import that gives the sequence a schedule: the next run lands on the dated slot', async () => {
    t = await lineageApp();
    const before = (await postEvent(t, start('8e2c0b63-6e1f-4b54-8d62-1e4c207f3b01'))).json();
    expect((await slotOf(t, before.slotId)).tag).toBe('8e2c0b63-6e1f-4b54-8d62-1e4c207f3b01');

    const schedule = { isActive: true, cadence: 'daily', expectedBy: '09:00', timeZone: 'UTC', startDate: '2026-11-01', endDate: null };
    await importOk(t, [jobSequence({ delivery: [schedule] })], { allowOverwrites: true });
    const after = (await postEvent(t, start('8e2c0b63-6e1f-4b54-8d62-1e4c207f3b02'))).json();
    expect(after.outcome).toBe('applied');
    expect(await slotOf(t, after.slotId)).toEqual({ slot_sequence_id: (await slotOf(t, before.slotId)).slot_sequence_id, tag: '2026-11-27' });
  });

  it('sees a schedule given in the same millisecond as the kept copy, with no notice: the stored schedule itself is compared', async () => {
    t = await lineageApp();
    const before = (await postEvent(t, start('a04e2d85-8031-4d76-8f84-3a6e4291d501'))).json();
    const sequenceId = (await slotOf(t, before.slotId)).slot_sequence_id;
    // The clock is frozen: the change keeps the row's updated_on, and no change feed notice is sent.
    const schedule = { isActive: true, cadence: 'daily', expectedBy: '09:00', timeZone: 'UTC', startDate: '2026-11-01', endDate: null };
    await t.database.db.updateTable('slot_sequences').set({ delivery_json: JSON.stringify([schedule]) }).where('id', '=', sequenceId).execute();

    const after = (await postEvent(t, start('a04e2d85-8031-4d76-8f84-3a6e4291d502'))).json();
    expect(after.outcome).toBe('applied');
    expect(await slotOf(t, after.slotId)).toEqual({ slot_sequence_id: sequenceId, tag: '2026-11-27' });
  });

  it('checks the kept sequence in the write itself: a change whose notice never came (another instance) is still seen', async () => {
    t = await lineageApp();
    const first = (await postEvent(t, start('9f3d1c74-7f20-4c65-9e73-2f5d3180c401'))).json();
    const sequenceId = (await slotOf(t, first.slotId)).slot_sequence_id;
    // Archived behind the server's back: no change feed notice.
    await t.database.db.updateTable('slot_sequences').set({ is_active: 0, updated_on: Date.parse('2026-11-27T11:00:00Z') }).where('id', '=', sequenceId).execute();

    const refused = await postEvent(t, start('9f3d1c74-7f20-4c65-9e73-2f5d3180c402'));
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().reason).toBe('slot-sequence-archived');
  });
});
