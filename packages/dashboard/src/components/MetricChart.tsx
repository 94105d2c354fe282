import { useEffect, useRef, useState } from 'preact/hooks';
import type { MetricSeries } from '../api/types';
import { loadChartCode } from '../charts/chart-code';
import { chartColumns, seriesKey, seriesTitle } from '../charts/series-data';
import type { ChartHandle } from '../charts/uplot-chart';
import { formatNumber } from '../format/time';
import { href } from '../router/routes';
import { Link } from './Link';
import { Time } from './Time';

const HEIGHT = 220;

/** Redraws when the theme changes, so the canvas takes the new palette. */
function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const observer = new MutationObserver(() => setVersion((value) => value + 1));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return version;
}

/**
 * One numeric metric across the sequence's slots (the latest run of each), failed runs marked;
 * the same points as a table under "Show data" for keyboard and screen reader users.
 */
export function MetricChart({ series, zone }: { series: MetricSeries; zone: string | undefined }) {
  const canvas = useRef<HTMLDivElement>(null);
  const [chartError, setChartError] = useState<string | undefined>(undefined);
  // The table is built when opened: a year of daily points is ~365 rows per chart, for nobody while closed.
  const [tableOpen, setTableOpen] = useState(false);
  const themeVersion = useThemeVersion();
  const columns = chartColumns(series);
  const title = seriesTitle(series);
  const failedCount = columns.failed.filter((value) => value !== null).length;
  const dataKey = JSON.stringify([columns.xs, columns.values, columns.failed]);

  useEffect(() => {
    const target = canvas.current;
    if (!target || columns.xs.length === 0) return undefined;
    let handle: ChartHandle | undefined;
    let observer: ResizeObserver | undefined;
    let cancelled = false;
    loadChartCode().then(
      ({ drawChart }) => {
        if (cancelled) return;
        target.replaceChildren();
        handle = drawChart(target, columns, { title, width: Math.max(target.clientWidth, 280), height: HEIGHT });
        observer = new ResizeObserver(() => handle?.resize(Math.max(target.clientWidth, 280)));
        observer.observe(target);
      },
      () => setChartError('The chart could not be drawn; the data is in the table below.'),
    );
    return () => {
      cancelled = true;
      observer?.disconnect();
      handle?.destroy();
    };
  }, [dataKey, themeVersion]);

  return (
    <figure
      class="chart card"
      data-testid="metric-chart"
      data-series={seriesKey(series)}
      data-points={columns.points.length}
      data-failed-points={failedCount}
    >
      <figcaption>{title}</figcaption>
      {columns.points.length === 0 ? (
        <p class="muted">No values in this window.</p>
      ) : (
        <div
          ref={canvas}
          class="chart-canvas"
          role="img"
          aria-label={`${title}: ${columns.points.length} runs, ${failedCount} failed`}
          data-testid="metric-chart-canvas"
        />
      )}
      {chartError && <p class="muted small">{chartError}</p>}
      {columns.points.length > 0 && (
        <details onToggle={(event) => setTableOpen(event.currentTarget.open)}>
          <summary>Show data ({columns.points.length} points)</summary>
          {tableOpen && (
            <div class="table-wrap">
              <table class="data">
                <thead>
                  <tr>
                    <th scope="col">Slot</th>
                    <th scope="col">Run started</th>
                    <th scope="col" class="num">
                      Value
                    </th>
                    <th scope="col">Run</th>
                  </tr>
                </thead>
                <tbody>
                  {columns.points.map((point) => (
                    <tr key={point.submissionId} data-testid="metric-point" data-failed={point.failed ? 'true' : 'false'}>
                      <td>{point.tag}</td>
                      <td>
                        <Time iso={point.at} zone={zone} />
                      </td>
                      <td class="num">{formatNumber(point.value)}</td>
                      <td>
                        <Link href={href.submission(point.slotId, point.submissionId)}>{point.failed ? 'failed' : 'view'}</Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </details>
      )}
    </figure>
  );
}
