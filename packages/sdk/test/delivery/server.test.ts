import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FetchLike } from '../../src/core/transport.js';
import {
  BadRequestError,
  DeliveryQueue,
  type DeliveryRecord,
  FileStore,
  type LucoApi,
  SlotSequenceNotFoundError,
} from '../../src/index.js';
import { memoryLogger } from './fake-luco.js';
import { PIPELINE_WRITES, SEQUENCE, SEQUENCE_IMPORT, pipeline } from './fixtures/steps.js';
import {
  adminCredentials,
  apiFor,
  assertServerBuilt,
  bearer,
  type Credentials,
  getJson,
  lastJson,
  type LucoServer,
  runScript,
  startLuco,
} from './support/luco-server.js';

/**
 * The delivery queue against a real `luco-server` process on loopback (SQLite), with pipeline
 * and replay processes of their own: what the server holds afterwards is read back through the
 * SDK and the status history route.
 */

const folders: string[] = [];
const servers: LucoServer[] = [];
const execFileAsync = promisify(execFile);
const SERVER_BIN = fileURLToPath(new URL('../../../server/bin/luco-server.js', import.meta.url));

beforeAll(() => assertServerBuilt());
afterAll(async () => {
  for (const server of servers.splice(0)) await server.stop('SIGKILL');
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function start(folder: string, port = 0): Promise<LucoServer> {
  const server = await startLuco(folder, port);
  servers.push(server);
  return server;
}

/** A fresh server with the ad hoc sequence imported. */
async function bootstrap(): Promise<{ folder: string; server: LucoServer; credentials: Credentials; api: LucoApi }> {
  const folder = await mkdtemp(join(tmpdir(), 'lucots-delivery-'));
  folders.push(folder);
  const server = await start(folder);
  const credentials = await adminCredentials(folder);
  const api = apiFor(server.url, credentials);
  const imported = await api.submitSlotSequences([SEQUENCE_IMPORT]);
  expect(imported.counts.created).toBe(1);
  return { folder, server, credentials, api };
}

interface RunView {
  submissions: number;
  status: string | null;
  startTime: string | null;
  statuses: Array<{ status: string; stage: string | null; createdOn: string }>;
  metrics: Array<[string | null, string, number | string]>;
  quality: number;
  runEnvironments: Array<Record<string, unknown>>;
}

/** What the server holds for one pipeline run (its slot is the tag's). */
async function serverView(url: string, credentials: Credentials, tag: string): Promise<RunView> {
  const api = apiFor(url, credentials);
  const slotId = await api.findSlotId(tag, SEQUENCE, { createIfMissing: false });
  const found = await api.findSubmissionsBySlotSequence(SEQUENCE, {
    onlyLatestSlot: false,
    onlyDeliveredSlots: false,
    onlyCompletedSubmissions: false,
    onlyLatestSubmission: false,
  });
  const submissions = found.slots.filter((slot) => slot.slotId === slotId).flatMap((slot) => slot.submissions);
  const submissionId = submissions[0]!.slotSubmissionId;
  const submission = api.getSubmission(slotId, submissionId);
  const details = await submission.details();
  const token = await bearer(url, credentials);
  const base = `${url}/slots/${slotId}/submissions/${submissionId}`;
  const { statuses } = await getJson<{ statuses: RunView['statuses'] }>(`${base}/status`, token);
  const { runEnvironments } = await getJson<{ runEnvironments: Array<{ runData: Record<string, unknown> }> }>(`${base}/runenvironment`, token);
  const metrics = await submission.getMetrics({ includeDuplicates: true });
  return {
    submissions: submissions.length,
    status: details.status,
    startTime: details.startTime,
    statuses: statuses.map(({ status, stage, createdOn }) => ({ status, stage, createdOn })),
    metrics: metrics.map((record) => [record.stage ?? null, record.metric, record.value]),
    quality: (await submission.getQuality()).length,
    runEnvironments: runEnvironments.map((item) => item.runData),
  };
}

/** Exactly the pipeline's writes, each once, in order; times within `window` when given. */
function expectPipeline(view: RunView, tag: string, window?: { start: number; end: number }): void {
  expect(view).toMatchObject({
    submissions: 1,
    status: 'Completed',
    quality: 1,
    runEnvironments: [{ platform: 'delivery-test', runId: tag }],
    metrics: [
      ['extract', 'rows', 10],
      ['extract', 'rows', 12],
      ['load', 'loaded', 12],
      ['load', 'source', 'sftp'],
    ],
  });
  expect(view.statuses.map(({ status, stage }) => [status, stage])).toEqual([
    ['In Progress', 'extract'],
    ['Completed', 'extract'],
    ['Completed', 'Submission'],
  ]);
  const times = [view.startTime!, ...view.statuses.map((status) => status.createdOn)].map((time) => Date.parse(time));
  expect([...times].sort((a, b) => a - b)).toEqual(times);
  if (window) {
    // The times the pipeline ran, not the times the queue delivered.
    for (const time of times) {
      expect(time).toBeGreaterThanOrEqual(window.start);
      expect(time).toBeLessThanOrEqual(window.end);
    }
  }
}

async function queueFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.jsonl'));
}

/** Queues `tags` into `dir` in this process while the server is unreachable at `url`. */
async function queueOffline(url: string, credentials: Credentials, dir: string, tags: string[]): Promise<void> {
  const queue = await DeliveryQueue.open(apiFor(url, credentials), { store: new FileStore(dir), logLevel: 'off', backoff: { initialDelayMs: 60_000 } });
  for (const tag of tags) await pipeline(queue, tag);
  const stats = await queue.close({ timeout: 0 });
  expect(stats.queued).toBe(PIPELINE_WRITES * tags.length);
}

describe.sequential('delivery queue against a real LucoTS server', { timeout: 60_000 }, () => {
  it('a pipeline run while the server is down is delivered by a new process: each write once, in order, with the times it ran', async () => {
    const { folder, server, credentials } = await bootstrap();
    const downUrl = server.url;
    await server.stop();
    const dir = join(folder, 'queue');

    const run = await runScript('pipeline.ts', { url: downUrl, credentials, dir, tags: ['offline-1'] });
    expect(run.code).toBe(0);
    const pipelineOut = lastJson<{ start: number; end: number; stats: { queued: number; sent: number } }>(run.stdout);
    expect(pipelineOut.stats).toMatchObject({ queued: PIPELINE_WRITES, sent: 0 });
    // It ended by itself (nothing kept it alive) and said what was left and where.
    expect(run.stderr).toContain(`${PIPELINE_WRITES} queued write(s) to Luco were not delivered before the process exited; they are kept in ${dir}`);
    expect(await queueFiles(dir)).not.toHaveLength(0);

    // The same server back on its address: the queue delivers only to the server it was queued for.
    const restarted = await start(folder, server.port);
    const replay = await runScript('replay.ts', { url: restarted.url, credentials, dir });
    expect(replay.code).toBe(0);
    expect(lastJson(replay.stdout)).toMatchObject({
      owner: true,
      replayed: PIPELINE_WRITES,
      flushed: true,
      stats: { queued: 0, sent: PIPELINE_WRITES, dropped: 0, deadLettered: 0 },
    });
    expectPipeline(await serverView(restarted.url, credentials, 'offline-1'), 'offline-1', pipelineOut);
    // Nothing is left behind: no files, and another start has nothing to send.
    expect(await readdir(dir)).toEqual([]);
    const again = await DeliveryQueue.open(apiFor(restarted.url, credentials), { store: new FileStore(dir), logLevel: 'off' });
    expect(again.stats().queued).toBe(0);
    await again.close();
    await restarted.stop();
  });

  it('the server killed (SIGKILL) mid-batch and restarted: the replay completes with no duplicates', async () => {
    const { folder, server, credentials } = await bootstrap();
    const { port, url } = server;
    await server.stop();
    const dir = join(folder, 'queue');
    const tags = ['kill-1', 'kill-2', 'kill-3'];
    await queueOffline(url, credentials, dir, tags);

    let current = await start(folder, port);
    let restarting: Promise<void> | undefined;
    const keys: string[] = [];
    let delivered = 0;
    // After the 8th write is applied, the server dies before its answer arrives: the queue
    // sees a reset, so the write is sent again after the restart, with the same key.
    const killing: FetchLike = async (input, init) => {
      const response = await fetch(input, init);
      if (init.method !== 'POST' || input.endsWith('/oauth2/token')) return response;
      keys.push((init.headers as Record<string, string>)['idempotency-key']!);
      if (response.ok && ++delivered === 8) {
        await current.stop('SIGKILL');
        restarting = new Promise<void>((resolve, reject) => {
          setTimeout(() => start(folder, port).then((next) => ((current = next), resolve()), reject), 300);
        });
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
      }
      return response;
    };
    const replay = await DeliveryQueue.open(apiFor(url, credentials, { fetch: killing }), {
      store: new FileStore(dir),
      logLevel: 'off',
      concurrency: 1,
      backoff: { initialDelayMs: 100, maxDelayMs: 400 },
    });
    expect(replay.stats().queued).toBe(PIPELINE_WRITES * tags.length);
    // Generous under a loaded CI machine (about 5 s alone); a failure says whether the restart worked.
    const flushed = await replay.flush({ timeout: 60_000 });
    const restart = await restarting?.then(
      () => 'restarted',
      (error: Error) => `the restart failed: ${error.message}`,
    );
    expect({ flushed, restart, stats: replay.stats() }).toMatchObject({ flushed: true, restart: 'restarted' });
    const stats = await replay.close();
    expect(stats).toMatchObject({ queued: 0, sent: PIPELINE_WRITES * tags.length, deadLettered: 0, dropped: 0 });
    expect(stats.retried).toBeGreaterThan(0);
    // The write whose answer was lost went twice, with one key; the server applied it once.
    const repeated = keys.filter((key, index) => keys.indexOf(key) !== index);
    expect(repeated).toHaveLength(1);
    for (const tag of tags) expectPipeline(await serverView(current.url, credentials, tag), tag);
    await current.stop();
  }, 120_000);

  it('the pipeline process killed (SIGKILL) mid-delivery: a new process resends what it had not recorded, and nothing is duplicated', async () => {
    const { folder, server, credentials } = await bootstrap();
    const dir = join(folder, 'queue');
    const crashed = await runScript('pipeline.ts', { url: server.url, credentials, dir, tags: ['crash-1'], killAfterPosts: 5 });
    expect(crashed.signal).toBe('SIGKILL');
    const replay = await runScript('replay.ts', { url: server.url, credentials, dir });
    const out = lastJson<{ replayed: number; stats: { sent: number; queued: number } }>(replay.stdout);
    // At least the write answered just before the kill was sent again (its acknowledgement died with the process).
    expect(out.replayed).toBeGreaterThanOrEqual(PIPELINE_WRITES - 5 + 1);
    expect(out.stats).toMatchObject({ queued: 0, sent: out.replayed });
    expectPipeline(await serverView(server.url, credentials, 'crash-1'), 'crash-1');
    await server.stop();
  });

  it('two processes replaying one queue folder at once, or two copies of it: no duplicates', async () => {
    const { folder, server, credentials } = await bootstrap();
    const { url } = server;
    await server.stop();
    const shared = join(folder, 'shared');
    await queueOffline(url, credentials, shared, ['shared-1', 'shared-2']);
    const original = join(folder, 'twin-a');
    await queueOffline(url, credentials, original, ['twin-1']);
    const copy = join(folder, 'twin-b');
    await cp(original, copy, { recursive: true });
    const restarted = await start(folder, server.port);
    const config = { url: restarted.url, credentials };

    type ReplayOut = { owner: boolean; flushed: boolean; stats: { sent: number; queued: number } };
    const [first, second, twinA, twinB] = await Promise.all([
      runScript('replay.ts', { ...config, dir: shared }),
      runScript('replay.ts', { ...config, dir: shared }),
      runScript('replay.ts', { ...config, dir: original }),
      runScript('replay.ts', { ...config, dir: copy }),
    ]);
    const outs = [first, second, twinA, twinB].map((result) => lastJson<ReplayOut>(result.stdout));
    for (const out of outs) expect(out).toMatchObject({ flushed: true, stats: { queued: 0 } });
    // One folder: one process delivers each write (the lock), the other has nothing of its own.
    expect(outs[0]!.stats.sent + outs[1]!.stats.sent).toBe(2 * PIPELINE_WRITES);
    // Two copies: both deliver every write, with the same keys; the server applies each once.
    expect(outs[2]!.stats.sent).toBe(PIPELINE_WRITES);
    expect(outs[3]!.stats.sent).toBe(PIPELINE_WRITES);
    for (const tag of ['shared-1', 'shared-2', 'twin-1']) expectPipeline(await serverView(restarted.url, credentials, tag), tag);
    expect(await readdir(shared)).toEqual([]);
    await restarted.stop();
  });

  it('a full queue drops the oldest writes and counts them; the rest is delivered', async () => {
    const { folder, server, credentials, api } = await bootstrap();
    const slotId = await api.findSlotId('full-1', SEQUENCE);
    const submission = await api.createSubmission(slotId);
    await server.stop();
    const dir = join(folder, 'queue');
    const log = memoryLogger();
    const offline = await DeliveryQueue.open(apiFor(server.url, credentials), { store: new FileStore(dir), maxItems: 5, logger: log.logger, backoff: { initialDelayMs: 60_000 } });
    const run = offline.submission(slotId, submission.submissionId);
    await run.submitMetric('m1', 1, { stage: 'load' });
    // A write in flight is never dropped: wait until the first attempt has failed.
    await vi.waitFor(() => expect(offline.stats()).toMatchObject({ inFlight: 0, retried: 1 }), { timeout: 5_000 });
    for (let i = 2; i <= 8; i++) await run.submitMetric(`m${i}`, i, { stage: 'load' });
    const stats = await offline.close({ timeout: 0 });
    expect(stats).toMatchObject({ queued: 5, dropped: 3 });
    expect(log.at('warn').filter((line) => /bounds reached \(maxItems 5/.test(line))).toHaveLength(1);

    const restarted = await start(folder, server.port);
    const replay = await DeliveryQueue.open(apiFor(restarted.url, credentials), { store: new FileStore(dir), logLevel: 'off' });
    expect(await replay.flush({ timeout: 10_000 })).toBe(true);
    await replay.close();
    const metrics = await apiFor(restarted.url, credentials).getSubmission(slotId, submission.submissionId).getMetrics({ includeDuplicates: true });
    expect(metrics.map((record) => record.metric)).toEqual(['m4', 'm5', 'm6', 'm7', 'm8']);
    expect(replay.stats()).toMatchObject({ sent: 5, dropped: 0 });
    await restarted.stop();
  });

  it('writes queued for one server are never delivered to another: they wait in the folder for their own', async () => {
    const a = await bootstrap();
    const b = await bootstrap();
    const { port } = a.server;
    await a.server.stop();
    const dir = join(a.folder, 'queue');
    await queueOffline(a.server.url, a.credentials, dir, ['server-a']);

    // A queue for server B on the same folder sends nothing of A's, and says what waits for whom.
    const onB = await DeliveryQueue.open(apiFor(b.server.url, b.credentials), { store: new FileStore(dir), logLevel: 'off' });
    expect(onB.target).toEqual({ baseUrl: b.server.url, clientId: b.credentials.clientId });
    expect(onB.stats()).toMatchObject({
      queued: 0,
      otherTargets: [{ baseUrl: a.server.url, clientId: a.credentials.clientId, queued: PIPELINE_WRITES, oldestQueuedAt: expect.any(Date) }],
    });
    expect(await onB.flush({ timeout: 2_000 })).toBe(true);
    await onB.close();
    await expect(b.api.findSlotId('server-a', SEQUENCE, { createIfMissing: false })).rejects.toThrow();
    // Compacted into B's process's file, untouched: every record still names server A.
    const kept = (await Promise.all((await queueFiles(dir)).map((name) => readFile(join(dir, name), 'utf8')))).join('');
    const ops = kept.split('\n').filter((line) => line.includes('"t":"op"')).map((line) => JSON.parse(line) as { target: unknown });
    expect(ops).toHaveLength(PIPELINE_WRITES);
    for (const op of ops) expect(op.target).toEqual({ baseUrl: a.server.url, clientId: a.credentials.clientId });

    // Server A with another client id is another target too.
    const restarted = await start(a.folder, port);
    expect(restarted.url).toBe(a.server.url);
    const { stdout } = await execFileAsync(process.execPath, [SERVER_BIN, 'clients', 'create', '--role', 'writer', '--json', '--db', join(a.folder, 'luco.db')], { cwd: a.folder });
    const writer = JSON.parse(stdout) as Credentials;
    const asWriter = await DeliveryQueue.open(apiFor(restarted.url, writer), { store: new FileStore(dir), logLevel: 'off' });
    expect(asWriter.stats()).toMatchObject({ queued: 0, otherTargets: [{ baseUrl: a.server.url, clientId: a.credentials.clientId, queued: PIPELINE_WRITES }] });
    await asWriter.close();

    // Server A, as the client that queued them (its URL written with a trailing slash: the same
    // server once normalised): delivered, each once.
    const onA = await DeliveryQueue.open(apiFor(`${restarted.url}/`, a.credentials, { tokenUrl: `${restarted.url}/oauth2/token` }), {
      store: new FileStore(dir),
      logLevel: 'off',
    });
    expect(onA.stats()).toMatchObject({ queued: PIPELINE_WRITES, otherTargets: [] });
    expect(await onA.flush({ timeout: 10_000 })).toBe(true);
    await onA.close();
    expectPipeline(await serverView(restarted.url, a.credentials, 'server-a'), 'server-a');
    expect(await readdir(dir)).toEqual([]);
    await restarted.stop();
    await b.server.stop();
  });

  it('a write the server refuses is dead-lettered, with what depends on it; the rest is delivered', async () => {
    const { folder, server, credentials } = await bootstrap();
    const dead: Array<{ record: DeliveryRecord; error: unknown }> = [];
    const queue = await DeliveryQueue.open(apiFor(server.url, credentials), {
      store: new FileStore(join(folder, 'queue')),
      logLevel: 'off',
      onDeadLetter: (record, error) => void dead.push({ record, error }),
    });
    const slot = await queue.findSlot('dead-1', SEQUENCE);
    const run = await queue.createSubmission(slot);
    await run.submitMetric('rows', 1, { stage: 'load' });
    await run.submitStatus('Paused', { stage: 'load' }); // not a status the server knows
    await run.submitMetric('rows', 2, { stage: 'load' });
    await run.submitCompletedStatus();
    // A run on a sequence that does not exist: its slot, submission and metric are all refused.
    const lost = await queue.createSubmission(await queue.findSlot('x', { client: 'nobody' }));
    await lost.submitMetric('rows', 3);
    expect(await queue.flush({ timeout: 10_000 })).toBe(true);
    await queue.close();

    expect(dead.map(({ record }) => record.kind).sort()).toEqual(['metrics', 'slot', 'status', 'submission']);
    const status = dead.find(({ record }) => record.kind === 'status')!;
    expect(status.error).toBeInstanceOf(BadRequestError);
    expect(status.record.payload).toMatchObject({ status: 'Paused', stage: 'load' });
    expect(dead.find(({ record }) => record.kind === 'slot')!.error).toBeInstanceOf(SlotSequenceNotFoundError);
    expect(queue.stats()).toMatchObject({ sent: 5, deadLettered: 4, queued: 0 });

    const { slotId, submissionId } = await run.resolved();
    const submission = apiFor(server.url, credentials).getSubmission(slotId, submissionId);
    expect((await submission.getMetrics({ includeDuplicates: true })).map((record) => record.value)).toEqual([1, 2]);
    expect(await submission.status()).toBe('Completed');
    const history = await getJson<{ statuses: Array<{ status: string }> }>(
      `${server.url}/slots/${slotId}/submissions/${submissionId}/status`,
      await bearer(server.url, credentials),
    );
    expect(history.statuses.map((event) => event.status)).toEqual(['Completed']);
    await server.stop();
  });
});
