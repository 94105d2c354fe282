import type { Kysely } from 'kysely';
import type { Database, QualityResultRow } from '../schema.js';

export type QualityAction = 'Continued' | 'Cancelled';

export interface QualityRecord {
  id: number;
  /** 1: Great Expectations text (v1 route); 2: a Luco collection (v2 route). */
  version: 1 | 2;
  stage: string | null;
  action: QualityAction | null;
  tool: string | null;
  dataSet: string | null;
  runId: string | null;
  /** v1: the results text as sent; v2: the collection's JSON. */
  body: string;
  success: boolean | null;
  createdOn: number;
}

export type NewQualityRecord = Omit<QualityRecord, 'id'>;

export class QualityRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(submissionId: number, record: NewQualityRecord): Promise<number> {
    const row = await this.db
      .insertInto('quality_results')
      .values({
        submission_id: submissionId,
        version: record.version,
        stage: record.stage,
        action: record.action,
        tool: record.tool,
        data_set: record.dataSet,
        run_id: record.runId,
        body: record.body,
        success: record.success === null ? null : record.success ? 1 : 0,
        created_on: record.createdOn,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Oldest first. */
  async list(submissionId: number): Promise<QualityRecord[]> {
    const rows = await this.db.selectFrom('quality_results').selectAll().where('submission_id', '=', submissionId).orderBy('id').execute();
    return rows.map(toQualityRecord);
  }
}

function toQualityRecord(row: QualityResultRow): QualityRecord {
  return {
    id: row.id,
    version: row.version === 1 ? 1 : 2,
    stage: row.stage,
    action: row.action === 'Continued' || row.action === 'Cancelled' ? row.action : null,
    tool: row.tool,
    dataSet: row.data_set,
    runId: row.run_id,
    body: row.body,
    success: row.success === null ? null : Number(row.success) === 1,
    createdOn: Number(row.created_on),
  };
}
