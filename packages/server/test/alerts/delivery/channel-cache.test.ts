import { describe, expect, it } from 'vitest';
import type { AlertChannel } from '../../../src/domain/alerts/channel.js';
import { ChannelCache } from '../../../src/services/alerts/delivery/channel-cache.js';
import { apiFixture, createChannel, webhook } from '../api/support.js';
import { LOOPBACK, startReceiver } from './support.js';

function channel(id: number, url: string): AlertChannel {
  return { id, name: `hook-${id}`, enabled: true, settings: { type: 'webhook', url, signingSecrets: [], headers: {} }, createdOn: 0, updatedOn: 0 };
}

/** A channel table the cache reads from, counting the reads. */
function store() {
  const rows = new Map<number, AlertChannel>([[1, channel(1, 'http://127.0.0.1/a')]]);
  let reads = 0;
  let gate: Promise<void> | undefined;
  return {
    rows,
    get reads() {
      return reads;
    },
    hold(until: Promise<void>) {
      gate = until;
    },
    read: async (id: number) => {
      reads++;
      const row = rows.get(id);
      if (gate) await gate;
      return row;
    },
  };
}

describe('the sender\'s channel cache', () => {
  it('reads a channel once while it is fresh, and again after a change is announced or its time is up', async () => {
    const table = store();
    const clock = { now: 0 };
    const cache = new ChannelCache(table.read, 5_000, () => clock.now);
    expect((await cache.get(1))?.settings).toMatchObject({ url: 'http://127.0.0.1/a' });
    await cache.get(1);
    expect(table.reads).toBe(1);

    table.rows.set(1, channel(1, 'http://127.0.0.1/b'));
    cache.clear();
    expect((await cache.get(1))?.settings).toMatchObject({ url: 'http://127.0.0.1/b' });
    expect(table.reads).toBe(2);

    table.rows.set(1, channel(1, 'http://127.0.0.1/c'));
    clock.now = 4_999;
    expect((await cache.get(1))?.settings).toMatchObject({ url: 'http://127.0.0.1/b' });
    clock.now = 5_000;
    expect((await cache.get(1))?.settings).toMatchObject({ url: 'http://127.0.0.1/c' });
    expect(table.reads).toBe(3);
  });

  it('keeps no missing channel: one created later is found', async () => {
    const table = store();
    const cache = new ChannelCache(table.read);
    expect(await cache.get(2)).toBeUndefined();
    table.rows.set(2, channel(2, 'http://127.0.0.1/new'));
    expect((await cache.get(2))?.id).toBe(2);
    expect(table.reads).toBe(2);
  });

  it('sends that start together share one read; a read that began before a change is not kept', async () => {
    const table = store();
    const cache = new ChannelCache(table.read);
    let open!: () => void;
    table.hold(new Promise<void>((resolve) => (open = resolve)));
    const together = [cache.get(1), cache.get(1), cache.get(1)];
    expect(table.reads).toBe(1);
    // The channel changes (and is announced) while the read is under way.
    table.rows.set(1, channel(1, 'http://127.0.0.1/changed'));
    cache.clear();
    open();
    expect((await Promise.all(together)).map((found) => found?.id)).toEqual([1, 1, 1]);
    table.hold(Promise.resolve());
    expect((await cache.get(1))?.settings).toMatchObject({ url: 'http://127.0.0.1/changed' });
    expect(table.reads).toBe(2);
  });
});

describe('a sender keeping channels between sends', () => {
  it('sends through a channel as it is after an update through the API, at once', async () => {
    const first = await startReceiver();
    const second = await startReceiver();
    const f = await apiFixture({ alerts: { targets: LOOPBACK }, alertDelivery: { checkChannel: async () => [] } });
    try {
      f.t.app.notificationSender.start();
      const created = await createChannel(f, 'ops', webhook({ url: `${first.url}/hook` }));
      const test = (id: number) => f.call('POST', `/lucots/v1/alert-channels/${id}/test`);
      expect((await test(created.channelId)).json()).toMatchObject({ status: 'delivered' });
      const updated = await f.call('PUT', `/lucots/v1/alert-channels/${created.channelId}`, { name: 'ops', settings: webhook({ url: `${second.url}/hook` }) });
      expect(updated.statusCode, updated.body).toBe(200);
      expect((await test(created.channelId)).json()).toMatchObject({ status: 'delivered' });
      expect([first.requests.length, second.requests.length]).toEqual([1, 1]);
    } finally {
      await f.t.close();
      await first.close();
      await second.close();
    }
  });
});
