import { loadOnce } from './load-once';

/**
 * The chart code (uPlot, its own chunk, so the estate overview never loads it). A sequence page
 * asks for it as it opens, so it downloads beside the page's API calls instead of after them.
 */
export const loadChartCode = loadOnce(() => import('./uplot-chart'));
