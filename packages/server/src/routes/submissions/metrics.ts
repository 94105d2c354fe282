import type { AppContext, LucoApp } from '../../context.js';
import { MetricListSchema, MetricsBody, MetricsQuery } from '../../schemas/metric-records.js';
import { RecordedCountSchema, SubmissionParams } from '../../schemas/submission-common.js';
import { MetricService } from '../../services/metrics/metrics.js';
import { parseQueryBoolean } from '../../wire/booleans.js';
import { ONE, ONE_V2, READ, READ_ERRORS, WRITE, WRITE_ERRORS } from './common.js';

/** Metric values of a submission: recording and reading them. */
export async function metricRoutes(app: LucoApp, ctx: AppContext): Promise<void> {
  const metrics = new MetricService(ctx);

  app.post(
    `${ONE_V2}/metrics`,
    {
      schema: {
        tags: ['metrics'],
        summary: 'Record metric values',
        params: SubmissionParams,
        body: MetricsBody,
        response: { 201: RecordedCountSchema, ...WRITE_ERRORS },
      },
      config: WRITE,
    },
    async (request, reply) => reply.sendWrite((trx) => metrics.record(trx, request.params.slotId, request.params.submissionId, request.body), { status: 201 }),
  );

  app.get(
    `${ONE}/metrics`,
    {
      schema: {
        tags: ['metrics'],
        summary: 'Metric values of a submission',
        params: SubmissionParams,
        querystring: MetricsQuery,
        response: { 200: MetricListSchema, ...READ_ERRORS },
      },
      config: READ,
    },
    async (request) => ({
      slotSubmissionMetrics: await metrics.list(request.params.slotId, request.params.submissionId, {
        stages: request.query.stages,
        metrics: request.query.metrics,
        includeDuplicates: parseQueryBoolean('includeDuplicates', request.query.includeDuplicates, false),
      }),
    }),
  );
}
