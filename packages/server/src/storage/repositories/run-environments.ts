import type { Kysely } from 'kysely';
import { PreparedQuery } from '../prepared-query.js';
import type { Database } from '../schema.js';

/** One record, as an OpenLineage run writes it: built and compiled once. */
const INSERT_ONE = new PreparedQuery(4, (db, submissionId: number, stage: string | null, runDataJson: string, now: number) =>
  db.insertInto('run_environments').values({ submission_id: submissionId, stage, run_data_json: runDataJson, created_on: now }),
);

export interface RunEnvironmentRecord {
  id: number;
  stage: string | null;
  runData: Record<string, unknown>;
  createdOn: number;
}

/** Where and how a submission ran: one row per runData object. */
export class RunEnvironmentRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertMany(submissionId: number, stage: string | null, runData: ReadonlyArray<Record<string, unknown>>, now: number): Promise<number> {
    if (runData.length === 0) return 0;
    const [only] = runData;
    if (runData.length === 1 && only) {
      await INSERT_ONE.execute(this.db, submissionId, stage, JSON.stringify(only), now);
      return 1;
    }
    await this.db
      .insertInto('run_environments')
      .values(runData.map((item) => ({ submission_id: submissionId, stage, run_data_json: JSON.stringify(item), created_on: now })))
      .execute();
    return runData.length;
  }

  /** Oldest first. */
  async list(submissionId: number): Promise<RunEnvironmentRecord[]> {
    const rows = await this.db.selectFrom('run_environments').selectAll().where('submission_id', '=', submissionId).orderBy('id').execute();
    return rows.map((row) => ({ id: row.id, stage: row.stage, runData: JSON.parse(row.run_data_json) as Record<string, unknown>, createdOn: Number(row.created_on) }));
  }
}
