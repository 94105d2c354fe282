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
  await api.submitSlotSequences({
    name: [{ key: 'client', value: 'acme' }, { key: 'feed', value: 'sales' }],
    type: 'Daily feed',
    delivery: [{ isActive: true, cadence: 'daily', expectedBy: '09:00', timeZone: 'UTC', startDate: '2026-01-01' }],
  });
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
  const latest = await api.findLatestSubmissionBySlotSequence({ client: 'acme', feed: 'sales' }, { expectedAfterUtc: '2026-11-21', expectedBeforeUtc: '2026-11-22' });
  expect(latest).not.toBeNull();
  const run = api.getSubmission(latest!.slotId, latest!.submissionId);
  await expect(run.status()).resolves.toBe('Completed');
  await expect(run.getMetric('extract', 'rows')).resolves.toBe(120);
  await expect(run.getMetric('extract', 'source')).resolves.toBe('generated');
});
