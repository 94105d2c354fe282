import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { newSubmission } from '../submissions/api.js';
import { jsonDefinition, pyQuery } from '../submissions/support.js';
import { postImport } from '../slot-sequences/helpers.js';
import { get, importSequences, schedule, sequence } from './helpers.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const DAY = 86_400_000;
const TWENTY_YEARS_BACK = '2006-11-27';
const NAME = [['client', 'acme'], ['feed', 'sales']] as const;

/** The local (UTC) date `days` before NOW. */
const daysBefore = (days: number) => new Date(NOW - days * DAY).toISOString().slice(0, 10);

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function start(materializeDays?: number): Promise<TestApp> {
  t = await createTestApp({ now: NOW, ...(materializeDays === undefined ? {} : { materializeDays }) });
  return t;
}

async function tagsOf(app: TestApp, sequenceId: number): Promise<string[]> {
  const rows = await app.database.db.selectFrom('slots').select('tag').where('slot_sequence_id', '=', sequenceId).orderBy('tag').execute();
  return rows.map((row) => row.tag);
}

const search = (app: TestApp, tag: string) => app.app.inject({ method: 'GET', url: `/slots/search/?${pyQuery({ Tag: tag, SlotSequenceDefinition: jsonDefinition(NAME) })}` });

describe('start and end dates of an imported schedule', () => {
  it('refuses a startDate of 0001-01-01, naming the field, and stores nothing', async () => {
    const app = await start();
    const { status, body } = await postImport(app, { slotSequences: [sequence({ client: 'acme', feed: 'sales' }, { delivery: [schedule('daily', '0001-01-01')] })] });
    // An import reports each bad item (NotProcessed with its errors) and applies the others.
    expect(status).toBe(200);
    expect(body.slotSequenceImports[0]).toMatchObject({ result: 'NotProcessed', slotSequenceId: null });
    expect(body.slotSequenceImports[0]!.errors).toEqual([
      { field: 'slotSequences[0].delivery[0].startDate', message: "must be a date from 1900-01-01 to 9999-12-31; got '0001-01-01'" },
    ]);
    expect(await app.database.db.selectFrom('slot_sequences').selectAll().execute()).toEqual([]);
  });

  it('refuses an endDate before 1900 too, and accepts a start 20 years back', async () => {
    const app = await start();
    const { body } = await postImport(app, {
      slotSequences: [
        sequence({ client: 'old' }, { delivery: [schedule('daily', '1899-12-31')] }),
        sequence({ client: 'ended' }, { delivery: [schedule('daily', '1950-01-01'), { ...schedule('daily', '1900-01-01', { endDate: '0202-01-01' }), isActive: false }] }),
        sequence({ client: 'acme', feed: 'sales' }, { delivery: [schedule('daily', TWENTY_YEARS_BACK)] }),
      ],
    });
    expect(body.slotSequenceImports.map((item) => item.result)).toEqual(['NotProcessed', 'NotProcessed', 'Created']);
    expect(body.slotSequenceImports[0]!.errors!.map((error) => error.field)).toEqual(['slotSequences[0].delivery[0].startDate']);
    expect(body.slotSequenceImports[1]!.errors!.map((error) => error.field)).toEqual(['slotSequences[1].delivery[1].endDate']);
  });
});

describe('the materialisation window', () => {
  it('an overview creates only the last 400 days (the default) of a schedule that started 20 years ago', async () => {
    const app = await start();
    const [id] = (await importSequences(app, [sequence({ client: 'acme', feed: 'sales' }, { delivery: [schedule('daily', TWENTY_YEARS_BACK)] })])) as [number];
    const { status, body } = await get(app, '/v2/slotsequences/overview');
    expect(status).toBe(200);
    expect(body.slotSequences[0]).toMatchObject({ slotSequenceId: id, slots: 401, overdueCount: 401 });
    const tags = await tagsOf(app, id);
    expect(tags).toHaveLength(401);
    expect(tags[0]).toBe(daysBefore(400));
    expect(tags.at(-1)).toBe('2026-11-27');
    // The window moves with the days: tomorrow adds tomorrow's slot and keeps the older ones.
    app.clock.now += DAY;
    expect((await get(app, '/v2/slots/overview')).body.totalCount).toBe(402);
    expect((await tagsOf(app, id))[0]).toBe(daysBefore(400));
  });

  it('honours a smaller window, and a window of 0 days creates only today', async () => {
    const app = await start(30);
    const [daily, monthly] = (await importSequences(app, [
      sequence({ client: 'acme', feed: 'sales' }, { delivery: [schedule('daily', TWENTY_YEARS_BACK)] }),
      sequence({ client: 'acme', feed: 'ledger' }, { delivery: [schedule('monthly', TWENTY_YEARS_BACK, { dayOfMonth: 1 })] }),
    ])) as [number, number];
    expect((await get(app, '/v2/slots/overview')).body.totalCount).toBe(32);
    expect(await tagsOf(app, daily)).toHaveLength(31);
    expect((await tagsOf(app, daily))[0]).toBe(daysBefore(30));
    expect(await tagsOf(app, monthly)).toEqual(['2026-11-01']);
    await app.close();

    const today = await start(0);
    const [only] = (await importSequences(today, [sequence({ client: 'acme', feed: 'sales' }, { delivery: [schedule('daily', TWENTY_YEARS_BACK)] })])) as [number];
    expect((await get(today, '/v2/slotsequences/overview')).body.slotSequences[0]).toMatchObject({ slots: 1 });
    expect(await tagsOf(today, only)).toEqual(['2026-11-27']);
  });

  it('a sequence not looked at for longer than the window catches up on the window only', async () => {
    const app = await start(30);
    const [id] = (await importSequences(app, [sequence({ client: 'acme', feed: 'sales' }, { delivery: [schedule('daily', TWENTY_YEARS_BACK)] })])) as [number];
    await get(app, '/v2/slots/overview');
    app.clock.now += 365 * DAY;
    await get(app, '/v2/slots/overview');
    const tags = await tagsOf(app, id);
    expect(tags).toHaveLength(31 + 31);
    expect(tags.slice(31, 33)).toEqual([new Date(NOW + 335 * DAY).toISOString().slice(0, 10), new Date(NOW + 336 * DAY).toISOString().slice(0, 10)]);
  });

  it('a look-up of an expected date before the window creates that one slot; a date before the start is still not expected', async () => {
    const app = await start(30);
    const [id] = (await importSequences(app, [sequence({ client: 'acme', feed: 'sales' }, { delivery: [schedule('daily', TWENTY_YEARS_BACK)] })])) as [number];
    await get(app, '/v2/slots/overview');
    const old = await search(app, '2010-05-05');
    expect(old.statusCode, old.body).toBe(200);
    expect(old.json()).toEqual({ slotId: expect.any(Number), tag: '2010-05-05', expectedBy: '2010-05-05T09:00:00.000Z', slotSequenceId: id, slotStatus: 'Overdue' });
    expect((await search(app, '2010-05-05')).json().slotId).toBe(old.json().slotId);
    expect(await tagsOf(app, id)).toHaveLength(31 + 1);
    expect((await search(app, '2006-11-26')).statusCode).toBe(404);
  });

  it('a look-up of an expected date up to 400 days ahead gets its slot; further ahead is a 404 that says why', async () => {
    const app = await start();
    await importSequences(app, [sequence({ client: 'acme', feed: 'sales' }, { delivery: [schedule('daily', TWENTY_YEARS_BACK)] })]);
    const farthest = new Date(NOW + 400 * DAY).toISOString().slice(0, 10);
    expect((await search(app, farthest)).statusCode).toBe(200);
    const tooFar = await search(app, new Date(NOW + 401 * DAY).toISOString().slice(0, 10));
    expect(tooFar.statusCode).toBe(404);
    expect(tooFar.json()).toMatchObject({ reason: 'tag-too-far-ahead', detail: expect.stringContaining('more than 400 days ahead') });
    expect((await search(app, '9999-12-31')).json().reason).toBe('tag-too-far-ahead');
  });

  it('a schedule may start on 1900-01-01, and that first date can be looked up', async () => {
    const app = await start();
    const [id] = (await importSequences(app, [sequence({ client: 'acme', feed: 'sales' }, { delivery: [schedule('daily', '1900-01-01')] })])) as [number];
    expect((await get(app, '/v2/slotsequences/overview')).body.slotSequences[0]).toMatchObject({ slotSequenceId: id, slots: 401 });
    const first = await search(app, '1900-01-01');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ tag: '1900-01-01', expectedBy: '1900-01-01T09:00:00.000Z', slotStatus: 'Overdue' });
  });

  it('counts every expected date between two slots before the window (closest submission slotDifference)', async () => {
    const app = await start(30);
    await importSequences(app, [sequence({ client: 'acme', feed: 'sales' }, { delivery: [schedule('daily', TWENTY_YEARS_BACK)] })]);
    const earlier = (await search(app, '2010-05-05')).json().slotId as number;
    const later = (await search(app, '2010-05-10')).json().slotId as number;
    await newSubmission(app, earlier);
    const reference = await newSubmission(app, later);
    const response = await app.app.inject({ method: 'GET', url: `/slots/${later}/submissions/${reference}/search` });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ tag: '2010-05-05', slotDifference: -5 });
  });
});
