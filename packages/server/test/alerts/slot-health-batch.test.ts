import { afterEach, expect, it } from 'vitest';
import { recordSlotHealthMany } from '../../src/services/alerts/slot-health.js';
import { type Change, ChangeFeed } from '../../src/storage/change-feed.js';
import { SlotHealthRepository } from '../../src/storage/repositories/alerts/health.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { slotId } from '../overviews/helpers.js';
import { waitFor } from './delivery/support.js';
import { dailySequence, pass } from './support.js';

const DAY_START = Date.parse('2026-12-04T06:00:00Z');
const DEADLINE = Date.parse('2026-12-04T09:00:00Z');
const TODAY = '2026-12-04';

let t: TestApp;
let feed: ChangeFeed | undefined;
afterEach(async () => {
  await feed?.close();
  await t?.close();
});

it('a chunk of slots is recorded together: each once, guarded, with one change-feed message per slot moved', async () => {
  t = await createTestApp({ now: DAY_START });
  const sequences: number[] = [];
  for (const name of ['a', 'b', 'c', 'd']) sequences.push(await dailySequence(t, { client: 'acme', feed: name }, TODAY));
  await pass(t); // materialises today's slots
  const slots = await Promise.all(sequences.map((sequenceId) => slotId(t, sequenceId, TODAY)));
  const [a, b, c, d] = slots as [number, number, number, number];
  feed = new ChangeFeed(t.database.postgresUrl);
  const heard: number[] = [];
  let listening = false;
  feed.subscribe((change: Change) => {
    if (change.topic === 'slot') heard.push(change.slotId);
    if (change.topic === 'resync') listening = true;
  });
  // NOTIFY reaches only sessions already listening: wait for the LISTEN (its first `resync`), which a
  // busy machine can delay past the transactions below.
  if (t.database.postgresUrl !== undefined) await waitFor(() => listening || undefined, 10_000, 'the LISTEN connection');
  const health = new SlotHealthRepository(t.database.db);
  // Another writer recorded b first; d is listed twice.
  await health.transition(b, 'Pending', 'Overdue', DEADLINE, DEADLINE + 1);
  const ctx = { now: () => DEADLINE + 5, changes: feed };
  const transitions = await t.database.db.transaction().execute((trx) =>
    recordSlotHealthMany(ctx, trx, [a, b, c, d, d].map((slot) => ({ slotId: slot, occurredOn: DEADLINE + 5 }))),
  );
  expect(transitions.map((transition) => [transition.slotId, transition.from, transition.to, transition.occurredOn])).toEqual(
    [a, c, d].map((slot) => [slot, 'Pending', 'Overdue', DEADLINE]),
  );
  expect(new Set(transitions.map((transition) => transition.id)).size).toBe(3);
  for (const slot of slots) expect(await health.history(slot)).toHaveLength(1);
  expect((await health.history(a))[0]!.id).toBe(transitions[0]!.id);
  await waitFor(() => heard.length >= 3 || undefined, 5_000, 'the change-feed messages');
  expect(heard.sort((x, y) => x - y)).toEqual([a, c, d].sort((x, y) => x - y));

  // Again: nothing left to record, nothing announced.
  const again = await t.database.db.transaction().execute((trx) => recordSlotHealthMany(ctx, trx, slots.map((slot) => ({ slotId: slot, occurredOn: DEADLINE + 6 }))));
  expect(again).toEqual([]);
});
