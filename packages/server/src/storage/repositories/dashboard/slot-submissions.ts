import type { Kysely } from 'kysely';
import type { Database } from '../../schema.js';
import type { RunEnvironmentRecord } from '../run-environments.js';
import { toSubmission, type Submission } from '../submissions.js';

const IN_CHUNK = 500;

/** The reads behind a slot's list of submissions. */
export class SlotSubmissionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The slot's submissions, newest first, at most `limit`. */
  async newest(slotId: number, limit: number): Promise<Submission[]> {
    const rows = await this.db.selectFrom('submissions').selectAll().where('slot_id', '=', slotId).orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toSubmission);
  }

  /** Per submission, the stage of its latest status event (null: none, or it named no stage). */
  async latestStages(submissionIds: readonly number[]): Promise<Map<number, string | null>> {
    const out = new Map<number, string | null>();
    for (let start = 0; start < submissionIds.length; start += IN_CHUNK) {
      const chunk = submissionIds.slice(start, start + IN_CHUNK);
      const rows = await this.db
        .selectFrom('status_events')
        .select(['submission_id', 'stage'])
        .where('id', 'in', (eb) => eb.selectFrom('status_events').select((inner) => inner.fn.max('id').as('id')).where('submission_id', 'in', chunk).groupBy('submission_id'))
        .execute();
      for (const row of rows) out.set(row.submission_id, row.stage);
    }
    return out;
  }

  /** The run environments of these submissions, oldest first, grouped by submission. */
  async runEnvironments(submissionIds: readonly number[]): Promise<Map<number, RunEnvironmentRecord[]>> {
    const out = new Map<number, RunEnvironmentRecord[]>();
    for (let start = 0; start < submissionIds.length; start += IN_CHUNK) {
      const rows = await this.db.selectFrom('run_environments').selectAll().where('submission_id', 'in', submissionIds.slice(start, start + IN_CHUNK)).orderBy('id').execute();
      for (const row of rows) {
        const list = out.get(row.submission_id) ?? [];
        list.push({ id: row.id, stage: row.stage, runData: JSON.parse(row.run_data_json) as Record<string, unknown>, createdOn: Number(row.created_on) });
        out.set(row.submission_id, list);
      }
    }
    return out;
  }
}
