import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { startApp } from './app.js';
import { configItem, DAILY_LONDON, importOk } from './helpers.js';
import { AS_CODE, exportAll, nameOf, planOk, post } from './plan-helpers.js';

let t: TestApp;
beforeEach(async () => {
  t = await startApp();
});
afterEach(async () => t?.close());

const other = (client: string, feed: string, overrides: Record<string, unknown> = {}) => configItem(client, { name: [{ key: 'client', value: client }, { key: 'feed', value: feed }], ...overrides });

describe('POST /lucots/v1/slot-sequences/plan', () => {
  it('an exported estate plans as nothing to do', async () => {
    await importOk(t, [configItem('acme'), configItem('beta', { isActive: false })]);
    const exported = (await exportAll(t)) as unknown[];
    const plan = await planOk(t, { ...AS_CODE, slotSequences: exported });
    expect(plan.slotSequenceImports.map((item) => [item.result, item.changes])).toEqual([
      ['Exists', []],
      ['Exists', []],
    ]);
    expect(plan.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('shows each outcome with its values before and after, and writes nothing', async () => {
    await importOk(t, [configItem('acme'), configItem('beta'), configItem('gamma')]);
    const before = await exportAll(t);
    const plan = await planOk(t, {
      ...AS_CODE,
      slotSequences: [
        configItem('acme', { delivery: [{ ...DAILY_LONDON, expectedBy: '07:30' }] }),
        configItem('beta', { isActive: false }),
        configItem('gamma'),
        configItem('delta', { type: null, parameters: null, delivery: [] }),
        configItem('bad', { delivery: [{ ...DAILY_LONDON, cadence: 'hourly' }] }),
      ],
    });
    expect(plan.slotSequenceImports.map((item) => item.result)).toEqual(['Updated', 'Archived', 'Exists', 'Created', 'NotProcessed']);
    const [acme, beta, gamma, delta, bad] = plan.slotSequenceImports;
    expect(acme!.changes).toEqual([{ field: 'delivery[0].expectedBy', before: '09:00', after: '07:30' }]);
    expect(beta!.changes).toEqual([{ field: 'isActive', before: true, after: false }]);
    expect(gamma!.changes).toEqual([]);
    expect(delta).toMatchObject({ slotSequenceId: null, changes: [{ field: 'isActive', before: null, after: true }] });
    expect(bad!.errors).toEqual([{ field: 'slotSequences[4].delivery[0].cadence', message: expect.stringContaining('daily') }]);
    expect(plan).toMatchObject({ createdCount: 1, existsCount: 1, updatedCount: 1, archivedCount: 1, notProcessedCount: 1, notUpdatedCount: 0 });
    expect(await exportAll(t)).toEqual(before);
  });

  it('a new sequence lists every value it gets; parameters are compared by group and key', async () => {
    await importOk(t, [configItem('acme')]);
    const parameters = {
      slotParameterGroups: [{ slotParameterGroupName: 'source', slotParameters: [{ key: 'path', value: '/in/new' }, { key: 'odd key', value: 'x' }] }],
    };
    const plan = await planOk(t, { ...AS_CODE, slotSequences: [configItem('acme', { parameters }), configItem('new')] });
    expect(plan.slotSequenceImports[0]!.changes).toEqual([
      { field: 'parameters.source.path', before: '/in/acme', after: '/in/new' },
      { field: 'parameters.source["odd key"]', before: null, after: 'x' },
    ]);
    expect(plan.slotSequenceImports[1]!.changes).toEqual([
      { field: 'type', before: null, after: 'Daily Feed' },
      { field: 'isActive', before: null, after: true },
      { field: 'parameters.source.path', before: null, after: '/in/new' },
      { field: 'delivery[0]', before: null, after: DAILY_LONDON },
    ]);
  });

  it('without the permission flags: NotUpdated, with the differences it leaves as notApplied', async () => {
    await importOk(t, [configItem('acme')]);
    const plan = await planOk(t, { slotSequences: [configItem('acme', { type: 'Other' })] });
    expect(plan.slotSequenceImports[0]).toMatchObject({ result: 'NotUpdated', changes: [], notApplied: [{ field: 'type', before: 'Daily Feed', after: 'Other' }] });
  });

  it('prunes only within the scope, and only sequences the items do not name', async () => {
    await importOk(t, [other('acme', 'sales'), other('acme', 'orders'), other('acme', 'old', { isActive: false }), other('beta', 'sales')]);
    const plan = await planOk(t, { ...AS_CODE, slotSequences: [other('acme', 'sales')], prune: { scope: { client: 'acme' } } });
    expect(plan.slotSequenceImports.map((item) => [nameOf(item), item.result, item.pruned ?? false])).toEqual([
      ['client=acme,feed=sales', 'Exists', false],
      ['client=acme,feed=orders', 'Archived', true],
    ]);
    expect(plan.slotSequenceImports[1]!.changes).toEqual([{ field: 'isActive', before: true, after: false }]);

    const unscoped = await planOk(t, { ...AS_CODE, slotSequences: [other('acme', 'sales')] });
    expect(unscoped.slotSequenceImports).toHaveLength(1);
    // A scope that matches on a later name part, and one part that no sequence has.
    const byFeed = await planOk(t, { ...AS_CODE, slotSequences: [other('acme', 'sales')], prune: { scope: { feed: 'sales' } } });
    expect(byFeed.slotSequenceImports.map(nameOf)).toEqual(['client=acme,feed=sales', 'client=beta,feed=sales']);
    const none = await planOk(t, { ...AS_CODE, slotSequences: [other('acme', 'sales')], prune: { scope: { client: 'acme', region: 'eu' } } });
    expect(none.archivedCount).toBe(0);
  });

  it('refuses a prune without a scope, naming the field', async () => {
    for (const prune of [{}, { scope: {} }, { scope: { '': 'acme' } }, { scope: { client: 5 } }]) {
      const { status, body } = await post(t, 'plan', { slotSequences: [configItem('acme')], prune });
      expect(status, JSON.stringify(prune)).toBe(400);
      expect(body.type).toMatch(/^urn:lucots:problem:invalid-(request|input)$/);
      expect(body.errors[0].field).toMatch(/^prune\.scope/);
    }
  });

  it('answers the same for hostile input on every database: NUL, huge values, too many parts', async () => {
    const nul = await t.app.inject({ method: 'POST', url: '/lucots/v1/slot-sequences/plan', headers: { 'content-type': 'application/json' }, payload: '{"slotSequences":[],"prune":{"scope":{"client":"a\\u0000b"}}}' });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().errors[0].field).toBe('prune.scope.client');
    const huge = await planOk(t, { slotSequences: [], prune: { scope: { client: 'x'.repeat(100_000) } } });
    expect(huge.slotSequenceImports).toEqual([]);
    const tooMany = await post(t, 'plan', { slotSequences: [], prune: { scope: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 'v'])) } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].field).toBe('prune.scope');
    const hugeId = await planOk(t, { slotSequences: [{ ...configItem('acme'), slotSequenceId: 2 ** 53 }] });
    expect(hugeId.slotSequenceImports[0]!.result).toBe('Created');
  });
});
