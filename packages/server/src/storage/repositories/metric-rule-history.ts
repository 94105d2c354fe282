import { sql, type Kysely } from 'kysely';
import type { SeriesPoint } from '../../domain/metric-rules/judge.js';
import type { Database } from '../schema.js';

export interface HistoryQuery {
  slotSequenceId: number;
  metric: string;
  /** null: the metric recorded without a stage. */
  stage: string | null;
  /** Slots strictly before this slot time (epoch ms). */
  before: number;
  /** Slots at or after this slot time; null: no lower bound. */
  after: number | null;
  limit: number;
}

/**
 * The points metric rules judge against: per slot of a sequence, the latest recorded value of a
 * metric and stage in the slot's latest completed submission; slot time = expectedBy, else the
 * slot's creation. Newest first; slots with no such value (no completed submission, the metric
 * not recorded, or recorded as text) are left out.
 */
export class MetricRuleHistoryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async pointsBefore(query: HistoryQuery): Promise<SeriesPoint[]> {
    return this.#points(query.slotSequenceId, query.metric, query.stage, query.after, query.before, query.limit);
  }

  /** Every point in [from, to) (null: open), newest first, at most `limit`: a dry run's series. */
  async pointsBetween(slotSequenceId: number, metric: string, stage: string | null, from: number | null, to: number | null, limit: number): Promise<SeriesPoint[]> {
    return this.#points(slotSequenceId, metric, stage, from, to, limit);
  }

  async #points(slotSequenceId: number, metric: string, stage: string | null, from: number | null, to: number | null, limit: number): Promise<SeriesPoint[]> {
    const slotTime = sql`coalesce(s.expected_by, s.created_on)`;
    const stageMatch = stage === null ? sql`m2.stage is null` : sql`m2.stage = ${stage}`;
    const result = await sql<{ slot_id: number; submission_id: number; at: number | string; value_json: string }>`
      select s.id as slot_id, sub.id as submission_id, ${slotTime} as at, m.value_json
      from slots s
      join submissions sub on sub.id = (select max(c.id) from submissions c where c.slot_id = s.id and c.status = 'Completed')
      join metrics m on m.id = (select max(m2.id) from metrics m2 where m2.submission_id = sub.id and m2.metric = ${metric} and ${stageMatch})
      where s.slot_sequence_id = ${slotSequenceId}
        ${to === null ? sql`` : sql`and ${slotTime} < ${to}`}
        ${from === null ? sql`` : sql`and ${slotTime} >= ${from}`}
      order by ${slotTime} desc, s.id desc
      limit ${limit}`.execute(this.db);
    const points: SeriesPoint[] = [];
    for (const row of result.rows) {
      const value = numeric(row.value_json);
      if (value !== undefined) points.push({ slotId: row.slot_id, submissionId: row.submission_id, at: Number(row.at), value });
    }
    return points;
  }
}

/** A value recorded as a finite JSON number; text and other JSON are no point. */
export function numeric(json: string): number | undefined {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
