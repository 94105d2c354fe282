import { afterEach, describe, expect, it } from 'vitest';
import { DashboardEvents, type EventSink } from '../../src/services/events/dashboard-events.js';
import { ChangeFeed } from '../../src/storage/change-feed.js';
import type { TestApp } from '../support/app.js';
import { unscheduledSlot } from '../submissions/api.js';
import { insertSequence, startApp } from '../submissions/support.js';

let t: TestApp;
let feed: ChangeFeed;
afterEach(async () => {
  await feed?.close();
  await t?.close();
});

class Sink implements EventSink {
  text = '';
  ended = false;
  write(text: string): void {
    this.text += text;
  }
  end(): void {
    this.ended = true;
  }
}

const until = async (predicate: () => boolean) => {
  const deadline = Date.now() + 5000;
  while (!predicate() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(predicate()).toBe(true);
};

describe('DashboardEvents', () => {
  it('fans slot changes out to every stream with their sequence, gathers bursts, and passes on resync', async () => {
    t = await startApp();
    // An in-process feed on the test's database (on PostgreSQL too: publishCommitted on a feed without a URL emits in process).
    feed = new ChangeFeed(undefined);
    const events = new DashboardEvents({ db: t.database.db, changes: feed }, { batchMs: 20 });
    const sequenceId = await insertSequence(t.database.db, { name: [['Client', 'Acme']] });
    const a = await unscheduledSlot(t, [['Client', 'Acme']], 'a');
    const b = await unscheduledSlot(t, [['Client', 'Acme']], 'b');
    const one = new Sink();
    const two = new Sink();
    events.open(one);
    const closeTwo = events.open(two);
    for (const slotId of [b, a, b]) await feed.publishCommitted(t.database.db, { topic: 'slot', slotId });
    await until(() => one.text.includes('event: slot') && two.text.includes('event: slot'));
    const slotEvents = one.text.split('\n\n').filter((block) => block.startsWith('event: slot'));
    expect(slotEvents).toEqual([`event: slot\ndata: ${JSON.stringify({ slotId: a, slotSequenceId: sequenceId })}`, `event: slot\ndata: ${JSON.stringify({ slotId: b, slotSequenceId: sequenceId })}`]);
    closeTwo();
    await feed.publishCommitted(t.database.db, { topic: 'resync' });
    expect(one.text).toContain('event: resync\ndata: {}\n\n');
    expect(two.text).not.toContain('resync');
    expect(two.ended).toBe(false);
    events.close();
    expect(one.ended).toBe(true);
    expect(events.size).toBe(0);
    const late = new Sink();
    events.open(late);
    expect(late.ended).toBe(true);
  });
});
