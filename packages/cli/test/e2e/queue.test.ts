import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isolatedEnv, luco, lucoJson, removeHomes } from '../support/luco.js';
import { startFaultProxy, startProxy } from '../support/fault-proxy.js';
import { closedPort, startServer, type TestServer } from '../support/server.js';

/**
 * `luco run` while Luco is unreachable: the command's exit code stands, its writes stay in the
 * queue folder, and `luco queue flush` delivers them later with the run's real times, once.
 */

let server: TestServer;
const SEQUENCE = 'client=offline,feed=orders';
const NAME = { client: 'offline', feed: 'orders' };
const node = process.execPath;
const folders: string[] = [];

interface ServerStatus {
  baseUrl: string | null;
  clientId: string | null;
  queued: number;
  oldest: string | null;
  submissions: number;
  kinds: Record<string, number>;
  configured: boolean;
}

interface QueueStatus {
  folder: string;
  queued: number;
  oldest: string | null;
  submissions: number;
  kinds: Record<string, number>;
  servers: ServerStatus[];
}

beforeAll(async () => {
  server = await startServer();
  await server.sdk.submitSlotSequences([{ name: NAME }]);
}, 30_000);

afterAll(async () => {
  removeHomes();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  await server?.stop();
});

/** The submissions on the slot of a tag, with their status history and metrics (duplicates included). */
async function recorded(tag: string) {
  const slotId = await server.sdk.findSlotId(tag, NAME, { createIfMissing: false });
  const { slots } = await server.sdk.findSubmissionsBySlotSequence(NAME, {
    onlyLatestSlot: false,
    onlyDeliveredSlots: false,
    onlyCompletedSubmissions: false,
    onlyLatestSubmission: false,
  });
  const submissions = slots.find((slot) => slot.slotId === slotId)?.submissions ?? [];
  const [first] = submissions;
  const statuses = first
    ? ((await server.get(`/slots/${slotId}/submissions/${first.slotSubmissionId}/status`)) as { statuses: Array<{ status: string; stage: string; message: string | null; createdOn: string }> }).statuses
    : [];
  const metrics = first ? await server.sdk.getSubmission(slotId, first.slotSubmissionId).getMetrics({ includeDuplicates: true }) : [];
  return { submissions, statuses, metrics };
}

it('runs offline keep their exit codes and stay queued; `luco queue flush` delivers each run once, with its real times', async () => {
  const queueDir = mkdtempSync(join(tmpdir(), 'luco-cli-queue-'));
  folders.push(queueDir);
  // Luco's address, with nothing listening there yet: Luco is down. Later a proxy to the real
  // server listens there: the same Luco, back (queued writes go only to the server they were for).
  const port = await closedPort();
  const lucoUrl = `http://127.0.0.1:${port}`;
  const offline = isolatedEnv({ ...server.lucoEnv(), LUCO_BASE_URL: lucoUrl, LUCO_TOKEN_URL: `${lucoUrl}/oauth2/token`, LUCO_QUEUE_DIR: queueDir });
  const online = offline;

  // A succeeding command while Luco is unreachable: exit 0, well within the flush timeout (10 s).
  const before = Date.now();
  const script = 'require("fs").appendFileSync(process.env.LUCO_METRICS_FILE, "rows=42\\n"); console.log("ids", process.env.LUCO_SLOT_ID ?? "-")';
  const ok = await luco(['run', '--sequence', SEQUENCE, '--tag', 'offline-ok', '--', node, '-e', script], { env: offline });
  const after = Date.now();
  expect(ok.code).toBe(0);
  expect(after - before).toBeLessThan(8_000);
  // The ids are unknown while Luco is unreachable: the command runs without them.
  expect(ok.stdout).toBe('ids -\n');
  expect(ok.stderr).toMatch(/Luco is unreachable .*ECONNREFUSED/);
  expect(ok.stderr).toContain(`5 writes are queued in ${queueDir}; the next \`luco run\` or \`luco queue flush\` delivers them`);

  // A failing command offline: its exit code stands; the first run's writes are still queued too.
  const failed = await luco(['run', '--sequence', SEQUENCE, '--tag', 'offline-failed', '--flush-timeout', '2', '--', node, '-e', 'console.error("boom: no input"); process.exit(7)'], {
    env: offline,
  });
  expect(failed.code).toBe(7);
  expect(failed.stderr).toContain('boom: no input');
  expect(failed.stderr).toContain(`10 writes are queued in ${queueDir}`);

  const status = await lucoJson<QueueStatus>(['queue', 'status'], { env: offline });
  const kinds = { slot: 2, submission: 2, runEnvironment: 2, metrics: 2, status: 2 };
  expect(status).toEqual({
    folder: queueDir,
    queued: 10,
    oldest: expect.any(String),
    submissions: 2,
    kinds,
    servers: [{ baseUrl: lucoUrl, clientId: server.admin.clientId, queued: 10, oldest: status.oldest, submissions: 2, kinds, configured: true }],
  });
  expect(Date.parse(status.oldest!)).toBeGreaterThanOrEqual(before);
  expect(Date.parse(status.oldest!)).toBeLessThanOrEqual(after);
  // Nothing reached the server.
  await expect(server.sdk.findSlotId('offline-ok', NAME, { createIfMissing: false })).rejects.toThrow();

  // Still unreachable: exit 5 with the count, everything kept.
  const stillDown = await luco(['queue', 'flush'], { env: offline });
  expect(stillDown.code).toBe(5);
  expect(stillDown.stderr).toMatch(/Luco is unreachable .*: 10 writes still queued in /);

  // Luco is back: one flush delivers both runs.
  const back = await startProxy(server.url, { port });
  const flushedAt = Date.now();
  const flush = await luco(['queue', 'flush', '--json'], { env: online }).finally(() => back.close());
  expect(flush.code).toBe(0);
  expect(JSON.parse(flush.stdout)).toEqual({
    folder: queueDir,
    server: { baseUrl: lucoUrl, clientId: server.admin.clientId },
    delivered: 10,
    refused: 0,
    dropped: 0,
    queued: 0,
    oldest: null,
    otherServers: [],
  });
  expect((await lucoJson<QueueStatus>(['queue', 'status'], { env: online })).queued).toBe(0);

  const run = await recorded('offline-ok');
  expect(run.submissions).toHaveLength(1);
  const [submission] = run.submissions;
  expect(submission?.status).toBe('Completed');
  // startedOn is when the run happened, not when it was delivered.
  const startedOn = Date.parse(String(submission?.startedOn));
  expect(startedOn).toBeGreaterThanOrEqual(before);
  expect(startedOn).toBeLessThanOrEqual(after);
  expect(flushedAt - startedOn).toBeGreaterThan(1_000);
  expect(run.statuses).toEqual([expect.objectContaining({ status: 'Completed', stage: 'Submission' })]);
  expect(Date.parse(run.statuses[0]!.createdOn)).toBeLessThanOrEqual(after);
  expect(run.metrics.map((metric) => metric.metric).sort()).toEqual(['durationSeconds', 'rows']);
  expect(run.metrics.find((metric) => metric.metric === 'rows')?.value).toBe(42);

  const failedRun = await recorded('offline-failed');
  expect(failedRun.submissions).toHaveLength(1);
  expect(failedRun.submissions[0]?.status).toBe('Failed');
  expect(failedRun.statuses).toEqual([expect.objectContaining({ status: 'Failed', stage: 'Submission', message: 'boom: no input' })]);
  expect(failedRun.metrics.map((metric) => metric.metric)).toEqual(['durationSeconds']);

  // A second flush has nothing to send, and the server still holds each run once.
  const again = await luco(['queue', 'flush'], { env: online });
  expect(again.code).toBe(0);
  expect(again.stderr).toContain(`nothing queued in ${queueDir}`);
  expect((await recorded('offline-ok')).submissions).toHaveLength(1);
  expect((await recorded('offline-ok')).metrics).toHaveLength(2);
  expect((await recorded('offline-failed')).submissions).toHaveLength(1);
});

it('the next `luco run` delivers what earlier runs left, then its own run', async () => {
  const queueDir = mkdtempSync(join(tmpdir(), 'luco-cli-queue-'));
  folders.push(queueDir);
  const port = await closedPort();
  const down = { LUCO_BASE_URL: `http://127.0.0.1:${port}`, LUCO_TOKEN_URL: `http://127.0.0.1:${port}/oauth2/token` };
  const offline = isolatedEnv({ ...server.lucoEnv(), ...down });
  const online = isolatedEnv({ ...server.lucoEnv(), ...down });

  const first = await luco(['run', '--sequence', SEQUENCE, '--tag', 'backlog-1', '--queue-dir', queueDir, '--max-retries', '0', '--', node, '-e', 'process.exit(0)'], { env: offline });
  expect(first.code).toBe(0);
  expect((await lucoJson<QueueStatus>(['queue', 'status', '--queue-dir', queueDir], { env: offline })).queued).toBe(5);

  const back = await startProxy(server.url, { port });
  const second = await luco(['run', '--sequence', SEQUENCE, '--tag', 'backlog-2', '--queue-dir', queueDir, '--json', '--', node, '-e', 'console.log(process.env.LUCO_SUBMISSION_ID)'], {
    env: online,
  }).finally(() => back.close());
  expect(second.code).toBe(0);
  expect(second.stdout).toMatch(/^\d+\n$/);
  const events = second.stderr.trim().split('\n').map((line) => JSON.parse(line) as { event: string; queued?: number });
  expect(events.map((event) => event.event)).toEqual(['backlog', 'started', 'recorded']);
  expect(events[0]?.queued).toBe(5);
  expect((await lucoJson<QueueStatus>(['queue', 'status', '--queue-dir', queueDir], { env: online })).queued).toBe(0);
  expect((await recorded('backlog-1')).submissions).toEqual([expect.objectContaining({ status: 'Completed' })]);
  expect((await recorded('backlog-2')).submissions).toEqual([expect.objectContaining({ status: 'Completed' })]);
});

it('a refused run (unknown sequence) is reported, not retried, and the exit code still stands', async () => {
  const env = isolatedEnv(server.lucoEnv());
  const result = await luco(['run', '--sequence', 'client=nobody,feed=none', '--tag', 'x', '--', node, '-e', 'process.exit(2)'], { env });
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/Luco refused this run's slot look-up \(not retried\): SlotSequenceNotFoundError/);
  expect(result.stderr).toContain('not recorded in Luco: durationSeconds, 0 metric(s), status Failed');
  expect((await lucoJson<QueueStatus>(['queue', 'status'], { env })).queued).toBe(0);
});

it('writes queued for one server are never delivered to another: `luco queue flush` sends only the configured server\'s, and says what waits for which', async () => {
  const other = await startServer();
  const queueDir = mkdtempSync(join(tmpdir(), 'luco-cli-queue-'));
  folders.push(queueDir);
  try {
    await other.sdk.submitSlotSequences([{ name: NAME }]);
    // Server A (this file's server) is down at its address while a run queues its writes.
    const port = await closedPort();
    const aUrl = `http://127.0.0.1:${port}`;
    const onA = isolatedEnv({ ...server.lucoEnv(), LUCO_BASE_URL: aUrl, LUCO_TOKEN_URL: `${aUrl}/oauth2/token`, LUCO_QUEUE_DIR: queueDir });
    const onB = isolatedEnv({ ...other.lucoEnv(), LUCO_QUEUE_DIR: queueDir });
    const run = await luco(['run', '--sequence', SEQUENCE, '--tag', 'meant-for-a', '--flush-timeout', '2', '--', node, '-e', 'process.exit(0)'], { env: onA });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`5 writes are queued in ${queueDir}`);

    // Now configured for server B: nothing of A's is sent to it, and luco says what waits for whom.
    const flushB = await luco(['queue', 'flush'], { env: onB });
    expect(flushB.code).toBe(0);
    expect(flushB.stderr).toContain(`luco: nothing queued in ${queueDir} for ${other.url} (client ${other.admin.clientId})`);
    expect(flushB.stderr).toMatch(
      new RegExp(`luco: 5 writes in ${queueDir} wait for other servers, not sent here: ${aUrl.replace(/\./g, '\\.')} \\(client ${server.admin.clientId}\\): 5 writes, oldest \\d{4}-`),
    );
    await expect(other.sdk.findSlotId('meant-for-a', NAME, { createIfMissing: false })).rejects.toThrow();
    // A run against B delivers its own writes only; A's stay.
    const runB = await luco(['run', '--sequence', SEQUENCE, '--tag', 'meant-for-b', '--', node, '-e', 'process.exit(0)'], { env: onB });
    expect(runB.stderr).toMatch(/recorded Completed on submission \d+/);
    await expect(other.sdk.findSlotId('meant-for-a', NAME, { createIfMissing: false })).rejects.toThrow();

    const status = await lucoJson<QueueStatus>(['queue', 'status'], { env: onB });
    expect(status.queued).toBe(5);
    expect(status.servers).toEqual([
      { baseUrl: aUrl, clientId: server.admin.clientId, queued: 5, oldest: expect.any(String), submissions: 1, kinds: { slot: 1, submission: 1, runEnvironment: 1, metrics: 1, status: 1 }, configured: false },
    ]);
    const human = await luco(['queue', 'status'], { env: onA });
    expect(human.stdout).toContain(`for     ${aUrl} (client ${server.admin.clientId}): 5 writes (`);
    expect(human.stdout).toContain(', the configured server');

    // Server A back at its address: its flush delivers them there.
    const back = await startProxy(server.url, { port });
    const flushA = await luco(['queue', 'flush'], { env: onA }).finally(() => back.close());
    expect(flushA.code).toBe(0);
    expect(flushA.stderr).toContain(`luco: delivered 5 writes to ${aUrl} (client ${server.admin.clientId}); nothing left for it in ${queueDir}`);
    expect((await recorded('meant-for-a')).submissions).toEqual([expect.objectContaining({ status: 'Completed' })]);
    expect((await lucoJson<QueueStatus>(['queue', 'status'], { env: onB })).queued).toBe(0);
  } finally {
    await other.stop();
  }
});

it('a write Luco keeps failing is reported as held back, with when it is tried again, not as Luco unreachable', async () => {
  const queueDir = mkdtempSync(join(tmpdir(), 'luco-cli-queue-'));
  folders.push(queueDir);
  const proxy = await startFaultProxy(server.url, (method, path, body) => method === 'POST' && path.endsWith('/metrics') && body.includes('"metric":"poison"'));
  try {
    const env = isolatedEnv({ ...server.lucoEnv(), LUCO_BASE_URL: proxy.url, LUCO_TOKEN_URL: `${proxy.url}/oauth2/token`, LUCO_QUEUE_DIR: queueDir });
    const writePoison = 'require("fs").appendFileSync(process.env.LUCO_METRICS_FILE, "poison=1\\n")';
    const run = await luco(['run', '--sequence', SEQUENCE, '--tag', 'held-back', '--', node, '-e', writePoison], { env });
    expect(run.code).toBe(0);
    expect((await lucoJson<QueueStatus>(['queue', 'status'], { env })).queued).toBe(2);

    const flush = await luco(['queue', 'flush'], { env });
    expect(flush.code).toBe(5);
    expect(flush.stderr).toMatch(
      /^luco: error: Luco failed a write with a server error: it is held back, with the writes of its run behind it; tried again at \d{4}-\d\d-\d\dT[\d:.]+Z: 2 writes still queued in /m,
    );
    expect(flush.stderr).not.toContain('unreachable');
    const json = await luco(['queue', 'flush', '--json'], { env });
    expect(json.code).toBe(5);
    const out = JSON.parse(json.stdout) as { reason: string; nextAttemptAt: string | null; queued: number };
    expect(out.queued).toBe(2);
    expect(out.reason).toMatch(/^Luco failed a write with a server error: it is held back/);
    expect(Date.parse(out.nextAttemptAt ?? '')).toBeGreaterThan(Date.now());
  } finally {
    await proxy.close();
  }
});
