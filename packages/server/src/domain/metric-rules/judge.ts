import { dayOfWeek } from '../schedule/dates.js';
import { instantToLocalDate } from '../schedule/zoned-time.js';
import type { BoundsSettings, ChangeSettings, MetricRuleSettings, SeasonalSettings } from './rule.js';
import { MAD_TO_SIGMA, median, medianAbsoluteDeviation } from './robust.js';

export const METRIC_VERDICTS = ['passed', 'violated', 'insufficient_history'] as const;
export type MetricVerdictKind = (typeof METRIC_VERDICTS)[number];

/** One slot's value of the metric: from its latest completed submission. `at`: the slot's time (expectedBy, else its creation). */
export interface SeriesPoint {
  slotId: number;
  /** The slot's latest completed submission, where the value comes from. */
  submissionId: number;
  at: number;
  value: number;
}

/** A rule's judgement of one value. lower/upper null: unbounded on that side (or no band: insufficient history). */
export interface Judgement {
  verdict: MetricVerdictKind;
  value: number;
  lower: number | null;
  upper: number | null;
  /** The band's reference: the previous value (change), the median (seasonal); null for bounds. */
  center: number | null;
  historySize: number;
}

const DAY_MS = 86_400_000;
/** The most history points a judgement reads (a seasonal rule over a dense sequence). */
export const MAX_HISTORY_POINTS = 5000;

/**
 * Which earlier points a rule needs, as the storage query asks for them: the newest `limit`
 * points before the slot's time, none older than `after`. Live evaluation and the dry run both
 * pass what they find through `selectHistory`, so both judge from the same points.
 */
export function historyNeed(settings: MetricRuleSettings, at: number): { after: number | null; limit: number } | null {
  switch (settings.kind) {
    case 'bounds':
      return null;
    case 'change':
      return { after: null, limit: 1 };
    case 'seasonal':
      // One day more than the weeks: a daylight-saving change moves a slot of `weeks` weeks ago by an hour.
      return { after: at - (settings.weeks * 7 + 1) * DAY_MS, limit: MAX_HISTORY_POINTS };
  }
}

/**
 * The history a rule judges a slot at `at` against, from `earlier`: points of slots strictly
 * before `at`, newest first. Seasonal: the points inside the look-back that fall on the slot's
 * weekday in `timeZone` (the sequence's schedule zone, UTC when unscheduled).
 */
export function selectHistory(settings: MetricRuleSettings, at: number, timeZone: string, earlier: readonly SeriesPoint[]): SeriesPoint[] {
  const need = historyNeed(settings, at);
  if (need === null) return [];
  const inWindow = earlier.filter((point) => point.at < at && (need.after === null || point.at >= need.after)).slice(0, need.limit);
  if (settings.kind !== 'seasonal') return inWindow;
  const weekday = weekdayOf(at, timeZone);
  return inWindow.filter((point) => weekdayOf(point.at, timeZone) === weekday);
}

/** The verdict on `value` given `history` (from selectHistory, newest first). */
export function judge(settings: MetricRuleSettings, value: number, history: readonly SeriesPoint[]): Judgement {
  switch (settings.kind) {
    case 'bounds':
      return judgeBounds(settings, value);
    case 'change':
      return judgeChange(settings, value, history);
    case 'seasonal':
      return judgeSeasonal(settings, value, history);
  }
}

function judgeBounds(settings: BoundsSettings, value: number): Judgement {
  return banded(value, settings.min, settings.max, null, 0);
}

function judgeChange(settings: ChangeSettings, value: number, history: readonly SeriesPoint[]): Judgement {
  const previous = history[0];
  if (previous === undefined) return insufficient(value, 0);
  const scale = Math.abs(previous.value);
  const rise = mostLenient(settings.maxRise === null ? null : scale * settings.maxRise, settings.maxRiseAbsolute);
  const fall = mostLenient(settings.maxFall === null ? null : scale * settings.maxFall, settings.maxFallAbsolute);
  return banded(value, fall === null ? null : previous.value - fall, rise === null ? null : previous.value + rise, previous.value, 1);
}

function judgeSeasonal(settings: SeasonalSettings, value: number, history: readonly SeriesPoint[]): Judgement {
  if (history.length < settings.minHistory) return insufficient(value, history.length);
  const values = history.map((point) => point.value);
  const center = median(values);
  // The floor keeps a flat history (MAD 0) from making every other value a violation.
  const spread = Math.max(MAD_TO_SIGMA * medianAbsoluteDeviation(values, center), settings.minSpreadRatio * Math.abs(center), settings.minSpread);
  return banded(value, center - settings.k * spread, center + settings.k * spread, center, history.length);
}

function banded(value: number, lower: number | null, upper: number | null, center: number | null, historySize: number): Judgement {
  const violated = (lower !== null && value < lower) || (upper !== null && value > upper);
  return { verdict: violated ? 'violated' : 'passed', value, lower, upper, center, historySize };
}

function insufficient(value: number, historySize: number): Judgement {
  return { verdict: 'insufficient_history', value, lower: null, upper: null, center: null, historySize };
}

/** The larger of the limits that are set; null when none is. */
function mostLenient(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

function weekdayOf(at: number, timeZone: string): string {
  return dayOfWeek(instantToLocalDate(at, timeZone));
}
