import type { AppContext, LucoApp } from '../context.js';
import { EXTENSION_NOTE } from '../schemas/alerts-common.js';
import { problemResponses } from '../schemas/common.js';
import { DEFAULT_HISTORY_LIMIT, METRIC_HISTORY_TAG, MetricHistoryQuery, MetricHistorySchema } from '../schemas/metric-history.js';
import { MetricHistoryService } from '../services/metric-history/metric-history.js';
import { InputError } from '../wire/input-error.js';
import { parseNamePairs } from '../wire/name-pairs.js';

/** A sequence's history of one metric (readers): the trend a volume check compares today with. */
export async function metricHistoryRoutes(app: LucoApp, ctx: AppContext): Promise<void> {
  const history = new MetricHistoryService(ctx);

  app.get(
    '/lucots/v1/metric-history',
    {
      config: { role: 'reader' },
      schema: {
        tags: [METRIC_HISTORY_TAG],
        summary: "A sequence's values of one metric and stage over time: one point per slot (its latest completed submission) or per submission",
        description: `${EXTENSION_NOTE} The sequence by its whole name (\`sequence=key=value\`, repeated, as the gate) or by \`slotSequenceId\`; archived sequences keep their history. Only values recorded as JSON numbers are points; text values in the covered range are counted in \`nonNumeric\`. Of a metric recorded several times in one submission, the last recorded counts. docs/metric-history.md`,
        querystring: MetricHistoryQuery,
        response: { 200: MetricHistorySchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const query = request.query;
      if ((query.sequence === undefined) === (query.slotSequenceId === undefined)) {
        throw InputError.of(query.sequence === undefined ? 'sequence' : 'slotSequenceId', 'give the sequence either by name (sequence=key=value, repeated) or by slotSequenceId, exactly one of them');
      }
      return history.history({
        sequence: query.sequence !== undefined ? { name: parseNamePairs(query.sequence, 'sequence') } : { id: query.slotSequenceId! },
        metric: query.metric,
        stage: query.stage,
        from: query.from,
        to: query.to,
        points: query.points,
        order: query.order,
        limit: query.limit ?? DEFAULT_HISTORY_LIMIT,
        cursor: query.cursor,
      });
    },
  );
}
