import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  APIConnectionError,
  AuthError,
  BadRequestError,
  CollectionResult,
  DataQualityError,
  DeliveryClosedError,
  DeliveryQueue,
  type DeliveryRecord,
  MemoryStore,
  type OperationRecord,
  UndeliveredError,
  UnprocessableEntityError,
  classifyDeliveryError,
} from '../../src/index.js';
import { APIError } from '../../src/core/errors.js';
import { fakeLuco, memoryLogger, problem, refused, testApi } from './fake-luco.js';

const NAME = { client: 'acme', feed: 'sales' };

function ops(store: MemoryStore): OperationRecord[] {
  return store.records().filter((record): record is OperationRecord => record.t === 'op');
}

describe('DeliveryQueue with fake time', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('gives local handles offline, then sends every write once, in order, with the real ids and the key fixed when queued', async () => {
    const luco = fakeLuco({ override: () => refused() });
    const store = new MemoryStore();
    const queue = await DeliveryQueue.open(testApi(luco.fetch), { store, logLevel: 'off', backoff: { initialDelayMs: 1000, random: () => 1 } });

    const slot = await queue.findSlot('2026-03-01', NAME);
    const run = await queue.createSubmission(slot, { stage: 'extract', runEnvironments: { platform: 'test' } });
    await run.submitMetrics({ rows: 10, source: 'sftp' }, { stage: 'load' });
    await run.submitStatus('Completed', { stage: 'load' });
    await run.submitCompletedStatus();
    expect(slot.slotId).toBeUndefined();
    expect(run.submissionId).toBeUndefined();
    expect(queue.stats()).toMatchObject({ queued: 6, sent: 0 });
    const queued = ops(store);
    expect(queued.map((record) => record.kind)).toEqual(['slot', 'submission', 'runEnvironment', 'metrics', 'status', 'status']);
    const keys = queued.map((record) => record.key);
    expect(new Set(keys).size).toBe(6);

    // A couple of failed rounds, then Luco is back.
    await vi.advanceTimersByTimeAsync(3_000);
    expect(queue.stats().retried).toBeGreaterThanOrEqual(2);
    luco.setOverride(undefined);
    await vi.advanceTimersByTimeAsync(5_000);

    expect(queue.stats()).toMatchObject({ queued: 0, sent: 6, dropped: 0, deadLettered: 0 });
    expect(luco.effects.map((effect) => effect.kind)).toEqual(['slot', 'submission', 'runEnvironment', 'metrics', 'status', 'status']);
    expect(await run.resolved()).toEqual({ slotId: 100, submissionId: 500 });
    expect(await slot.resolved()).toBe(100);
    for (const effect of luco.effects.slice(2)) expect(effect).toMatchObject({ slotId: 100, submissionId: 500 });
    // The successful POST of each write carried the key it got when queued (the submission one is
    // the submission's POST; the slot's POST comes after the look-up GETs).
    const successfulKeys = luco.posts().slice(-6).map((call) => call.key);
    expect(successfulKeys).toEqual(keys);
    // Times are the queuing times, not the delivery times.
    const created = luco.effects[1]!.body as { startedOn: string };
    expect(created.startedOn).toBe('2026-03-01T10:00:00.000Z');
    const completed = luco.effects[5]!.body as { occurredOn: string; stage: string };
    expect(completed).toMatchObject({ stage: 'Submission', occurredOn: '2026-03-01T10:00:00.000Z' });
    await queue.close();
  });

  it('backs off 5 s doubling to 5 min while Luco is unreachable', async () => {
    const luco = fakeLuco({ override: () => refused() });
    const queue = await DeliveryQueue.open(testApi(luco.fetch), { logLevel: 'off', backoff: { random: () => 1 } });
    const times: number[] = [];
    luco.setOverride(() => {
      times.push(Date.now());
      return refused();
    });
    await queue.submission(1, 2).submitMetric('rows', 1);
    await vi.advanceTimersByTimeAsync(25 * 60_000);
    const gaps = times.slice(1).map((time, index) => (time - times[index]!) / 1000);
    expect(gaps.slice(0, 9)).toEqual([5, 10, 20, 40, 80, 160, 300, 300, 300]);
    expect(queue.stats()).toMatchObject({ queued: 1, sent: 0, retried: times.length });
    await queue.close({ timeout: 0 });
  });

  it('honours Retry-After (seconds and ms) over its own back-off', async () => {
    const luco = fakeLuco();
    const times: number[] = [];
    let call = 0;
    luco.setOverride((request) => {
      if (request.method !== 'POST') return undefined;
      times.push(Date.now());
      call++;
      if (call === 1) return problem(503, 'draining', { 'retry-after': '7' });
      if (call === 2) return problem(429, 'slow down', { 'retry-after-ms': '1500' });
      return undefined;
    });
    const queue = await DeliveryQueue.open(testApi(luco.fetch), { logLevel: 'off', backoff: { initialDelayMs: 60_000, random: () => 1 } });
    await queue.submission(1, 2).submitMetric('rows', 1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(times.map((time) => time - times[0]!)).toEqual([0, 7_000, 8_500]);
    expect(queue.stats()).toMatchObject({ queued: 0, sent: 1, retried: 2 });
    // flush() skips the queue's own back-off but not a server's Retry-After.
    luco.setOverride(() => problem(503, 'busy', { 'retry-after': '30' }));
    await queue.submission(1, 2).submitMetric('rows', 2);
    await vi.advanceTimersByTimeAsync(0);
    const before = luco.calls.length;
    const flushed = queue.flush({ timeout: 5_000 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await flushed).toBe(false);
    expect(luco.calls.length).toBe(before);
    await queue.close({ timeout: 0 });
  });

  it('dead-letters a write the server refuses, once, and delivers the rest', async () => {
    const luco = fakeLuco({
      override: (call) => ((call.body as { metrics?: Array<{ metric: string }> } | undefined)?.metrics?.[0]?.metric === 'bad' ? problem(400, 'metric refused') : undefined),
    });
    const dead: Array<{ record: DeliveryRecord; error: unknown }> = [];
    const log = memoryLogger();
    const queue = await DeliveryQueue.open(testApi(luco.fetch), { logger: log.logger, onDeadLetter: (record, error) => void dead.push({ record, error }) });
    const run = queue.submission(1, 2);
    await run.submitMetric('good', 1);
    await run.submitMetric('bad', 2);
    await run.submitMetric('after', 3);
    await vi.advanceTimersByTimeAsync(100);
    expect(queue.stats()).toMatchObject({ queued: 0, sent: 2, deadLettered: 1, retried: 0 });
    expect(dead).toHaveLength(1);
    expect(dead[0]!.record).toMatchObject({ kind: 'metrics', slotId: 1, submissionId: 2, attempts: 1, payload: { metrics: [['bad', 2]] } });
    expect(dead[0]!.error).toBeInstanceOf(BadRequestError);
    expect(luco.calls.filter((call) => call.key === dead[0]!.record.idempotencyKey)).toHaveLength(1);
    expect(luco.effects.map((effect) => (effect.body as { metrics: Array<{ metric: string }> }).metrics[0]!.metric)).toEqual(['good', 'after']);
    expect(log.at('warn').join('\n')).toMatch(/refused the queued metrics write/);
    await queue.close();
  });

  it('dead-letters the writes of a submission the server refused, and rejects its handle', async () => {
    let submissionPosts = 0;
    const luco = fakeLuco({ override: (call) => (call.method === 'POST' && call.path === '/slots/100/submissions' && ++submissionPosts === 1 ? problem(422, 'no') : undefined) });
    const dead: DeliveryRecord[] = [];
    const queue = await DeliveryQueue.open(testApi(luco.fetch), { logLevel: 'off', onDeadLetter: (record) => void dead.push(record) });
    const slot = await queue.findSlot('t1', NAME);
    const refusedRun = await queue.createSubmission(slot);
    await refusedRun.submitMetric('rows', 1);
    await refusedRun.submitCompletedStatus();
    const resolved = refusedRun.resolved().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(100);
    expect(dead.map((record) => record.kind)).toEqual(['submission', 'metrics', 'status']);
    const error = await resolved;
    expect(error).toBeInstanceOf(UndeliveredError);
    expect((error as UndeliveredError).outcome).toBe('dead');
    expect((error as UndeliveredError).cause).toBeInstanceOf(UnprocessableEntityError);
    // A later write for that submission shares its fate at once.
    await refusedRun.submitMetric('late', 1);
    expect(dead).toHaveLength(4);
    // Another submission on the same slot is unaffected.
    const other = await queue.createSubmission(slot);
    await other.submitMetric('rows', 5);
    await vi.advanceTimersByTimeAsync(100);
    expect(await other.resolved()).toEqual({ slotId: 100, submissionId: 500 });
    expect(queue.stats()).toMatchObject({ sent: 3, deadLettered: 4, queued: 0 });
    await queue.close();
  });

  it('pauses on refused credentials, says so once, and resumes on resume()', async () => {
    const luco = fakeLuco({ override: (call) => (call.method === 'POST' ? problem(401, 'token revoked') : undefined) });
    const log = memoryLogger();
    const queue = await DeliveryQueue.open(testApi(luco.fetch), { logger: log.logger, backoff: { initialDelayMs: 1000 } });
    const run = queue.submission(1, 2);
    await run.submitMetric('a', 1);
    await run.submitMetric('b', 2);
    await vi.advanceTimersByTimeAsync(100);
    // The SDK refreshes the token and replays once; then the queue pauses.
    expect(luco.posts()).toHaveLength(2);
    expect(queue.stats().paused?.reason).toMatch(/401/);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(luco.posts()).toHaveLength(2);
    expect(log.at('error')).toHaveLength(1);
    expect(log.at('error')[0]).toMatch(/paused: the credentials were refused.*2 write\(s\) stay queued in memory.*resume\(\)/);
    expect(await queue.flush({ timeout: 1_000 })).toBe(false);

    luco.setOverride(undefined);
    queue.resume();
    await vi.advanceTimersByTimeAsync(100);
    expect(queue.stats()).toMatchObject({ paused: null, sent: 2, queued: 0 });
    await queue.close();
  });

  it('tries again by itself after authPauseMs, and pauses on 403 too', async () => {
    const luco = fakeLuco({ override: (call) => (call.method === 'POST' ? problem(403, 'writer role needed') : undefined) });
    const queue = await DeliveryQueue.open(testApi(luco.fetch), { logLevel: 'off', authPauseMs: 60_000 });
    await queue.submission(1, 2).submitMetric('a', 1);
    await vi.advanceTimersByTimeAsync(100);
    expect(queue.stats().paused).not.toBeNull();
    expect(luco.posts()).toHaveLength(1);
    luco.setOverride(undefined);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(queue.stats()).toMatchObject({ paused: null, sent: 1 });
    await queue.close();
  });

  it('drops the oldest writes beyond maxItems, counts them, and warns at most once a minute', async () => {
    const luco = fakeLuco({ override: () => refused() });
    const log = memoryLogger();
    const queue = await DeliveryQueue.open(testApi(luco.fetch), { logger: log.logger, maxItems: 3, backoff: { initialDelayMs: 600_000 } });
    const run = queue.submission(1, 2);
    for (let i = 1; i <= 5; i++) await run.submitMetric(`m${i}`, i);
    expect(queue.stats()).toMatchObject({ queued: 3, dropped: 2 });
    await run.submitMetric('m6', 6);
    expect(queue.stats()).toMatchObject({ queued: 3, dropped: 3 });
    const dropWarnings = () => log.at('warn').filter((line) => /bounds reached/.test(line));
    expect(dropWarnings()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(61_000);
    await run.submitMetric('m7', 7);
    expect(dropWarnings()).toHaveLength(2);
    expect(dropWarnings()[1]).toMatch(/dropped the 3 oldest .* 4 dropped in all/);

    luco.setOverride(undefined);
    expect(await queue.flush()).toBe(true);
    expect(luco.effects.map((effect) => (effect.body as { metrics: Array<{ metric: string }> }).metrics[0]!.metric)).toEqual(['m5', 'm6', 'm7']);
    await queue.close();
  });

  it('drops writes older than maxAgeMs, and what belongs to a dropped submission', async () => {
    const luco = fakeLuco({ override: () => refused() });
    const queue = await DeliveryQueue.open(testApi(luco.fetch), { logLevel: 'off', maxAgeMs: 60_000, backoff: { initialDelayMs: 10_000, random: () => 1 } });
    const slot = await queue.findSlot('t', NAME);
    const run = await queue.createSubmission(slot);
    await run.submitMetric('rows', 1);
    const resolved = run.resolved().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(50_000);
    await queue.submission(1, 2).submitMetric('young', 1);
    await vi.advanceTimersByTimeAsync(40_000);
    expect(queue.stats()).toMatchObject({ queued: 1, dropped: 3 });
    expect(((await resolved) as UndeliveredError).outcome).toBe('dropped');
    luco.setOverride(undefined);
    expect(await queue.flush()).toBe(true);
    expect(luco.effects).toHaveLength(1);
    await queue.close();
  });

  it('close() stops intake, gives up after its timeout, and rejects handles still queued', async () => {
    const luco = fakeLuco({ override: () => refused() });
    const log = memoryLogger();
    const queue = await DeliveryQueue.open(testApi(luco.fetch), { logger: log.logger });
    const run = await queue.createSubmission(5);
    const resolved = run.resolved().catch((error: unknown) => error);
    const closing = queue.close({ timeout: 2_000 });
    await expect(run.submitMetric('late', 1)).rejects.toBeInstanceOf(DeliveryClosedError);
    await vi.advanceTimersByTimeAsync(2_000);
    const stats = await closing;
    expect(stats).toMatchObject({ queued: 1, sent: 0 });
    expect(((await resolved) as UndeliveredError).outcome).toBe('queued');
    expect(log.at('warn').join('\n')).toMatch(/1 queued write\(s\) to Luco were not delivered before the queue closed; they were kept in memory only/);
  });
});

describe('DeliveryQueue in real time', () => {
  it('keeps each submission in order while submissions interleave, never two writes of one in flight', async () => {
    const inFlight = new Map<string, number>();
    let overlap = false;
    let peak = 0;
    let total = 0;
    const luco = fakeLuco();
    luco.setOverride(async (call) => {
      const match = /\/submissions\/(\d+)\//.exec(call.path);
      if (!match || call.method !== 'POST') return undefined;
      const id = match[1]!;
      inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
      total++;
      peak = Math.max(peak, total);
      if (inFlight.get(id)! > 1) overlap = true;
      await new Promise((resolve) => setTimeout(resolve, 1 + Math.floor(Math.random() * 4)));
      inFlight.set(id, inFlight.get(id)! - 1);
      total--;
      return undefined;
    });
    const queue = await DeliveryQueue.open(testApi(luco.fetch), { logLevel: 'off', concurrency: 4 });
    const runs = [];
    for (const tag of ['a', 'b', 'c']) {
      const slot = await queue.findSlot(tag, NAME);
      runs.push(await queue.createSubmission(slot));
    }
    for (let i = 0; i < 5; i++) for (const run of runs) await run.submitMetric('step', i);
    for (const run of runs) await run.submitCompletedStatus();
    expect(await queue.flush({ timeout: 5_000 })).toBe(true);
    expect(overlap).toBe(false);
    expect(peak).toBeGreaterThan(1);
    for (const run of runs) {
      const { submissionId } = await run.resolved();
      const mine = luco.effects.filter((effect) => effect.submissionId === submissionId);
      expect(mine.map((effect) => effect.kind)).toEqual(['submission', 'metrics', 'metrics', 'metrics', 'metrics', 'metrics', 'status']);
      expect(mine.slice(1, 6).map((effect) => (effect.body as { metrics: Array<{ value: number }> }).metrics[0]!.value)).toEqual([0, 1, 2, 3, 4]);
    }
    await queue.close();
  });

  it('sends quality results with exactly the body a direct call sends, and raises on a stop after queuing', async () => {
    const luco = fakeLuco();
    const api = testApi(luco.fetch);
    const collection = new CollectionResult({
      name: 'orders',
      checks: [{ check: '$column values must never be null.', checkArgs: { column: 'id' }, success: false, onFail: { action: 'fail' } }],
    });
    await api.getSubmission(1, 2).submitQuality(collection, { stage: 'validate' });
    const direct = luco.calls.at(-1)!;
    const queue = await DeliveryQueue.open(api, { logLevel: 'off' });
    await expect(queue.submission(1, 2).submitQuality(collection, { stage: 'validate', raiseOnCancelled: true })).rejects.toBeInstanceOf(DataQualityError);
    expect(await queue.flush()).toBe(true);
    const queued = luco.calls.at(-1)!;
    expect(queued.path).toBe(direct.path);
    expect(queued.query.toString()).toBe(direct.query.toString());
    expect(queued.body).toEqual(direct.body);
    expect(queued.query.get('action')).toBe('Cancelled');
    await queue.close();
  });

  it('withSubmission queues Completed, or Failed with the message, and re-throws', async () => {
    const luco = fakeLuco();
    const queue = await DeliveryQueue.open(testApi(luco.fetch), { logLevel: 'off' });
    await queue.withSubmission({ tag: 'ok', slotSequence: NAME }, (run) => run.submitMetric('rows', 1));
    await expect(
      queue.withSubmission({ tag: 'bad', slotSequence: NAME }, () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await queue.flush()).toBe(true);
    const statuses = luco.effects.filter((effect) => effect.kind === 'status').map((effect) => effect.body as { status: string; message: string | null });
    // Two submissions: each in order, the two in any order.
    expect(statuses.sort((a, b) => a.status.localeCompare(b.status))).toEqual([
      expect.objectContaining({ status: 'Completed', message: null }),
      expect.objectContaining({ status: 'Failed', message: 'Error: boom' }),
    ]);
    await queue.close();
  });

  it('checks input when queuing, before anything is kept', async () => {
    const queue = await DeliveryQueue.open(testApi(fakeLuco().fetch), { logLevel: 'off' });
    const run = queue.submission(1, 2);
    await expect(run.submitMetric('rows', Number.NaN)).rejects.toThrow(/finite number/);
    await expect(run.submitStatus('')).rejects.toThrow(/status/);
    await expect(queue.findSlot('', NAME)).rejects.toThrow(/tag/);
    expect(queue.stats().queued).toBe(0);
    expect(() => new DeliveryQueue(testApi(fakeLuco().fetch), { maxItems: 0 })).toThrow(/maxItems/);
    await queue.close();
  });

  it('a MemoryStore handed to a new queue replays what the closed one left, without resending what was sent', async () => {
    const luco = fakeLuco();
    const store = new MemoryStore();
    const first = await DeliveryQueue.open(testApi(luco.fetch), { store, logLevel: 'off' });
    const run = await first.createSubmission(3);
    await run.submitMetric('sent', 1);
    expect(await first.flush()).toBe(true);
    luco.setOverride(() => refused());
    await run.submitMetric('queued', 2);
    await first.close({ timeout: 50 });
    luco.setOverride(undefined);
    const second = await DeliveryQueue.open(testApi(luco.fetch), { store, logLevel: 'off' });
    expect(await second.flush()).toBe(true);
    expect(luco.effects.map((effect) => effect.kind)).toEqual(['submission', 'metrics', 'metrics']);
    expect(luco.effects[2]).toMatchObject({ slotId: 3, submissionId: 500 });
    await second.close();
  });
});

describe('classifyDeliveryError', () => {
  const headers = (values: Record<string, string> = {}) => new Headers(values);
  const apiError = (status: number, extra: Record<string, string> = {}) =>
    APIError.generate({ status, method: 'POST', path: '/x', headers: headers(extra), body: undefined, requestId: undefined });

  it.each([408, 429, 500, 502, 503, 504])('retries %i', (status) => expect(classifyDeliveryError(apiError(status)).disposition).toBe('retry'));
  it.each([400, 404, 409, 413, 422])('dead-letters %i', (status) => expect(classifyDeliveryError(apiError(status)).disposition).toBe('dead'));
  it.each([401, 403])('pauses on %i', (status) => expect(classifyDeliveryError(apiError(status)).disposition).toBe('auth'));

  it('waits on a 409 with Retry-After (a key still being processed)', () => {
    expect(classifyDeliveryError(apiError(409, { 'retry-after': '1' }))).toEqual({ disposition: 'retry', retryAfterMs: 1000 });
  });

  it('tells an unreachable token endpoint from refused credentials', () => {
    const unreachable = new AuthError('Could not reach the token endpoint', { cause: new APIConnectionError('refused', { requestMayHaveBeenSent: false }) });
    expect(classifyDeliveryError(unreachable).disposition).toBe('retry');
    expect(classifyDeliveryError(new AuthError('busy', { status: 503 })).disposition).toBe('retry');
    expect(classifyDeliveryError(new AuthError('Token request failed with status 401 invalid_client', { status: 401, code: 'invalid_client' })).disposition).toBe('auth');
    expect(classifyDeliveryError(new APIConnectionError('reset', { requestMayHaveBeenSent: true })).disposition).toBe('retry');
  });
});
