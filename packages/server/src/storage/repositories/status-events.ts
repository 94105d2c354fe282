import type { Kysely } from 'kysely';
import type { Database, StatusEventRow } from '../schema.js';

export interface StatusEvent {
  id: number;
  submissionId: number;
  runId: string | null;
  status: string;
  stage: string | null;
  type: string | null;
  message: string | null;
  modifiedBy: string | null;
  createdOn: number;
}

export type NewStatusEvent = Omit<StatusEvent, 'id'>;

/** The status history of submissions: one row per event, never changed. */
export class StatusEventRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(event: NewStatusEvent): Promise<number> {
    const row = await this.db
      .insertInto('status_events')
      .values({
        submission_id: event.submissionId,
        run_id: event.runId,
        status: event.status,
        stage: event.stage,
        type: event.type,
        message: event.message,
        modified_by: event.modifiedBy,
        created_on: event.createdOn,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Oldest first. */
  async listForSubmission(submissionId: number): Promise<StatusEvent[]> {
    const rows = await this.db.selectFrom('status_events').selectAll().where('submission_id', '=', submissionId).orderBy('id').execute();
    return rows.map(toStatusEvent);
  }
}

function toStatusEvent(row: StatusEventRow): StatusEvent {
  return {
    id: row.id,
    submissionId: row.submission_id,
    runId: row.run_id,
    status: row.status,
    stage: row.stage,
    type: row.type,
    message: row.message,
    modifiedBy: row.modified_by,
    createdOn: Number(row.created_on),
  };
}
