import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { outbox, pass, rule as alertRule, webhookChannel } from '../alerts/support.js';
import { createRule, DAY, dailyHistory, health, liveRun, MONDAY, postMetrics, unscheduledSequence, verdicts, weekly } from './support.js';

let t: TestApp;
afterEach(async () => t?.close());

async function setUp(): Promise<number> {
  t = await createTestApp({ now: MONDAY - 100 * DAY });
  return unscheduledSequence(t);
}

async function quality(slotId: number, submissionId: number): Promise<Array<Record<string, any>>> {
  const response = await t.app.inject({ method: 'GET', url: `/v2/slots/${slotId}/submissions/${submissionId}/quality` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().collections;
}

describe('metric rules judge a submission when it completes', () => {
  it('weekly seasonality: a normal Monday (3x a Sunday) and a normal Sunday pass the seasonal rule; a Monday at a tenth is violated', async () => {
    const sequenceId = await setUp();
    await dailyHistory(t, sequenceId, MONDAY, 70, weekly);
    const seasonal = await createRule(t, { name: 'volume', kind: 'seasonal' });
    const change = await createRule(t, { name: 'jumps', kind: 'change', maxRise: 0.25, maxFall: 0.25 });

    const monday = await liveRun(t, sequenceId, MONDAY, { rows: weekly(MONDAY) });
    const mondayVerdicts = await verdicts(t, `slotSubmissionId=${monday.submissionId}`);
    expect(mondayVerdicts.find((v) => v.ruleId === seasonal.ruleId)).toMatchObject({ verdict: 'passed', historySize: 8, value: weekly(MONDAY) });
    // A rule blind to the week would have fired: the Monday is half again the Sunday before... and 3x it.
    expect(mondayVerdicts.find((v) => v.ruleId === change.ruleId)).toMatchObject({ verdict: 'violated', center: weekly(MONDAY - DAY) });

    await t.app.inject({ method: 'PUT', url: `/lucots/v1/metric-rules/${change.ruleId}`, payload: { name: 'jumps', metric: 'rows', stage: 'load', kind: 'change', maxRise: 0.25, enabled: false } });
    const sunday = await liveRun(t, sequenceId, MONDAY + 6 * DAY, { rows: weekly(MONDAY + 6 * DAY) });
    expect(await verdicts(t, `slotSubmissionId=${sunday.submissionId}`)).toEqual([expect.objectContaining({ ruleId: seasonal.ruleId, verdict: 'passed' })]);
    expect(await health(t, sunday.slotId)).toBe('Delivered');

    const low = await liveRun(t, sequenceId, MONDAY + 7 * DAY, { rows: 300 });
    const [verdict] = await verdicts(t, `slotSubmissionId=${low.submissionId}`);
    expect(verdict).toMatchObject({ ruleId: seasonal.ruleId, verdict: 'violated', value: 300, slotId: low.slotId, metric: 'rows', stage: 'load' });
    expect(verdict!.lower).toBeGreaterThan(2500);
    expect(await health(t, low.slotId)).toBe('QualityFailed');
  });

  it('a step change violates the change rule, with the band around the previous value', async () => {
    const sequenceId = await setUp();
    await dailyHistory(t, sequenceId, MONDAY, 10, () => 1000);
    await createRule(t, { name: 'step', kind: 'change', maxRise: 0.5, maxFall: 0.5 });
    const run = await liveRun(t, sequenceId, MONDAY, { rows: 2000 });
    expect(await verdicts(t)).toEqual([expect.objectContaining({ verdict: 'violated', value: 2000, lower: 500, upper: 1500, center: 1000, historySize: 1, slotSubmissionId: run.submissionId })]);
    const [collection] = await quality(run.slotId, run.submissionId);
    expect(collection).toMatchObject({
      tool: 'lucots-anomaly',
      success: false,
      action: 'Continued',
      checks: [{ check: 'rows (stage load) = 2000, expected 500 to 1500 [change rule "step"]', success: false, observed: { value: 2000, lower: 500, upper: 1500, verdict: 'violated' }, onFail: { Action: 'warn' } }],
    });
  });

  it('a drop to zero: every kind fires, the slot is QualityFailed, and the alert names the metric, the value and the band', async () => {
    const sequenceId = await setUp();
    await dailyHistory(t, sequenceId, MONDAY, 35, (at) => 1_200_000 + ((at / DAY) % 3) * 1000);
    const channel = await webhookChannel(t);
    await alertRule(t, [channel], { events: ['quality_failed'] });
    await createRule(t, { name: 'floor', kind: 'bounds', min: 1 });
    await createRule(t, { name: 'fall', kind: 'change', maxFall: 0.5 });
    await createRule(t, { name: 'weekday', kind: 'seasonal', weeks: 4 });
    const run = await liveRun(t, sequenceId, MONDAY, { rows: 0 });
    expect((await verdicts(t)).map((v) => v.verdict)).toEqual(['violated', 'violated', 'violated']);
    expect(await health(t, run.slotId)).toBe('QualityFailed');
    await pass(t);
    const [opened] = await outbox(t);
    expect(opened).toMatchObject({ event: 'opened' });
    expect(opened!.summary).toContain('failed quality checks');
    const row = await t.database.db.selectFrom('notifications').select('payload_json').executeTakeFirstOrThrow();
    const details = (JSON.parse(row.payload_json) as { data: { details: string[] } }).data.details.join('\n');
    expect(details).toContain('Failed checks: rows (stage load) = 0, expected at least 1 [bounds rule "floor"]');
    expect(details).toContain('rows (stage load) = 0, expected at least 601188 [change rule "fall"]');
    expect(details).toMatch(/rows \(stage load\) = 0, expected 1\d{6} to 1\d{6} \[seasonal rule "weekday"\]/);
  });

  it('a rule with action Cancelled makes a violation a demand to stop: QualityCancelled', async () => {
    const sequenceId = await setUp();
    await createRule(t, { name: 'floor', kind: 'bounds', min: 1, action: 'Cancelled' });
    const run = await liveRun(t, sequenceId, MONDAY, { rows: 0 });
    expect(await health(t, run.slotId)).toBe('QualityCancelled');
    const [collection] = await quality(run.slotId, run.submissionId);
    expect(collection).toMatchObject({ action: 'Cancelled', checks: [{ success: false, onFail: { Action: 'fail' } }] });
  });

  it('a missing metric gets no verdict and no check; text values are no value', async () => {
    const sequenceId = await setUp();
    await dailyHistory(t, sequenceId, MONDAY, 10, () => 1000);
    await createRule(t, { name: 'floor', kind: 'bounds', min: 1 });
    const run = await liveRun(t, sequenceId, MONDAY, { bytes: 0 });
    const text = await liveRun(t, sequenceId, MONDAY + DAY, { rows: 'many' });
    expect(await verdicts(t)).toEqual([]);
    expect(await quality(run.slotId, run.submissionId)).toEqual([]);
    expect(await quality(text.slotId, text.submissionId)).toEqual([]);
    expect(await health(t, run.slotId)).toBe('Delivered');
  });

  it('too little history: insufficient_history, a passing check, never a violation', async () => {
    const sequenceId = await setUp();
    await dailyHistory(t, sequenceId, MONDAY, 20, () => 1000);
    await createRule(t, { name: 'weekday', kind: 'seasonal' });
    await createRule(t, { name: 'other metric', metric: 'bytes', kind: 'change', maxFall: 0 });
    const run = await liveRun(t, sequenceId, MONDAY, { rows: 0, bytes: 0 });
    expect((await verdicts(t)).map((v) => [v.verdict, v.historySize, v.lower])).toEqual([
      ['insufficient_history', 0, null],
      ['insufficient_history', 2, null],
    ]);
    expect(await health(t, run.slotId)).toBe('Delivered');
    const [collection] = await quality(run.slotId, run.submissionId);
    expect(collection!.success).toBe(true);
    expect(collection!.checks[0].check).toBe('rows (stage load) = 0, not judged: too little history (2 earlier points) [seasonal rule "weekday"]');
  });

  it('metrics recorded after the completion are judged, and judging again replaces the verdicts and their check', async () => {
    const sequenceId = await setUp();
    await dailyHistory(t, sequenceId, MONDAY, 5, () => 1000);
    const floor = await createRule(t, { name: 'floor', kind: 'bounds', min: 100 });
    const run = await liveRun(t, sequenceId, MONDAY, { rows: 5 }, { metricsAfter: true });
    expect(await verdicts(t)).toEqual([expect.objectContaining({ ruleId: floor.ruleId, verdict: 'violated', value: 5 })]);
    expect(await health(t, run.slotId)).toBe('QualityFailed');
    await postMetrics(t, run.slotId, run.submissionId, { rows: 900 });
    expect(await verdicts(t)).toEqual([expect.objectContaining({ ruleId: floor.ruleId, verdict: 'passed', value: 900 })]);
    expect((await quality(run.slotId, run.submissionId)).map((c) => [c.tool, c.success])).toEqual([['lucots-anomaly', true]]);
    expect(await health(t, run.slotId)).toBe('Delivered');
  });

  it('rules on one metric share a read: a change rule still finds a previous point older than a seasonal look-back', async () => {
    const sequenceId = await setUp();
    await dailyHistory(t, sequenceId, MONDAY - 60 * DAY, 5, () => 700);
    await createRule(t, { name: 'weekday', kind: 'seasonal', weeks: 4 });
    await createRule(t, { name: 'step', kind: 'change', maxRise: 0.1 });
    await liveRun(t, sequenceId, MONDAY, { rows: 1000 });
    expect((await verdicts(t)).map((v) => [v.verdict, v.historySize, v.center])).toEqual([
      ['violated', 1, 700],
      ['insufficient_history', 0, null],
    ]);
  });

  it('disabled rules and rules whose filter does not match judge nothing', async () => {
    const sequenceId = await setUp();
    await createRule(t, { name: 'off', kind: 'bounds', min: 1, enabled: false });
    await createRule(t, { name: 'elsewhere', kind: 'bounds', min: 1, filter: { name: [{ key: 'client', value: 'other*' }] } });
    const mine = await createRule(t, { name: 'mine', kind: 'bounds', min: 1, filter: { name: [{ key: 'client', value: 'ac*' }, { key: 'feed', value: '*' }] } });
    await liveRun(t, sequenceId, MONDAY, { rows: 0 });
    expect((await verdicts(t)).map((v) => v.ruleId)).toEqual([mine.ruleId]);
  });
});

describe('the dry run', () => {
  it('replays a rule over the history exactly as the live rule then judges the same submissions', async () => {
    const sequenceId = await setUp();
    await dailyHistory(t, sequenceId, MONDAY, 63, weekly);
    const body = (name: string, settings: Record<string, unknown>) => ({ name, metric: 'rows', stage: 'load', ...settings });
    const bodies = [body('seasonal', { kind: 'seasonal', weeks: 6, minHistory: 3 }), body('change', { kind: 'change', maxRise: 0.4, maxFall: 0.4 }), body('bounds', { kind: 'bounds', min: 1500 })];
    // Before: how often each would have fired on the history.
    const before = await t.app.inject({ method: 'POST', url: '/lucots/v1/metric-rules/dry-run', payload: { rule: bodies[0], limit: 3 } });
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json()).toMatchObject({ sequences: 1, judged: 63, violated: 0 });
    expect(before.json().verdicts).toHaveLength(3);
    expect(before.json().insufficientHistory).toBe(21);

    const rules = [];
    for (const rule of bodies) rules.push(await createRule(t, rule));
    const live = [];
    const values = [weekly(MONDAY), 0, weekly(MONDAY + 2 * DAY), 7000, weekly(MONDAY + 4 * DAY), 500, weekly(MONDAY + 6 * DAY), 2900];
    for (const [day, rows] of values.entries()) live.push(await liveRun(t, sequenceId, MONDAY + day * DAY, { rows }));
    const from = new Date(MONDAY).toISOString();
    const comparable = (v: Record<string, any>) => [v.slotId, v.slotSubmissionId, v.value, v.lower, v.upper, v.center, v.verdict, v.historySize];
    for (const rule of rules) {
      const stored = (await verdicts(t, `ruleId=${rule.ruleId}`)).map(comparable);
      expect(stored).toHaveLength(values.length);
      const replay = await t.app.inject({ method: 'GET', url: `/lucots/v1/metric-rules/${rule.ruleId}/dry-run?from=${from}` });
      expect(replay.statusCode, replay.body).toBe(200);
      expect(replay.json().verdicts.map(comparable)).toEqual(stored);
      expect(replay.json().violated).toBe(stored.filter((v) => v[6] === 'violated').length);
    }
    expect((await verdicts(t, 'verdict=violated')).length).toBeGreaterThanOrEqual(6);
    expect(live).toHaveLength(8);
  });
});
