import { sql, type Kysely } from 'kysely';
import type { Database } from '../../schema.js';
import { slotTimeSql } from '../slots.js';

/** A slot of the window with its latest submission. */
export interface LatestRunRow {
  slotId: number;
  tag: string;
  submissionId: number;
  status: string;
  startedOn: number;
  endedOn: number | null;
}

export interface MetricValueRow {
  submissionId: number;
  stage: string | null;
  metric: string;
  valueJson: string;
}

const IN_CHUNK = 500;

/** The reads behind a sequence's metric trends. */
export class MetricSeriesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Slots in [startMs, endMs) by slot time that have a submission, with their latest one: the latest `limit` slots. */
  async latestRuns(sequenceId: number, startMs: number, endMs: number, limit: number): Promise<LatestRunRow[]> {
    const time = slotTimeSql();
    const rows = await this.db
      .selectFrom('slots')
      .innerJoin('submissions', 'submissions.id', 'slots.last_submission_id')
      .select(['slots.id as slotId', 'slots.tag', 'submissions.id as submissionId', 'submissions.status', 'submissions.started_on', 'submissions.ended_on'])
      .where('slots.slot_sequence_id', '=', sequenceId)
      .where(sql<boolean>`${time} >= ${startMs}`)
      .where(sql<boolean>`${time} < ${endMs}`)
      .orderBy(sql`${time} desc`)
      .orderBy('slots.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      slotId: row.slotId,
      tag: row.tag,
      submissionId: row.submissionId,
      status: row.status,
      startedOn: Number(row.started_on),
      endedOn: row.ended_on === null ? null : Number(row.ended_on),
    }));
  }

  /** The metric values of these submissions in recording order, optionally of some stages and metrics only. */
  async values(submissionIds: readonly number[], filter: { stages?: readonly string[] | undefined; metrics?: readonly string[] | undefined }): Promise<MetricValueRow[]> {
    const out: MetricValueRow[] = [];
    for (let start = 0; start < submissionIds.length; start += IN_CHUNK) {
      let query = this.db.selectFrom('metrics').select(['id', 'submission_id', 'stage', 'metric', 'value_json']).where('submission_id', 'in', submissionIds.slice(start, start + IN_CHUNK));
      if (filter.stages && filter.stages.length > 0) query = query.where('stage', 'in', [...filter.stages]);
      if (filter.metrics && filter.metrics.length > 0) query = query.where('metric', 'in', [...filter.metrics]);
      const rows = await query.orderBy('id').execute();
      for (const row of rows) out.push({ submissionId: row.submission_id, stage: row.stage, metric: row.metric, valueJson: row.value_json });
    }
    return out;
  }
}
