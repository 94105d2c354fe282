import type { MetricPoint, MetricSeries } from '../api/types';

/**
 * A metric series as uPlot's columns: x in Unix seconds (ascending, as uPlot needs), the values,
 * and the same values only where the run failed (null elsewhere), drawn as marked points.
 */
export interface ChartColumns {
  xs: number[];
  values: number[];
  failed: (number | null)[];
  /** The points in x order, for tooltips and the data table. */
  points: MetricPoint[];
}

export function chartColumns(series: MetricSeries): ChartColumns {
  const points = series.points
    .filter((point) => Number.isFinite(point.value) && !Number.isNaN(Date.parse(point.at)))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.submissionId - b.submissionId);
  return {
    xs: points.map((point) => Date.parse(point.at) / 1000),
    values: points.map((point) => point.value),
    failed: points.map((point) => (point.failed ? point.value : null)),
    points,
  };
}

/** A series' heading: `rows (load)`, or `Run duration (s)` for the synthetic one. */
export function seriesTitle(series: Pick<MetricSeries, 'stage' | 'metric'>): string {
  if (series.stage === 'run' && series.metric === 'durationSeconds') return 'Run duration (seconds)';
  return series.stage ? `${series.metric} (${series.stage})` : series.metric;
}

/** A stable key for a series (stage and metric), for lists and test ids. */
export function seriesKey(series: Pick<MetricSeries, 'stage' | 'metric'>): string {
  return `${series.stage ?? ''}/${series.metric}`;
}
