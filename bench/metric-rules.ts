// What metric rules add to a completion: the status write that completes a submission, timed
// in-process (app.inject, no network) with and without three enabled rules (bounds, change, and
// seasonal over 8 weeks) on a sequence with 3 years of daily history, interleaved one completion
// at a time so a busy moment of the machine falls on both alike.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../packages/server/src/app.js';
import type { LucoApp } from '../packages/server/src/context.js';
import { openDatabase, type DatabaseHandle } from '../packages/server/src/storage/db.js';
import { migrateToLatest } from '../packages/server/src/storage/migrate.js';
import { MetricPointRepository } from '../packages/server/src/storage/repositories/metric-points.js';
import type { Benchmark, BenchContext } from './lib/context.js';
import { writeResults } from './lib/results.js';
import type { DatabaseKind } from './lib/server.js';
import { distribution, elapsedMs, round, type Distribution } from './lib/stats.js';
import { printTable } from './lib/table.js';

const DAY = 86_400_000;
const START = Date.parse('2024-01-01T09:00:00Z');

interface Measured {
  database: DatabaseKind;
  historyDays: number;
  without: Distribution;
  withRules: Distribution;
  verdictsPerCompletion: number;
}

async function run(context: BenchContext): Promise<void> {
  const historyDays = context.quick ? 400 : 3 * 365;
  const completions = context.quick ? 40 : 300;
  const results: Measured[] = [];
  for (const database of context.databases) results.push(await measure(database, context, historyDays, completions));
  printTable(
    `Completion write (POST status Completed, in-process) with and without 3 metric rules, ${historyDays} days of history, ${completions} completions each (ms)`,
    results.flatMap((item) => [
      { database: item.database, rules: 'none enabled', p50: round(item.without.p50), p95: round(item.without.p95), mean: round(item.without.mean) },
      { database: item.database, rules: 'bounds + change + seasonal (8 weeks)', p50: round(item.withRules.p50), p95: round(item.withRules.p95), mean: round(item.withRules.mean) },
      { database: item.database, rules: 'added', p50: round(item.withRules.p50 - item.without.p50), p95: round(item.withRules.p95 - item.without.p95), mean: round(item.withRules.mean - item.without.mean) },
    ]),
  );
  writeResults('metric-rules', { historyDays, completions, results });
}

async function measure(database: DatabaseKind, context: BenchContext, historyDays: number, completions: number): Promise<Measured> {
  const folder = database === 'sqlite' ? mkdtempSync(join(tmpdir(), 'luco-bench-rules-')) : undefined;
  const target = folder ? join(folder, 'luco.db') : await context.postgres!.createDatabase();
  const handle = openDatabase(target);
  const clock = { now: START };
  let app: LucoApp | undefined;
  try {
    await migrateToLatest(handle.db);
    app = await buildApp({ database: handle, auth: { enabled: false, resourceId: 'luco', issuer: 'luco-server' }, now: () => clock.now });
    await app.ready();
    const sequenceId = await seed(app, handle, historyDays);
    for (const rule of [
      { name: 'floor', kind: 'bounds', min: 1 },
      { name: 'jumps', kind: 'change', maxRise: 1, maxFall: 0.5 },
      { name: 'weekday', kind: 'seasonal', weeks: 8 },
    ]) {
      await call(app, 'POST', '/lucots/v1/metric-rules', { metric: 'rows', stage: 'load', ...rule });
    }
    const without: number[] = [];
    const withRules: number[] = [];
    let day = historyDays;
    // A few warm-up completions of each kind, not counted.
    for (let index = -10; index < 2 * completions; index++) {
      const enabled = index % 2 === 0;
      await handle.db.updateTable('metric_rules').set({ enabled: enabled ? 1 : 0 }).execute();
      const ms = await completion(app, handle, sequenceId, START + day * DAY, clock);
      day += 1;
      if (index >= 0) (enabled ? withRules : without).push(ms);
    }
    const verdicts = await handle.db.selectFrom('metric_verdicts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { database, historyDays, without: distribution(without), withRules: distribution(withRules), verdictsPerCompletion: round(Number(verdicts.n) / (completions + 5), 2) };
  } finally {
    await app?.close();
    await handle.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
    else await context.postgres!.dropDatabase(target);
  }
}

/** One unscheduled sequence with a completed submission a day recording `rows` (weekly seasonality), written straight to the database. */
async function seed(app: LucoApp, handle: DatabaseHandle, days: number): Promise<number> {
  const imported = (await call(app, 'POST', '/v2/slotsequences/import', { slotSequences: [{ name: { client: 'bench', feed: 'rules' }, type: 'Feed', delivery: [] }] })) as { slotSequenceImports: Array<{ slotSequenceId: number }> };
  const sequenceId = imported.slotSequenceImports[0]!.slotSequenceId;
  for (let start = 0; start < days; start += 200) {
    const batch = Array.from({ length: Math.min(200, days - start) }, (_, offset) => START + (start + offset) * DAY);
    const slots = await handle.db
      .insertInto('slots')
      .values(batch.map((at) => ({ slot_sequence_id: sequenceId, tag: new Date(at).toISOString(), expected_by: null, submission_count: 1, last_submission_id: null, last_submission_status: 'CompletedWithoutFailures', delivered_on: at, created_on: at, updated_on: at })))
      .returning(['id', 'created_on'])
      .execute();
    const submissions = await handle.db
      .insertInto('submissions')
      .values(slots.map((slot) => ({ slot_id: slot.id, status: 'Completed', has_failures: 0, started_on: Number(slot.created_on), ended_on: Number(slot.created_on), created_on: Number(slot.created_on), updated_on: Number(slot.created_on) })))
      .returning(['id', 'created_on'])
      .execute();
    await handle.db
      .insertInto('metrics')
      .values(submissions.map((submission) => ({ submission_id: submission.id, stage: 'load', metric: 'rows', value_json: JSON.stringify(rows(Number(submission.created_on))), created_on: Number(submission.created_on) })))
      .execute();
  }
  // Written around the services, so the series' points are built from the rows afterwards.
  await new MetricPointRepository(handle.db).rebuildAll();
  return sequenceId;
}

/** A slot at `at`, a submission with its rows (not timed), then the timed completion. */
async function completion(app: LucoApp, handle: DatabaseHandle, sequenceId: number, at: number, clock: { now: number }): Promise<number> {
  clock.now = at;
  const slot = await handle.db
    .insertInto('slots')
    .values({ slot_sequence_id: sequenceId, tag: new Date(at).toISOString(), expected_by: null, submission_count: 0, last_submission_id: null, last_submission_status: null, delivered_on: null, created_on: at, updated_on: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  const submission = (await call(app, 'POST', `/slots/${slot.id}/submissions`)) as { slotSubmissionId: number };
  await call(app, 'POST', `/v2/slots/${slot.id}/submissions/${submission.slotSubmissionId}/metrics`, { stage: 'load', metrics: [{ metric: 'rows', value: rows(at) }] });
  const start = process.hrtime.bigint();
  await call(app, 'POST', `/slots/${slot.id}/submissions/${submission.slotSubmissionId}/status`, { status: 'Completed', stage: 'Submission' });
  return elapsedMs(start);
}

/** About 1.2 million rows on weekdays, a third of it at weekends. */
function rows(at: number): number {
  const weekday = new Date(at).getUTCDay();
  return (weekday === 0 || weekday === 6 ? 400_000 : 1_200_000) + Math.round((at / DAY) % 7) * 1000;
}

async function call(app: LucoApp, method: 'POST' | 'PUT', url: string, payload?: unknown): Promise<unknown> {
  const response = await app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
  if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
  return response.body === '' ? undefined : (JSON.parse(response.body) as unknown);
}

export const metricRules: Benchmark = { name: 'metric-rules', summary: 'what 3 metric rules add to a completion, 3 years of daily history', run };
