import type { AppContext, LucoApp } from '../../context.js';
import { ALERTS_TAG, EXTENSION_NOTE } from '../../schemas/alerts-common.js';
import { AlertDetailSchema, AlertIdParams, AlertsPageSchema, AlertsQuery } from '../../schemas/alerts-list.js';
import { problemResponses } from '../../schemas/common.js';
import { AlertReadService } from '../../services/alerts/alerts-reads.js';
import { paging } from '../../services/overviews/query.js';

/** Alerts (readers): what the rules raised, and whom they told. */
export async function alertReadRoutes(app: LucoApp, ctx: AppContext): Promise<void> {
  const alerts = new AlertReadService(ctx);

  app.get(
    '/lucots/v1/alerts',
    {
      config: { role: 'reader' },
      schema: {
        tags: [ALERTS_TAG],
        summary: 'Alerts, newest first: filtered by state, kind, rule, sequence (by id or name) and creation time; paged',
        description: `${EXTENSION_NOTE} Every filter given applies; a repeated one matches any of its values (sequence: all of its name parts).`,
        querystring: AlertsQuery,
        response: { 200: AlertsPageSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const query = request.query;
      return alerts.list(
        { states: query.state, kinds: query.kind, ruleIds: query.ruleId, sequenceIds: query.slotSequenceId, slotIds: query.slotId, sequence: query.sequence, since: query.since, until: query.until },
        paging(query.pageNumber, query.pageSize, 100),
      );
    },
  );

  app.get(
    '/lucots/v1/alerts/:alertId',
    {
      config: { role: 'reader' },
      schema: {
        tags: [ALERTS_TAG],
        summary: 'An alert with its notifications and each one\'s delivery log',
        description: EXTENSION_NOTE,
        params: AlertIdParams,
        response: { 200: AlertDetailSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => alerts.get(request.params.alertId),
  );
}
