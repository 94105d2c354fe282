import { mkdtemp, open, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeliveryQueue, FileStore, MemoryStore, type JournalRecord, type OperationRecord } from '../../src/index.js';
import { fakeLuco, memoryLogger, refused, TEST_TARGET, testApi } from './fake-luco.js';

const NAME = { client: 'acme', feed: 'sales' };
const folders: string[] = [];

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lucots-queue-'));
  folders.push(dir);
  return dir;
}

afterEach(async () => {
  for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function segments(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.jsonl')).sort();
}

async function journal(dir: string): Promise<JournalRecord[]> {
  const records: JournalRecord[] = [];
  for (const name of await segments(dir)) {
    for (const line of (await readFile(join(dir, name), 'utf8')).split('\n')) if (line.trim()) records.push(JSON.parse(line) as JournalRecord);
  }
  return records;
}

const line = (record: unknown) => `${JSON.stringify(record)}\n`;

describe('FileStore', () => {
  it('keeps queued writes on disk before they return, across a restart, and sends each once', async () => {
    const dir = await folder();
    const offline = fakeLuco({ override: () => refused() });
    const first = await DeliveryQueue.open(testApi(offline.fetch), { store: new FileStore(dir), logLevel: 'off' });
    const slot = await first.findSlot('2026-03-01', NAME);
    const run = await first.createSubmission(slot, { stage: 'extract' });
    await run.submitMetrics({ rows: 10 }, { stage: 'load' });
    // On disk already, before any delivery.
    const onDisk = (await journal(dir)).filter((record): record is OperationRecord => record.t === 'op');
    expect(onDisk.map((record) => record.kind)).toEqual(['slot', 'submission', 'metrics']);
    await run.submitCompletedStatus();
    const stats = await first.close({ timeout: 50 });
    expect(stats).toMatchObject({ queued: 4, sent: 0 });
    // Compacted into one file; the lock and registration are released.
    expect(await segments(dir)).toHaveLength(1);
    expect((await readdir(dir)).filter((name) => !name.endsWith('.jsonl'))).toEqual([]);
    const keys = (await journal(dir)).filter((record): record is OperationRecord => record.t === 'op').map((record) => record.key);

    const online = fakeLuco();
    const second = await DeliveryQueue.open(testApi(online.fetch), { store: new FileStore(dir), logLevel: 'off' });
    expect(await second.flush({ timeout: 5_000 })).toBe(true);
    expect(online.effects.map((effect) => effect.kind)).toEqual(['slot', 'submission', 'metrics', 'status']);
    expect(online.posts().slice(-3).map((call) => call.key)).toEqual(keys.slice(1));
    await second.close();
    expect(await readdir(dir)).toEqual([]);

    // A third start finds nothing to send.
    const third = await DeliveryQueue.open(testApi(online.fetch), { store: new FileStore(dir), logLevel: 'off' });
    expect(third.stats().queued).toBe(0);
    await third.close();
    expect(online.effects).toHaveLength(4);
  });

  it('replays a crashed writer: skips what was acknowledged, resolves handles from recorded results, ignores a torn last line', async () => {
    const dir = await folder();
    const at = Date.now() - 1000;
    const slot = { t: 'op', v: 1, id: 'op-1', seq: 1, at, key: 'key-1', target: TEST_TARGET, kind: 'slot', handle: 'h-slot', payload: { tag: 't', slotSequence: [['client', 'acme']], createIfMissing: true } };
    const slotDone = { t: 'done', id: 'op-1', at, outcome: 'sent', result: { slotId: 42 } };
    const submission = { t: 'op', v: 1, id: 'op-2', seq: 2, at, key: 'key-2', target: TEST_TARGET, kind: 'submission', handle: 'h-sub', slot: { handle: 'h-slot' }, payload: { startedOn: new Date(at).toISOString() } };
    const metrics = { t: 'op', v: 1, id: 'op-3', seq: 3, at, key: 'key-3', target: TEST_TARGET, kind: 'metrics', submission: { handle: 'h-sub' }, payload: { stage: 'load', metrics: [['rows', 5]] } };
    // No `.writer` file: the process that wrote this is gone.
    await writeFile(join(dir, 'dead-1.000001.jsonl'), line(slot) + line(slotDone) + line(submission) + line(metrics) + '{"t":"op","v":1,"id":"op-4","se');
    const luco = fakeLuco();
    const log = memoryLogger();
    const queue = await DeliveryQueue.open(testApi(luco.fetch), { store: new FileStore(dir), logger: log.logger });
    expect(log.at('warn').join('\n')).toMatch(/Skipped an unfinished last line \(a crash while writing\) in .*dead-1\.000001\.jsonl \(line 5\)/);
    expect(await queue.flush({ timeout: 5_000 })).toBe(true);
    // The slot look-up was acknowledged before the crash: not sent again; its id is reused.
    expect(luco.calls.some((call) => call.path.startsWith('/slots/search'))).toBe(false);
    expect(luco.posts().map((call) => [call.path, call.key])).toEqual([
      ['/slots/42/submissions', 'key-2'],
      ['/v2/slots/42/submissions/500/metrics', 'key-3'],
    ]);
    await queue.close();
    expect(await segments(dir)).toEqual([]);
  });

  it('records the server each write is for; a write that names none (an older SDK) waits until a queue is told to deliver it', async () => {
    const dir = await folder();
    const at = Date.now() - 5_000;
    // Queued by an SDK that did not record servers yet: no `target`.
    const legacy = { t: 'op', v: 1, id: 'op-old', seq: 1, at, key: 'key-old', kind: 'metrics', submission: { slotId: 1, submissionId: 2 }, payload: { stage: null, metrics: [['rows', 1]] } };
    await writeFile(join(dir, 'gone.000001.jsonl'), line(legacy));

    // Held, untouched and counted apart, by a queue that was not told to take such writes.
    const online = fakeLuco();
    const cautious = await DeliveryQueue.open(testApi(online.fetch), { store: new FileStore(dir), logLevel: 'off' });
    expect(cautious.stats()).toMatchObject({ queued: 0, otherTargets: [{ baseUrl: null, clientId: null, queued: 1, oldestQueuedAt: new Date(at) }] });
    await cautious.submission(1, 3).submitMetric('own', 1);
    expect(await cautious.flush({ timeout: 5_000 })).toBe(true);
    await cautious.close();
    expect(online.posts().map((call) => call.path)).toEqual(['/v2/slots/1/submissions/3/metrics']);
    const kept = (await journal(dir)).filter((record): record is OperationRecord => record.t === 'op');
    expect(kept).toEqual([legacy]);

    // Told to: it is stamped with this queue's server (so no other queue sends it later) and sent.
    const offline = fakeLuco({ override: () => refused() });
    const adopting = await DeliveryQueue.open(testApi(offline.fetch), { store: new FileStore(dir), logLevel: 'off', deliverUntargeted: true });
    expect(adopting.stats()).toMatchObject({ queued: 1, otherTargets: [] });
    await adopting.close({ timeout: 0 });
    expect((await journal(dir)).filter((record) => record.t === 'op')).toEqual([{ ...legacy, target: TEST_TARGET }]);
    const delivering = await DeliveryQueue.open(testApi(online.fetch), { store: new FileStore(dir), logLevel: 'off' });
    expect(await delivering.flush({ timeout: 5_000 })).toBe(true);
    await delivering.close();
    expect(online.posts().map((call) => call.key)).toEqual([expect.any(String), 'key-old']);
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes over the lock of a process that is gone', async () => {
    const dir = await folder();
    const gonePid = 2 ** 22 + 4321;
    await writeFile(join(dir, 'owner.lock'), JSON.stringify({ pid: gonePid, host: hostname(), tag: 'gone', since: 1 }));
    await writeFile(join(dir, 'gone.writer'), JSON.stringify({ pid: gonePid, host: hostname(), tag: 'gone', since: 1 }));
    const op = { t: 'op', v: 1, id: 'op-1', seq: 1, at: Date.now(), key: 'k', target: TEST_TARGET, kind: 'metrics', submission: { slotId: 1, submissionId: 2 }, payload: { stage: null, metrics: [['rows', 1]] } };
    await writeFile(join(dir, 'gone.000001.jsonl'), line(op));
    const log = memoryLogger();
    const store = new FileStore(dir);
    const queue = await DeliveryQueue.open(testApi(fakeLuco({ override: () => refused() }).fetch), { store, logger: log.logger, logLevel: 'info' });
    expect(store.isOwner).toBe(true);
    expect(log.at('info').join('\n')).toMatch(/Took over the delivery queue .* from a process that is gone \(pid 4198625\)/);
    expect(queue.stats().queued).toBe(1);
    // Taken over: the gone writer's files are rewritten into this process's own.
    const names = await readdir(dir);
    expect(names.some((name) => name.startsWith('gone.'))).toBe(false);
    expect(JSON.parse(await readFile(join(dir, 'owner.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    await queue.close({ timeout: 0 });
  });

  it('a second process queues into its own files; the owner takes them over once it is gone', async () => {
    const dir = await folder();
    const luco = fakeLuco({ override: () => refused() });
    const ownerStore = new FileStore(dir);
    const owner = await DeliveryQueue.open(testApi(luco.fetch), { store: ownerStore, logLevel: 'off' });
    const guestStore = new FileStore(dir);
    const guest = await DeliveryQueue.open(testApi(luco.fetch), { store: guestStore, logLevel: 'off' });
    expect(ownerStore.isOwner).toBe(true);
    expect(guestStore.isOwner).toBe(false);
    await owner.submission(1, 2).submitMetric('from-owner', 1);
    await guest.submission(1, 2).submitMetric('from-guest', 2);
    // While the guest lives, the owner leaves its files alone.
    await ownerStore.maintainNow();
    expect(owner.stats().queued).toBe(1);
    await guest.close({ timeout: 0 });
    await ownerStore.maintainNow();
    expect(owner.stats().queued).toBe(2);
    luco.setOverride(undefined);
    expect(await owner.flush({ timeout: 5_000 })).toBe(true);
    expect(luco.effects.map((effect) => (effect.body as { metrics: Array<{ metric: string }> }).metrics[0]!.metric).sort()).toEqual(['from-guest', 'from-owner']);
    await owner.close();
    expect(await readdir(dir)).toEqual([]);
  });

  it('deletes delivered segments once the queue is idle', async () => {
    const dir = await folder();
    const luco = fakeLuco();
    const queue = await DeliveryQueue.open(testApi(luco.fetch), { store: new FileStore(dir), logLevel: 'off' });
    const run = await queue.createSubmission(9);
    for (let i = 0; i < 20; i++) await run.submitMetric('i', i);
    expect(await queue.flush({ timeout: 5_000 })).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(await segments(dir)).toEqual([]);
    expect(luco.effects).toHaveLength(21);
    await queue.close();
  });

  it('fails open: a folder that cannot be used means memory only, said loudly, and delivery still works', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'a-file'), '');
    const luco = fakeLuco();
    const log = memoryLogger();
    const queue = await DeliveryQueue.open(testApi(luco.fetch), { store: new FileStore(join(dir, 'a-file', 'queue')), logger: log.logger });
    expect(log.at('error').join('\n')).toMatch(/Could not open the delivery queue in .*a-file.*kept in memory only/);
    expect(queue.store).toBeInstanceOf(MemoryStore);
    await queue.submission(1, 2).submitMetric('rows', 1);
    expect(await queue.flush()).toBe(true);
    expect(luco.effects).toHaveLength(1);
    await queue.close();
  });

  it('a full disk keeps writes in memory, says so, still delivers them, and writes them once there is room', async () => {
    const dir = await folder();
    const luco = fakeLuco({ override: () => refused() });
    const log = memoryLogger();
    const queue = await DeliveryQueue.open(testApi(luco.fetch), { store: new FileStore(dir), logger: log.logger, backoff: { initialDelayMs: 60_000 } });
    const run = queue.submission(1, 2);
    await run.submitMetric('before', 1);
    const probe = await open(join(dir, 'probe'), 'w');
    const prototype = Object.getPrototypeOf(probe) as { write: (...args: unknown[]) => Promise<unknown> };
    await probe.close();
    await unlink(join(dir, 'probe'));
    const full = vi.spyOn(prototype, 'write').mockRejectedValueOnce(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    await run.submitMetric('while-full', 2);
    full.mockRestore();
    expect(log.at('error').join('\n')).toMatch(/Could not write the delivery queue in .* \(the disk is full\): 1 queued write\(s\) are kept in memory only, still sent as usual/);
    expect(queue.stats()).toMatchObject({ queued: 2, unwritten: 1 });
    // The next write goes through, with the one kept in memory first.
    await run.submitMetric('after', 3);
    expect(queue.stats().unwritten).toBe(0);
    const onDisk = (await journal(dir)).filter((record): record is OperationRecord => record.t === 'op');
    expect(onDisk.map((record) => (record.payload as { metrics: Array<[string, number]> }).metrics[0]![0])).toEqual(['before', 'while-full', 'after']);
    luco.setOverride(undefined);
    expect(await queue.flush()).toBe(true);
    expect(luco.effects).toHaveLength(3);
    await queue.close();
  });

  it('a process whose files were taken over while it was still alive writes its pending writes anew', async () => {
    const dir = await folder();
    const store = new FileStore(dir);
    const queue = await DeliveryQueue.open(testApi(fakeLuco({ override: () => refused() }).fetch), { store, logLevel: 'off', backoff: { initialDelayMs: 60_000 } });
    await queue.submission(1, 2).submitMetric('rows', 1);
    const [writer] = (await readdir(dir)).filter((name) => name.endsWith('.writer'));
    // What another process does when it judges this one gone: take the files over.
    for (const name of await readdir(dir)) if (name !== 'owner.lock') await unlink(join(dir, name));
    await store.maintainNow();
    const names = await readdir(dir);
    const [newWriter] = names.filter((name) => name.endsWith('.writer'));
    expect(newWriter).toBeDefined();
    expect(newWriter).not.toBe(writer);
    const ops = (await journal(dir)).filter((record) => record.t === 'op');
    expect(ops).toHaveLength(1);
    expect((await segments(dir))[0]!.startsWith(newWriter!.replace('.writer', ''))).toBe(true);
    await queue.close({ timeout: 0 });
  });
});
