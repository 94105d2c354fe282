import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { insertSequence } from '../submissions/support.js';
import { dbtRun, dbtTestNode, failedRun, RUN_IDS, SCHEMA_URL, sparkJob } from './events.js';
import { lineageApp, postAll, postEvent, readAsLucoPy } from './support.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const SPARK_JOB = 'sales_daily.execute_insert_into_hadoop_fs_relation_command.warehouse_sales_daily';

describe('Spark: outputStatistics become metrics named by dataset', () => {
  it('records rowCount, size and fileCount of the output under the job\u2019s stage, as get_metrics reads them', async () => {
    t = await lineageApp();
    const [start, complete] = await postAll(t, [sparkJob('START', '2026-11-27T07:00:00.000Z'), sparkJob('COMPLETE', '2026-11-27T07:02:11.500Z')]);
    expect(complete!.submissionId).toBe(start!.submissionId);
    const read = await readAsLucoPy(t, complete!.slotId!, complete!.submissionId!);
    expect(read.definition.submission.status).toBe('Completed');
    expect(read.metrics.map((m: { stage: string; metric: string; value: unknown }) => [m.stage, m.metric, m.value])).toEqual([
      [SPARK_JOB, 'warehouse/sales_daily:rowCount', 1200],
      [SPARK_JOB, 'warehouse/sales_daily:size', 48213],
      [SPARK_JOB, 'warehouse/sales_daily:fileCount', 2],
    ]);
    expect(read.environments.runEnvironments[0].runData).toMatchObject({ platform: 'spark', engineVersion: '3.5.1', integration: 'SPARK', openLineageRunId: RUN_IDS.spark });
  });

  it('takes the figures of the terminal event only, so a late RUNNING with other figures changes nothing', async () => {
    t = await lineageApp();
    const running = { ...sparkJob('COMPLETE', '2026-11-27T07:01:00Z', { rowCount: 600 }), eventType: 'RUNNING' };
    const [complete] = await postAll(t, [sparkJob('COMPLETE', '2026-11-27T07:02:11Z', { rowCount: 1200 }), running]);
    const read = await readAsLucoPy(t, complete!.slotId!, complete!.submissionId!);
    expect(read.metrics.find((m: { metric: string }) => m.metric === 'warehouse/sales_daily:rowCount').value).toBe(1200);
  });
});

describe('dbt: dataQualityAssertions become a v2 quality collection', () => {
  const assertions = [
    { assertion: 'not_null', success: true, column: 'order_id', severity: 'error' },
    { assertion: 'unique', success: false, column: 'order_id', severity: 'error', name: 'unique_orders_order_id', actual: '3', expected: '0' },
    { assertion: 'accepted_values', success: true, column: 'status', severity: 'warn' },
  ];

  it('records one collection per dataset with a check per assertion; an error-severity failure cancels', async () => {
    t = await lineageApp();
    const outcomes = await postAll(t, [
      dbtRun('START', '2026-11-27T08:00:00Z'),
      dbtTestNode('START', '2026-11-27T08:00:02Z', []),
      dbtTestNode('COMPLETE', '2026-11-27T08:00:09Z', assertions),
      dbtRun('COMPLETE', '2026-11-27T08:00:10Z'),
    ]);
    expect(new Set(outcomes.map((o) => o.submissionId)).size).toBe(1);
    const read = await readAsLucoPy(t, outcomes[0]!.slotId!, outcomes[0]!.submissionId!);
    expect(read.collections).toHaveLength(1);
    const collection = read.collections[0];
    expect(collection).toMatchObject({ stage: 'analytics.dbt_prod.orders.test', action: 'Cancelled', success: false, dataSet: 'analytics.dbt_prod.orders', tool: 'DBT' });
    expect(collection.checks.map((check: { check: string; success: boolean }) => [check.check, check.success])).toEqual([
      ['not_null(order_id)', true],
      ['unique_orders_order_id', false],
      ['accepted_values(status)', true],
    ]);
    expect(collection.checks[1]).toMatchObject({ observed: '3', checkArgs: { assertion: 'unique', column: 'order_id', expected: '0' }, onFail: { action: 'fail' } });
    expect(read.definition.submission.lastSubmissionStatus).toBe('CompletedWithoutFailures');
  });
});

describe('FAIL and ABORT', () => {
  it('a FAIL marks the submission Failed with the errorMessage facet\u2019s message', async () => {
    t = await lineageApp();
    const [, failed] = await postAll(t, [failedRun('START', '2026-11-27T09:00:00Z'), failedRun('FAIL', '2026-11-27T09:00:42Z')]);
    const read = await readAsLucoPy(t, failed!.slotId!, failed!.submissionId!);
    expect(read.definition.submission).toMatchObject({ status: 'Failed', endedOn: '2026-11-27T09:00:42.000Z', lastSubmissionStatus: 'Failed' });
    expect(read.definition.slot.slotStatus).toBe('Failed');
    expect(read.statuses.at(-1)).toMatchObject({
      status: 'Failed',
      stage: 'Submission',
      type: 'OpenLineage FAIL',
      message: 'org.apache.spark.sql.AnalysisException: Table or view not found: wrong_table_name; line 1 pos 14',
    });
  });

  it('an ABORT is Failed with a message saying it was aborted; a COMPLETE after it changes nothing', async () => {
    t = await lineageApp();
    const [aborted] = await postAll(t, [{ ...failedRun('START', '2026-11-27T09:00:42Z'), eventType: 'ABORT' }]);
    const complete = (await postEvent(t, failedRun('COMPLETE', '2026-11-27T09:01:00Z'))).json();
    expect(complete.outcome).toBe('late');
    const read = await readAsLucoPy(t, aborted!.slotId!, aborted!.submissionId!);
    expect(read.definition.submission.status).toBe('Failed');
    expect(read.statuses.at(-1)).toMatchObject({ status: 'Failed', type: 'OpenLineage ABORT', message: 'The run was aborted (OpenLineage ABORT)' });
  });

  it('a failed child run marks its parent\u2019s submission as having failures', async () => {
    t = await lineageApp();
    const outcomes = await postAll(t, [
      dbtRun('START', '2026-11-27T08:00:00Z'),
      { ...dbtTestNode('FAIL', '2026-11-27T08:00:09Z', [{ assertion: 'unique', success: false }]) },
      dbtRun('COMPLETE', '2026-11-27T08:00:10Z'),
    ]);
    const read = await readAsLucoPy(t, outcomes[0]!.slotId!, outcomes[0]!.submissionId!);
    expect(read.definition.submission).toMatchObject({ status: 'Completed', lastSubmissionStatus: 'CompletedWithFailures' });
  });
});

describe('unknown jobs', () => {
  it('are refused with a 422 naming the job when the server does not create sequences, and nothing is written', async () => {
    t = await lineageApp({ createSequences: false });
    const response = await postEvent(t, sparkJob('START', '2026-11-27T07:00:00Z'));
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ reason: 'unknown-job', job: { namespace: 'spark-prod', name: SPARK_JOB } });
    expect(response.json().detail).toContain(SPARK_JOB);
    expect(await t.database.db.selectFrom('lineage_events').select('id').execute()).toEqual([]);
    expect(await t.database.db.selectFrom('slot_sequences').select('id').execute()).toEqual([]);
  });

  it('create an unscheduled sequence of type OpenLineage, with the job in its parameters, when allowed', async () => {
    t = await lineageApp({ createSequences: true });
    const [start] = await postAll(t, [sparkJob('START', '2026-11-27T07:00:00Z')]);
    const read = await readAsLucoPy(t, start!.slotId!, start!.submissionId!);
    expect(read.definition.slotSequence.definition.type).toEqual({ slotSequenceTypeName: 'OpenLineage' });
    expect(JSON.stringify(read.definition.slotSequence)).toContain(SPARK_JOB);
  });

  it('a mapping rule names the sequence; matchParameters finds a sequence by its openlineage parameters', async () => {
    t = await lineageApp({ createSequences: false, jobs: [{ namespace: 'spark-prod', sequence: [{ key: 'feed', value: 'sales' }, { key: 'engine', value: '{namespace}' }] }] });
    await insertSequence(t.database.db, { name: [['feed', 'sales'], ['engine', 'spark-prod']] });
    expect((await postEvent(t, sparkJob('START', '2026-11-27T07:00:00Z'))).statusCode).toBe(201);
    await t.close();

    t = await lineageApp({ createSequences: false, matchParameters: true });
    await insertSequence(t.database.db, {
      name: [['client', 'acme'], ['feed', 'returns']],
      parameters: [{ slotParameterGroupName: 'OpenLineage', slotParameters: [{ key: 'namespace', value: 'spark-prod' }, { key: 'job', value: 'returns_daily' }] }],
    });
    const [mapped] = await postAll(t, [failedRun('START', '2026-11-27T09:00:00Z')]);
    expect(JSON.stringify((await readAsLucoPy(t, mapped!.slotId!, mapped!.submissionId!)).definition.slotSequence)).toContain('returns');
  });
});

describe('what is not a RunEvent, and arrays', () => {
  it('acknowledges a DatasetEvent and a JobEvent with a 200 saying they were ignored', async () => {
    t = await lineageApp();
    const dataset = await postEvent(t, { eventTime: '2026-11-27T07:00:00Z', producer: 'https://example.com/p', schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent', dataset: { namespace: 'db', name: 't' } });
    expect(dataset.statusCode).toBe(200);
    expect(dataset.json()).toMatchObject({ outcome: 'ignored' });
    expect(dataset.json().detail).toContain('DatasetEvent');
    const job = await postEvent(t, { eventTime: '2026-11-27T07:00:00Z', producer: 'https://example.com/p', schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent', job: { namespace: 'n', name: 'j' } });
    expect(job.json()).toMatchObject({ outcome: 'ignored' });
  });

  it('takes an array of events, answering one outcome each', async () => {
    t = await lineageApp();
    const response = await postEvent(t, [sparkJob('START', '2026-11-27T07:00:00Z'), sparkJob('COMPLETE', '2026-11-27T07:02:00Z'), sparkJob('COMPLETE', '2026-11-27T07:02:00Z')]);
    expect(response.statusCode).toBe(201);
    expect(response.json().results.map((r: { outcome: string }) => r.outcome)).toEqual(['applied', 'applied', 'duplicate']);
  });
});

describe('bad events: 400 naming the JSON path', () => {
  const cases: Array<[string, (event: Record<string, any>) => unknown, string[]]> = [
    ['a runId that is not a UUID', (e) => ({ ...e, run: { ...e.run, runId: 'run-1' } }), ['/run/runId']],
    ['no eventTime, no job name', (e) => ({ ...e, eventTime: undefined, job: { namespace: 'spark-prod' } }), ['/eventTime', '/job/name']],
    ['an unknown eventType', (e) => ({ ...e, eventType: 'DONE' }), ['/eventType']],
    [
      'a rowCount that is a string',
      (e) => ({ ...e, outputs: [{ ...e.outputs[0], outputFacets: { outputStatistics: { rowCount: '1200' } } }] }),
      ['/outputs/0/outputFacets/outputStatistics/rowCount'],
    ],
    ['an errorMessage without programmingLanguage', (e) => ({ ...e, run: { ...e.run, facets: { errorMessage: { message: 'boom' } } } }), ['/run/facets/errorMessage/programmingLanguage']],
    ['a nominalTime that is not a date-time', (e) => ({ ...e, run: { ...e.run, facets: { nominalTime: { nominalStartTime: 'yesterday' } } } }), ['/run/facets/nominalTime/nominalStartTime']],
  ];
  for (const [what, change, paths] of cases) {
    it(what, async () => {
      t ??= await lineageApp();
      const response = await postEvent(t, change(sparkJob('COMPLETE', '2026-11-27T07:02:00Z')));
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().errors.map((error: { field: string }) => error.field)).toEqual(paths);
    });
  }

  it('names the item of an array, and applies none of its events', async () => {
    t = await lineageApp();
    const response = await postEvent(t, [sparkJob('START', '2026-11-27T07:00:00Z'), { ...sparkJob('COMPLETE', '2026-11-27T07:02:00Z'), run: { runId: 42 } }]);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { field: string }) => error.field)).toEqual(['/1/run/runId']);
    expect(await t.database.db.selectFrom('lineage_events').select('id').execute()).toEqual([]);
  });

  it('refuses an event from the future and a body that is not an event', async () => {
    t = await lineageApp();
    expect((await postEvent(t, sparkJob('START', '2027-01-01T00:00:00Z'))).json().errors[0].field).toBe('/eventTime');
    expect((await postEvent(t, 'START')).statusCode).toBe(400);
    expect((await postEvent(t, { schemaURL: SCHEMA_URL })).json().errors.map((e: { field: string }) => e.field)).toEqual(['/eventTime', '/producer', '/run']);
  });
});
