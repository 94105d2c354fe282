import { describe, expect, it } from 'vitest';
import { concerns, LiveFeed, parseSlotEvent, type EventSourceLike, type LiveChange, type LiveStatus } from '../src/live/live-feed';

class FakeEventSource implements EventSourceLike {
  readyState = 0;
  closed = false;
  readonly listeners = new Map<string, ((event: { data?: unknown }) => void)[]>();
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  fire(type: string, data?: string): void {
    if (type === 'open') this.readyState = 1;
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }
}

/** Timers run by hand: `advance(ms)` fires what is due, in order. */
function manualTimers() {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    setTimer: (callback: () => void, ms: number) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimer: (handle: unknown) => {
      timers.delete(handle as number);
    },
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = end;
    },
    get pending() {
      return timers.size;
    },
  };
}

function setup() {
  const sources: FakeEventSource[] = [];
  const timers = manualTimers();
  const feed = new LiveFeed({
    url: '/lucots/v1/events',
    createEventSource: () => {
      const source = new FakeEventSource();
      sources.push(source);
      return source;
    },
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
  });
  const changes: LiveChange[] = [];
  const statuses: LiveStatus[] = [];
  feed.subscribe((change) => changes.push(change));
  feed.onStatus((status) => statuses.push(status));
  return { feed, sources, timers, changes, statuses };
}

describe('LiveFeed', () => {
  it('passes slot events on while the stream is open', () => {
    const { feed, sources, changes, statuses } = setup();
    feed.start();
    sources[0]?.fire('open');
    sources[0]?.fire('slot', '{"slotId":5,"slotSequenceId":2}');
    sources[0]?.fire('slot', 'not json');
    sources[0]?.fire('alert', '{"alertId":1}');
    expect(changes).toEqual([{ kind: 'slot', slotId: 5, slotSequenceId: 2 }, { kind: 'alert' }]);
    expect(statuses).toEqual(['connecting', 'live']);
  });

  it('polls every 15 s while the stream is down, and stops once it is back', () => {
    const { feed, sources, timers, changes, statuses } = setup();
    feed.start();
    sources[0]?.fire('open');
    sources[0]?.fire('error'); // dropped; the browser retries by itself (CONNECTING)
    expect(statuses.at(-1)).toBe('polling');
    timers.advance(14_999);
    expect(changes).toEqual([]);
    timers.advance(1);
    timers.advance(15_000);
    expect(changes).toEqual([{ kind: 'refresh' }, { kind: 'refresh' }]);
    sources[0]?.fire('open');
    expect(statuses.at(-1)).toBe('live');
    expect(changes).toHaveLength(3); // one refresh for what the gap may have missed
    timers.advance(60_000);
    expect(changes).toHaveLength(3);
  });

  it('opens a new stream a minute after the browser gave one up, polling meanwhile', () => {
    const { feed, sources, timers, changes } = setup();
    feed.start();
    const first = sources[0];
    if (!first) throw new Error('no stream');
    first.readyState = 2; // e.g. the server answered 404 or 401
    first.fire('error');
    expect(first.closed).toBe(true);
    timers.advance(60_000);
    expect(changes.filter((change) => change.kind === 'refresh')).toHaveLength(4);
    expect(sources).toHaveLength(2);
    sources[1]?.fire('open');
    expect(feed.status).toBe('live');
  });

  it('stops everything on stop()', () => {
    const { feed, sources, timers, statuses } = setup();
    feed.start();
    sources[0]?.fire('error');
    feed.stop();
    expect(sources[0]?.closed).toBe(true);
    expect(timers.pending).toBe(0);
    expect(statuses.at(-1)).toBe('stopped');
  });

  it('refetches on resync', () => {
    const { feed, sources, changes } = setup();
    feed.start();
    sources[0]?.fire('resync');
    expect(changes).toEqual([{ kind: 'refresh' }]);
  });
});

describe('parseSlotEvent and concerns', () => {
  it('reads slot events, with or without the sequence', () => {
    expect(parseSlotEvent('{"slotId":1}')).toEqual({ kind: 'slot', slotId: 1, slotSequenceId: undefined });
    expect(parseSlotEvent('{"slotId":"1"}')).toBeUndefined();
    expect(parseSlotEvent(undefined)).toBeUndefined();
  });

  it('tells a page whether a change is about what it shows', () => {
    const slot = (slotId: number, slotSequenceId?: number): LiveChange => ({ kind: 'slot', slotId, slotSequenceId });
    expect(concerns(slot(5, 2), { sequenceId: 2 })).toBe(true);
    expect(concerns(slot(5, 3), { sequenceId: 2 })).toBe(false);
    expect(concerns(slot(5), { sequenceId: 2 })).toBe(true);
    expect(concerns(slot(5, 2), { slotId: 5 })).toBe(true);
    expect(concerns(slot(6, 2), { slotId: 5 })).toBe(false);
    expect(concerns(slot(6, 2), { anySlot: true })).toBe(true);
    expect(concerns({ kind: 'alert' }, { anySlot: true })).toBe(false);
    expect(concerns({ kind: 'alert' }, { alerts: true })).toBe(true);
    expect(concerns({ kind: 'refresh' }, {})).toBe(true);
  });
});
