import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { createRule, health, verdicts } from '../metric-rules/support.js';
import { sparkJob } from './events.js';
import { lineageApp, postAll, readAsLucoPy } from './support.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const SPARK_STAGE = 'sales_daily.execute_insert_into_hadoop_fs_relation_command.warehouse_sales_daily';
const ROWS = 'warehouse/sales_daily:rowCount';

// A run reported only through OpenLineage is judged by the metric rules as a run reported through
// the wire API: its row count arrives with the COMPLETE event, and a violation is a failed check.
describe('metric rules judge runs that arrive as OpenLineage events', () => {
  it('a COMPLETE whose outputStatistics break a bounds rule records a violated verdict and a failed lucots-anomaly check', async () => {
    t = await lineageApp();
    await createRule(t, { name: 'spark-volume', metric: ROWS, stage: SPARK_STAGE, kind: 'bounds', min: 5000, filter: { name: [{ key: 'namespace', value: 'spark-prod' }, { key: 'job', value: '*' }] } });
    const [, complete] = await postAll(t, [sparkJob('START', '2026-11-27T07:00:00.000Z'), sparkJob('COMPLETE', '2026-11-27T07:02:11.500Z', { rowCount: 1200 })]);

    const recorded = await verdicts(t, `slotSubmissionId=${complete!.submissionId}`);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ metric: ROWS, stage: SPARK_STAGE, value: 1200, verdict: 'violated' });

    const read = await readAsLucoPy(t, complete!.slotId!, complete!.submissionId!);
    const anomaly = read.collections.find((collection: { tool: string }) => collection.tool === 'lucots-anomaly');
    expect(anomaly, JSON.stringify(read.collections)).toBeDefined();
    expect(anomaly.success).toBe(false);
    expect(await health(t, complete!.slotId!)).toBe('QualityFailed');
  });

  it('the COMPLETE\u2019s figures are judged with its status, once: the slot\u2019s health moves straight to QualityFailed', async () => {
    t = await lineageApp();
    await createRule(t, { name: 'spark-volume', metric: ROWS, stage: SPARK_STAGE, kind: 'bounds', min: 5000 });
    const [, complete] = await postAll(t, [sparkJob('START', '2026-11-27T07:00:00.000Z'), sparkJob('COMPLETE', '2026-11-27T07:02:11.500Z', { rowCount: 1200 })]);
    const moves = await t.database.db.selectFrom('slot_transitions').select(['from_state', 'to_state']).where('slot_id', '=', complete!.slotId!).orderBy('id').execute();
    // The figures went in before the status event: no Delivered in between, one judgement.
    expect(moves.map((move) => move.to_state)).not.toContain('Delivered');
    expect(moves.at(-1)?.to_state).toBe('QualityFailed');
    expect(moves.filter((move) => move.to_state === 'QualityFailed')).toHaveLength(1);
  });

  it('a row count inside the bounds passes and leaves the slot delivered', async () => {
    t = await lineageApp();
    await createRule(t, { name: 'spark-volume', metric: ROWS, stage: SPARK_STAGE, kind: 'bounds', min: 1000 });
    const [, complete] = await postAll(t, [sparkJob('START', '2026-11-27T07:00:00.000Z'), sparkJob('COMPLETE', '2026-11-27T07:02:11.500Z', { rowCount: 1200 })]);
    expect((await verdicts(t, `slotSubmissionId=${complete!.submissionId}`)).map((verdict) => verdict.verdict)).toEqual(['passed']);
    expect(await health(t, complete!.slotId!)).toMatch(/^Delivered/);
  });
});
