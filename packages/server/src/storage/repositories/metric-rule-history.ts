import type { Kysely } from 'kysely';
import type { SeriesPoint } from '../../domain/metric-rules/judge.js';
import type { Database } from '../schema.js';
import { MetricHistoryRepository, type MetricPoint } from './metric-series.js';

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
 * The points metric rules judge against, read through the metric series (metric-series.ts): per
 * slot of a sequence, the latest recorded value of a metric and stage in the slot's latest
 * completed submission, at the slot's time (expectedBy, else its creation); text values are no
 * point. Newest first.
 */
export class MetricRuleHistoryRepository {
  readonly #series: MetricHistoryRepository;

  constructor(db: Kysely<Database>) {
    this.#series = new MetricHistoryRepository(db);
  }

  async pointsBefore(query: HistoryQuery): Promise<SeriesPoint[]> {
    const page = await this.#series.series({
      slotSequenceId: query.slotSequenceId,
      metric: query.metric,
      stage: query.stage,
      before: query.before,
      ...(query.after === null ? {} : { from: query.after }),
      order: 'desc',
      limit: query.limit,
    });
    return page.points.map(toSeriesPoint);
  }

  /** The points with slot times in [from, to] (null: open), newest first, at most `limit` (read in pages): a dry run's series. */
  async pointsBetween(slotSequenceId: number, metric: string, stage: string | null, from: number | null, to: number | null, limit: number): Promise<SeriesPoint[]> {
    const points: SeriesPoint[] = [];
    let after: MetricPoint | undefined;
    for (;;) {
      const page = await this.#series.series({
        slotSequenceId,
        metric,
        stage,
        ...(from === null ? {} : { from }),
        ...(to === null ? {} : { to }),
        ...(after === undefined ? {} : { after }),
        order: 'desc',
        limit: limit - points.length,
      });
      points.push(...page.points.map(toSeriesPoint));
      after = page.points.at(-1);
      if (!page.truncated || after === undefined || points.length >= limit) return points;
    }
  }
}

function toSeriesPoint(point: MetricPoint): SeriesPoint {
  return { slotId: point.slotId, submissionId: point.submissionId, at: point.slotTime, value: point.value };
}
