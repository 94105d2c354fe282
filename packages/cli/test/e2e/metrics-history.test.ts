import type { MetricHistory } from '@lucots/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, luco, lucoJson, removeHomes } from '../support/luco.js';
import { startServer, type TestServer } from '../support/server.js';

/** `luco metrics history` with the real luco and luco-server binaries. */
let server: TestServer;
let readerEnv: NodeJS.ProcessEnv;
const SALES = { client: 'acme', feed: 'sales' };
const SEQUENCE = ['--sequence', 'client=acme,feed=sales'];

beforeAll(async () => {
  server = await startServer();
  readerEnv = isolatedEnv(server.lucoEnv(await server.createClient('reader')));
  await server.sdk.submitSlotSequences([{ name: SALES, type: 'Feed', delivery: [{ isActive: true, cadence: 'daily', expectedBy: '09:00', timeZone: 'UTC', startDate: '2026-01-01' }] }]);
  for (const [day, rows] of [['2026-01-01', 1200], ['2026-01-02', 1300], ['2026-01-03', 'n/a'], ['2026-01-04', 12]] as const) {
    const submission = await server.sdk.createSubmission(await server.sdk.findSlotId(day, SALES));
    await submission.submitMetrics({ rows }, { stage: 'load' });
    await submission.submitCompletedStatus();
  }
}, 30_000);

afterAll(async () => {
  removeHomes();
  await server?.stop();
});

describe('luco metrics history', () => {
  it('prints a table and a sparkline of the values (a reader is enough); text values are counted on stderr', async () => {
    const result = await luco(['metrics', 'history', ...SEQUENCE, '--metric', 'rows', '--stage', 'load'], { env: readerEnv });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TAG\s+TIME\s+VALUE\s+SUBMISSION\s+STATUS$/);
    expect(lines[1]).toMatch(/^2026-01-01\s+2026-01-01T09:00:00.000Z\s+1200\s+\d+\s+CompletedWithoutFailures$/);
    expect(lines.slice(1, 4).map((line) => line.split(/\s+/)[0])).toEqual(['2026-01-01', '2026-01-02', '2026-01-04']);
    expect(lines.at(-1)).toBe('rows (load)  ██▁  min 12  max 1300  last 12  (3 points)');
    expect(result.stderr).toContain('1 text value of rows left out');
  });

  it('--json prints the typed result; --from/--to bound it; --every gives every submission', async () => {
    const history = await lucoJson<MetricHistory>(['metrics', 'history', ...SEQUENCE, '--metric', 'rows', '--stage', 'load', '--from', '2026-01-02', '--to', '2026-01-04', '--every'], { env: readerEnv });
    expect(history).toMatchObject({ metric: 'rows', stage: 'load', points: 'every', from: '2026-01-02T00:00:00.000Z', to: '2026-01-04T23:59:59.999Z', nonNumeric: 1, truncated: false });
    expect(history.values.map((point) => point.value)).toEqual([1300, 12]);
  });

  it('no values: says so; an unknown sequence exits 3; a missing --metric is a usage error', async () => {
    const empty = await luco(['metrics', 'history', ...SEQUENCE, '--metric', 'rows'], { env: readerEnv });
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout).toBe('rows: no values\n');
    const unknown = await luco(['metrics', 'history', '--sequence', 'client=nobody', '--metric', 'rows'], { env: readerEnv });
    expect(unknown.code).toBe(3);
    const usage = await luco(['metrics', 'history', ...SEQUENCE], { env: readerEnv });
    expect(usage.code).toBe(2);
  });
});
