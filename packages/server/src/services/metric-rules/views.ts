import type { Judgement, MetricVerdictKind, SeriesPoint } from '../../domain/metric-rules/judge.js';
import type { MetricRule } from '../../domain/metric-rules/rule.js';
import type { MetricVerdict } from '../../storage/repositories/metric-verdicts.js';
import { iso } from '../../wire/instants.js';

export interface MetricRuleView {
  ruleId: number;
  name: string;
  enabled: boolean;
  filter: MetricRule['filter'];
  metric: string;
  stage: string | null;
  action: string;
  kind: string;
  [setting: string]: unknown;
  createdOn: string;
  updatedOn: string;
}

/** A rule as the API shows it: the body's shape, its kind's settings with their defaults filled in. */
export function toMetricRuleView(rule: MetricRule): MetricRuleView {
  const { kind, ...settings } = rule.settings;
  return {
    ruleId: rule.id,
    name: rule.name,
    enabled: rule.enabled,
    filter: rule.filter,
    metric: rule.metric,
    stage: rule.stage,
    action: rule.action,
    kind,
    ...settings,
    createdOn: iso(rule.createdOn),
    updatedOn: iso(rule.updatedOn),
  };
}

export interface MetricVerdictView {
  verdictId: number | null;
  ruleId: number | null;
  slotSequenceId: number;
  slotId: number;
  slotSubmissionId: number | null;
  metric: string;
  stage: string | null;
  value: number;
  lower: number | null;
  upper: number | null;
  center: number | null;
  verdict: MetricVerdictKind;
  historySize: number;
  slotTime: string;
  evaluatedOn: string | null;
}

export function storedVerdictView(verdict: MetricVerdict): MetricVerdictView {
  return {
    verdictId: verdict.id,
    ruleId: verdict.ruleId,
    slotSequenceId: verdict.slotSequenceId,
    slotId: verdict.slotId,
    slotSubmissionId: verdict.submissionId,
    metric: verdict.metric,
    stage: verdict.stage,
    value: verdict.value,
    lower: verdict.lower,
    upper: verdict.upper,
    center: verdict.center,
    verdict: verdict.verdict,
    historySize: verdict.historySize,
    slotTime: iso(verdict.slotTime),
    evaluatedOn: iso(verdict.evaluatedOn),
  };
}

/** A dry run's verdict: judged, not stored. */
export function replayedVerdictView(rule: Pick<MetricRule, 'metric' | 'stage'> & { id: number | null }, slotSequenceId: number, point: SeriesPoint, judgement: Judgement): MetricVerdictView {
  return {
    verdictId: null,
    ruleId: rule.id,
    slotSequenceId,
    slotId: point.slotId,
    slotSubmissionId: point.submissionId,
    metric: rule.metric,
    stage: rule.stage,
    value: judgement.value,
    lower: judgement.lower,
    upper: judgement.upper,
    center: judgement.center,
    verdict: judgement.verdict,
    historySize: judgement.historySize,
    slotTime: iso(point.at),
    evaluatedOn: null,
  };
}
