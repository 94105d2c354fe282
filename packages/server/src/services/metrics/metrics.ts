import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import { MetricPointRepository } from '../../storage/repositories/metric-points.js';
import { MetricRepository } from '../../storage/repositories/metrics.js';
import type { Database } from '../../storage/schema.js';
import { InputError, type FieldProblem } from '../../wire/input-error.js';
import { iso } from '../../wire/instants.js';
import { requireSubmissionOf } from '../submissions/access.js';
import { SubmissionRepository } from '../../storage/repositories/submissions.js';
import { recordSlotHealth } from '../alerts/slot-health.js';
import { evaluateMetricRules } from '../metric-rules/evaluation.js';

export type MetricValue = number | string;

export interface MetricsInput {
  stage?: string | null | undefined;
  runId?: string | null | undefined;
  metrics: ReadonlyArray<{ metric: string; value?: unknown }>;
}

export interface MetricView {
  stage: string | null;
  metric: string;
  value: MetricValue;
  createdOn: string;
}

export interface MetricQuery {
  stages?: readonly string[] | undefined;
  metrics?: readonly string[] | undefined;
  includeDuplicates: boolean;
}

export class MetricService {
  constructor(private readonly ctx: AppContext) {}

  /** Records every value as sent (repeats included); values keep their JSON type. `trx`: the write's transaction. */
  async record(trx: Kysely<Database>, slotId: number, submissionId: number, input: MetricsInput): Promise<{ recorded: number }> {
    const problems: FieldProblem[] = [];
    if (input.metrics.length === 0) problems.push({ field: 'metrics', message: 'must hold at least one {metric, value}' });
    input.metrics.forEach((entry, index) => {
      if (entry.metric.trim() === '') problems.push({ field: `metrics[${index}].metric`, message: 'must not be blank' });
      if (!isMetricValue(entry.value)) {
        problems.push({ field: `metrics[${index}].value`, message: `must be a finite number or a string, got ${describe(entry.value)}` });
      }
    });
    if (problems.length > 0) throw new InputError(problems);
    await requireSubmissionOf(trx, slotId, submissionId, this.ctx.db);
    await new MetricRepository(trx).insertRows(MetricRepository.rows(submissionId, input.stage ?? null, input.metrics, this.ctx.now()));
    if ((await new SubmissionRepository(trx).findById(submissionId))?.status === 'Completed') {
      // A value recorded after the completion is the slot's point if the submission gives them, and
      // it is judged too: the metric rules' verdicts are replaced.
      await new MetricPointRepository(trx).recordValues(slotId, submissionId, input.metrics.map((entry) => ({ metric: entry.metric, stage: input.stage ?? null })));
      if (await evaluateMetricRules(this.ctx, trx, slotId, submissionId)) await recordSlotHealth(this.ctx, trx, slotId, this.ctx.now());
    }
    return { recorded: input.metrics.length };
  }

  /**
   * Values in the order they were first recorded. Without duplicates, each (stage, metric) shows
   * once, with its latest value, at the place of its first recording.
   */
  async list(slotId: number, submissionId: number, query: MetricQuery): Promise<MetricView[]> {
    await requireSubmissionOf(this.ctx.db, slotId, submissionId);
    const records = await new MetricRepository(this.ctx.db).list(submissionId, { stages: query.stages, metrics: query.metrics });
    const views = records.map((record) => ({ stage: record.stage, metric: record.metric, value: record.value as MetricValue, createdOn: iso(record.createdOn) }));
    if (query.includeDuplicates) return views;
    const latest = new Map<string, MetricView>();
    for (const view of views) {
      const key = JSON.stringify([view.stage, view.metric]);
      // Map keeps the first insertion's place; set() replaces the value there.
      latest.set(key, view);
    }
    return [...latest.values()];
  }
}

function isMetricValue(value: unknown): value is MetricValue {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  return `a ${typeof value}`;
}
