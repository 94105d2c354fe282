import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { airflowDagRun, airflowTask } from './events.js';
import { lineageApp, postEvent } from './support.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('a storm of events at once', () => {
  it('absorbs every event (DAG runs, their tasks, repeats) sent concurrently: one submission per DAG run, nothing lost', async () => {
    t = await lineageApp();
    const runs = Array.from({ length: 40 }, (_, index) => ({ dagRun: randomUUID(), task: randomUUID(), dagId: `dag_${index % 4}` }));
    const events = runs.flatMap((run) => [
      airflowDagRun('START', '2026-11-27T06:00:00Z', { runId: run.dagRun, dagId: run.dagId }),
      airflowTask('START', '2026-11-27T06:00:05Z', 'load', run.task, { dagRunId: run.dagRun, dagId: run.dagId }),
      airflowTask('COMPLETE', '2026-11-27T06:03:00Z', 'load', run.task, { dagRunId: run.dagRun, dagId: run.dagId }),
      airflowDagRun('COMPLETE', '2026-11-27T06:03:05Z', { runId: run.dagRun, dagId: run.dagId }),
    ]);
    // Every event twice, all in flight together, the repeats first.
    const responses = await Promise.all([...events.slice().reverse(), ...events].map((event) => postEvent(t!, event)));
    expect(responses.filter((response) => response.statusCode >= 300).map((response) => response.body)).toEqual([]);
    const outcomes = responses.map((response) => response.json().outcome as string);
    expect(outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(events.length);

    const db = t.database.db;
    expect(Number((await db.selectFrom('lineage_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(events.length);
    const submissions = await db.selectFrom('submissions').select(['status', 'has_failures']).execute();
    expect(submissions).toHaveLength(runs.length);
    expect(submissions.every((row) => row.status === 'Completed')).toBe(true);
    expect(await db.selectFrom('slot_sequences').select('id').execute()).toHaveLength(4);
    const completedStages = await db.selectFrom('status_events').select('stage').where('status', '=', 'Completed').execute();
    expect(completedStages.filter((row) => row.stage === 'load')).toHaveLength(runs.length);
    expect(completedStages.filter((row) => row.stage === 'Submission')).toHaveLength(runs.length);
  });
});
