import { BadRequestError, ConflictError, type LucoApi, NotFoundError, PermissionDeniedError, ValidationError } from '@lucots/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListening, type ListeningServer } from '../support/listening.js';

/** `luco.metricRules` and `luco.metricVerdicts` over the wire: the real SDK against the real server on loopback. */

let server: ListeningServer;
let admin: LucoApi;
let reader: LucoApi;
const SALES = { client: 'acme', feed: 'sales' };
const DAYS = Array.from({ length: 14 }, (_, index) => `2026-11-${String(index + 17).padStart(2, '0')}`);

async function deliver(day: string, rows: number): Promise<number> {
  const submission = await admin.createSubmission(await admin.findSlotId(day, SALES));
  await submission.submitMetrics({ rows }, { stage: 'load' });
  await submission.submitCompletedStatus();
  return submission.submissionId;
}

beforeAll(async () => {
  server = await startListening({ now: Date.parse('2026-12-04T12:00:00Z') });
  admin = await server.sdk('admin');
  reader = await server.sdk('reader');
  await admin.submitSlotSequences([{ name: SALES, type: 'Feed', delivery: [{ isActive: true, cadence: 'daily', expectedBy: '09:00', timeZone: 'UTC', startDate: '2026-11-17' }] }]);
  for (const day of DAYS) await deliver(day, 1000);
}, 60_000);
afterAll(async () => server?.close());

describe('luco.metricRules', () => {
  it('create, get, list, update, delete: typed rules with their defaults', async () => {
    const rule = await admin.metricRules.create({ name: 'volume', filter: { name: [{ key: 'client', value: 'acme' }] }, metric: 'rows', stage: 'load', kind: 'seasonal', weeks: 2, minHistory: 2 });
    expect(rule).toMatchObject({ ruleId: expect.any(Number), enabled: true, action: 'Failed', kind: 'seasonal', weeks: 2, k: 3, minHistory: 2, minSpreadRatio: 0.05 });
    expect(await admin.metricRules.get(rule.ruleId)).toEqual(rule);
    expect(await admin.metricRules.list()).toEqual([rule]);
    const changed = await admin.metricRules.update(rule.ruleId, { name: 'volume', metric: 'rows', stage: 'load', kind: 'bounds', min: 500, enabled: false });
    expect(changed).toMatchObject({ kind: 'bounds', min: 500, max: null, enabled: false });
    await expect(admin.metricRules.create({ name: 'volume', metric: 'rows', kind: 'bounds', max: 1 })).rejects.toBeInstanceOf(ConflictError);
    await admin.metricRules.delete(rule.ruleId);
    await expect(admin.metricRules.get(rule.ruleId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('bad rules: a BadRequestError naming the field; a kind the SDK does not know fails before a request; readers may not', async () => {
    const error = await admin.metricRules.create({ name: 'x', metric: 'rows', kind: 'bounds', min: 5, max: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).problem?.errors).toEqual([{ field: 'min', message: expect.stringContaining('must not be above max') }]);
    await expect(admin.metricRules.create({ name: 'x', metric: 'rows', kind: 'zscore' as 'bounds' })).rejects.toBeInstanceOf(ValidationError);
    await expect(reader.metricRules.list()).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it('a dry run (a body, or a stored rule) says how often the rule would have fired; the live rule then records the same verdict', async () => {
    const body = { name: 'drop', metric: 'rows', stage: 'load', kind: 'change' as const, maxFall: 0.5 };
    const dry = await admin.metricRules.dryRun(body, { from: '2026-11-18T00:00:00Z', limit: 2 });
    expect(dry).toMatchObject({ sequences: 1, judged: 13, passed: 13, violated: 0, insufficientHistory: 0 });
    expect(dry.verdicts.map((verdict) => verdict.slotTime)).toEqual(['2026-11-30T09:00:00.000Z', '2026-11-29T09:00:00.000Z']);

    const rule = await admin.metricRules.create(body);
    const submissionId = await deliver('2026-12-01', 10);
    const [live] = await reader.metricVerdicts({ slotSubmissionId: submissionId });
    expect(live).toMatchObject({ ruleId: rule.ruleId, verdict: 'violated', value: 10, lower: 500, upper: null, center: 1000, historySize: 1 });
    const replay = await admin.metricRules.dryRun(rule.ruleId, { from: new Date('2026-12-01T00:00:00Z') });
    expect(replay).toMatchObject({ judged: 1, violated: 1 });
    const { verdictId: _id, evaluatedOn: _on, ...judged } = live!;
    expect(replay.verdicts[0]).toEqual({ ...judged, verdictId: null, evaluatedOn: null });
    expect(await reader.metricVerdicts({ ruleId: rule.ruleId, verdict: 'passed' })).toEqual([]);
  });
});
