import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import { matchesSequence } from '../../domain/alerts/rule.js';
import { historyNeed, judge, selectHistory, type Judgement, type SeriesPoint } from '../../domain/metric-rules/judge.js';
import type { JudgedRule, MetricRule } from '../../domain/metric-rules/rule.js';
import { MetricRuleHistoryRepository } from '../../storage/repositories/metric-rule-history.js';
import { MetricRuleRepository } from '../../storage/repositories/metric-rules.js';
import { MetricRuleSubjectRepository, type RuleSubjectSequence } from '../../storage/repositories/metric-rule-subjects.js';
import { MetricVerdictRepository, type NewMetricVerdict } from '../../storage/repositories/metric-verdicts.js';
import { MetricRepository } from '../../storage/repositories/metrics.js';
import { QualityRepository } from '../../storage/repositories/quality.js';
import type { Database } from '../../storage/schema.js';
import { ANOMALY_TOOL, ruleCheck } from './checks.js';

/**
 * Judges one value as a rule would at `slotTime`: the history is the points before it that
 * `selectHistory` keeps. Live evaluation and the dry run both call this, with the points they
 * read (the live one from storage, the dry run from the series it loaded once).
 */
export function judgeAt(rule: JudgedRule, sequence: Pick<RuleSubjectSequence, 'timeZone'>, slotTime: number, value: number, earlier: readonly SeriesPoint[]): Judgement {
  return judge(rule.settings, value, selectHistory(rule.settings, slotTime, sequence.timeZone, earlier));
}

/** The points a rule needs before `slotTime`, read from storage (newest first). */
export async function historyFor(db: Kysely<Database>, rule: JudgedRule, sequenceId: number, slotTime: number): Promise<SeriesPoint[]> {
  return (await historiesFor(db, [rule], sequenceId, slotTime))[0]!;
}

/**
 * The points each rule needs before `slotTime`, in as few reads as possible: rules on the same
 * metric and stage share one read of the widest look-back they need. A rule that needs points
 * older than that look-back (a change rule's previous point) gets them from it when it holds
 * enough of them, else from a read of its own. Each rule gets a newest-first list that holds
 * every point `selectHistory` would keep from its own read.
 */
export async function historiesFor(db: Kysely<Database>, rules: readonly JudgedRule[], sequenceId: number, slotTime: number): Promise<SeriesPoint[][]> {
  const history = new MetricRuleHistoryRepository(db);
  const needs = rules.map((rule) => historyNeed(rule.settings, slotTime));
  const out: SeriesPoint[][] = rules.map(() => []);
  const groups = new Map<string, number[]>();
  rules.forEach((rule, index) => {
    if (needs[index] === null) return;
    const key = valueKey(rule.metric, rule.stage);
    groups.set(key, [...(groups.get(key) ?? []), index]);
  });
  for (const members of groups.values()) {
    const first = rules[members[0]!]!;
    const bounded = members.map((index) => needs[index]!).filter((need) => need.after !== null);
    const after = bounded.length > 0 ? Math.min(...bounded.map((need) => need.after!)) : null;
    const limit = Math.max(...members.map((index) => needs[index]!.limit));
    const shared = await history.pointsBefore({ slotSequenceId: sequenceId, metric: first.metric, stage: first.stage, before: slotTime, after, limit });
    for (const index of members) {
      const need = needs[index]!;
      // The shared read covers this rule's own read unless the rule looks further back than it and it came up short.
      const covered = after === null || (need.after !== null && need.after >= after) || shared.length >= need.limit;
      out[index] = covered ? shared : await history.pointsBefore({ slotSequenceId: sequenceId, metric: first.metric, stage: first.stage, before: slotTime, after: need.after, limit: need.limit });
    }
  }
  return out;
}

/**
 * Evaluates the enabled metric rules on a completed submission, in the write's transaction `trx`:
 * every rule whose filter matches the slot's sequence and whose metric the submission recorded (as
 * a number; its latest value) is judged against the slots before this one, and the verdicts
 * replace the submission's earlier ones, with one lucots-anomaly quality collection showing them
 * as checks. A rule whose metric is missing gets no verdict. Returns whether the submission's
 * quality changed (then the caller re-derives the slot's health).
 */
export async function evaluateMetricRules(ctx: Pick<AppContext, 'now'>, trx: Kysely<Database>, slotId: number, submissionId: number): Promise<boolean> {
  const rules = await new MetricRuleRepository(trx).list({ enabledOnly: true });
  // No rule, no judgement: a completion pays one indexed read for the feature (earlier verdicts stay).
  if (rules.length === 0) return false;
  const slot = await new MetricRuleSubjectRepository(trx).slot(slotId, { names: rules.some((rule) => rule.filter.name.length > 0) });
  if (!slot) return false;
  const matching = rules.filter((rule) => matchesSequence(rule.filter, slot.sequence));
  const values = matching.length === 0 ? new Map<string, number>() : await recordedValues(trx, submissionId, matching);
  const recorded = matching.filter((rule) => values.has(valueKey(rule.metric, rule.stage)));
  const histories = await historiesFor(trx, recorded, slot.sequence.id, slot.slotTime);
  const judged = recorded.map((rule, index) => ({ rule, judgement: judgeAt(rule, slot.sequence, slot.slotTime, values.get(valueKey(rule.metric, rule.stage))!, histories[index]!) }));
  const cleared = await new MetricVerdictRepository(trx).clearSubmission(submissionId);
  if (judged.length === 0) return cleared;
  const now = ctx.now();
  const checks = judged.map(({ rule, judgement }) => ruleCheck(rule, judgement));
  const violated = judged.filter(({ judgement }) => judgement.verdict === 'violated');
  const success = violated.length === 0;
  const qualityId = await new QualityRepository(trx).insert(submissionId, {
    version: 2,
    stage: null,
    // Cancelled marks the slot QualityCancelled whatever the checks say: only a violated rule demanding a stop sets it.
    action: violated.some(({ rule }) => rule.action === 'Cancelled') ? 'Cancelled' : 'Continued',
    tool: ANOMALY_TOOL,
    dataSet: null,
    runId: null,
    body: JSON.stringify({ name: 'metric rules', tool: ANOMALY_TOOL, checks, success }),
    success,
    createdOn: now,
  });
  await new MetricVerdictRepository(trx).insert(
    judged.map(({ rule, judgement }): NewMetricVerdict => ({
      ruleId: rule.id,
      slotId,
      submissionId,
      metric: rule.metric,
      stage: rule.stage,
      value: judgement.value,
      lower: judgement.lower,
      upper: judgement.upper,
      center: judgement.center,
      verdict: judgement.verdict,
      historySize: judgement.historySize,
      qualityResultId: qualityId,
      evaluatedOn: now,
    })),
  );
  return true;
}

/** The submission's latest recorded value of each rule's metric and stage, when it is a number. */
async function recordedValues(db: Kysely<Database>, submissionId: number, rules: readonly MetricRule[]): Promise<Map<string, number>> {
  const records = await new MetricRepository(db).list(submissionId, { metrics: [...new Set(rules.map((rule) => rule.metric))] });
  const latest = new Map<string, unknown>();
  for (const record of records) latest.set(valueKey(record.metric, record.stage), record.value);
  const values = new Map<string, number>();
  // Text (or any other JSON) is no value to judge: as in the history, the slot has no point.
  for (const [key, value] of latest) if (typeof value === 'number' && Number.isFinite(value)) values.set(key, value);
  return values;
}

function valueKey(metric: string, stage: string | null): string {
  return JSON.stringify([metric, stage]);
}
