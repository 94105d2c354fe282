import type { Insertable, Kysely } from 'kysely';
import { PreparedQuery } from '../prepared-query.js';
import type { Database, MetricsTable } from '../schema.js';

export type NewMetricRow = Insertable<MetricsTable>;

/** 5 values per row: 5,000 parameters, far below SQLite's 32,766 and PostgreSQL's 65,535. */
const ROWS_PER_STATEMENT = 1_000;

/** One recorded metric value; `value` keeps its JSON type (number or string). */
export interface MetricRecord {
  id: number;
  stage: string | null;
  metric: string;
  value: unknown;
  createdOn: number;
}

/** Requests of a few values (most of them, and every OpenLineage completion) insert through a prepared statement per row count. */
const PREPARED_ROW_COUNTS = 16;
const PREPARED_INSERTS = new Map<number, PreparedQuery<unknown[], unknown>>();

function preparedInsert(count: number): PreparedQuery<unknown[], unknown> | undefined {
  if (count < 1 || count > PREPARED_ROW_COUNTS) return undefined;
  let insert = PREPARED_INSERTS.get(count);
  if (!insert) {
    insert = new PreparedQuery(count * 5, (db, ...values: unknown[]) =>
      db.insertInto('metrics').values(
        Array.from({ length: count }, (_, row) => {
          const [submissionId, stage, metric, valueJson, createdOn] = values.slice(row * 5, row * 5 + 5);
          return { submission_id: submissionId as number, stage: stage as string | null, metric: metric as string, value_json: valueJson as string, created_on: createdOn as number };
        }),
      ),
    );
    PREPARED_INSERTS.set(count, insert);
  }
  return insert;
}

export class MetricRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The rows of one request, in its order (ids follow it). */
  static rows(submissionId: number, stage: string | null, metrics: ReadonlyArray<{ metric: string; value?: unknown }>, now: number): NewMetricRow[] {
    return metrics.map((entry) => ({ submission_id: submissionId, stage, metric: entry.metric, value_json: JSON.stringify(entry.value), created_on: now }));
  }

  /**
   * Inserts rows in the given order; statements stay under both databases' parameter limits. Many
   * rows take several statements: call it inside a transaction so they land together.
   */
  async insertRows(rows: readonly NewMetricRow[]): Promise<void> {
    const prepared = preparedInsert(rows.length);
    if (prepared) {
      await prepared.execute(this.db, ...rows.flatMap((row) => [row.submission_id, row.stage ?? null, row.metric, row.value_json, row.created_on]));
      return;
    }
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      await this.db.insertInto('metrics').values(rows.slice(start, start + ROWS_PER_STATEMENT)).execute();
    }
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
