import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { startApp } from './app.js';
import { configItem, DAILY_LONDON, getJson, importOk } from './helpers.js';

let t: TestApp;
let acme: number;
let obrien: number;
beforeEach(async () => {
  // 2026-11-27 12:00 UTC: today's 09:00 London slot is due, tomorrow's is next.
  t = await startApp();
  const body = await importOk(t, [configItem('acme'), configItem("o'brien", { delivery: [], isActive: false, type: null })]);
  acme = body.slotSequenceImports[0]!.slotSequenceId!;
  obrien = body.slotSequenceImports[1]!.slotSequenceId!;
});
afterEach(async () => t?.close());

/** The query LucoPy builds: each name part as a Python dict repr, urlencoded with + for spaces. */
function pythonQuery(parts: Array<[string, string]>, extra: Record<string, string> = {}): string {
  const search = new URLSearchParams(extra);
  parts.forEach(([key, value], position) => {
    const quote = (text: string) => (text.includes("'") ? `"${text}"` : `'${text}'`);
    search.append('SlotSequenceDefinition', `{'position': ${position}, 'key': ${quote(key)}, 'value': ${quote(value)}}`);
  });
  return search.toString();
}

function jsonQuery(parts: Array<[string, string]>, extra: Record<string, string> = {}): string {
  const search = new URLSearchParams(extra);
  parts.forEach(([key, value], position) => search.append('SlotSequenceDefinition', JSON.stringify({ position, key, value })));
  return search.toString();
}

describe('GET /slotsequences/search/', () => {
  it('finds an active sequence from LucoPy\'s Python-repr query (isActive=True, trailing slash)', async () => {
    const { status, body } = await getJson(t, `/slotsequences/search/?${pythonQuery([['client', 'acme'], ['feed', 'sales']], { isActive: 'True' })}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      slotSequenceId: acme,
      isActive: true,
      name: [
        { slotParameter: { key: 'client', value: 'acme' }, position: 0 },
        { slotParameter: { key: 'feed', value: 'sales' }, position: 1 },
      ],
    });
  });

  it('finds with strict JSON definitions and no isActive (default active)', async () => {
    const { status, body } = await getJson(t, `/slotsequences/search?${jsonQuery([['client', 'acme'], ['feed', 'sales']])}`);
    expect(status).toBe(200);
    expect(body.slotSequenceId).toBe(acme);
  });

  it('finds archived sequences with isActive=False only, quotes in values included', async () => {
    const parts: Array<[string, string]> = [['client', "o'brien"], ['feed', 'sales']];
    const archived = await getJson(t, `/slotsequences/search/?${pythonQuery(parts, { isActive: 'False' })}`);
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ slotSequenceId: obrien, isActive: false });
    const active = await getJson(t, `/slotsequences/search/?${pythonQuery(parts, { isActive: 'True' })}`);
    expect(active.status).toBe(404);
    expect(active.body.detail).toContain("client=o'brien, feed=sales");
    expect(active.body.detail).toContain('active');
  });

  it('404s a name that does not exist, naming it', async () => {
    const { status, body } = await getJson(t, `/slotsequences/search/?${pythonQuery([['client', 'nobody']])}`);
    expect(status).toBe(404);
    expect(body.detail).toContain('client=nobody');
  });

  it('400s bad input, naming the parameter', async () => {
    const missing = await getJson(t, '/slotsequences/search/?isActive=True');
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('SlotSequenceDefinition');
    const garbled = await getJson(t, `/slotsequences/search/?SlotSequenceDefinition=${encodeURIComponent("{'key': 'client'")}`);
    expect(garbled.status).toBe(400);
    expect(garbled.body.errors[0].field).toBe('SlotSequenceDefinition[0]');
    const badBool = await getJson(t, `/slotsequences/search/?isActive=maybe&${jsonQuery([['client', 'acme']])}`);
    expect(badBool.status).toBe(400);
    expect(badBool.body.errors[0].field).toBe('isActive');
  });
});

describe('GET /v2/slotsequences/export', () => {
  it('exports every sequence, active and archived, by id', async () => {
    const { status, body } = await getJson(t, '/v2/slotsequences/export');
    expect(status).toBe(200);
    expect(body.map((item: { slotSequenceId: number }) => item.slotSequenceId)).toEqual([acme, obrien]);
    expect(body[0]).toEqual({
      slotSequenceId: acme,
      name: [{ key: 'client', value: 'acme' }, { key: 'feed', value: 'sales' }],
      type: 'Daily Feed',
      isActive: true,
      parameters: { slotParameterGroups: [{ slotParameterGroupName: 'source', slotParameters: [{ key: 'path', value: '/in/acme' }] }] },
      delivery: [DAILY_LONDON],
    });
    expect(body[1]).toMatchObject({ isActive: false, type: null, delivery: [] });
  });

  it('exports the repeated slotSequenceId values only', async () => {
    const one = await getJson(t, `/v2/slotsequences/export?slotSequenceId=${obrien}`);
    expect(one.body.map((item: { slotSequenceId: number }) => item.slotSequenceId)).toEqual([obrien]);
    const both = await getJson(t, `/v2/slotsequences/export?slotSequenceId=${obrien}&slotSequenceId=${acme}&slotSequenceId=${acme}`);
    expect(both.body.map((item: { slotSequenceId: number }) => item.slotSequenceId)).toEqual([acme, obrien]);
  });

  it('404s unknown ids, naming them, and 400s ids that are not integers', async () => {
    const unknown = await getJson(t, `/v2/slotsequences/export?slotSequenceId=${acme}&slotSequenceId=999&slotSequenceId=998`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toBe('Slot sequences 999, 998 do not exist');
    expect(unknown.body.slotSequenceIds).toEqual([999, 998]);
    const bad = await getJson(t, '/v2/slotsequences/export?slotSequenceId=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('slotSequenceId[0]');
  });
});

describe('GET /v2/slotsequences/{id}', () => {
  it('returns the definition, parameters, delivery, cadence and next expected slot', async () => {
    const { status, body } = await getJson(t, `/v2/slotsequences/${acme}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      slotSequenceId: acme,
      isActive: true,
      definition: {
        name: [
          { slotParameter: { key: 'client', value: 'acme' }, position: 0 },
          { slotParameter: { key: 'feed', value: 'sales' }, position: 1 },
        ],
        type: { slotSequenceTypeName: 'Daily Feed' },
      },
      parameters: { slotParameterGroups: [{ slotParameterGroupName: 'source', slotParameters: [{ key: 'path', value: '/in/acme' }] }] },
      delivery: [DAILY_LONDON],
      cadence: 'daily',
      nextExpectedSlot: '2026-11-28',
      createdOn: '2026-11-27T12:00:00.000Z',
      updatedOn: '2026-11-27T12:00:00.000Z',
    });
    // Before 09:00 London, today's slot is still to come.
    t.clock.now = Date.parse('2026-11-27T08:59:00Z');
    expect((await getJson(t, `/v2/slotsequences/${acme}`)).body.nextExpectedSlot).toBe('2026-11-27');
  });

  it('leaves delivery out with includeDelivery=False', async () => {
    const { body } = await getJson(t, `/v2/slotsequences/${acme}?includeDelivery=False`);
    expect(body).not.toHaveProperty('delivery');
    expect(body.cadence).toBe('daily');
    expect((await getJson(t, `/v2/slotsequences/${acme}?includeDelivery=true`)).body.delivery).toHaveLength(1);
  });

  it('archived and unscheduled sequences expect nothing', async () => {
    const { body } = await getJson(t, `/v2/slotsequences/${obrien}`);
    expect(body).toMatchObject({ isActive: false, cadence: null, nextExpectedSlot: null, delivery: [], definition: { type: { slotSequenceTypeName: null } } });
  });

  it('404s an unknown id and 400s a bad one', async () => {
    const unknown = await getJson(t, '/v2/slotsequences/12345');
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toContain('12345');
    const bad = await getJson(t, '/v2/slotsequences/abc');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('slotSequenceId');
    const badFlag = await getJson(t, `/v2/slotsequences/${acme}?includeDelivery=perhaps`);
    expect(badFlag.status).toBe(400);
    expect(badFlag.body.errors[0].field).toBe('includeDelivery');
  });
});
