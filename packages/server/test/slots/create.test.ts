import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { fields } from '../submissions/api.js';
import { DAILY_LONDON, insertSequence, lucoPyJson, startApp } from '../submissions/support.js';

const ADHOC = [['Client', 'Acme'], ['Feed', 'Adhoc']] as const;
const definition = (name: ReadonlyArray<readonly [string, string]>) => name.map(([key, value], position) => ({ position, key, value }));

let t: TestApp;
let adhocId: number;
beforeEach(async () => {
  t = await startApp();
  adhocId = await insertSequence(t.database.db, { name: ADHOC });
});
afterEach(async () => t.close());

const create = (body: unknown, url = '/slots/') => t.app.inject({ method: 'POST', url, ...lucoPyJson(body) });

describe('POST /slots/', () => {
  it('creates a slot of an unscheduled sequence (201), then returns the same slot (200)', async () => {
    const first = await create({ tag: '2026-11-27', slotSequenceDefinition: definition(ADHOC) });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ slotId: expect.any(Number), tag: '2026-11-27', expectedBy: null, slotSequenceId: adhocId, slotStatus: 'Awaiting' });
    const second = await create({ tag: '2026-11-27', slotSequenceDefinition: definition(ADHOC) }, '/slots');
    expect(second.statusCode).toBe(200);
    expect(second.json().slotId).toBe(first.json().slotId);
  });

  it('accepts the PascalCase body and plain application/json', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/slots', payload: { Tag: 'run-1', SlotSequenceDefinition: definition(ADHOC) } });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().tag).toBe('run-1');
  });

  it("creates LucoPy's 'None' tag like any other", async () => {
    const response = await create({ tag: 'None', slotSequenceDefinition: definition(ADHOC) });
    expect(response.statusCode).toBe(201);
    expect(response.json().tag).toBe('None');
  });

  it('gives concurrent creators of one new tag one slot', async () => {
    const responses = await Promise.all(Array.from({ length: 8 }, () => create({ tag: 'race', slotSequenceDefinition: definition(ADHOC) })));
    const ids = new Set(responses.map((response) => response.json().slotId));
    expect(ids.size).toBe(1);
    expect(responses.filter((response) => response.statusCode === 201)).toHaveLength(1);
    expect(responses.filter((response) => response.statusCode === 200)).toHaveLength(7);
    const rows = await t.database.db.selectFrom('slots').select('id').where('slot_sequence_id', '=', adhocId).execute();
    expect(rows).toHaveLength(1);
  });

  it('409s a scheduled sequence: its slots come from its delivery schedule', async () => {
    await insertSequence(t.database.db, { name: [['Client', 'Daily']], delivery: [DAILY_LONDON] });
    const onSchedule = await create({ tag: '2026-11-20', slotSequenceDefinition: definition([['Client', 'Daily']]) });
    expect(onSchedule.statusCode).toBe(409);
    expect(onSchedule.json().detail).toContain('delivery schedule');
    const offSchedule = await create({ tag: '2026-10-01', slotSequenceDefinition: definition([['Client', 'Daily']]) });
    expect(offSchedule.statusCode).toBe(409);
    const rows = await t.database.db.selectFrom('slots').select('id').execute();
    expect(rows).toHaveLength(0);
  });

  it('a sequence whose only schedule is inactive is unscheduled', async () => {
    await insertSequence(t.database.db, { name: [['Client', 'Paused']], delivery: [{ ...DAILY_LONDON, isActive: false }] });
    const response = await create({ tag: 'any', slotSequenceDefinition: definition([['Client', 'Paused']]) });
    expect(response.statusCode).toBe(201);
  });

  it('409s an archived sequence and 404s an unknown one', async () => {
    await insertSequence(t.database.db, { name: [['Client', 'Old']], isActive: false });
    const archived = await create({ tag: 'a', slotSequenceDefinition: definition([['Client', 'Old']]) });
    expect(archived.statusCode).toBe(409);
    expect(archived.json().detail).toContain('archived');
    const unknown = await create({ tag: 'a', slotSequenceDefinition: definition([['Client', 'Nobody']]) });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toMatch(/unknown slot sequence/i);
  });

  it('400s bad bodies, naming the field', async () => {
    const noTag = await create({ slotSequenceDefinition: definition(ADHOC) });
    expect(noTag.statusCode).toBe(400);
    expect(fields(noTag.json())).toEqual(['tag']);
    const blank = await create({ tag: '   ', slotSequenceDefinition: definition(ADHOC) });
    expect(fields(blank.json())).toEqual(['tag']);
    const noName = await create({ tag: 'x' });
    expect(fields(noName.json())).toEqual(['slotSequenceDefinition']);
    const badPart = await create({ tag: 'x', slotSequenceDefinition: [{ position: 0, key: '', value: 'Acme' }] });
    expect(badPart.statusCode).toBe(400);
    expect(fields(badPart.json())).toContain('slotSequenceDefinition[0].key');
    const unknownField = await create({ tag: 'x', slotSequenceDefinition: definition(ADHOC), colour: 'red' });
    expect(unknownField.statusCode).toBe(400);
    expect(fields(unknownField.json())).toContain('colour');
    const clash = await create({ tag: 'x', Tag: 'y', slotSequenceDefinition: definition(ADHOC) });
    expect(fields(clash.json())).toEqual(['Tag']);
    const notJson = await t.app.inject({ method: 'POST', url: '/slots/', payload: '{tag:', headers: { 'content-type': 'application/json-patch+json' } });
    expect(notJson.statusCode).toBe(400);
  });
});
