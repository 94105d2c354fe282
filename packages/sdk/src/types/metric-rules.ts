import type { NamePattern, RuleCadence } from './alerts.js';

/** bounds: fixed limits; change: against the previous slot; seasonal: median and MAD of the same weekday. */
export type MetricRuleKind = 'bounds' | 'change' | 'seasonal';
/** What a violation means: a failed quality check (Failed, the default) or a demand to stop (Cancelled). */
export type MetricRuleAction = 'Failed' | 'Cancelled';
export type MetricVerdictKind = 'passed' | 'violated' | 'insufficient_history';

/** A metric rule as created or replaced (`luco.metricRules.create/update`); only the settings of its kind may be given. */
export interface MetricRuleInput {
  /** Unique, 1 to 100 characters. */
  name: string;
  /** Default true. */
  enabled?: boolean | undefined;
  /** Which sequences, as alert rules say it; left out: all. */
  filter?: { name?: readonly NamePattern[] | undefined; types?: readonly string[] | undefined; cadences?: readonly RuleCadence[] | undefined } | undefined;
  /** The metric name, as recorded. */
  metric: string;
  /** The stage it is recorded under; null or left out: recorded without a stage. */
  stage?: string | null | undefined;
  action?: MetricRuleAction | undefined;
  kind: MetricRuleKind;
  /** bounds: inclusive limits (at least one). */
  min?: number | null | undefined;
  max?: number | null | undefined;
  /** change: the largest rise / fall as a fraction of |previous| (0.5 = 50 %), and in the metric's unit; each side allows its most lenient limit. */
  maxRise?: number | null | undefined;
  maxFall?: number | null | undefined;
  maxRiseAbsolute?: number | null | undefined;
  maxFallAbsolute?: number | null | undefined;
  /** seasonal: weeks looked back (default 8), k (default 3), minHistory (default 4), the spread's floors (default 0.05 of |median|, and 0). */
  weeks?: number | undefined;
  k?: number | undefined;
  minHistory?: number | undefined;
  minSpreadRatio?: number | undefined;
  minSpread?: number | undefined;
}

/** A stored rule: its kind's settings with their defaults filled in. */
export interface MetricRule extends Omit<MetricRuleInput, 'enabled' | 'filter' | 'stage' | 'action'> {
  ruleId: number;
  enabled: boolean;
  filter: { name: NamePattern[]; types: string[]; cadences: string[] };
  stage: string | null;
  action: MetricRuleAction;
  createdOn: string;
  updatedOn: string;
}

/** One judgement of a slot's value. lower/upper null: unbounded on that side, or no band (insufficient history). */
export interface MetricVerdict {
  /** null in a dry run. */
  verdictId: number | null;
  /** null in a dry run of a rule not stored. */
  ruleId: number | null;
  slotSequenceId: number;
  slotId: number;
  slotSubmissionId: number | null;
  metric: string;
  stage: string | null;
  value: number;
  lower: number | null;
  upper: number | null;
  /** The previous value (change), the median (seasonal); null for bounds. */
  center: number | null;
  verdict: MetricVerdictKind;
  historySize: number;
  /** The slot's time: its expectedBy, else its creation. */
  slotTime: string;
  /** null in a dry run. */
  evaluatedOn: string | null;
}

/** Which slots a dry run judges (slot time from .. to, both inclusive) and how many verdicts it answers with (default 500). */
export interface DryRunOptions {
  from?: Date | string | undefined;
  to?: Date | string | undefined;
  limit?: number | undefined;
}

export interface DryRunResult {
  /** How many sequences the filter matched (at most 100 are replayed). */
  sequences: number;
  judged: number;
  passed: number;
  /** How often the rule would have fired. */
  violated: number;
  insufficientHistory: number;
  /** Newest first, at most `limit`. */
  verdicts: MetricVerdict[];
}

export interface MetricVerdictFilters {
  ruleId?: number | undefined;
  slotId?: number | undefined;
  slotSubmissionId?: number | undefined;
  verdict?: MetricVerdictKind | undefined;
  /** Verdicts older than this verdict id (the next page). */
  beforeId?: number | undefined;
  /** 1 to 1000, default 100. */
  limit?: number | undefined;
}
