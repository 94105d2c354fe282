import Database from 'better-sqlite3';
import { serveBareLineage, type BareEventRow, type BareLineageWriter } from './bare-lineage-routes.js';

/**
 * The least any server can do to apply an OpenLineage event synchronously on LucoTS's SQLite
 * schema, in its own process: bare Fastify and prepared better-sqlite3 statements, with no auth,
 * no validation beyond JSON, no services, no Kysely, and the writes of one event-loop turn sharing
 * a commit (the best a group commit can do). It writes the rows luco-server writes for the same
 * events, each once, in the fewest statements.
 *
 * - `POST /metric`: luco-server's metric write (the submission read, one insert of its rows).
 * - `POST /event`: a START makes the run's unscheduled slot, its submission, the run and its
 *   environment; a COMPLETE ends the run, the submission and the slot, and records the status
 *   event, the output figures, the series points, the slot's health change and its transition.
 *   Both log the event's body under its idempotency key (run, type, time).
 * - `POST /event-lean`: the same without what other issues added to the write (the raw body, the
 *   series points, the health state and transition): what issue 19's own mapping needs.
 *
 * argv: the SQLite file (migrated and seeded by luco-server), the submission the metric writes
 * go to, the jobs' namespace; `--bare-slots` first drops every slots index that is not unique.
 */
const [target, metricSubmission, namespace] = process.argv.slice(2) as [string, string, string];
const db = new Database(target);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
if (process.argv.includes('--bare-slots')) {
  const indexes = db.prepare<[], { name: string }>("select name from sqlite_master where type = 'index' and tbl_name = 'slots' and sql is not null and sql not like 'create unique%'").all();
  for (const { name } of indexes) db.exec(`drop index "${name}"`);
}

const statements = {
  submission: db.prepare('select * from submissions where id = ?'),
  metrics3: db.prepare('insert into metrics (submission_id, stage, metric, value_json, created_on) values (?, ?, ?, ?, ?), (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)'),
  metrics2: db.prepare('insert into metrics (submission_id, stage, metric, value_json, created_on) values (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)'),
  logEvent: db.prepare(
    'insert into lineage_events (run_id, event_type, event_time, job_namespace, job_name, body, received_on) values (?, ?, ?, ?, ?, ?, ?) on conflict (run_id, event_type, event_time) do nothing',
  ),
  slot: db.prepare(
    "insert into slots (slot_sequence_id, tag, expected_by, submission_count, last_submission_id, last_submission_status, delivered_on, created_on, updated_on) values (?, ?, null, 1, null, 'InProgress', null, ?, ?) on conflict (slot_sequence_id, tag) do nothing",
  ),
  newSubmission: db.prepare("insert into submissions (slot_id, status, has_failures, started_on, ended_on, created_on, updated_on) values (?, 'In Progress', 0, ?, null, ?, ?)"),
  slotFirstSubmission: db.prepare('update slots set last_submission_id = ? where id = ?'),
  run: db.prepare(
    "insert into lineage_runs (run_id, job_namespace, job_name, slot_id, submission_id, stage, parent_run_id, status, ended_type, ended_at, environment_recorded, created_on) values (?, ?, ?, ?, ?, '', null, 'In Progress', null, null, 1, ?)",
  ),
  environment: db.prepare('insert into run_environments (submission_id, stage, run_data_json, created_on) values (?, ?, ?, ?)'),
  endRun: db.prepare<unknown[], { slot_id: number; submission_id: number }>(
    "update lineage_runs set ended_type = ?, ended_at = ?, status = 'Completed' where run_id = ? and ended_type is null returning slot_id, submission_id",
  ),
  endSubmission: db.prepare("update submissions set status = 'Completed', ended_on = ?, updated_on = ? where id = ?"),
  statusEvent: db.prepare("insert into status_events (submission_id, run_id, status, stage, type, message, modified_by, created_on) values (?, null, 'Completed', null, ?, null, 'bench', ?)"),
  deliverSlot: db.prepare("update slots set last_submission_status = 'CompletedWithoutFailures', delivered_on = coalesce(delivered_on, ?), updated_on = ? where id = ?"),
  points: db.prepare(
    'insert into metric_points (slot_id, metric, has_stage, stage, slot_sequence_id, slot_time, tag, expected_by, submission_id, has_failures, metric_id, value_json, recorded_on) values (?, ?, 1, ?, ?, ?, ?, null, ?, 0, ?, ?, ?), (?, ?, 1, ?, ?, ?, ?, null, ?, 0, ?, ?, ?) on conflict (slot_id, metric, has_stage, stage) do update set metric_id = excluded.metric_id, value_json = excluded.value_json',
  ),
  transition: db.prepare("insert into slot_transitions (slot_id, from_state, to_state, occurred_on, recorded_on, processed_on) values (?, 'Pending', 'Delivered', ?, ?, null)"),
  health: db.prepare("insert into slot_health (slot_id, state, since, updated_on) values (?, 'Delivered', ?, ?) on conflict (slot_id) do update set state = excluded.state, since = excluded.since, updated_on = excluded.updated_on"),
};

/** The run's slot, submission, run row and environment; nothing when its slot exists (an earlier event made the run). */
function createRun(event: BareEventRow, sequenceId: number, now: number): void {
  const slot = statements.slot.run(sequenceId, event.runId, now, event.eventTime);
  if (slot.changes === 0) return;
  const slotId = Number(slot.lastInsertRowid);
  const submissionId = Number(statements.newSubmission.run(slotId, event.eventTime, now, now).lastInsertRowid);
  statements.slotFirstSubmission.run(submissionId, slotId);
  statements.run.run(event.runId, event.namespace, event.job, slotId, submissionId, now);
  statements.environment.run(submissionId, event.job, event.environment, now);
}

function apply(event: BareEventRow, sequenceId: number, lean: boolean): void {
  const now = Date.now();
  if (statements.logEvent.run(event.runId, event.eventType, event.eventTime, event.namespace, event.job, event.body, now).changes === 0) return;
  if (event.eventType === 'START') return createRun(event, sequenceId, now);
  // A COMPLETE that overtook its START makes the run first, as luco-server does.
  const endRun = () => statements.endRun.get(event.eventType, event.eventTime, event.runId);
  const ended = endRun() ?? (createRun(event, sequenceId, now), endRun());
  if (!ended) return;
  const { slot_id: slotId, submission_id: submissionId } = ended;
  const lastMetric = Number(statements.metrics2.run(submissionId, event.job, 'rowCount', event.rowCount, now, submissionId, event.job, 'size', event.size, now).lastInsertRowid);
  statements.endSubmission.run(event.eventTime, now, submissionId);
  statements.statusEvent.run(submissionId, `OpenLineage ${event.eventType}`, now);
  statements.deliverSlot.run(event.eventTime, now, slotId);
  if (lean) return;
  const point = (metric: string, metricId: number, value: string) => [slotId, metric, event.job, sequenceId, now, event.runId, submissionId, metricId, value, now];
  statements.points.run(...point('rowCount', lastMetric - 1, event.rowCount), ...point('size', lastMetric, event.size));
  statements.health.run(slotId, event.eventTime, now);
  statements.transition.run(slotId, event.eventTime, now);
}

// The writes of one turn go in one transaction, committed by the first setImmediate after it.
let waiting: Array<() => void> = [];
function commitTurn(): void {
  const done = waiting;
  waiting = [];
  db.exec('commit');
  for (const resolve of done) resolve();
}
async function inSharedCommit(write: () => void): Promise<void> {
  if (waiting.length === 0) {
    db.exec('begin');
    setImmediate(commitTurn);
  }
  write();
  await new Promise<void>((resolve) => waiting.push(resolve));
}

const writer: BareLineageWriter = {
  metric: (stage, metrics) =>
    inSharedCommit(() => {
      statements.submission.get(metricSubmission);
      const now = Date.now();
      statements.metrics3.run(...metrics.slice(0, 3).flatMap((metric) => [metricSubmission, stage, metric.metric, JSON.stringify(metric.value), now]));
    }),
  event: (event, sequenceId, lean) => inSharedCommit(() => apply(event, sequenceId, lean)),
  close: async () => void db.close(),
};

const sequences = db.prepare<[string], { job_name: string; slot_sequence_id: number }>('select distinct r.job_name, s.slot_sequence_id from lineage_runs r join slots s on s.id = r.slot_id where r.job_namespace = ?').all(namespace);
await serveBareLineage(writer, new Map(sequences.map((row) => [row.job_name, row.slot_sequence_id])));
