import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_AUTH, type TestApp } from '../support/app.js';
import { issueToken } from '../support/clients.js';
import { startApp } from './app.js';
import { configItem, DAILY_LONDON, importOk } from './helpers.js';
import { AS_CODE, exportAll, planOk, post, type PlanBody } from './plan-helpers.js';

let t: TestApp;
afterEach(async () => t?.close());

const other = (client: string, feed: string, overrides: Record<string, unknown> = {}) => configItem(client, { name: [{ key: 'client', value: client }, { key: 'feed', value: feed }], ...overrides });

/** A plan's items without the ids, which a plan cannot know for Created. */
const outcomes = (body: PlanBody) => body.slotSequenceImports.map(({ slotSequenceId: _id, ...rest }) => rest);

describe('POST /lucots/v1/slot-sequences/apply', () => {
  beforeEach(async () => {
    t = await startApp();
  });

  it('does exactly what the plan said, and then the same files plan as nothing to do', async () => {
    await importOk(t, [other('acme', 'sales'), other('acme', 'orders'), other('acme', 'gone'), other('beta', 'sales')]);
    const files = [
      other('acme', 'sales', { delivery: [{ ...DAILY_LONDON, expectedBy: '06:15' }] }),
      other('acme', 'orders', { isActive: false }),
      other('acme', 'new'),
      other('acme', 'bad', { type: 7 }),
    ];
    const body = { ...AS_CODE, slotSequences: files, prune: { scope: { client: 'acme' } } };
    const plan = await planOk(t, body);
    const { status, body: applied } = await post(t, 'apply', { ...body, expectedFingerprint: plan.fingerprint });
    expect(status).toBe(200);
    expect(outcomes(applied)).toEqual(outcomes(plan));
    expect(applied.fingerprint).toBe(plan.fingerprint);
    expect(applied.slotSequenceImports[2].slotSequenceId).toEqual(expect.any(Number));
    expect(plan.slotSequenceImports.map((item) => item.result)).toEqual(['Updated', 'Archived', 'Created', 'NotProcessed', 'Archived']);

    const after = (await exportAll(t)) as Array<{ name: Array<{ value: string }>; isActive: boolean; delivery: Array<{ expectedBy: string }> }>;
    const byFeed = new Map(after.map((item) => [`${item.name[0]!.value}/${item.name[1]!.value}`, item]));
    expect(byFeed.get('acme/sales')!.delivery[0]!.expectedBy).toBe('06:15');
    expect(byFeed.get('acme/gone')!.isActive).toBe(false);
    expect(byFeed.get('beta/sales')!.isActive).toBe(true);

    const again = await planOk(t, { ...body, slotSequences: files.filter((item) => item.type !== 7) });
    expect(again.slotSequenceImports.every((item) => item.result === 'Exists' && item.changes.length === 0)).toBe(true);
  });

  it('refuses (409, nothing written) when a sequence the plan depends on changed since', async () => {
    await importOk(t, [other('acme', 'sales'), other('acme', 'orders')]);
    const body = { ...AS_CODE, slotSequences: [other('acme', 'sales', { type: 'Planned' })], prune: { scope: { client: 'acme' } } };
    const plan = await planOk(t, body);

    // Someone else changes a sequence the file names.
    await importOk(t, [other('acme', 'sales', { type: 'Meanwhile' })], { allowOverwrites: true });
    const before = await exportAll(t);
    const refused = await post(t, 'apply', { ...body, expectedFingerprint: plan.fingerprint });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: 'urn:lucots:problem:plan-outdated', expectedFingerprint: plan.fingerprint, currentFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await exportAll(t)).toEqual(before);
  });

  it('refuses when a sequence enters the prune scope, or a planned-new name is created, or the request is not the planned one', async () => {
    await importOk(t, [other('acme', 'sales')]);
    const body = { ...AS_CODE, slotSequences: [other('acme', 'sales'), other('acme', 'new')], prune: { scope: { client: 'acme' } } };
    const first = await planOk(t, body);
    await importOk(t, [other('acme', 'extra')]);
    expect((await post(t, 'apply', { ...body, expectedFingerprint: first.fingerprint })).status).toBe(409);

    const second = await planOk(t, body);
    await importOk(t, [other('acme', 'new', { type: 'Someone else' })]);
    expect((await post(t, 'apply', { ...body, expectedFingerprint: second.fingerprint })).status).toBe(409);

    const third = await planOk(t, body);
    expect((await post(t, 'apply', { ...body, allowArchiving: false, expectedFingerprint: third.fingerprint })).status).toBe(409);
    expect((await post(t, 'apply', { ...body, prune: { scope: { client: 'beta' } }, expectedFingerprint: third.fingerprint })).status).toBe(409);
    expect((await post(t, 'apply', { ...body, expectedFingerprint: third.fingerprint })).status).toBe(200);
  });

  it('of two applies of plans made on the same state, concurrently, exactly one applies', async () => {
    await importOk(t, [other('acme', 'sales')]);
    const a = { ...AS_CODE, slotSequences: [other('acme', 'sales', { type: 'A' })] };
    const b = { ...AS_CODE, slotSequences: [other('acme', 'sales', { type: 'B' })] };
    const [planA, planB] = [await planOk(t, a), await planOk(t, b)];
    const answers = await Promise.all([post(t, 'apply', { ...a, expectedFingerprint: planA.fingerprint }), post(t, 'apply', { ...b, expectedFingerprint: planB.fingerprint })]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const winner = answers[0]!.status === 200 ? 'A' : 'B';
    const [stored] = (await exportAll(t)) as Array<{ type: string }>;
    expect(stored!.type).toBe(winner);
  });

  it('names the field of a missing or malformed fingerprint', async () => {
    for (const expectedFingerprint of [undefined, 'abc', 'A'.repeat(64), 'g'.repeat(64)]) {
      const { status, body } = await post(t, 'apply', { slotSequences: [configItem('acme')], ...(expectedFingerprint === undefined ? {} : { expectedFingerprint }) });
      expect(status).toBe(400);
      expect(body.errors[0].field).toBe('expectedFingerprint');
    }
    expect(await exportAll(t)).toEqual([]);
  });
});

describe('who may plan and apply', () => {
  it('a reader may plan (nothing is committed); only an admin may apply', async () => {
    t = await startApp({ auth: TEST_AUTH });
    const reader = await issueToken(t, 'r', 'reader');
    const admin = await issueToken(t, 'a', 'admin');
    const body = { slotSequences: [configItem('acme')] };
    expect((await post(t, 'plan', body)).status).toBe(401);
    const plan = await post(t, 'plan', body, { authorization: `Bearer ${reader.accessToken}` });
    expect(plan.status).toBe(200);
    const apply = { ...body, expectedFingerprint: plan.body.fingerprint };
    expect((await post(t, 'apply', apply, { authorization: `Bearer ${reader.accessToken}` })).status).toBe(403);
    expect((await post(t, 'apply', apply, { authorization: `Bearer ${admin.accessToken}` })).status).toBe(200);
  });
});
