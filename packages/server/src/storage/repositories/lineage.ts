import { sql, type Kysely, type Selectable } from 'kysely';
import type { SlotSequence } from '../../domain/slot-sequence.js';
import { PreparedQuery } from '../prepared-query.js';
import type { Database, LineageRunsTable } from '../schema.js';

// The statements every event runs, built and compiled once (storage/prepared-query.ts).
const LOG_EVENT = new PreparedQuery(7, (db, runId: string, eventType: string, eventTime: number, jobNamespace: string, jobName: string, body: string, receivedOn: number) =>
  db
    .insertInto('lineage_events')
    .values({ run_id: runId, event_type: eventType, event_time: eventTime, job_namespace: jobNamespace, job_name: jobName, body, received_on: receivedOn })
    .onConflict((oc) => oc.columns(['run_id', 'event_type', 'event_time']).doNothing())
    .returning('id'),
);
const END_KNOWN_RUN = new PreparedQuery(4, (db, runId: string, endedType: string, endedAt: number, status: string) =>
  db.updateTable('lineage_runs').set({ ended_type: endedType, ended_at: endedAt, status }).where('run_id', '=', runId).where('ended_type', 'is', null).returningAll(),
);
const CLAIM_RUN = new PreparedQuery(
  8,
  (db, runId: string, jobNamespace: string, jobName: string, stage: string, parentRunId: string | null, status: string | null, environmentRecorded: number, createdOn: number) =>
    db
      .insertInto('lineage_runs')
      .values({
        run_id: runId,
        job_namespace: jobNamespace,
        job_name: jobName,
        slot_id: null,
        submission_id: null,
        stage,
        parent_run_id: parentRunId,
        status,
        ended_type: null,
        ended_at: null,
        environment_recorded: environmentRecorded,
        created_on: createdOn,
      })
      .onConflict((oc) => oc.column('run_id').doNothing())
      .returning('run_id'),
);
const SET_SUBMISSION = new PreparedQuery(3, (db, runId: string, slotId: number, submissionId: number) =>
  db.updateTable('lineage_runs').set({ slot_id: slotId, submission_id: submissionId }).where('run_id', '=', runId),
);
const SEQUENCE_STATE = new PreparedQuery(1, (db, id: number) =>
  db.selectFrom('slot_sequences').select(['is_active', 'updated_on', 'materialized_through', 'delivery_json', 'parameters_json']).where('id', '=', id),
);

export interface LineageRun {
  runId: string;
  jobNamespace: string;
  jobName: string;
  slotId: number | null;
  submissionId: number | null;
  stage: string;
  parentRunId: string | null;
  status: string | null;
  endedType: string | null;
  endedAt: number | null;
  environmentRecorded: boolean;
}

/** The OpenLineage raw log and the run -> submission map (migration 0008). */
export class LineageRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Logs an event; false when the same run, event type and time were logged before (a retry or duplicate). */
  async logEvent(event: { runId: string; eventType: string; eventTime: number; jobNamespace: string; jobName: string; body: string; receivedOn: number }): Promise<boolean> {
    const inserted = await LOG_EVENT.execute(this.db, event.runId, event.eventType, event.eventTime, event.jobNamespace, event.jobName, event.body, event.receivedOn);
    return inserted.rows.length > 0;
  }

  async findRun(runId: string): Promise<LineageRun | undefined> {
    const row = await this.db.selectFrom('lineage_runs').selectAll().where('run_id', '=', runId).executeTakeFirst();
    return row ? toRun(row) : undefined;
  }

  /**
   * Ends a known run that had not ended, in one statement: the run as it is now, or undefined when
   * it is unknown or had ended already (then findRun and markEnded tell which).
   */
  async endKnownRun(runId: string, endedType: string, endedAt: number, status: string): Promise<LineageRun | undefined> {
    const row = (await END_KNOWN_RUN.execute(this.db, runId, endedType, endedAt, status)).rows[0];
    return row ? toRun(row) : undefined;
  }

  /**
   * Claims a run id; false when another write already did (on PostgreSQL this waits for that
   * write's transaction, so the row can be read right after).
   */
  async claimRun(run: { runId: string; jobNamespace: string; jobName: string; stage: string; parentRunId: string | null; status: string | null; environmentRecorded: boolean; createdOn: number }): Promise<boolean> {
    const inserted = await CLAIM_RUN.execute(this.db, run.runId, run.jobNamespace, run.jobName, run.stage, run.parentRunId, run.status, run.environmentRecorded ? 1 : 0, run.createdOn);
    return inserted.rows.length > 0;
  }

  async setSubmission(runId: string, slotId: number, submissionId: number): Promise<void> {
    await SET_SUBMISSION.execute(this.db, runId, slotId, submissionId);
  }

  async setStatus(runId: string, status: string): Promise<void> {
    await this.db.updateTable('lineage_runs').set({ status }).where('run_id', '=', runId).execute();
  }

  /** Marks the run ended by a terminal event; false when it had ended already (nothing leaves that state). */
  async markEnded(runId: string, endedType: string, endedAt: number, status: string): Promise<boolean> {
    const result = await this.db.updateTable('lineage_runs').set({ ended_type: endedType, ended_at: endedAt, status }).where('run_id', '=', runId).where('ended_type', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** True for the one caller that marks the run's environment as recorded. */
  async markEnvironmentRecorded(runId: string): Promise<boolean> {
    const result = await this.db.updateTable('lineage_runs').set({ environment_recorded: 1 }).where('run_id', '=', runId).where('environment_recorded', '=', 0).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** A START seen after the submission was created (late, or after a later event) moves its start earlier. */
  async moveSubmissionStartEarlier(submissionId: number, startedOn: number): Promise<void> {
    await this.db.updateTable('submissions').set({ started_on: startedOn }).where('id', '=', submissionId).where('started_on', '>', startedOn).execute();
  }

  /** What tells a cached sequence is still the stored one: whether it is active, when it was last updated, how far its slots exist. */
  /** What the ingest's kept sequence is checked against (`definition`: see sequenceDefinition). */
  async sequenceState(id: number): Promise<{ isActive: boolean; updatedOn: number; materializedThrough: string | null; definition: string } | undefined> {
    const row = (await SEQUENCE_STATE.execute(this.db, id)).rows[0];
    if (!row) return undefined;
    const definition = sequenceDefinition({ delivery: JSON.parse(row.delivery_json) as SlotSequence['delivery'], parameters: JSON.parse(row.parameters_json) as SlotSequence['parameters'] });
    return { isActive: Number(row.is_active) === 1, updatedOn: Number(row.updated_on), materializedThrough: row.materialized_through, definition };
  }

  /** Active sequences whose parameters mention `openlineage` (the parameter match narrows them further). */
  async sequencesWithLineageParameters(): Promise<Array<{ id: number; parametersJson: string }>> {
    const rows = await this.db
      .selectFrom('slot_sequences')
      .select(['id', 'parameters_json'])
      .where('is_active', '=', 1)
      .where(sql<string>`lower(parameters_json)`, 'like', '%openlineage%')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ id: row.id, parametersJson: row.parameters_json }));
  }
}

function toRun(row: Selectable<LineageRunsTable>): LineageRun {
  return {
    runId: row.run_id,
    jobNamespace: row.job_namespace,
    jobName: row.job_name,
    slotId: row.slot_id,
    submissionId: row.submission_id,
    stage: row.stage,
    parentRunId: row.parent_run_id,
    status: row.status,
    endedType: row.ended_type,
    endedAt: row.ended_at === null ? null : Number(row.ended_at),
    environmentRecorded: Number(row.environment_recorded) === 1,
  };
}

/**
 * A sequence's schedule and parameters, which choose a run's sequence and slot, as one text: the
 * ingest compares the kept copy's with the stored one's, so a change made in the same millisecond
 * as the copy (the same `updatedOn`) is still seen.
 */
export function sequenceDefinition(sequence: Pick<SlotSequence, 'delivery' | 'parameters'>): string {
  return JSON.stringify([sequence.delivery, sequence.parameters]);
}
