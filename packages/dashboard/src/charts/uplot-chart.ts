import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartColumns } from './series-data';

// uPlot (about 20 kB gzip) is loaded only when a sequence page opens (chart-code.ts), so the
// estate overview does not pay for it.

export interface ChartHandle {
  resize(width: number): void;
  destroy(): void;
}

function cssColour(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

/** Draws one metric's trend: a line through every run, failed runs as large marked points. */
export function drawChart(target: HTMLElement, columns: ChartColumns, options: { title: string; width: number; height: number }): ChartHandle {
  const line = cssColour('--chart-line', '#0a55bd');
  const failed = cssColour('--chart-failed', '#c5221f');
  const grid = cssColour('--chart-grid', '#d5dbe3');
  const text = cssColour('--fg', '#17202c');
  const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  const chart = new uPlot(
    {
      width: options.width,
      height: options.height,
      title: '',
      cursor: { focus: { prox: 16 } },
      scales: { x: { time: true } },
      axes: [axis, { ...axis, size: 60 }],
      series: [
        {},
        { label: options.title, stroke: line, width: 2, points: { show: true, size: 5, stroke: line, fill: line } },
        { label: 'Failed run', stroke: failed, width: 0, paths: () => null, points: { show: true, space: 0, size: 11, stroke: failed, fill: failed, width: 2 } },
      ],
    },
    [columns.xs, columns.values, columns.failed],
    target,
  );
  return {
    resize: (width) => chart.setSize({ width, height: options.height }),
    destroy: () => chart.destroy(),
  };
}
