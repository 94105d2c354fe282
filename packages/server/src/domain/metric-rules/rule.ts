import type { SequenceFilter } from '../alerts/rule.js';

/** What a violated rule's check means for the slot: a failed check, or a demand to stop (quality action Cancelled). */
export const METRIC_RULE_ACTIONS = ['Failed', 'Cancelled'] as const;
export type MetricRuleAction = (typeof METRIC_RULE_ACTIONS)[number];

export const METRIC_RULE_KINDS = ['bounds', 'change', 'seasonal'] as const;
export type MetricRuleKind = (typeof METRIC_RULE_KINDS)[number];

/** Absolute limits, both inclusive; at least one is set. */
export interface BoundsSettings {
  kind: 'bounds';
  min: number | null;
  max: number | null;
}

/**
 * Change against the previous slot's point. Each side (rise, fall) allows the most lenient of its
 * limits that are set (a relative one, a fraction of |previous|, and an absolute one); a side with
 * no limit is unbounded. A previous value of 0 makes the relative limits 0: any change from 0 is
 * an infinite relative change, allowed only by an absolute limit.
 */
export interface ChangeSettings {
  kind: 'change';
  maxRise: number | null;
  maxFall: number | null;
  maxRiseAbsolute: number | null;
  maxFallAbsolute: number | null;
}

/**
 * Median and MAD of the same weekday's points over the last `weeks` weeks before the slot:
 * band = median ± k · spread, spread = max(1.4826 · MAD, minSpreadRatio · |median|, minSpread).
 */
export interface SeasonalSettings {
  kind: 'seasonal';
  weeks: number;
  k: number;
  minHistory: number;
  minSpreadRatio: number;
  minSpread: number;
}

export type MetricRuleSettings = BoundsSettings | ChangeSettings | SeasonalSettings;

export interface MetricRule {
  id: number;
  name: string;
  enabled: boolean;
  filter: SequenceFilter;
  metric: string;
  /** The stage the metric was recorded under; null: recorded without a stage. */
  stage: string | null;
  action: MetricRuleAction;
  settings: MetricRuleSettings;
  createdOn: number;
  updatedOn: number;
}

export type NewMetricRule = Omit<MetricRule, 'id' | 'createdOn' | 'updatedOn'>;

/** A rule before it is stored (a dry run's), or a stored one. */
export type JudgedRule = Pick<MetricRule, 'name' | 'metric' | 'stage' | 'action' | 'settings'> & { id: number | null };

/** Seasonal defaults. */
export const SEASONAL_DEFAULTS = { weeks: 8, k: 3, minHistory: 4, minSpreadRatio: 0.05, minSpread: 0 } as const;
/** The most weeks a seasonal rule may look back (a series of at most ~2 years per judgement). */
export const MAX_SEASONAL_WEEKS = 104;
