import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  APIError,
  DeliveryQueue,
  type DeliveryRecord,
  FileStore,
  InternalServerError,
  type JournalRecord,
  MemoryStore,
  ValidationError,
  failureScope,
} from '../../src/index.js';
import { type FakeCall, fakeLuco, memoryLogger, problem, testApi } from './fake-luco.js';
import { type Loopback, serveOnLoopback } from './support/loopback.js';

/**
 * Poison writes: a write the server fails on its own (a 500 for a value its database cannot
 * store) must not hold back everyone else's. It backs off in its lane, the writes of other
 * submissions keep flowing, and past a bound it is dead-lettered. Server-wide trouble still
 * pauses the whole queue. And what the server would refuse is refused before it is queued.
 * The queue talks to a fake Luco over real sockets on loopback.
 */

const servers: Loopback[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function loopback(luco: ReturnType<typeof fakeLuco>): Promise<string> {
  const server = await serveOnLoopback(luco.fetch);
  servers.push(server);
  return server.url;
}

/** An SDK client that reaches the fake Luco through real sockets. */
function loopbackApi(url: string) {
  return testApi(globalThis.fetch, { baseUrl: url });
}

async function until(done: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const metricOf = (call: FakeCall): string | undefined => (call.body as { metrics?: Array<{ metric: string }> } | undefined)?.metrics?.[0]?.metric;
const isPoison = (call: FakeCall): boolean => call.method === 'POST' && metricOf(call) === 'poison';
/** PostgreSQL's answer to a NUL character, as a server that does not check for one passes it on. */
const pgNul = () => problem(500, 'invalid byte sequence for encoding "UTF8": 0x00');

describe('a write the server keeps failing (5xx) while it takes the others', () => {
  it("backs off alone: another submission's writes arrive meanwhile; past the bound it is dead-lettered and its own submission goes on", async () => {
    const luco = fakeLuco({ override: (call) => (isPoison(call) ? pgNul() : undefined) });
    const url = await loopback(luco);
    const dead: Array<{ record: DeliveryRecord; error: unknown; at: number }> = [];
    const log = memoryLogger();
    const queue = await DeliveryQueue.open(loopbackApi(url), {
      logger: log.logger,
      backoff: { initialDelayMs: 50, maxDelayMs: 50 },
      serverErrorLimit: { attempts: 3, ageMs: 500 },
      onDeadLetter: (record, error) => void dead.push({ record, error, at: Date.now() }),
    });
    const poisoned = queue.submission(1, 2);
    const healthy = queue.submission(1, 3);
    await poisoned.submitMetric('poison', 1);
    await poisoned.submitCompletedStatus();
    // Its first server error is in (answered and counted).
    await until(() => queue.stats().retried >= 1);

    // While the poisoned write backs off, the other submission's writes are delivered.
    await healthy.submitMetric('rows', 10);
    await healthy.submitCompletedStatus();
    await until(() => healthy.pending === 0);
    const healthyDoneAt = Date.now();
    expect(dead).toHaveLength(0);
    expect(poisoned.pending).toBe(2);
    expect(luco.effects.filter((effect) => effect.submissionId === 3).map((effect) => effect.kind)).toEqual(['metrics', 'status']);
    expect(luco.effects.some((effect) => effect.submissionId === 2)).toBe(false);

    // Past the bound (3 server errors over at least 500 ms) it is dead-lettered, once.
    expect(await queue.flush({ timeout: 5_000 })).toBe(true);
    expect(dead).toHaveLength(1);
    const [{ record, error, at }] = dead as [(typeof dead)[number]];
    expect(at).toBeGreaterThan(healthyDoneAt);
    expect(record).toMatchObject({ kind: 'metrics', slotId: 1, submissionId: 2, payload: { metrics: [['poison', 1]] } });
    expect(record.serverErrors).toBeGreaterThanOrEqual(3);
    expect(error).toBeInstanceOf(InternalServerError);
    const poisonCalls = luco.calls.filter(isPoison);
    expect(poisonCalls.length).toBe(record.serverErrors);
    // It backed off (50 ms a try) instead of hammering the server for 500 ms.
    expect(poisonCalls.length).toBeLessThan(25);
    // Its submission's later write waited behind it, in order, and went once it was gone.
    const statusIndex = luco.calls.findIndex((call) => call.method === 'POST' && call.path === '/slots/1/submissions/2/status');
    expect(statusIndex).toBeGreaterThan(luco.calls.lastIndexOf(poisonCalls.at(-1)!));
    expect(luco.effects.filter((effect) => effect.submissionId === 2).map((effect) => effect.kind)).toEqual(['status']);
    expect(queue.stats()).toMatchObject({ queued: 0, sent: 3, deadLettered: 1, backingOff: 0 });
    const gaveUp = log.at('error').filter((line) => /Gave up on the queued metrics write/.test(line));
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]).toMatch(/for submission 2: Luco answered it with a server error \d+ times since .* \(limit: 3 attempts over 0\.5 s\); dead-lettered\. Last error: 500 POST/);
    await queue.close();
    // Its own flush may take up to 5 s on a loaded machine: more than vitest's default per test.
  }, 30_000);

  it('a connection failure still pauses the whole queue; a 500 holds back only its own lane', async () => {
    let failWith: 'connection' | 'server-error' = 'connection';
    const luco = fakeLuco({
      override: (call) => {
        if (call.method !== 'POST' || call.path !== '/v2/slots/1/submissions/2/metrics') return undefined;
        return failWith === 'connection' ? new Error('drop the connection') : pgNul();
      },
    });
    const url = await loopback(luco);
    const posts = () => luco.posts().length;

    // Connection failures: after the first, nothing is sent until the queue's back-off ends.
    const paused = await DeliveryQueue.open(loopbackApi(url), { logLevel: 'off', concurrency: 1, backoff: { initialDelayMs: 1_000, random: () => 1 } });
    await paused.submission(1, 2).submitMetric('first', 1);
    await paused.submission(1, 3).submitMetric('second', 2);
    await until(() => paused.stats().retried === 1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(posts()).toBe(1);
    expect(paused.stats()).toMatchObject({ queued: 2, sent: 0, backingOff: 0 });
    expect(paused.stats().nextAttemptAt).not.toBeNull();
    await paused.close({ timeout: 0 });

    // The same write answered 500: the other submission's write goes at once.
    failWith = 'server-error';
    const before = posts();
    const lanes = await DeliveryQueue.open(loopbackApi(url), { logLevel: 'off', concurrency: 1, backoff: { initialDelayMs: 1_000, random: () => 1 } });
    await lanes.submission(1, 2).submitMetric('first', 1);
    await lanes.submission(1, 3).submitMetric('second', 2);
    await until(() => lanes.stats().sent === 1);
    expect(posts() - before).toBe(2);
    expect(lanes.stats()).toMatchObject({ queued: 1, backingOff: 1 });
    // Only the lane backing off is left: the next attempt is its own.
    expect(lanes.stats().nextAttemptAt).not.toBeNull();
    await lanes.close({ timeout: 0 });
  });

  it('when the server fails every write, none is given up (an outage answered with 500s loses nothing)', async () => {
    const luco = fakeLuco({ override: (call) => (call.method === 'POST' ? pgNul() : undefined) });
    const url = await loopback(luco);
    const queue = await DeliveryQueue.open(loopbackApi(url), { logLevel: 'off', backoff: { initialDelayMs: 10, maxDelayMs: 10 }, serverErrorLimit: { attempts: 2, ageMs: 0 } });
    await queue.submission(1, 2).submitMetric('poison', 1);
    await until(() => luco.calls.filter(isPoison).length >= 5);
    expect(queue.stats()).toMatchObject({ queued: 1, deadLettered: 0 });
    await queue.close({ timeout: 0 });
  });

  it('counts the server errors across processes sharing a FileStore, so the bound holds for short-lived processes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lucots-poison-'));
    folders.push(dir);
    const luco = fakeLuco({ override: (call) => (isPoison(call) ? pgNul() : undefined) });
    const url = await loopback(luco);
    const options = { logLevel: 'off' as const, backoff: { initialDelayMs: 50, maxDelayMs: 50 }, serverErrorLimit: { attempts: 4, ageMs: 0 } };

    const first = await DeliveryQueue.open(loopbackApi(url), { ...options, store: new FileStore(dir) });
    await first.submission(1, 2).submitMetric('poison', 1);
    // Two server errors answered and counted by this process.
    await until(() => first.stats().retried >= 2);
    await first.close({ timeout: 0 });
    const attemptsBefore = luco.calls.filter(isPoison).length;
    const failed = (await journal(dir)).filter((record) => record.t === 'failed');
    const counted = Math.max(...failed.map((record) => (record as { count: number }).count));
    // Each answered attempt is counted in the folder (one cut short by close() may not be).
    expect(counted).toBeGreaterThanOrEqual(2);
    expect(counted).toBeLessThanOrEqual(attemptsBefore);

    const dead: DeliveryRecord[] = [];
    const second = await DeliveryQueue.open(loopbackApi(url), { ...options, store: new FileStore(dir), onDeadLetter: (record) => void dead.push(record) });
    await second.submission(1, 3).submitMetric('rows', 1);
    expect(await second.flush({ timeout: 5_000 })).toBe(true);
    expect(dead).toHaveLength(1);
    // It went on counting where the first process stopped: fewer than 4 attempts here reached the bound of 4.
    expect(dead[0]!.serverErrors).toBeGreaterThanOrEqual(4);
    expect(dead[0]!.serverErrors).toBeLessThanOrEqual(luco.calls.filter(isPoison).length);
    expect(luco.calls.filter(isPoison).length - attemptsBefore).toBeLessThan(4);
    await second.close();
    expect(await readdir(dir)).toEqual([]);
  });

  it('a write queued by an older version that the server would refuse (a NUL) is dead-lettered at once, unsent; the rest is delivered', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lucots-poison-'));
    folders.push(dir);
    const op = (id: string, submissionId: number, metric: string, seq: number) => ({
      t: 'op',
      v: 1,
      id,
      seq,
      at: Date.now() - 60_000 + seq,
      key: `key-${id}`,
      kind: 'metrics',
      submission: { slotId: 1, submissionId },
      payload: { stage: null, metrics: [[metric, 1]] },
    });
    const lines = [op('legacy', 2, 'bad\u0000name', 1), op('clean', 3, 'rows', 2)].map((record) => `${JSON.stringify(record)}\n`).join('');
    await writeFile(join(dir, 'gone-writer.000001.jsonl'), lines);
    const luco = fakeLuco();
    const url = await loopback(luco);
    const dead: Array<{ record: DeliveryRecord; error: unknown }> = [];
    // An older version recorded no server either: this queue is told to deliver such writes.
    const queue = await DeliveryQueue.open(loopbackApi(url), {
      store: new FileStore(dir),
      logLevel: 'off',
      deliverUntargeted: true,
      onDeadLetter: (record, error) => void dead.push({ record, error }),
    });
    expect(await queue.flush({ timeout: 5_000 })).toBe(true);
    expect(dead.map(({ record }) => record.id)).toEqual(['legacy']);
    expect(dead[0]!.error).toBeInstanceOf(ValidationError);
    expect((dead[0]!.error as ValidationError).field).toBe('metrics');
    expect(luco.posts().map((call) => metricOf(call))).toEqual(['rows']);
    await queue.close();
  });
});

describe('what the server would refuse is refused before it is queued', () => {
  it('NUL characters, ids beyond 2^31-1, non-finite numbers and JSON nested too deep: a ValidationError naming the field, nothing kept', async () => {
    const store = new MemoryStore();
    const queue = await DeliveryQueue.open(testApi(fakeLuco().fetch), { store, logLevel: 'off' });
    const run = queue.submission(1, 2);
    const fieldOf = async (promise: Promise<unknown>) => {
      const error = await promise.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).field;
    };
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 70; i++) deep = { inner: deep };
    expect(await fieldOf(run.submitMetric('rows\u0000', 1))).toBe('metrics');
    expect(await fieldOf(run.submitMetric('source', 'sftp\u0000'))).toBe('metrics.source');
    expect(await fieldOf(run.submitStatus('Failed', { message: 'boom\u0000' }))).toBe('message');
    expect(await fieldOf(run.submitFailedStatus('x\u0000'))).toBe('message');
    expect(await fieldOf(run.submitRunEnvironment({ platform: 'ci', env: { ['A\u0000']: '1' } }))).toBe('runEnvironments[0].env.A\\u0000');
    expect(await fieldOf(run.submitRunEnvironment({ platform: 'ci', took: Number.NaN }))).toBe('runEnvironments[0].took');
    expect(await fieldOf(run.submitRunEnvironment(deep))).toMatch(/^runEnvironments\[0\](\.inner)+$/);
    expect(await fieldOf(run.submitQuality({ check: 'ids unique', success: true, observed: 'x\u0000' }))).toBe('results.observed');
    expect(await fieldOf(queue.findSlot('t\u0000', { client: 'acme' }))).toBe('tag');
    expect(await fieldOf(queue.findSlot('t', { client: 'acme\u0000' }))).toBe('slotSequence[0].client');
    expect(await fieldOf(queue.createSubmission(2 ** 31))).toBe('slot');
    expect(() => queue.submission(1, 2 ** 31)).toThrow(ValidationError);
    expect(queue.stats().queued).toBe(0);
    expect(store.records()).toEqual([]);
    await queue.close();
  });

  it('withSubmission records Failed even when the error message holds a NUL (it is made storable)', async () => {
    const luco = fakeLuco();
    const queue = await DeliveryQueue.open(testApi(luco.fetch), { logLevel: 'off' });
    await expect(
      queue.withSubmission({ tag: 't', slotSequence: { client: 'acme' } }, () => {
        throw new Error('bad byte \u0000 in input');
      }),
    ).rejects.toThrow('bad byte');
    expect(await queue.flush()).toBe(true);
    const failed = luco.effects.find((effect) => effect.kind === 'status')?.body as { status: string; message: string };
    expect(failed).toMatchObject({ status: 'Failed', message: 'Error: bad byte \uFFFD in input' });
    await queue.close();
  });
});

describe('failureScope: who waits after a failure worth retrying', () => {
  const apiError = (status: number, headers: Record<string, string> = {}) =>
    APIError.generate({ status, method: 'POST', path: '/x', headers: new Headers(headers), body: undefined, requestId: undefined });

  it.each([500, 501, 505, 507])('%i concerns the write: only its lane waits', (status) => expect(failureScope(apiError(status))).toBe('write'));
  it.each([408, 429, 502, 503, 504])('%i concerns the server: the whole queue waits', (status) => expect(failureScope(apiError(status))).toBe('queue'));
  it('a 409 with Retry-After (its key still in progress) concerns the write; connection failures the server', () => {
    expect(failureScope(apiError(409, { 'retry-after': '1' }))).toBe('write');
    expect(failureScope(apiError(503, { 'retry-after': '1' }))).toBe('queue');
    expect(failureScope(new TypeError('fetch failed'))).toBe('queue');
  });
});

async function journal(dir: string): Promise<JournalRecord[]> {
  const records: JournalRecord[] = [];
  for (const name of (await readdir(dir)).filter((file) => file.endsWith('.jsonl'))) {
    for (const line of (await readFile(join(dir, name), 'utf8')).split('\n')) if (line.trim()) records.push(JSON.parse(line) as JournalRecord);
  }
  return records;
}
