import { LucoApi } from '@lucots/sdk';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runPipeline } from './typescript-pipeline.js';

/** Both examples, run for real against a real luco-server process (built by `npm test`). */

const root = fileURLToPath(new URL('..', import.meta.url));
const cwd = mkdtempSync(join(tmpdir(), 'luco-examples-'));
let server: ReturnType<typeof spawn>;
let env: Record<string, string>;
let api: LucoApi;

beforeAll(async () => {
  server = spawn(process.execPath, [join(root, 'packages/server/bin/luco-server.js'), 'serve', '--port', '0', '--db', join(cwd, 'luco.db')], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 15_000);
    server.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /luco-server listening on (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  const admin = JSON.parse(readFileSync(join(cwd, 'admin-credentials.luco.json'), 'utf8')) as { clientId: string; clientSecret: string };
  env = { LUCO_BASE_URL: url, LUCO_TOKEN_URL: `${url}/oauth2/token`, LUCO_CLIENT_ID: admin.clientId, LUCO_CLIENT_SECRET: admin.clientSecret, LUCO_RESOURCE_ID: 'luco' };
  api = new LucoApi({ env, logLevel: 'off' });
  // The file the README imports (and `npm start` too): the examples run against its sequence.
  const imported = await api.submitSlotSequences(JSON.parse(readFileSync(join(root, 'examples/sequences.json'), 'utf8')) as Array<Record<string, unknown>>);
  expect(imported.counts.created).toBeGreaterThan(0);
}, 30_000);

afterAll(() => {
  server?.kill('SIGTERM');
});

it('examples/typescript-pipeline.ts records a completed run with its metrics and quality', async () => {
  const result = await runPipeline(api, '2026-11-20');
  expect(result.rows).toBe(250);
  const run = api.getSubmission(result.slotId, result.submissionId);
  await expect(run.status()).resolves.toBe('Completed');
  await expect(run.getMetric('extract', 'rows')).resolves.toBe(250);
  expect(await run.getQuality()).toEqual([expect.objectContaining({ name: 'orders', success: true, action: 'Continued' })]);
});

it('examples/shell-pipeline.sh runs its steps through `luco run`, recording what they report', async () => {
  const luco = `${process.execPath} ${join(root, 'packages/cli/bin/luco.js')}`;
  const { stdout } = await promisify(execFile)('bash', [join(root, 'examples/shell-pipeline.sh'), '2026-11-21'], {
    env: { ...process.env, ...env, LUCO: luco, XDG_CONFIG_HOME: cwd, LUCO_QUEUE_DIR: join(cwd, 'queue'), NO_COLOR: '1' },
  });
  expect(stdout).toContain('total amount:');
  // The sequence is unscheduled: the run made the slot of its tag.
  const slotId = await api.findSlotId('2026-11-21', { client: 'acme', feed: 'sales' }, { createIfMissing: false });
  const [slot] = (await api.slotsOverview({ slotId })).items;
  expect(slot?.lastSubmissionId).toEqual(expect.any(Number));
  const run = api.getSubmission(slotId, slot!.lastSubmissionId as number);
  await expect(run.status()).resolves.toBe('Completed');
  await expect(run.getMetric('extract', 'rows')).resolves.toBe(120);
  await expect(run.getMetric('extract', 'source')).resolves.toBe('generated');
});
