import type { AppContext } from '../../context.js';
import { numericMetricValue } from '../../domain/numeric-metric-value.js';
import { MetricSeriesRepository, type LatestRunRow } from '../../storage/repositories/dashboard/metric-series.js';
import { iso } from '../../wire/instants.js';
import { resolveDateWindow } from './date-window.js';
import { loadSequence, sequenceTimeZone } from './sequence-zone.js';

/** The most points one series holds: the latest slots of the window, one point each. */
export const MAX_SERIES_POINTS = 5000;
/** The series of run durations, added beside the recorded metrics. */
export const DURATION_SERIES = { stage: 'run', metric: 'durationSeconds' } as const;

export interface MetricPointView {
  slotId: number;
  tag: string;
  submissionId: number;
  /** The submission's start. */
  at: string;
  value: number;
  failed: boolean;
}

export interface MetricSeriesView {
  stage: string | null;
  metric: string;
  points: MetricPointView[];
}

export interface MetricSeriesQuery {
  from?: string | undefined;
  to?: string | undefined;
  stages?: readonly string[] | undefined;
  metrics?: readonly string[] | undefined;
}

/**
 * Trends of a sequence's numeric metrics across its slots: per slot its latest submission's
 * values (the last recorded of each stage and metric), plus the run's duration.
 */
export class MetricSeriesService {
  readonly #series: MetricSeriesRepository;

  constructor(private readonly ctx: AppContext) {
    this.#series = new MetricSeriesRepository(ctx.db);
  }

  async series(sequenceId: number, query: MetricSeriesQuery): Promise<{ slotSequenceId: number; timeZone: string; from: string; to: string; series: MetricSeriesView[] }> {
    const sequence = await loadSequence(this.ctx, sequenceId);
    const timeZone = sequenceTimeZone(sequence);
    const window = resolveDateWindow(query, timeZone, this.ctx.now());
    const runs = (await this.#series.latestRuns(sequence.id, window.startMs, window.endMs, MAX_SERIES_POINTS)).sort((a, b) => a.startedOn - b.startedOn || a.slotId - b.slotId);
    const bySubmission = new Map(runs.map((run) => [run.submissionId, run]));
    // Keyed by stage and metric; within a submission a later value of one replaces an earlier one.
    const series = new Map<string, { stage: string | null; metric: string; values: Map<number, number> }>();
    for (const row of await this.#series.values([...bySubmission.keys()], { stages: query.stages, metrics: query.metrics })) {
      const value = numericMetricValue(row.valueJson);
      if (value === undefined) continue;
      const key = JSON.stringify([row.stage, row.metric]);
      let entry = series.get(key);
      if (!entry) series.set(key, (entry = { stage: row.stage, metric: row.metric, values: new Map() }));
      entry.values.set(row.submissionId, value);
    }
    const out: MetricSeriesView[] = [...series.values()]
      .sort((a, b) => compareText(a.stage ?? '', b.stage ?? '') || compareText(a.metric, b.metric))
      .map((entry) => ({ stage: entry.stage, metric: entry.metric, points: runs.filter((run) => entry.values.has(run.submissionId)).map((run) => point(run, entry.values.get(run.submissionId)!)) }));
    if (wants(query.stages, DURATION_SERIES.stage) && wants(query.metrics, DURATION_SERIES.metric)) {
      out.push({ ...DURATION_SERIES, points: runs.filter((run) => run.endedOn !== null).map((run) => point(run, (run.endedOn! - run.startedOn) / 1000)) });
    }
    return { slotSequenceId: sequence.id, timeZone, from: window.from, to: window.to, series: out };
  }
}

function point(run: LatestRunRow, value: number): MetricPointView {
  return { slotId: run.slotId, tag: run.tag, submissionId: run.submissionId, at: iso(run.startedOn), value, failed: run.status === 'Failed' };
}


function wants(filter: readonly string[] | undefined, value: string): boolean {
  return filter === undefined || filter.length === 0 || filter.includes(value);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
