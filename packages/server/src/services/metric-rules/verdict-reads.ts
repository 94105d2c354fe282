import type { AppContext } from '../../context.js';
import type { MetricVerdictKind } from '../../domain/metric-rules/judge.js';
import { MetricVerdictRepository } from '../../storage/repositories/metric-verdicts.js';
import { storedVerdictView, type MetricVerdictView } from './views.js';

export interface VerdictQuery {
  ruleId?: number | undefined;
  slotId?: number | undefined;
  slotSubmissionId?: number | undefined;
  verdict?: MetricVerdictKind | undefined;
  beforeId?: number | undefined;
  limit?: number | undefined;
}

/** Stored verdicts of metric rules, newest first (page on with beforeId). */
export async function listMetricVerdicts(ctx: Pick<AppContext, 'db'>, query: VerdictQuery): Promise<{ verdicts: MetricVerdictView[] }> {
  const verdicts = await new MetricVerdictRepository(ctx.db).list({
    ruleId: query.ruleId,
    slotId: query.slotId,
    submissionId: query.slotSubmissionId,
    verdict: query.verdict,
    beforeId: query.beforeId,
    limit: query.limit ?? 100,
  });
  return { verdicts: verdicts.map(storedVerdictView) };
}
