import { PlanOutdatedError, ValidationError, type LucoApi } from '@lucots/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListening, type ListeningServer } from '../support/listening.js';

/** `planSlotSequences` / `applySlotSequences` over the wire: the real SDK against the real server on loopback. */
let server: ListeningServer;
let admin: LucoApi;
let reader: LucoApi;

const daily = (expectedBy: string) => [{ isActive: true, cadence: 'daily', expectedBy, timeZone: 'UTC', startDate: '2026-12-01' }];
const seq = (feed: string, expectedBy = '09:00') => ({ name: { client: 'acme', feed }, type: 'Feed', delivery: daily(expectedBy) });
const AS_CODE = { allowOverwrites: true, allowArchiving: true } as const;

beforeAll(async () => {
  server = await startListening();
  admin = await server.sdk('admin');
  reader = await server.sdk('reader');
  await admin.submitSlotSequences([seq('sales'), seq('orders'), { name: { client: 'beta', feed: 'sales' } }]);
}, 30_000);
afterAll(async () => server?.close());

describe('planSlotSequences / applySlotSequences', () => {
  it('a reader plans with typed results; an admin applies exactly that plan', async () => {
    const options = { ...AS_CODE, prune: { scope: { client: 'acme' } } };
    const plan = await reader.planSlotSequences([seq('sales', '10:00')], options);
    expect(plan.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.counts).toEqual({ created: 0, exists: 0, notProcessed: 0, updated: 1, notUpdated: 0, archived: 1 });
    expect(plan.items).toEqual([
      {
        name: { client: 'acme', feed: 'sales' },
        definition: [{ slotParameter: { key: 'client', value: 'acme' }, position: 0 }, { slotParameter: { key: 'feed', value: 'sales' }, position: 1 }],
        slotSequenceId: expect.any(Number),
        result: 'Updated',
        pruned: false,
        changes: [{ field: 'delivery[0].expectedBy', before: '09:00', after: '10:00' }],
        notApplied: [],
        errors: [],
        index: 0,
      },
      expect.objectContaining({ name: { client: 'acme', feed: 'orders' }, result: 'Archived', pruned: true, index: undefined }),
    ]);
    const applied = await admin.applySlotSequences([seq('sales', '10:00')], { ...options, expectedFingerprint: plan.fingerprint });
    expect(applied.items.map((item) => [item.result, item.changes])).toEqual(plan.items.map((item) => [item.result, item.changes]));
    const again = await reader.planSlotSequences([seq('sales', '10:00')], options);
    expect(again.items.map((item) => item.result)).toEqual(['Exists']);
  });

  it('throws PlanOutdatedError, having applied nothing, when the server changed since the plan', async () => {
    const plan = await admin.planSlotSequences([seq('stock')], AS_CODE);
    await admin.submitSlotSequences([seq('stock', '11:00')]);
    const refused = await admin.applySlotSequences([seq('stock')], { ...AS_CODE, expectedFingerprint: plan.fingerprint }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PlanOutdatedError);
    expect(refused).toMatchObject({ status: 409, expectedFingerprint: plan.fingerprint, currentFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const [stored] = await admin.exportSlotSequences({ names: [{ client: 'acme', feed: 'stock' }] });
    expect(stored?.delivery).toEqual([expect.objectContaining({ expectedBy: '11:00' })]);
  });

  it('checks its arguments before any request: a scope is required for a prune, a fingerprint for an apply', async () => {
    await expect(admin.planSlotSequences([seq('sales')], { prune: { scope: {} } })).rejects.toThrow(ValidationError);
    await expect(admin.planSlotSequences([seq('sales')], { prune: { scope: { client: 'a\u0000' } } })).rejects.toThrow(/prune\.scope\.client/);
    await expect(admin.applySlotSequences([seq('sales')], { expectedFingerprint: 'nope' })).rejects.toThrow(/expectedFingerprint/);
    // With a prune, an empty list is a plan ("none of these any more"); without one it is a mistake.
    await expect(admin.planSlotSequences([])).rejects.toThrow(ValidationError);
    const emptied = await admin.planSlotSequences([], { ...AS_CODE, prune: { scope: { client: 'beta' } } });
    expect(emptied.items.map((item) => [item.name, item.result])).toEqual([[{ client: 'beta', feed: 'sales' }, 'Archived']]);
  });
});
