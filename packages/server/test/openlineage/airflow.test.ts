import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { insertSequence } from '../submissions/support.js';
import { DAILY_LONDON } from '../submissions/support.js';
import { airflowDagRun, airflowTask, RUN_IDS } from './events.js';
import { lineageApp, postAll, postEvent, readAsLucoPy } from './support.js';

const inOrder = [
  airflowDagRun('START', '2026-11-27T06:00:05.123456+00:00'),
  airflowTask('START', '2026-11-27T06:00:10.000000+00:00', 'extract', RUN_IDS.extractTask),
  airflowTask('COMPLETE', '2026-11-27T06:04:00.000000+00:00', 'extract', RUN_IDS.extractTask),
  airflowTask('START', '2026-11-27T06:04:05.000000+00:00', 'load', RUN_IDS.loadTask),
  airflowTask('COMPLETE', '2026-11-27T06:09:30.000000+00:00', 'load', RUN_IDS.loadTask),
  airflowDagRun('COMPLETE', '2026-11-27T06:09:35.000000+00:00'),
];

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Everything a reader sees of the DAG run's submission, without ids and record times. */
async function finalState(app: TestApp) {
  const outcome = (await postEvent(app, airflowDagRun('OTHER', '2026-11-27T06:00:06Z'))).json();
  const read = await readAsLucoPy(app, outcome.slotId, outcome.submissionId);
  const submission = read.definition.submission;
  return {
    slotId: outcome.slotId,
    submissionId: outcome.submissionId,
    status: submission.status,
    startedOn: submission.startedOn,
    endedOn: submission.endedOn,
    lastSubmissionStatus: submission.lastSubmissionStatus,
    stages: read.statuses.filter((s: { status: string }) => s.status !== 'In Progress').map((s: { stage: string; status: string; createdOn: string }) => `${s.stage}:${s.status}@${s.createdOn}`).sort(),
    environments: read.environments.runEnvironments.map((e: { stage: string; runData: Record<string, unknown> }) => `${e.stage}:${e.runData.platform}:${e.runData.jobType}`).sort(),
  };
}

describe('Airflow: a DAG run and its tasks (parent facet) become one submission with a stage per task', () => {
  it('maps the DAG run to a submission of [namespace, job] and the tasks to its stages, read back as LucoPy reads them', async () => {
    t = await lineageApp();
    const outcomes = await postAll(t, inOrder);
    expect(outcomes.map((o) => o.outcome)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'applied']);
    expect(new Set(outcomes.map((o) => o.submissionId)).size).toBe(1);
    const { slotId, submissionId } = outcomes[0]!;
    const read = await readAsLucoPy(t, slotId!, submissionId!);
    const definition = read.definition;
    expect(definition.slot).toMatchObject({ tag: RUN_IDS.dagRun, expectedBy: null, slotStatus: 'Delivered' });
    expect(JSON.stringify(definition.slotSequence)).toContain('daily_sales');
    const submission = definition.submission;
    expect(submission.status).toBe('Completed');
    expect(submission.startedOn).toBe('2026-11-27T06:00:05.123Z');
    expect(submission.endedOn).toBe('2026-11-27T06:09:35.000Z');
    // The submission is In Progress from its creation; its stages get In Progress events.
    expect(read.statuses.map((s: { stage: string; status: string }) => `${s.stage}:${s.status}`)).toEqual([
      'extract:In Progress',
      'extract:Completed',
      'load:In Progress',
      'load:Completed',
      'Submission:Completed',
    ]);
    const environments = read.environments.runEnvironments as Array<{ stage: string; runData: Record<string, unknown> }>;
    expect(environments.map((e) => e.stage)).toEqual(['daily_sales', 'extract', 'load']);
    expect(environments[1]!.runData).toMatchObject({
      platform: 'Airflow',
      engineVersion: '2.10.5',
      integration: 'AIRFLOW',
      jobType: 'TASK',
      parentJob: 'airflow-prod/daily_sales',
      parentRunId: RUN_IDS.dagRun,
      referenceUrl: 'https://git.example.com/data/dags/blob/4f1c2e9/dags/daily_sales.py',
    });
  });

  it('gives the same result whatever the order of arrival, and with every event delivered twice', async () => {
    t = await lineageApp();
    await postAll(t, inOrder);
    const expected = await finalState(t);
    await t.close();

    const shuffled = [inOrder[4]!, inOrder[5]!, inOrder[2]!, inOrder[0]!, inOrder[3]!, inOrder[1]!];
    t = await lineageApp();
    const outcomes = await postAll(t, shuffled);
    // The task COMPLETE came first: it created the DAG run's submission from the parent facet.
    expect(outcomes[0]!.outcome).toBe('applied');
    expect(await finalState(t)).toEqual(expected);
    await t.close();

    t = await lineageApp();
    const twice = await postAll(t, [...inOrder.slice().reverse(), ...inOrder]);
    expect(twice.slice(6).map((o) => o.outcome)).toEqual(Array(6).fill('duplicate'));
    expect(await finalState(t)).toEqual(expected);
  });

  it('a START after the COMPLETE does not reopen the run; it only moves the start earlier', async () => {
    t = await lineageApp();
    const [ended] = await postAll(t, [airflowDagRun('COMPLETE', '2026-11-27T06:09:35Z')]);
    const late = (await postEvent(t, airflowDagRun('START', '2026-11-27T06:00:05Z'))).json();
    expect(late.outcome).toBe('late');
    const running = (await postEvent(t, airflowDagRun('RUNNING', '2026-11-27T06:05:00Z'))).json();
    expect(running.outcome).toBe('late');
    const read = await readAsLucoPy(t, ended!.slotId!, ended!.submissionId!);
    const submission = read.definition.submission;
    expect(submission.status).toBe('Completed');
    expect(submission.startedOn).toBe('2026-11-27T06:00:05.000Z');
    expect(read.statuses.map((s: { status: string }) => s.status)).toEqual(['Completed']);
  });

  it('a scheduled sequence takes the slot of nominalStartTime\u2019s date in its time zone', async () => {
    t = await lineageApp({ createSequences: false });
    await insertSequence(t.database.db, { name: [['namespace', 'airflow-prod'], ['job', 'daily_sales']], delivery: [DAILY_LONDON] });
    const [first] = await postAll(t, [airflowDagRun('START', '2026-11-27T06:00:05Z', { nominal: '2026-11-26T23:30:00Z' })]);
    // 23:30 UTC on the 26th is 23:30 in London in November: the slot of 2026-11-26.
    expect((await readAsLucoPy(t, first!.slotId!, first!.submissionId!)).definition.slot.tag).toBe('2026-11-26');
    await t.close();

    t = await lineageApp({ createSequences: false });
    await insertSequence(t.database.db, { name: [['namespace', 'airflow-prod'], ['job', 'daily_sales']], delivery: [{ ...DAILY_LONDON, timeZone: 'Asia/Tokyo' }] });
    const [tokyo] = await postAll(t, [airflowDagRun('START', '2026-11-27T06:00:05Z', { nominal: '2026-11-26T23:30:00Z' })]);
    expect((await readAsLucoPy(t, tokyo!.slotId!, tokyo!.submissionId!)).definition.slot.tag).toBe('2026-11-27');
  });

  it('with childRuns "submissions" for the DAG\u2019s tasks, each task run is a submission of its own', async () => {
    t = await lineageApp({ jobs: [{ namespace: 'airflow-prod', job: 'daily_sales.*', childRuns: 'submissions' }] });
    const outcomes = await postAll(t, inOrder);
    const submissions = new Set(outcomes.map((o) => o.submissionId));
    expect(submissions.size).toBe(3);
    expect(outcomes[1]).toMatchObject({ stage: 'Submission' });
  });
});
