import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect, defaultQueueDir, isolatedEnv, luco, lucoJson, removeHomes, spawnLuco } from '../support/luco.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { closedPort, startServer, type TestServer } from '../support/server.js';

let server: TestServer;
/** A fresh environment per luco call: its own HOME, so its own queue folder (no shared backlog). */
const envFor = (): NodeJS.ProcessEnv => isolatedEnv(server.lucoEnv());
const SEQUENCE = 'client=acme,feed=sales';
const NAME = { client: 'acme', feed: 'sales' };
const node = process.execPath;

/** The submission `luco run` made for a tag: the only one on that tag's slot (read with the SDK). */
async function submissionFor(tag: string): Promise<{ slot: string; submission: string; status: string }> {
  const slotId = await server.sdk.findSlotId(tag, NAME, { createIfMissing: false });
  const { slots } = await server.sdk.findSubmissionsBySlotSequence(NAME, { onlyLatestSlot: false, onlyDeliveredSlots: false, onlyCompletedSubmissions: false });
  const submission = slots.find((slot) => slot.slotId === slotId)?.submissions[0];
  if (!submission) throw new Error(`no submission for tag ${tag}`);
  return { slot: String(slotId), submission: String(submission.slotSubmissionId), status: String(submission.status) };
}

async function statuses(ids: { slot: string; submission: string }): Promise<Array<{ status: string; stage: string; message: string | null }>> {
  const history = (await server.get(`/slots/${ids.slot}/submissions/${ids.submission}/status`)) as { statuses: Array<{ status: string; stage: string; message: string | null }> };
  return history.statuses.map(({ status, stage, message }) => ({ status, stage, message }));
}

beforeAll(async () => {
  server = await startServer();
  await server.sdk.submitSlotSequences([{ name: NAME }]);
}, 30_000);

afterAll(async () => {
  removeHomes();
  await server?.stop();
});

// Every test has its own tag (its own slot), so they run side by side.
describe.concurrent('luco run', () => {
  it('a succeeding command: output streamed, metrics from LUCO_METRICS_FILE, duration, Completed on --stage and Submission', async () => {
    const script = [
      'const fs = require("fs");',
      'console.log("hello from the command");',
      'console.error("progress on stderr");',
      'fs.appendFileSync(process.env.LUCO_METRICS_FILE, "rows=1200\\nsource=sftp\\n# a comment\\nnot a metric\\nratio = 0.5\\n");',
      'console.log("ids", process.env.LUCO_SLOT_ID, process.env.LUCO_SUBMISSION_ID);',
    ].join('\n');
    const env = envFor();
    const result = await luco(['run', '--sequence', SEQUENCE, '--tag', 'ok-run', '--stage', 'load', '--', node, '-e', script], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^hello from the command\nids \d+ \d+\n$/);
    expect(result.stderr).toContain('progress on stderr');
    expect(result.stderr).toContain('LUCO_METRICS_FILE line 4: expected name=value, got "not a metric"');

    const ids = await submissionFor('ok-run');
    expect(result.stdout).toContain(`ids ${ids.slot} ${ids.submission}`);
    expect(ids.status).toBe('Completed');
    const metrics = await server.sdk.getSubmission(Number(ids.slot), Number(ids.submission)).getMetrics({ groupByStage: true });
    expect(metrics.load).toMatchObject({ rows: 1200, source: 'sftp', ratio: 0.5 });
    expect(typeof metrics.load?.durationSeconds).toBe('number');
    expect(metrics.load?.durationSeconds as number).toBeGreaterThanOrEqual(0);
    expect(await statuses(ids)).toEqual([
      { status: 'Completed', stage: 'load', message: null },
      { status: 'Completed', stage: 'Submission', message: null },
    ]);
    const environments = (await server.get(`/slots/${ids.slot}/submissions/${ids.submission}/runenvironment`)) as { runEnvironments: Array<{ stage: string }> };
    expect(environments.runEnvironments).toEqual([expect.objectContaining({ stage: 'load' })]);
    // Recorded through the queue (the default), which luco left empty, in its default folder.
    expect(await lucoJson(['queue', 'status'], { env })).toMatchObject({ queued: 0, folder: defaultQueueDir(env) });
  });

  it('a failing command: its exit code passed through, Failed with the tail of its stderr', async () => {
    const script = 'console.error("x".repeat(6000)); console.error("the real reason: disk full"); process.exit(7)';
    const result = await luco(['run', '--sequence', SEQUENCE, '--tag', 'failed-run', '--', node, '-e', script], { env: envFor() });
    expect(result.code).toBe(7);
    expect(result.stderr).toContain('the real reason: disk full');
    const ids = await submissionFor('failed-run');
    expect(ids.status).toBe('Failed');
    const [failed] = await statuses(ids);
    expect(failed).toMatchObject({ status: 'Failed', stage: 'Submission' });
    expect(failed?.message).toMatch(/x+\nthe real reason: disk full$/);
    expect(failed?.message?.length).toBeLessThanOrEqual(4096);
  });

  it('a silent failure is described by its exit code; a missing command exits 127', async () => {
    const silent = await luco(['run', '--sequence', SEQUENCE, '--tag', 'silent-run', '--', node, '-e', 'process.exit(3)'], { env: envFor() });
    expect(silent.code).toBe(3);
    expect((await statuses(await submissionFor('silent-run')))[0]?.message).toBe('exited with code 3');

    const missing = await luco(['run', '--sequence', SEQUENCE, '--tag', 'missing-run', '--', 'no-such-command-zz'], { env: envFor() });
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain('cannot run no-such-command-zz');
    expect((await submissionFor('missing-run')).status).toBe('Failed');
  });

  it('SIGTERM sent to luco reaches the command; luco exits 128+15 and records "killed by SIGTERM"', async () => {
    // The command reports it is running, then waits; it has no handler, so SIGTERM kills it.
    const child = spawnLuco(['run', '--sequence', SEQUENCE, '--tag', 'signal-run', '--json', '--', node, '-e', 'console.log("ready"); setInterval(() => {}, 1000)'], { env: envFor() });
    const done = collect(child);
    await new Promise<void>((resolve) => child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()));
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(143);
    // With --json, luco's own notes are JSON Lines events on stderr.
    const events = result.stderr.trim().split('\n').map((line) => JSON.parse(line) as { event: string; status?: string });
    expect(events.map((event) => event.event)).toEqual(['started', 'recorded']);
    expect(events[1]?.status).toBe('Failed');
    expect((await statuses(await submissionFor('signal-run')))[0]).toEqual({ status: 'Failed', stage: 'Submission', message: 'killed by SIGTERM' });
  });

  it('--no-queue records directly: when Luco is unreachable the command still runs, its exit code passed through, nothing kept', async () => {
    const port = await closedPort();
    const offline = isolatedEnv({ ...server.lucoEnv(), LUCO_BASE_URL: `http://127.0.0.1:${port}`, LUCO_TOKEN_URL: `http://127.0.0.1:${port}/oauth2/token` });
    const result = await luco(['run', '--sequence', SEQUENCE, '--no-queue', '--max-retries', '0', '--', node, '-e', 'console.log("ran anyway"); process.exit(4)'], { env: offline });
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('ran anyway\n');
    expect(result.stderr).toMatch(/could not record the start of the run in Luco: .*ECONNREFUSED/);
    expect(result.stderr).toContain('not recorded in Luco: durationSeconds, 0 metric(s), status Failed');
    expect(existsSync(defaultQueueDir(offline))).toBe(false);
  });

  it('without any configuration the command still runs', async () => {
    const result = await luco(['run', '--sequence', SEQUENCE, '--', node, '-e', 'console.log("unconfigured")'], { env: isolatedEnv() });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('unconfigured\n');
    expect(result.stderr).toContain('cannot record this run in Luco: missing settings: the base URL (--base-url or LUCO_BASE_URL); ');
  });

  it('a metrics-file line Luco would refuse (a NUL character) is dropped with a warning naming it; the rest is recorded', async () => {
    const script = 'require("fs").appendFileSync(process.env.LUCO_METRICS_FILE, "rows=5\\nbad\\u0000name=1\\nnote=a\\u0000b\\nok=2\\n")';
    const result = await luco(['run', '--sequence', SEQUENCE, '--tag', 'nul-metrics-run', '--', node, '-e', script], { env: envFor() });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/LUCO_METRICS_FILE line 2: dropped, Luco would refuse it: metrics: metric names must not contain a NUL character/);
    expect(result.stderr).toMatch(/LUCO_METRICS_FILE line 3: dropped, Luco would refuse it: metrics\.note: must not contain a NUL character/);
    expect(result.stderr).toMatch(/recorded Completed on submission \d+/);
    const ids = await submissionFor('nul-metrics-run');
    expect(ids.status).toBe('Completed');
    const metrics = await server.sdk.getSubmission(Number(ids.slot), Number(ids.submission)).getMetrics();
    expect(metrics.map((record) => record.metric).sort()).toEqual(['durationSeconds', 'ok', 'rows']);
  });

  it('the Failed message is the stderr tail with secrets redacted: tokens, secret pairs, Authorization, URL passwords, AWS keys, the client secret', async () => {
    const secret = server.admin.clientSecret;
    const lines = [
      'connecting with token=tok-123abc',
      'PASSWORD: hunter2-pw',
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXZhbHVl',
      'url postgres://luco:db-pa55@db.internal:5432/luco',
      'aws AKIAIOSFODNN7EXAMPLE api_key=k-42',
      `the configured secret ${secret} leaked`,
      'the real reason: disk full',
    ];
    const script = `console.error(${JSON.stringify(lines.join('\n'))}); process.exit(6)`;
    const result = await luco(['run', '--sequence', SEQUENCE, '--tag', 'redacted-run', '--', node, '-e', script], { env: envFor() });
    expect(result.code).toBe(6);
    // The terminal gets the command's stderr as it was; only what is sent to Luco is redacted.
    expect(result.stderr).toContain('token=tok-123abc');
    const [failed] = await statuses(await submissionFor('redacted-run'));
    expect(failed).toMatchObject({ status: 'Failed', stage: 'Submission' });
    const message = failed?.message ?? '';
    for (const leaked of ['tok-123abc', 'hunter2-pw', 'eyJhbGciOiJIUzI1NiJ9', 'db-pa55', 'AKIAIOSFODNN7EXAMPLE', 'k-42', secret]) expect(message).not.toContain(leaked);
    expect(message).toContain('connecting with token=[REDACTED]');
    expect(message).toContain('postgres://luco:[REDACTED]@db.internal:5432/luco');
    expect(message).toContain('the configured secret [REDACTED] leaked');
    expect(message).toMatch(/the real reason: disk full$/);
  });

  it('--no-stderr-tail sends none of stderr: the Failed message says only the exit code', async () => {
    const script = 'console.error("password=hunter2 and other private output"); process.exit(5)';
    const result = await luco(['run', '--sequence', SEQUENCE, '--tag', 'no-tail-run', '--no-stderr-tail', '--', node, '-e', script], { env: envFor() });
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('private output');
    expect((await statuses(await submissionFor('no-tail-run')))[0]).toEqual({ status: 'Failed', stage: 'Submission', message: 'exited with code 5' });
  });

  it('a NUL byte on stderr does not cost the Failed status: it is replaced', async () => {
    const script = 'process.stderr.write("binary \\u0000 junk\\n", () => process.exit(9))';
    const result = await luco(['run', '--sequence', SEQUENCE, '--tag', 'nul-stderr-run', '--', node, '-e', script], { env: envFor() });
    expect(result.code).toBe(9);
    expect((await statuses(await submissionFor('nul-stderr-run')))[0]).toEqual({ status: 'Failed', stage: 'Submission', message: 'binary \uFFFD junk' });
  });

  it('a write an older luco left in the queue folder (no server recorded) waits for `queue flush --to-current`; one Luco would refuse is then dead-lettered', async () => {
    const queueDir = mkdtempSync(join(tmpdir(), 'luco-cli-poison-'));
    try {
      // An earlier run's submission, and a metrics write for it with a NUL, as an older luco queued it.
      const slotId = await server.sdk.findSlotId('poisoned-earlier', NAME);
      const earlier = await server.sdk.createSubmission(slotId);
      const op = {
        t: 'op',
        v: 1,
        id: 'legacy-nul-write',
        seq: 1,
        at: Date.now() - 60_000,
        key: 'legacy-nul-key',
        kind: 'metrics',
        submission: { slotId, submissionId: earlier.submissionId },
        payload: { stage: null, metrics: [['bad\u0000name', 1]] },
      };
      mkdirSync(queueDir, { recursive: true });
      writeFileSync(join(queueDir, 'older-luco.000001.jsonl'), `${JSON.stringify(op)}\n`);
      const env = isolatedEnv({ ...server.lucoEnv(), LUCO_QUEUE_DIR: queueDir });
      // Nothing says which server it was for: luco run leaves it alone and records its own run.
      const result = await luco(['run', '--sequence', SEQUENCE, '--tag', 'clean-after-poison', '--', node, '-e', 'console.log("clean")'], { env });
      expect(result.code).toBe(0);
      expect(result.stderr).not.toContain('refused');
      expect(result.stderr).toMatch(/recorded Completed on submission \d+/);
      expect((await submissionFor('clean-after-poison')).status).toBe('Completed');
      expect(await lucoJson(['queue', 'status'], { env })).toMatchObject({ queued: 1, servers: [{ baseUrl: null, clientId: null, queued: 1, configured: false }] });
      const plain = await luco(['queue', 'flush'], { env });
      expect(plain.code).toBe(0);
      expect(plain.stderr).toContain('an unknown server (queued by an older luco): 1 write');
      expect(plain.stderr).toContain('luco queue flush --to-current sends those of an unknown server to this one');

      // Sent to the configured server only when asked: it is refused there, unsent (a NUL), and reported.
      const adopted = await luco(['queue', 'flush', '--to-current'], { env });
      expect(adopted.code).toBe(0);
      expect(adopted.stderr).toMatch(/Luco refused a queued metrics write \(not retried\): .*metric names must not contain a NUL character/);
      expect(await lucoJson(['queue', 'status'], { env })).toMatchObject({ queued: 0, servers: [] });
    } finally {
      rmSync(queueDir, { recursive: true, force: true });
    }
  });

  it("a write Luco keeps failing with a 500 holds back only its own run: the next run in the same folder is recorded", async () => {
    const queueDir = mkdtempSync(join(tmpdir(), 'luco-cli-lane-'));
    const proxy = await startFaultProxy(server.url, (method, path, body) => method === 'POST' && path.endsWith('/metrics') && body.includes('"metric":"poison"'));
    try {
      const env = isolatedEnv({ ...server.lucoEnv(), LUCO_BASE_URL: proxy.url, LUCO_TOKEN_URL: `${proxy.url}/oauth2/token`, LUCO_QUEUE_DIR: queueDir });
      const writePoison = 'require("fs").appendFileSync(process.env.LUCO_METRICS_FILE, "poison=1\\n")';
      const first = await luco(['run', '--sequence', SEQUENCE, '--tag', 'lane-poisoned', '--', node, '-e', writePoison], { env });
      expect(first.code).toBe(0);
      expect(proxy.failed).toBeGreaterThan(0);
      expect(first.stderr).toMatch(/Luco failed 1 write with a server error while taking the others \(tried again later\): 2 writes are queued in /);
      expect(first.stderr).not.toMatch(/recorded Completed/);

      const second = await luco(['run', '--sequence', SEQUENCE, '--tag', 'lane-clean', '--', node, '-e', 'console.log("clean")'], { env });
      expect(second.code).toBe(0);
      expect(second.stderr).toMatch(/recorded Completed on submission \d+/);
      expect(second.stderr).toMatch(/Luco failed 1 write with a server error while taking the others \(tried again later\): 2 writes are queued in /);
      expect((await submissionFor('lane-clean')).status).toBe('Completed');
      // The poisoned run's later write (its Completed status) waits behind the failing one, in order.
      expect((await submissionFor('lane-poisoned')).status).not.toBe('Completed');
      expect(await lucoJson(['queue', 'status'], { env })).toMatchObject({ queued: 2, kinds: { metrics: 1, status: 1 } });
    } finally {
      await proxy.close();
      rmSync(queueDir, { recursive: true, force: true });
    }
  });

  it('a usage error in luco itself does not run the command (exit 2)', async () => {
    const result = await luco(['run', '--sequence', 'nonsense', '--', node, '-e', 'console.log("should not run")'], { env: envFor() });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
  });
});
