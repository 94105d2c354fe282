import type { DryRunResult, MetricRule } from '@lucots/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, luco, lucoJson, removeHomes } from '../support/luco.js';
import { startServer, type TestServer } from '../support/server.js';

/** `luco metrics rules` with the real luco and luco-server binaries. */
let server: TestServer;
let env: NodeJS.ProcessEnv;
const SALES = { client: 'acme', feed: 'sales' };
const DAYS = ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04'];

beforeAll(async () => {
  server = await startServer();
  env = isolatedEnv(server.lucoEnv());
  await server.sdk.submitSlotSequences([{ name: SALES, type: 'Feed', delivery: [{ isActive: true, cadence: 'daily', expectedBy: '09:00', timeZone: 'UTC', startDate: '2026-01-01' }] }]);
  for (const [index, day] of DAYS.entries()) {
    const submission = await server.sdk.createSubmission(await server.sdk.findSlotId(day, SALES));
    await submission.submitMetrics({ rows: index === 3 ? 12 : 1200 + index * 100 }, { stage: 'load' });
    await submission.submitCompletedStatus();
  }
}, 30_000);

afterAll(async () => {
  removeHomes();
  await server?.stop();
});

describe('luco metrics rules', () => {
  it('create from flags, list, show (by name), delete', async () => {
    const created = await lucoJson<MetricRule>(['metrics', 'rules', 'create', '--name', 'volume', '--sequence', 'client=acme,feed=*', '--metric', 'rows', '--stage', 'load', '--kind', 'bounds', '--min', '1000'], { env });
    expect(created).toMatchObject({ name: 'volume', filter: { name: [{ key: 'client', value: 'acme' }, { key: 'feed', value: '*' }] }, metric: 'rows', stage: 'load', kind: 'bounds', min: 1000, max: null, action: 'Failed', enabled: true });
    const listed = await luco(['metrics', 'rules', 'list'], { env });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^id\s+name\s+enabled\s+sequences\s+metric\s+kind\s+settings\s+action\n\s*\d+\s+volume\s+yes\s+client=acme,feed=\*\s+rows \(load\)\s+bounds\s+min=1000\s+Failed\n$/);
    const shown = await luco(['metrics', 'rules', 'show', 'volume'], { env });
    expect(shown.stdout).toMatch(/settings\s+min=1000\n/);
    const deleted = await luco(['metrics', 'rules', 'delete', 'volume'], { env });
    expect(deleted.code, deleted.stderr).toBe(0);
    expect((await luco(['metrics', 'rules', 'show', 'volume'], { env })).code).toBe(3);
  });

  it('dry-run of flags (not stored) and of a stored rule: how often it would have fired', async () => {
    const printed = await luco(['metrics', 'rules', 'dry-run', '--name', 'drop', '--metric', 'rows', '--stage', 'load', '--kind', 'change', '--max-fall', '0.5'], { env });
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toMatch(/2026-01-04T09:00:00.000Z\s+\d+\s+\d+\s+12\s+700 \.\. inf\s+1\s+violated/);
    expect(printed.stdout.trimEnd().split('\n').at(-1)).toBe('4 slots judged in 1 sequence: 1 would have fired, 2 passed, 1 with too little history');
    await luco(['metrics', 'rules', 'create', '--name', 'floor', '--metric', 'rows', '--stage', 'load', '--kind', 'bounds', '--min', '1250', '--disable'], { env });
    const stored = await lucoJson<DryRunResult>(['metrics', 'rules', 'dry-run', 'floor', '--from', '2026-01-02T00:00:00Z'], { env });
    expect(stored).toMatchObject({ judged: 3, violated: 1, passed: 2 });
    expect(stored.verdicts.map((verdict) => [verdict.value, verdict.verdict])).toEqual([[12, 'violated'], [1400, 'passed'], [1300, 'passed']]);
  });

  it('bad rules: the server names the field (exit 2 for a 400); a missing --kind is a usage error', async () => {
    const bad = await luco(['metrics', 'rules', 'create', '--name', 'x', '--metric', 'rows', '--kind', 'bounds', '--min', '5', '--max', '1'], { env });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('min');
    const usage = await luco(['metrics', 'rules', 'create', '--name', 'x', '--metric', 'rows'], { env });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--kind is required');
    expect((await luco(['metrics', 'rules', 'create', '--name', 'x', '--metric', 'rows', '--kind', 'zscore'], { env })).code).toBe(2);
  });
});
