import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { testDialect } from '../support/test-database.js';
import { complete, newSubmission, unscheduledSlot } from './api.js';
import { insertSequence } from './support.js';

/** Counts the statements that take a row lock with `for update` (raw SQL). */
class RowLocks implements KyselyPlugin {
  count = 0;

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node as { kind: string; sqlFragments?: readonly string[] };
    if (node.kind === 'RawNode' && (node.sqlFragments ?? []).join('?').includes('for update')) this.count += 1;
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

const NAME = [['Client', 'Acme'], ['Feed', 'Adhoc']] as const;
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function countedApp(locks: RowLocks): Promise<TestApp> {
  const app = await createTestApp({ now: Date.parse('2026-11-27T08:00:00Z'), plugins: [locks] });
  await insertSequence(app.database.db, { name: NAME });
  return app;
}

/**
 * A completion recomputes the slot's metric series points with the slot's row locked on
 * PostgreSQL (two instances must not interleave them). The completion's own update of the slot
 * already holds that lock, so the points take it themselves only when that update changed nothing.
 */
describe('the slot row lock before a completion recomputes the series points', () => {
  it('is the slot update\u2019s own when the completion is the slot\u2019s last submission, else taken (PostgreSQL)', async () => {
    const locks = new RowLocks();
    t = await countedApp(locks);
    const slotId = await unscheduledSlot(t, NAME, 'run-1');
    const older = await newSubmission(t, slotId);
    const latest = await newSubmission(t, slotId);

    locks.count = 0;
    await complete(t, slotId, latest);
    expect(locks.count).toBe(0);

    // The slot is delivered and its last submission is another: the update matches no row.
    locks.count = 0;
    await complete(t, slotId, older);
    expect(locks.count).toBe(testDialect() === 'postgres' ? 1 : 0);
    const slot = await t.database.db.selectFrom('slots').select(['last_submission_id', 'last_submission_status']).where('id', '=', slotId).executeTakeFirstOrThrow();
    expect(slot).toEqual({ last_submission_id: latest, last_submission_status: 'CompletedWithoutFailures' });
  });
});
