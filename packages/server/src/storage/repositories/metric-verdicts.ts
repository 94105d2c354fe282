import type { Kysely, Selectable } from 'kysely';
import type { MetricVerdictKind } from '../../domain/metric-rules/judge.js';
import type { Database, MetricVerdictsTable } from '../schema.js';

export interface MetricVerdict {
  id: number;
  slotSequenceId: number;
  slotTime: number;
  ruleId: number;
  slotId: number;
  submissionId: number;
  metric: string;
  stage: string | null;
  value: number;
  lower: number | null;
  upper: number | null;
  center: number | null;
  verdict: MetricVerdictKind;
  historySize: number;
  qualityResultId: number | null;
  evaluatedOn: number;
}

export type NewMetricVerdict = Omit<MetricVerdict, 'id' | 'slotSequenceId' | 'slotTime'>;

export interface VerdictFilter {
  ruleId?: number | undefined;
  slotId?: number | undefined;
  submissionId?: number | undefined;
  verdict?: MetricVerdictKind | undefined;
  /** Verdicts with a smaller id only (paging, newest first). */
  beforeId?: number | undefined;
  limit: number;
}

/** Verdicts of metric rules: one per rule and submission. */
export class MetricVerdictRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Removes the submission's verdicts and the quality records that showed them; returns whether
   * there were any (an evaluation replaces them all: it judges every matching rule at once).
   */
  async clearSubmission(submissionId: number): Promise<boolean> {
    const rows = await this.db.deleteFrom('metric_verdicts').where('submission_id', '=', submissionId).returning('quality_result_id').execute();
    if (rows.length === 0) return false;
    const qualityIds = [...new Set(rows.flatMap((row) => (row.quality_result_id === null ? [] : [row.quality_result_id])))];
    if (qualityIds.length > 0) await this.db.deleteFrom('quality_results').where('id', 'in', qualityIds).where('submission_id', '=', submissionId).execute();
    return true;
  }

  async insert(verdicts: readonly NewMetricVerdict[]): Promise<void> {
    if (verdicts.length === 0) return;
    await this.db
      .insertInto('metric_verdicts')
      .values(
        verdicts.map((verdict) => ({
          rule_id: verdict.ruleId,
          slot_id: verdict.slotId,
          submission_id: verdict.submissionId,
          metric: verdict.metric,
          stage: verdict.stage,
          value: verdict.value,
          lower: verdict.lower,
          upper: verdict.upper,
          center: verdict.center,
          verdict: verdict.verdict,
          history_size: verdict.historySize,
          quality_result_id: verdict.qualityResultId,
          evaluated_on: verdict.evaluatedOn,
        })),
      )
      .execute();
  }

  /** Newest first. */
  async list(filter: VerdictFilter): Promise<MetricVerdict[]> {
    let query = this.db
      .selectFrom('metric_verdicts as v')
      .innerJoin('slots as s', 's.id', 'v.slot_id')
      .selectAll('v')
      .select(['s.slot_sequence_id', 's.expected_by', 's.created_on as slot_created_on']);
    if (filter.ruleId !== undefined) query = query.where('v.rule_id', '=', filter.ruleId);
    if (filter.slotId !== undefined) query = query.where('v.slot_id', '=', filter.slotId);
    if (filter.submissionId !== undefined) query = query.where('v.submission_id', '=', filter.submissionId);
    if (filter.verdict !== undefined) query = query.where('v.verdict', '=', filter.verdict);
    if (filter.beforeId !== undefined) query = query.where('v.id', '<', filter.beforeId);
    return (await query.orderBy('v.id', 'desc').limit(filter.limit).execute()).map(toVerdict);
  }
}

function toVerdict(row: Selectable<MetricVerdictsTable> & { slot_sequence_id: number; expected_by: number | null; slot_created_on: number }): MetricVerdict {
  return {
    id: row.id,
    slotSequenceId: row.slot_sequence_id,
    slotTime: Number(row.expected_by ?? row.slot_created_on),
    ruleId: row.rule_id,
    slotId: row.slot_id,
    submissionId: row.submission_id,
    metric: row.metric,
    stage: row.stage,
    value: Number(row.value),
    lower: row.lower === null ? null : Number(row.lower),
    upper: row.upper === null ? null : Number(row.upper),
    center: row.center === null ? null : Number(row.center),
    verdict: row.verdict as MetricVerdictKind,
    historySize: row.history_size,
    qualityResultId: row.quality_result_id,
    evaluatedOn: Number(row.evaluated_on),
  };
}
