import pg from 'pg';
import { serveBareLineage, type BareLineageWriter } from './bare-lineage-routes.js';

/**
 * bare-lineage-child.ts on PostgreSQL: the same routes and the same rows, each request in one
 * round trip (a PL/pgSQL function this process installs), so no implementation of these writes
 * could make fewer. Concurrent requests' commits share WAL flushes as PostgreSQL groups them.
 * argv: the database URL (migrated and seeded by luco-server), the submission the metric writes
 * go to, the jobs' namespace; `--bare-slots` first drops every slots index that is not unique.
 */
const [target, metricSubmission, namespace] = process.argv.slice(2) as [string, string, string];
const pool = new pg.Pool({ connectionString: target, max: 10 });

const FUNCTIONS = `
create or replace function bare_lineage_create_run(p_run_id text, p_ns text, p_job text, p_sequence integer, p_time bigint, p_now bigint, p_env text) returns void language plpgsql as $$
declare
  v_slot integer;
  v_submission integer;
begin
  insert into slots (slot_sequence_id, tag, expected_by, submission_count, last_submission_id, last_submission_status, delivered_on, created_on, updated_on)
    values (p_sequence, p_run_id, null, 1, null, 'InProgress', null, p_now, p_time)
    on conflict (slot_sequence_id, tag) do nothing returning id into v_slot;
  if v_slot is null then return; end if;
  insert into submissions (slot_id, status, has_failures, started_on, ended_on, created_on, updated_on)
    values (v_slot, 'In Progress', 0, p_time, null, p_now, p_now) returning id into v_submission;
  update slots set last_submission_id = v_submission where id = v_slot;
  insert into lineage_runs (run_id, job_namespace, job_name, slot_id, submission_id, stage, parent_run_id, status, ended_type, ended_at, environment_recorded, created_on)
    values (p_run_id, p_ns, p_job, v_slot, v_submission, '', null, 'In Progress', null, null, 1, p_now);
  insert into run_environments (submission_id, stage, run_data_json, created_on) values (v_submission, p_job, p_env, p_now);
end $$;

create or replace function bare_lineage_event(p_run_id text, p_type text, p_time bigint, p_ns text, p_job text, p_body text, p_env text, p_rows text, p_size text, p_sequence integer, p_lean boolean, p_now bigint) returns void language plpgsql as $$
declare
  v_slot integer;
  v_submission integer;
begin
  insert into lineage_events (run_id, event_type, event_time, job_namespace, job_name, body, received_on)
    values (p_run_id, p_type, p_time, p_ns, p_job, p_body, p_now)
    on conflict (run_id, event_type, event_time) do nothing;
  if not found then return; end if;
  if p_type = 'START' then
    perform bare_lineage_create_run(p_run_id, p_ns, p_job, p_sequence, p_time, p_now, p_env);
    return;
  end if;
  update lineage_runs set ended_type = p_type, ended_at = p_time, status = 'Completed'
    where run_id = p_run_id and ended_type is null returning slot_id, submission_id into v_slot, v_submission;
  if v_slot is null then
    -- A COMPLETE that overtook its START makes the run first, as luco-server does.
    perform bare_lineage_create_run(p_run_id, p_ns, p_job, p_sequence, p_time, p_now, p_env);
    update lineage_runs set ended_type = p_type, ended_at = p_time, status = 'Completed'
      where run_id = p_run_id and ended_type is null returning slot_id, submission_id into v_slot, v_submission;
    if v_slot is null then return; end if;
  end if;
  insert into metrics (submission_id, stage, metric, value_json, created_on)
    values (v_submission, p_job, 'rowCount', p_rows, p_now), (v_submission, p_job, 'size', p_size, p_now);
  update submissions set status = 'Completed', ended_on = p_time, updated_on = p_now where id = v_submission;
  insert into status_events (submission_id, run_id, status, stage, type, message, modified_by, created_on)
    values (v_submission, null, 'Completed', null, 'OpenLineage ' || p_type, null, 'bench', p_now);
  update slots set last_submission_status = 'CompletedWithoutFailures', delivered_on = coalesce(delivered_on, p_time), updated_on = p_now where id = v_slot;
  if p_lean then return; end if;
  insert into metric_points (slot_id, metric, has_stage, stage, slot_sequence_id, slot_time, tag, expected_by, submission_id, has_failures, metric_id, value_json, recorded_on)
    select v_slot, m.metric, 1, p_job, p_sequence, p_now, p_run_id, null, v_submission, 0, m.id, m.value_json, p_now
    from metrics m where m.submission_id = v_submission
    on conflict (slot_id, metric, has_stage, stage) do update set metric_id = excluded.metric_id, value_json = excluded.value_json;
  insert into slot_health (slot_id, state, since, updated_on) values (v_slot, 'Delivered', p_time, p_now)
    on conflict (slot_id) do update set state = excluded.state, since = excluded.since, updated_on = excluded.updated_on;
  insert into slot_transitions (slot_id, from_state, to_state, occurred_on, recorded_on, processed_on) values (v_slot, 'Pending', 'Delivered', p_time, p_now, null);
end $$;

create or replace function bare_lineage_metric(p_submission integer, p_stage text, p_metrics text[], p_values text[], p_now bigint) returns void language plpgsql as $$
begin
  perform 1 from submissions where id = p_submission;
  insert into metrics (submission_id, stage, metric, value_json, created_on)
    select p_submission, p_stage, t.metric, t.value, p_now from unnest(p_metrics, p_values) as t(metric, value);
end $$;
`;

await pool.query(FUNCTIONS);
if (process.argv.includes('--bare-slots')) {
  const { rows } = await pool.query<{ indexname: string }>("select indexname from pg_indexes where tablename = 'slots' and indexdef not like 'CREATE UNIQUE%'");
  for (const { indexname } of rows) await pool.query(`drop index "${indexname}"`);
}

const writer: BareLineageWriter = {
  metric: async (stage, metrics) => {
    await pool.query('select bare_lineage_metric($1, $2, $3, $4, $5)', [metricSubmission, stage, metrics.map((metric) => metric.metric), metrics.map((metric) => JSON.stringify(metric.value)), Date.now()]);
  },
  event: async (event, sequenceId, lean) => {
    const row = [event.runId, event.eventType, event.eventTime, event.namespace, event.job, event.body, event.environment, event.rowCount, event.size, sequenceId, lean, Date.now()];
    await pool.query('select bare_lineage_event($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)', row);
  },
  close: () => pool.end(),
};

const { rows: sequences } = await pool.query<{ job_name: string; slot_sequence_id: number }>(
  'select distinct r.job_name, s.slot_sequence_id from lineage_runs r join slots s on s.id = r.slot_id where r.job_namespace = $1',
  [namespace],
);
await serveBareLineage(writer, new Map(sequences.map((row) => [row.job_name, row.slot_sequence_id])));
