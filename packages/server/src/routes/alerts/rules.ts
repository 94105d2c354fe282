import { Type } from '@fastify/type-provider-typebox';
import type { AppContext, LucoApp } from '../../context.js';
import { ALERTS_TAG, EXTENSION_NOTE } from '../../schemas/alerts-common.js';
import { RuleBody, RuleIdParams, RuleList, RuleView } from '../../schemas/alerts-rules.js';
import { problemResponses } from '../../schemas/common.js';
import { problemMeaning } from '../../schemas/submission-common.js';
import { AlertRuleService } from '../../services/alerts/rules-service.js';

const BASE = '/lucots/v1/alert-rules';
const HOW =
  'A rule watches the sequences its filter matches for the kinds of trouble it lists; a bad state that lasts past the grace opens one alert per slot (nothing more while it is open, reminders aside), notified to its channels; recovery resolves it (inside the grace: cancels it, silently). Changes apply from the engine\'s next pass.';

/** Alert rules (admin): what to watch and whom to tell. */
export async function alertRuleRoutes(app: LucoApp, ctx: AppContext): Promise<void> {
  const rules = new AlertRuleService(ctx);

  app.get(
    BASE,
    {
      config: { role: 'admin' },
      schema: { tags: [ALERTS_TAG], summary: 'Every alert rule', description: `${EXTENSION_NOTE} ${HOW}`, response: { 200: RuleList, ...problemResponses(401, 403) } },
    },
    async () => ({ rules: await rules.list() }),
  );

  app.post(
    BASE,
    {
      config: { role: 'admin' },
      schema: {
        tags: [ALERTS_TAG],
        summary: 'Create an alert rule',
        description: `${EXTENSION_NOTE} ${HOW} channelIds must name existing channels (400 naming channelIds[i]); a name already taken: 409.`,
        body: RuleBody,
        response: { 201: RuleView, ...problemResponses(400, 401, 403, 422), ...problemMeaning(409, 'The name is taken (errors names it), or a request with the same Idempotency-Key is still being processed') },
      },
    },
    async (request, reply) => reply.sendWrite((trx) => rules.create(trx, request.body), { status: 201 }),
  );

  app.get(
    `${BASE}/:ruleId`,
    {
      config: { role: 'admin' },
      schema: { tags: [ALERTS_TAG], summary: 'An alert rule', description: EXTENSION_NOTE, params: RuleIdParams, response: { 200: RuleView, ...problemResponses(400, 401, 403, 404) } },
    },
    async (request) => rules.get(request.params.ruleId),
  );

  app.put(
    `${BASE}/:ruleId`,
    {
      config: { role: 'admin' },
      schema: {
        tags: [ALERTS_TAG],
        summary: 'Replace an alert rule',
        description: `${EXTENSION_NOTE} The body is the create body; what it leaves out gets its default, as on create. Alerts already raised keep going (they resolve when their slot recovers).`,
        params: RuleIdParams,
        body: RuleBody,
        response: { 200: RuleView, ...problemResponses(400, 401, 403, 404), ...problemMeaning(409, 'The name is taken by another rule (errors names it)') },
      },
    },
    async (request, reply) => reply.sendWrite((trx) => rules.update(trx, request.params.ruleId, request.body), { status: 200 }),
  );

  app.delete(
    `${BASE}/:ruleId`,
    {
      config: { role: 'admin' },
      schema: {
        tags: [ALERTS_TAG],
        summary: 'Delete an alert rule, its alerts and their notifications',
        description: `${EXTENSION_NOTE} To stop a rule but keep its alert history, PUT it with enabled: false instead.`,
        params: RuleIdParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.sendWrite((trx) => rules.delete(trx, request.params.ruleId), { status: 204, answer: () => null }),
  );
}
