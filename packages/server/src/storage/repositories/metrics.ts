import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** One recorded metric value; `value` keeps its JSON type (number or string). */
export interface MetricRecord {
  id: number;
  stage: string | null;
  metric: string;
  value: unknown;
  createdOn: number;
}

export class MetricRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Records values in the given order (ids follow it), in one statement. */
  async insertMany(submissionId: number, stage: string | null, metrics: ReadonlyArray<{ metric: string; value: unknown }>, now: number): Promise<number> {
    if (metrics.length === 0) return 0;
    await this.db
      .insertInto('metrics')
      .values(metrics.map((entry) => ({ submission_id: submissionId, stage, metric: entry.metric, value_json: JSON.stringify(entry.value), created_on: now })))
      .execute();
    return metrics.length;
  }

  /** Every value recorded on a submission, in recording order, optionally for some stages and metrics only. */
  async list(submissionId: number, filter: { stages?: readonly string[] | undefined; metrics?: readonly string[] | undefined }): Promise<MetricRecord[]> {
    let query = this.db.selectFrom('metrics').selectAll().where('submission_id', '=', submissionId);
    if (filter.stages && filter.stages.length > 0) query = query.where('stage', 'in', [...filter.stages]);
    if (filter.metrics && filter.metrics.length > 0) query = query.where('metric', 'in', [...filter.metrics]);
    const rows = await query.orderBy('id').execute();
    return rows.map((row) => ({ id: row.id, stage: row.stage, metric: row.metric, value: JSON.parse(row.value_json) as unknown, createdOn: Number(row.created_on) }));
  }
}
