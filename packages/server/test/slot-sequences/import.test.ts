import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_AUTH, type TestApp } from '../support/app.js';
import { issueToken } from '../support/clients.js';
import { startApp } from './app.js';
import { configItem, counts, DAILY_LONDON, getJson, importOk, postImport, results } from './helpers.js';

let t: TestApp;
beforeEach(async () => {
  t = await startApp();
});
afterEach(async () => t?.close());

const WEEKLY = { isActive: true, cadence: 'weekly', daysOfWeek: ['Thu', 'Mon'], expectedBy: '18:30', timeZone: 'America/New_York', startDate: '2026-01-05', endDate: null };

describe('POST /v2/slotsequences/import', () => {
  it('creates a new sequence with its name parts, cadence and schedule', async () => {
    const body = await importOk(t, [configItem('acme')]);
    expect(counts(body)).toEqual({ created: 1, exists: 0, notProcessed: 0, updated: 0, notUpdated: 0, archived: 0 });
    const [item] = body.slotSequenceImports;
    expect(item).toEqual({
      slotSequenceDefinition: [
        { slotParameter: { key: 'client', value: 'acme' }, position: 0 },
        { slotParameter: { key: 'feed', value: 'sales' }, position: 1 },
      ],
      slotSequenceId: expect.any(Number),
      result: 'Created',
    });
    const parts = await t.database.db.selectFrom('slot_sequence_name_parts').selectAll().orderBy('position').execute();
    expect(parts.map((p) => [p.slot_sequence_id, p.position, p.key, p.value])).toEqual([
      [item!.slotSequenceId, 0, 'client', 'acme'],
      [item!.slotSequenceId, 1, 'feed', 'sales'],
    ]);
    const row = await t.database.db.selectFrom('slot_sequences').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ cadence: 'daily', type: 'Daily Feed', is_active: 1, materialized_through: null });
  });

  it('reports every outcome with the right counts (flags off, then overwrites on)', async () => {
    await importOk(t, [configItem('a'), configItem('b'), configItem('c')]);

    const first = await importOk(
      t,
      [
        configItem('a'), // identical
        configItem('b', { type: 'Changed' }), // differs, no allowOverwrites
        configItem('c', { isActive: false }), // archive, allowArchiving
        configItem('d'), // new
        configItem('e', { delivery: 'daily' }), // invalid
      ],
      { allowArchiving: true },
    );
    expect(results(first)).toEqual(['Exists', 'NotUpdated', 'Archived', 'Created', 'NotProcessed']);
    expect(counts(first)).toEqual({ created: 1, exists: 1, notProcessed: 1, updated: 0, notUpdated: 1, archived: 1 });

    const second = await importOk(t, [configItem('b', { type: 'Changed' }), configItem('a', { isActive: false })], { allowOverwrites: true });
    expect(results(second)).toEqual(['Updated', 'NotUpdated']);
    expect(counts(second)).toEqual({ created: 0, exists: 0, notProcessed: 0, updated: 1, notUpdated: 1, archived: 0 });

    const b = await getJson(t, `/v2/slotsequences/${second.slotSequenceImports[0]!.slotSequenceId}`);
    expect(b.body.definition.type).toEqual({ slotSequenceTypeName: 'Changed' });
    const a = await getJson(t, `/v2/slotsequences/${second.slotSequenceImports[1]!.slotSequenceId}`);
    expect(a.body.isActive).toBe(true);
  });

  it('NotUpdated changes nothing', async () => {
    const [created] = (await importOk(t, [configItem('acme')])).slotSequenceImports;
    const before = await getJson(t, `/v2/slotsequences/${created!.slotSequenceId}`);
    t.clock.now += 60_000;
    const body = await importOk(t, [configItem('acme', { parameters: null, delivery: [] })]);
    expect(results(body)).toEqual(['NotUpdated']);
    expect(await getJson(t, `/v2/slotsequences/${created!.slotSequenceId}`)).toEqual(before);
  });

  it('reports invalid items with field paths and still applies the valid ones', async () => {
    const body = await importOk(t, [
      configItem('ok1'),
      configItem('bad-zone', { delivery: [{ ...DAILY_LONDON, timeZone: 'Mars/Olympus' }] }),
      { type: 'no name' },
      'not an object',
      configItem('two-active', { delivery: [DAILY_LONDON, { ...DAILY_LONDON, cadence: 'weekdays' }] }),
      configItem('ok1', { type: 'again' }),
      configItem('bad-params', { parameters: { slotParameterGroups: [{ slotParameterGroupName: 'g', slotParameters: [{ key: 'k', value: { nested: 1 } }, { key: 'k', value: 'x' }] }] } }),
      configItem('extra', { cadence: 'daily', isActive: 'yes' }),
      { name: [{ key: '', value: 'x' }, { slotParameter: { key: 'feed' } }] },
      configItem('ok2'),
    ]);
    expect(results(body)).toEqual(['Created', 'NotProcessed', 'NotProcessed', 'NotProcessed', 'NotProcessed', 'NotProcessed', 'NotProcessed', 'NotProcessed', 'NotProcessed', 'Created']);
    expect(counts(body)).toMatchObject({ created: 2, notProcessed: 8 });
    const fields = body.slotSequenceImports.map((item) => item.errors?.map((error) => error.field));
    expect(fields[0]).toBeUndefined();
    expect(fields[1]).toEqual(['slotSequences[1].delivery[0].timeZone']);
    expect(fields[2]).toEqual(['slotSequences[2].name']);
    expect(fields[3]).toEqual(['slotSequences[3]']);
    expect(fields[4]).toEqual(['slotSequences[4].delivery']);
    expect(fields[5]).toEqual(['slotSequences[5].name']);
    expect(body.slotSequenceImports[5]!.errors![0]!.message).toContain('slotSequences[0]');
    expect(fields[6]).toEqual([
      'slotSequences[6].parameters.slotParameterGroups[0].slotParameters[0].value',
      'slotSequences[6].parameters.slotParameterGroups[0].slotParameters[1].key',
    ]);
    expect(fields[7]).toEqual(['slotSequences[7].cadence', 'slotSequences[7].isActive']);
    expect(fields[8]).toEqual(['slotSequences[8].name[0].key', 'slotSequences[8].name[1].slotParameter.value']);
    for (const item of body.slotSequenceImports.slice(1, -1)) expect(item.slotSequenceId).toBeNull();
    // The name is echoed when it could be read.
    expect(body.slotSequenceImports[1]!.slotSequenceDefinition[0]).toEqual({ slotParameter: { key: 'client', value: 'bad-zone' }, position: 0 });
    expect(body.slotSequenceImports[3]!.slotSequenceDefinition).toEqual([]);
    const all = await t.database.db.selectFrom('slot_sequences').select('name_key').execute();
    expect(all).toHaveLength(2);
  });

  it('accepts the object name form and the response name form as the same name', async () => {
    const created = await importOk(t, [configItem('acme')]);
    const id = created.slotSequenceImports[0]!.slotSequenceId;
    const body = await importOk(t, [
      configItem('acme', { name: { client: 'acme', feed: 'sales' } }),
    ]);
    expect(body.slotSequenceImports[0]).toMatchObject({ result: 'Exists', slotSequenceId: id });
    const responseForm = await importOk(t, [
      configItem('acme', { name: [{ slotParameter: { key: 'feed', value: 'sales' }, position: 1 }, { slotParameter: { key: 'client', value: 'acme' }, position: 0 }] }),
    ]);
    expect(responseForm.slotSequenceImports[0]).toMatchObject({ result: 'Exists', slotSequenceId: id });
    // Order matters: the same parts in another order are another sequence.
    const swapped = await importOk(t, [configItem('acme', { name: { feed: 'sales', client: 'acme' } })]);
    expect(swapped.slotSequenceImports[0]!.result).toBe('Created');
  });

  it('export then import with every flag on changes nothing and reports Exists', async () => {
    await importOk(t, [
      configItem('daily'),
      configItem('weekly', { delivery: [{ ...WEEKLY, daysOfWeek: ['thursday', 'mon'], timeZone: 'america/new_york', cadence: 'WEEKLY' }] }),
      configItem('monthly', { delivery: [{ isActive: false, cadence: 'daily', expectedBy: '01:00', timeZone: 'UTC', startDate: '2025-01-01', endDate: '2025-12-31' }, { isActive: true, cadence: 'monthly', dayOfMonth: -1, expectedBy: '23:59', timeZone: 'Asia/Tokyo', startDate: '2026-01-01' }] }),
      configItem('unscheduled', { delivery: [], type: null, parameters: { slotParameterGroups: [] } }),
      configItem('archived', { isActive: false }),
      { name: { solo: 42, flag: true } },
    ]);
    const first = await getJson(t, '/v2/slotsequences/export');
    expect(first.status).toBe(200);
    expect(first.body).toHaveLength(6);
    t.clock.now += 3_600_000;
    const body = await importOk(t, first.body, { allowOverwrites: true, allowArchiving: true });
    expect(results(body)).toEqual(Array(6).fill('Exists'));
    expect(counts(body)).toMatchObject({ exists: 6, created: 0, updated: 0, archived: 0 });
    expect(body.slotSequenceImports.map((item) => item.slotSequenceId)).toEqual(first.body.map((item: { slotSequenceId: number }) => item.slotSequenceId));
    const second = await getJson(t, '/v2/slotsequences/export');
    expect(second.body).toEqual(first.body);
    const rows = await t.database.db.selectFrom('slot_sequences').select('updated_on').execute();
    expect(rows.every((row) => Number(row.updated_on) < t.clock.now)).toBe(true);
    // The canonical form: days Mon..Sun, canonical zone casing, explicit endDate, names as lists of text.
    const weekly = first.body.find((item: { name: Array<{ value: string }> }) => item.name[0]!.value === 'weekly');
    expect(weekly.delivery).toEqual([{ isActive: true, cadence: 'weekly', daysOfWeek: ['Mon', 'Thu'], expectedBy: '18:30', timeZone: 'America/New_York', startDate: '2026-01-05', endDate: null }]);
    const solo = first.body.find((item: { name: Array<{ key: string }> }) => item.name[0]!.key === 'solo');
    expect(solo).toEqual({ slotSequenceId: solo.slotSequenceId, name: [{ key: 'solo', value: '42' }, { key: 'flag', value: 'True' }], type: null, isActive: true, parameters: { slotParameterGroups: [] }, delivery: [] });
  });

  it('archives with allowArchiving and reactivates only with allowOverwrites', async () => {
    const id = (await importOk(t, [configItem('acme')])).slotSequenceImports[0]!.slotSequenceId;
    const archived = await importOk(t, [configItem('acme', { isActive: false })], { allowArchiving: true });
    expect(archived.slotSequenceImports[0]).toMatchObject({ result: 'Archived', slotSequenceId: id });
    expect(archived.archivedCount).toBe(1);
    expect((await getJson(t, `/v2/slotsequences/${id}`)).body.isActive).toBe(false);

    // Archived and identical: Exists; with allowArchiving only, reactivation is not allowed.
    expect(results(await importOk(t, [configItem('acme', { isActive: false })]))).toEqual(['Exists']);
    expect(results(await importOk(t, [configItem('acme')], { allowArchiving: true }))).toEqual(['NotUpdated']);
    expect((await getJson(t, `/v2/slotsequences/${id}`)).body.isActive).toBe(false);

    const reactivated = await importOk(t, [configItem('acme')], { allowOverwrites: true });
    expect(reactivated.slotSequenceImports[0]).toMatchObject({ result: 'Updated', slotSequenceId: id });
    expect((await getJson(t, `/v2/slotsequences/${id}`)).body.isActive).toBe(true);
  });

  it('archiving writes the other differences only with allowOverwrites', async () => {
    const [a, b] = (await importOk(t, [configItem('a'), configItem('b')])).slotSequenceImports;
    await importOk(t, [configItem('a', { isActive: false, type: 'New' })], { allowArchiving: true });
    expect((await getJson(t, `/v2/slotsequences/${a!.slotSequenceId}`)).body).toMatchObject({ isActive: false, definition: { type: { slotSequenceTypeName: 'Daily Feed' } } });
    await importOk(t, [configItem('b', { isActive: false, type: 'New' })], { allowArchiving: true, allowOverwrites: true });
    expect((await getJson(t, `/v2/slotsequences/${b!.slotSequenceId}`)).body).toMatchObject({ isActive: false, definition: { type: { slotSequenceTypeName: 'New' } } });
  });

  it('ignoreDeliveryConfig keeps existing schedules and creates new sequences unscheduled', async () => {
    const id = (await importOk(t, [configItem('acme')])).slotSequenceImports[0]!.slotSequenceId;
    const weekly = [WEEKLY];
    const same = await importOk(t, [configItem('acme', { delivery: weekly }), configItem('fresh', { delivery: weekly })], { ignoreDeliveryConfig: true, allowOverwrites: true });
    expect(results(same)).toEqual(['Exists', 'Created']);
    const kept = await getJson(t, `/v2/slotsequences/${id}`);
    expect(kept.body.delivery).toEqual([DAILY_LONDON]);
    expect(kept.body.cadence).toBe('daily');
    const fresh = await getJson(t, `/v2/slotsequences/${same.slotSequenceImports[1]!.slotSequenceId}`);
    expect(fresh.body).toMatchObject({ delivery: [], cadence: null, nextExpectedSlot: null });

    const updated = await importOk(t, [configItem('acme', { delivery: weekly, type: 'Other' })], { ignoreDeliveryConfig: true, allowOverwrites: true });
    expect(results(updated)).toEqual(['Updated']);
    expect((await getJson(t, `/v2/slotsequences/${id}`)).body).toMatchObject({ delivery: [DAILY_LONDON], definition: { type: { slotSequenceTypeName: 'Other' } } });
  });

  it('a new schedule updates the cadence and forgets how far slots were materialised', async () => {
    const id = (await importOk(t, [configItem('acme')])).slotSequenceImports[0]!.slotSequenceId!;
    await t.database.db.updateTable('slot_sequences').set({ materialized_through: '2026-11-27' }).where('id', '=', id).execute();
    // A parameters-only change keeps materialized_through.
    await importOk(t, [configItem('acme', { type: 'T2' })], { allowOverwrites: true });
    expect((await t.database.db.selectFrom('slot_sequences').select('materialized_through').where('id', '=', id).executeTakeFirstOrThrow()).materialized_through).toBe('2026-11-27');
    await importOk(t, [configItem('acme', { type: 'T2', delivery: [WEEKLY] })], { allowOverwrites: true });
    const row = await t.database.db.selectFrom('slot_sequences').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ cadence: 'weekly', materialized_through: null });
    await importOk(t, [configItem('acme', { type: 'T2', delivery: [{ ...WEEKLY, isActive: false }] })], { allowOverwrites: true });
    expect((await t.database.db.selectFrom('slot_sequences').select('cadence').where('id', '=', id).executeTakeFirstOrThrow()).cadence).toBeNull();
  });

  it('concurrent imports of the same new name leave one sequence', async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, () => postImport(t, { slotSequences: [configItem('race')] })));
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(200));
    const outcomes = responses.map((r) => r.body.slotSequenceImports[0]!.result).sort();
    expect(outcomes).toEqual(['Created', 'Exists', 'Exists', 'Exists', 'Exists', 'Exists']);
    expect(new Set(responses.map((r) => r.body.slotSequenceImports[0]!.slotSequenceId)).size).toBe(1);
    expect(await t.database.db.selectFrom('slot_sequences').selectAll().execute()).toHaveLength(1);
    expect(await t.database.db.selectFrom('slot_sequence_name_parts').selectAll().execute()).toHaveLength(2);
  });

  it('an empty list imports nothing', async () => {
    const body = await importOk(t, []);
    expect(body).toEqual({ createdCount: 0, existsCount: 0, notProcessedCount: 0, updatedCount: 0, notUpdatedCount: 0, archivedCount: 0, slotSequenceImports: [] });
  });

  it('rejects a body that is not the import shape', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'slotSequences'],
      [{ slotSequences: { name: 'x' } }, 'slotSequences'],
      [{ slotSequences: [], allowOverwrites: 'maybe' }, 'allowOverwrites'],
      [{ slotSequences: [], overwrite: true }, 'overwrite'],
      [[configItem('x')], 'body'],
    ];
    for (const [payload, field] of cases) {
      const { status, body } = await postImport(t, payload);
      expect(status, JSON.stringify(payload)).toBe(400);
      expect((body.errors as Array<{ field: string }>).map((e) => e.field)).toContain(field);
    }
    const empty = await t.app.inject({ method: 'POST', url: '/v2/slotsequences/import' });
    expect(empty.statusCode).toBe(400);
    const broken = await t.app.inject({ method: 'POST', url: '/v2/slotsequences/import', headers: { 'content-type': 'application/json' }, payload: '{"slotSequences": [' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().errors[0].field).toBe('body');
  });

  it('needs the admin role', async () => {
    await t.close();
    t = await startApp({ auth: TEST_AUTH });
    const writer = await issueToken(t, 'w', 'writer');
    const admin = await issueToken(t, 'a', 'admin');
    const payload = { slotSequences: [configItem('acme')] };
    const anonymous = await t.app.inject({ method: 'POST', url: '/v2/slotsequences/import', payload });
    expect(anonymous.statusCode).toBe(401);
    const denied = await t.app.inject({ method: 'POST', url: '/v2/slotsequences/import', headers: { authorization: `Bearer ${writer.accessToken}` }, payload });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toContain('admin');
    const allowed = await t.app.inject({ method: 'POST', url: '/V2/SlotSequences/Import/', headers: { authorization: `Bearer ${admin.accessToken}` }, payload });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json().createdCount).toBe(1);
  });
});
