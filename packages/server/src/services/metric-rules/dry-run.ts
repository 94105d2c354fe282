import type { AppContext } from '../../context.js';
import { matchesSequence } from '../../domain/alerts/rule.js';
import type { SeriesPoint } from '../../domain/metric-rules/judge.js';
import type { JudgedRule, NewMetricRule } from '../../domain/metric-rules/rule.js';
import { MetricRuleHistoryRepository } from '../../storage/repositories/metric-rule-history.js';
import { MetricRuleSubjectRepository } from '../../storage/repositories/metric-rule-subjects.js';
import { historyFor, judgeAt } from './evaluation.js';
import { replayedVerdictView, type MetricVerdictView } from './views.js';

/** The most sequences one dry run replays (the first by id); the answer says how many matched. */
export const MAX_DRY_RUN_SEQUENCES = 100;
/** The most slots of one sequence a dry run judges (the newest of the range). */
export const MAX_DRY_RUN_POINTS = 20_000;

export interface DryRunRange {
  from: number | null;
  to: number | null;
  limit: number;
}

export interface DryRunView {
  sequences: number;
  judged: number;
  passed: number;
  violated: number;
  insufficientHistory: number;
  verdicts: MetricVerdictView[];
}

/**
 * Replays a rule over the stored history, slot by slot, as live evaluation would have judged each
 * slot's latest completed submission (the same judgeAt, against the points before the slot): for
 * each matching active sequence, the points in the range are loaded once with the history the
 * oldest of them needs, and each is judged against the ones before it. Nothing is stored.
 */
export async function dryRunMetricRule(ctx: Pick<AppContext, 'db'>, rule: Pick<NewMetricRule, 'filter'> & JudgedRule, range: DryRunRange): Promise<DryRunView> {
  const sequences = (await new MetricRuleSubjectRepository(ctx.db).activeSequences()).filter((sequence) => matchesSequence(rule.filter, sequence));
  const history = new MetricRuleHistoryRepository(ctx.db);
  const answer: DryRunView = { sequences: sequences.length, judged: 0, passed: 0, violated: 0, insufficientHistory: 0, verdicts: [] };
  const verdicts: MetricVerdictView[] = [];
  for (const sequence of sequences.slice(0, MAX_DRY_RUN_SEQUENCES)) {
    const inRange = await history.pointsBetween(sequence.id, rule.metric, rule.stage, range.from, range.to, MAX_DRY_RUN_POINTS);
    const oldest = inRange[inRange.length - 1];
    // What the oldest slot in the range looks back at covers every later one's look-back too.
    const before = oldest === undefined ? [] : await historyFor(ctx.db, rule, sequence.id, oldest.at);
    const series: SeriesPoint[] = [...inRange, ...before];
    inRange.forEach((point, index) => {
      const judgement = judgeAt(rule, sequence, point.at, point.value, series.slice(index + 1));
      answer.judged += 1;
      if (judgement.verdict === 'passed') answer.passed += 1;
      else if (judgement.verdict === 'violated') answer.violated += 1;
      else answer.insufficientHistory += 1;
      verdicts.push(replayedVerdictView(rule, sequence.id, point, judgement));
    });
  }
  answer.verdicts = verdicts.sort((a, b) => Date.parse(b.slotTime) - Date.parse(a.slotTime) || b.slotId - a.slotId).slice(0, range.limit);
  return answer;
}
