import type { Kysely } from 'kysely';
import { PreparedQuery } from '../prepared-query.js';
import type { Database, StatusEventRow } from '../schema.js';

/** Every status write runs it: built and compiled once. */
const INSERT_STATUS_EVENT = new PreparedQuery(
  8,
  (db, submissionId: number, runId: string | null, status: string, stage: string | null, type: string | null, message: string | null, modifiedBy: string | null, createdOn: number) =>
    db
      .insertInto('status_events')
      .values({ submission_id: submissionId, run_id: runId, status, stage, type, message, modified_by: modifiedBy, created_on: createdOn })
      .returning('id'),
);

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
    const row = (await INSERT_STATUS_EVENT.execute(this.db, event.submissionId, event.runId, event.status, event.stage, event.type, event.message, event.modifiedBy, event.createdOn)).rows[0];
    if (!row) throw new Error(`no status event was stored for submission ${event.submissionId}`);
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
