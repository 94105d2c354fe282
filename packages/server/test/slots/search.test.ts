import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SlotRepository } from '../../src/storage/repositories/slots.js';
import type { TestApp } from '../support/app.js';
import { fields } from '../submissions/api.js';
import { DAILY_LONDON, insertSequence, jsonDefinition, pyDefinition, pyQuery, pyRepr, startApp } from '../submissions/support.js';

const SCHEDULED = [['Client', 'Acme'], ['Feed', 'Sales']] as const;
const UNSCHEDULED = [['Client', 'Acme'], ['Feed', 'Adhoc']] as const;

let t: TestApp;
let scheduledId: number;
let unscheduledId: number;
beforeEach(async () => {
  t = await startApp();
  scheduledId = await insertSequence(t.database.db, { name: SCHEDULED, delivery: [DAILY_LONDON] });
  unscheduledId = await insertSequence(t.database.db, { name: UNSCHEDULED });
});
afterEach(async () => t.close());

const search = (query: string) => t.app.inject({ method: 'GET', url: `/slots/search/?${query}` });

describe('GET /slots/search/ on a scheduled sequence', () => {
  it('answers a date the schedule expects with its slot, created on first use (LucoPy repr form)', async () => {
    const response = await search(pyQuery({ Tag: '2026-11-20', SlotSequenceDefinition: pyDefinition(SCHEDULED) }));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      slotId: expect.any(Number),
      tag: '2026-11-20',
      expectedBy: '2026-11-20T09:00:00.000Z',
      slotSequenceId: scheduledId,
      slotStatus: 'Overdue',
    });
    const again = await search(pyQuery({ Tag: '2026-11-20', SlotSequenceDefinition: jsonDefinition(SCHEDULED) }));
    expect(again.json().slotId).toBe(response.json().slotId);
    const rows = await t.database.db.selectFrom('slots').selectAll().where('slot_sequence_id', '=', scheduledId).execute();
    expect(rows).toHaveLength(1);
  });

  it('makes a date not yet made with one read by tag: the insert answers with the row it made', async () => {
    const reads = vi.spyOn(SlotRepository.prototype, 'findByTag');
    try {
      const response = await search(pyQuery({ Tag: '2026-11-21', SlotSequenceDefinition: jsonDefinition(SCHEDULED) }));
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ tag: '2026-11-21', expectedBy: '2026-11-21T09:00:00.000Z', slotSequenceId: scheduledId });
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('gives concurrent first lookups of one date the same slot', async () => {
    const answers = await Promise.all([1, 2, 3].map(() => search(pyQuery({ Tag: '2026-11-22', SlotSequenceDefinition: jsonDefinition(SCHEDULED) }))));
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((answer) => answer.json().slotId)).size).toBe(1);
    const rows = await t.database.db.selectFrom('slots').selectAll().where('slot_sequence_id', '=', scheduledId).where('tag', '=', '2026-11-22').execute();
    expect(rows).toHaveLength(1);
  });

  it('a future expected date is Awaiting; British summer time moves expectedBy an hour', async () => {
    const future = await search(pyQuery({ Tag: '2026-11-30', SlotSequenceDefinition: jsonDefinition(SCHEDULED) }));
    expect(future.json()).toMatchObject({ tag: '2026-11-30', slotStatus: 'Awaiting' });
    const summer = await insertSequence(t.database.db, { name: [['Client', 'Summer']], delivery: [{ ...DAILY_LONDON, startDate: '2026-06-01' }] });
    const june = await search(pyQuery({ Tag: '2026-06-15', SlotSequenceDefinition: jsonDefinition([['Client', 'Summer']]) }));
    expect(june.json()).toMatchObject({ slotSequenceId: summer, expectedBy: '2026-06-15T08:00:00.000Z' });
  });

  it("reads a date-time tag (Python's str(datetime)) as its date", async () => {
    const response = await search(pyQuery({ Tag: '2026-11-20 00:00:00', SlotSequenceDefinition: pyDefinition(SCHEDULED) }));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().tag).toBe('2026-11-20');
  });

  it.each([
    ['a date before the schedule starts', '2026-10-31'],
    ['a tag that is not a date', 'weekly-report'],
    ['Tag=None (LucoPy with no tag)', null],
    ['an impossible date', '2026-02-30'],
  ])('404s %s, saying the schedule does not expect it', async (_label, tag) => {
    const response = await search(pyQuery({ Tag: tag, SlotSequenceDefinition: pyDefinition(SCHEDULED) }));
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toContain('does not expect');
    expect(response.json().reason).toBe('tag-not-scheduled');
  });

  it('finds a slot that exists by its exact tag, even one the current schedule does not expect', async () => {
    await t.database.db
      .insertInto('slots')
      .values({ slot_sequence_id: scheduledId, tag: 'legacy-1', expected_by: Date.parse('2026-10-01T09:00:00Z'), submission_count: 0, last_submission_id: null, last_submission_status: null, delivered_on: null, created_on: 0, updated_on: 0 })
      .execute();
    const response = await search(pyQuery({ Tag: 'legacy-1', SlotSequenceDefinition: pyDefinition(SCHEDULED) }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ tag: 'legacy-1', slotStatus: 'Overdue' });
  });

  it('a weekdays schedule does not expect a Saturday', async () => {
    await insertSequence(t.database.db, { name: [['Client', 'Weekdays']], delivery: [{ ...DAILY_LONDON, cadence: 'weekdays' }] });
    const saturday = await search(pyQuery({ Tag: '2026-11-28', SlotSequenceDefinition: jsonDefinition([['Client', 'Weekdays']]) }));
    expect(saturday.statusCode).toBe(404);
    const friday = await search(pyQuery({ Tag: '2026-11-27', SlotSequenceDefinition: jsonDefinition([['Client', 'Weekdays']]) }));
    expect(friday.statusCode).toBe(200);
  });
});

describe('GET /slots/search/ on an unscheduled sequence', () => {
  it('finds an existing slot by tag and 404s a new tag (the client then POSTs /slots/)', async () => {
    const missing = await search(pyQuery({ Tag: 'batch-7', SlotSequenceDefinition: pyDefinition(UNSCHEDULED) }));
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ reason: 'slot-not-found', status: 404 });
    const created = await t.app.inject({
      method: 'POST',
      url: '/slots/',
      payload: { tag: 'batch-7', slotSequenceDefinition: UNSCHEDULED.map(([key, value], position) => ({ position, key, value })) },
    });
    expect(created.statusCode).toBe(201);
    const found = await search(pyQuery({ Tag: 'batch-7', SlotSequenceDefinition: pyDefinition(UNSCHEDULED) }));
    expect(found.statusCode).toBe(200);
    expect(found.json()).toEqual({ slotId: created.json().slotId, tag: 'batch-7', expectedBy: null, slotSequenceId: unscheduledId, slotStatus: 'Awaiting' });
  });

  it('works without the trailing slash and with a single definition value', async () => {
    await insertSequence(t.database.db, { name: [['Solo', 'One']] });
    const response = await t.app.inject({ method: 'GET', url: `/slots/search?${pyQuery({ Tag: 'x', SlotSequenceDefinition: pyDefinition([['Solo', 'One']]) })}` });
    expect(response.statusCode).toBe(404);
    expect(response.json().reason).toBe('slot-not-found');
  });
});

describe('GET /slots/search/ with Python-repr values', () => {
  it("matches True/False values and a value holding a quote (repr switches to double quotes)", async () => {
    const name = [['Client', "O'Brien"], ['Live', 'True'], ['Test', 'False']] as const;
    const id = await insertSequence(t.database.db, { name });
    const definition = [pyRepr({ position: 0, key: 'Client', value: "O'Brien" }), pyRepr({ position: 1, key: 'Live', value: true }), pyRepr({ position: 2, key: 'Test', value: false })];
    expect(definition[0]).toBe(`{'position': 0, 'key': 'Client', 'value': "O'Brien"}`);
    expect(definition[1]).toBe("{'position': 1, 'key': 'Live', 'value': True}");
    const response = await search(pyQuery({ Tag: 'run-1', SlotSequenceDefinition: definition }));
    expect(response.statusCode).toBe(404);
    expect(response.json().reason).toBe('slot-not-found');
    const created = await t.app.inject({ method: 'POST', url: '/slots/', payload: { tag: 'run-1', slotSequenceDefinition: [{ position: 0, key: 'Client', value: "O'Brien" }, { position: 1, key: 'Live', value: true }, { position: 2, key: 'Test', value: false }] } });
    expect(created.json().slotSequenceId).toBe(id);
    expect((await search(pyQuery({ Tag: 'run-1', SlotSequenceDefinition: definition }))).json().slotId).toBe(created.json().slotId);
  });

  it('400s a None value, naming the entry', async () => {
    const response = await search(pyQuery({ Tag: 'x', SlotSequenceDefinition: [pyRepr({ position: 0, key: 'Client', value: null })] }));
    expect(response.statusCode).toBe(400);
    expect(fields(response.json())).toEqual(['SlotSequenceDefinition[0].value']);
  });
});

describe('GET /slots/search/ errors', () => {
  it('404s an unknown sequence, saying it is unknown', async () => {
    const response = await search(pyQuery({ Tag: '2026-11-20', SlotSequenceDefinition: pyDefinition([['Client', 'Nobody']]) }));
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toMatch(/unknown slot sequence/i);
    expect(response.json().reason).toBe('unknown-slot-sequence');
  });

  it('404s an archived sequence as unknown', async () => {
    await insertSequence(t.database.db, { name: [['Client', 'Old']], isActive: false });
    const response = await search(pyQuery({ Tag: 'a', SlotSequenceDefinition: pyDefinition([['Client', 'Old']]) }));
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toMatch(/unknown slot sequence.*archived/i);
  });

  it('400s a missing Tag or definition, naming the parameter', async () => {
    const noTag = await search(pyQuery({ SlotSequenceDefinition: pyDefinition(SCHEDULED) }));
    expect(noTag.statusCode).toBe(400);
    expect(fields(noTag.json())).toContain('Tag');
    const noDefinition = await search(pyQuery({ Tag: '2026-11-20' }));
    expect(noDefinition.statusCode).toBe(400);
    expect(fields(noDefinition.json())).toContain('SlotSequenceDefinition');
  });

  it('400s a malformed definition value, naming the entry', async () => {
    const response = await search(pyQuery({ Tag: '2026-11-20', SlotSequenceDefinition: ["{'position': 0, 'key': 'Client'", "{'position': 1, 'key': 'Feed', 'value': 'Sales'}"] }));
    expect(response.statusCode).toBe(400);
    expect(fields(response.json())).toContain('SlotSequenceDefinition[0]');
  });
});
