import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LucoApi } from '@lucots/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLucoServer } from '../../../../scripts/luco-server-process.mjs';
import { collect, isolatedEnv, luco, removeHomes, spawnLuco } from '../support/luco.js';
import { startServer, type TestServer } from '../support/server.js';

/** `luco wait` with the real luco and luco-server binaries: exit codes, output, a server restart mid-wait. */
let server: TestServer;
let readerEnv: NodeJS.ProcessEnv;
const SALES = { client: 'acme', feed: 'sales' };
const today = new Date().toISOString().slice(0, 10);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const args = (tag: string, ...more: string[]) => ['wait', '--sequence', 'client=acme,feed=sales', '--tag', tag, ...more];

/** Resolves once luco says it waits, and a moment more for its first long poll to reach the server. */
async function waitUntilWaiting(child: ReturnType<typeof spawnLuco>): Promise<void> {
  await new Promise<void>((resolve) => {
    const onData = (chunk: Buffer) => {
      if (chunk.toString().includes('waiting for')) {
        child.stderr?.off('data', onData);
        resolve();
      }
    };
    child.stderr?.on('data', onData);
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
}

beforeAll(async () => {
  server = await startServer();
  // A reader is enough to wait.
  readerEnv = isolatedEnv(server.lucoEnv(await server.createClient('reader')));
  await server.sdk.submitSlotSequences([{ name: SALES, type: 'Feed', delivery: [{ isActive: true, cadence: 'daily', expectedBy: '23:59', timeZone: 'UTC', startDate: daysAgo(30) }] }]);
}, 30_000);

afterAll(async () => {
  removeHomes();
  await server?.stop();
});

describe('luco wait', () => {
  it('waits for the run and exits 0 once it passes; progress on stderr, the verdict on stdout', async () => {
    const slotId = await server.sdk.findSlotId(today, SALES);
    const child = spawnLuco(args(today, '--timeout', '1m'), { env: readerEnv });
    const result = collect(child);
    await waitUntilWaiting(child);
    const submission = await server.sdk.createSubmission(slotId);
    await submission.submitCompletedStatus();
    const done = await result;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/^passed: Submission \d+ Completed/);
    expect(done.stderr).toContain(`luco: waiting for client=acme,feed=sales ${today} to pass (policy noCancelledChecks), at most 1m`);
    expect(done.stderr).toContain(`luco: client=acme,feed=sales ${today}: passed: Submission`);
  });

  it('a failed run exits 7 with its message; --json prints the verdict', async () => {
    const submission = await server.sdk.createSubmission(await server.sdk.findSlotId(daysAgo(1), SALES));
    await submission.submitFailedStatus('disk full');
    const result = await luco([...args(daysAgo(1), '--timeout', '30s'), '--json'], { env: readerEnv });
    expect(result.code, result.stderr).toBe(7);
    expect(JSON.parse(result.stdout)).toMatchObject({ verdict: 'failed', timedOut: false, reasons: [{ code: 'runFailed', message: expect.stringContaining('disk full') }] });
  });

  it('a quality stop exits 7 naming the checks, unless --policy completed', async () => {
    const submission = await server.sdk.createSubmission(await server.sdk.findSlotId(daysAgo(2), SALES));
    await submission.submitQuality({ checks: [{ check: 'no_nulls', success: false }] }, { stage: 'load', action: 'Cancelled' });
    await submission.submitCompletedStatus();
    const strict = await luco(args(daysAgo(2), '--timeout', '30s'), { env: readerEnv });
    expect(strict.code, strict.stderr).toBe(7);
    expect(strict.stdout).toMatch(/^failed: .*action Cancelled.*\(no_nulls\)/);
    const lenient = await luco(args(daysAgo(2), '--timeout', '30s', '--policy', 'completed'), { env: readerEnv });
    expect(lenient.code, lenient.stderr).toBe(0);
  });

  it('still pending when --timeout passes: exit 8', async () => {
    const result = await luco(args(daysAgo(3), '--timeout', '2s'), { env: readerEnv });
    expect(result.code, result.stderr).toBe(8);
    expect(result.stdout).toMatch(/^pending \(timed out after 2s\): No submission yet/);
  });

  it('bad names and tags: the server\'s problem, exit 3; a bad policy or timeout is a usage error', async () => {
    const unknown = await luco(['wait', '--sequence', 'client=nobody', '--tag', today, '--timeout', '5s'], { env: readerEnv });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('client=nobody');
    const badTag = await luco(args('someday', '--timeout', '5s'), { env: readerEnv });
    expect(badTag.code).toBe(3);
    expect(badTag.stderr).toContain('does not expect the tag');
    expect((await luco(args(today, '--policy', 'strict'), { env: readerEnv })).code).toBe(2);
    expect((await luco(args(today, '--timeout', 'soon'), { env: readerEnv })).code).toBe(2);
  });
});

describe('a server restart during a wait', () => {
  let folder: string;
  afterAll(async () => folder && rm(folder, { recursive: true, force: true }));

  it('luco keeps waiting through the restart and exits 0 when the run completes on the new process', async () => {
    folder = await mkdtemp(join(tmpdir(), 'luco-wait-restart-'));
    const db = join(folder, 'luco.db');
    const start = (port = 0) => startLucoServer({ args: ['--db', db, '--log-level', 'warn'], cwd: folder, env: { LUCO_DATABASE_URL: '' }, port, timeoutMs: 15_000 });
    const first = await start();
    const admin = JSON.parse(await readFile(join(folder, 'admin-credentials.luco.json'), 'utf8')) as { clientId: string; clientSecret: string };
    const sdk = (url: string) => new LucoApi({ baseUrl: url, tokenUrl: `${url}/oauth2/token`, ...admin, resourceId: 'luco', logLevel: 'off', env: {} });
    await sdk(first.url).submitSlotSequences([{ name: SALES, type: 'Feed', delivery: [{ isActive: true, cadence: 'daily', expectedBy: '23:59', timeZone: 'UTC', startDate: daysAgo(30) }] }]);
    const env = isolatedEnv({ LUCO_BASE_URL: first.url, LUCO_TOKEN_URL: `${first.url}/oauth2/token`, LUCO_CLIENT_ID: admin.clientId, LUCO_CLIENT_SECRET: admin.clientSecret, LUCO_RESOURCE_ID: 'luco' });
    const child = spawnLuco(args(today, '--timeout', '1m'), { env });
    const result = collect(child);
    await waitUntilWaiting(child);

    await first.stop();
    const port = Number(new URL(first.url).port);
    const second = await start(port);
    try {
      const client = sdk(second.url);
      const submission = await client.createSubmission(await client.findSlotId(today, SALES));
      await submission.submitCompletedStatus();
      const done = await result;
      expect(done.code, done.stderr).toBe(0);
      expect(done.stdout).toMatch(/^passed/);
      expect(done.stderr).toContain('cannot reach Luco');
    } finally {
      child.kill();
      await second.stop();
    }
  }, 60_000);
});
