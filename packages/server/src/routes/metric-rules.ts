import { Type } from '@fastify/type-provider-typebox';
import type { AppContext, LucoApp } from '../context.js';
import { EXTENSION_NOTE } from '../schemas/alerts-common.js';
import { problemResponses } from '../schemas/common.js';
import {
  DryRunAnswer,
  DryRunBody,
  DryRunQuery,
  METRIC_RULES_TAG,
  MetricRuleBody,
  MetricRuleIdParams,
  MetricRuleList,
  MetricRuleView,
  MetricVerdictList,
  MetricVerdictQuery,
} from '../schemas/metric-rules.js';
import { problemMeaning } from '../schemas/submission-common.js';
import { dryRunMetricRule } from '../services/metric-rules/dry-run.js';
import { readMetricRuleInput } from '../services/metric-rules/rule-input.js';
import { MetricRuleService, storedMetricRule } from '../services/metric-rules/rules-service.js';
import { listMetricVerdicts } from '../services/metric-rules/verdict-reads.js';

const BASE = '/lucots/v1/metric-rules';
const HOW =
  'A metric rule judges a metric (and stage) of the sequences its filter matches each time a submission completes, and again when metrics are recorded on a completed submission: bounds (fixed limits), change (against the previous slot) or seasonal (median and MAD of the same weekday). The verdicts are stored, and shown on the submission as checks of a `lucots-anomaly` quality collection: a violation is a failed check (action Cancelled: a demand to stop), so the slot\'s health becomes QualityFailed (QualityCancelled) and alert rules watching that alert. See docs/anomaly-rules.md.';

/** Metric anomaly rules (admin), their dry runs, and their verdicts (readers). */
export async function metricRuleRoutes(app: LucoApp, ctx: AppContext): Promise<void> {
  const rules = new MetricRuleService(ctx);

  app.get(BASE, { config: { role: 'admin' }, schema: { tags: [METRIC_RULES_TAG], summary: 'Every metric rule', description: `${EXTENSION_NOTE} ${HOW}`, response: { 200: MetricRuleList, ...problemResponses(401, 403) } } }, async () => ({
    rules: await rules.list(),
  }));

  app.post(
    BASE,
    {
      config: { role: 'admin' },
      schema: {
        tags: [METRIC_RULES_TAG],
        summary: 'Create a metric rule',
        description: `${EXTENSION_NOTE} ${HOW} A setting of another kind, min above max, a negative limit, k not above 0 or minHistory above weeks is a 400 naming the field; a name already taken: 409.`,
        body: MetricRuleBody,
        response: { 201: MetricRuleView, ...problemResponses(400, 401, 403, 422), ...problemMeaning(409, 'The name is taken (errors names it), or a request with the same Idempotency-Key is still being processed') },
      },
    },
    async (request, reply) => reply.sendWrite((trx) => rules.create(trx, request.body), { status: 201 }),
  );

  app.post(
    `${BASE}/dry-run`,
    {
      config: { role: 'admin', idempotent: false },
      schema: {
        tags: [METRIC_RULES_TAG],
        summary: 'Replay a rule (not stored) over the stored history',
        description: `${EXTENSION_NOTE} Judges every slot in the range of the sequences the rule's filter matches (the first 100), as live evaluation judges a completion, and says how often it would have fired. Nothing is stored.`,
        body: DryRunBody,
        response: { 200: DryRunAnswer, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const rule = readMetricRuleInput(request.body.rule, 'rule');
      return dryRunMetricRule(ctx, { ...rule, id: null }, range(request.body));
    },
  );

  app.get(
    `${BASE}/:ruleId`,
    { config: { role: 'admin' }, schema: { tags: [METRIC_RULES_TAG], summary: 'A metric rule', description: EXTENSION_NOTE, params: MetricRuleIdParams, response: { 200: MetricRuleView, ...problemResponses(400, 401, 403, 404) } } },
    async (request) => rules.get(request.params.ruleId),
  );

  app.get(
    `${BASE}/:ruleId/dry-run`,
    {
      config: { role: 'admin' },
      schema: {
        tags: [METRIC_RULES_TAG],
        summary: 'Replay a stored rule over the stored history',
        description: `${EXTENSION_NOTE} As POST ${BASE}/dry-run, for a stored rule (enabled or not).`,
        params: MetricRuleIdParams,
        querystring: DryRunQuery,
        response: { 200: DryRunAnswer, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => dryRunMetricRule(ctx, await storedMetricRule(ctx.db, request.params.ruleId), range(request.query)),
  );

  app.put(
    `${BASE}/:ruleId`,
    {
      config: { role: 'admin' },
      schema: {
        tags: [METRIC_RULES_TAG],
        summary: 'Replace a metric rule',
        description: `${EXTENSION_NOTE} The body is the create body; what it leaves out gets its default. Verdicts already recorded stay; the next completions are judged by the new rule.`,
        params: MetricRuleIdParams,
        body: MetricRuleBody,
        response: { 200: MetricRuleView, ...problemResponses(400, 401, 403, 404), ...problemMeaning(409, 'The name is taken by another rule (errors names it)') },
      },
    },
    async (request, reply) => reply.sendWrite((trx) => rules.update(trx, request.params.ruleId, request.body), { status: 200 }),
  );

  app.delete(
    `${BASE}/:ruleId`,
    {
      config: { role: 'admin' },
      schema: {
        tags: [METRIC_RULES_TAG],
        summary: 'Delete a metric rule and its verdicts',
        description: `${EXTENSION_NOTE} The quality checks it recorded stay on their submissions. To stop a rule but keep its verdicts, PUT it with enabled: false.`,
        params: MetricRuleIdParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.sendWrite((trx) => rules.delete(trx, request.params.ruleId), { status: 204, answer: () => null }),
  );

  app.get(
    '/lucots/v1/metric-verdicts',
    {
      config: { role: 'reader' },
      schema: {
        tags: [METRIC_RULES_TAG],
        summary: 'Verdicts of metric rules, newest first: by rule, slot, submission or verdict',
        description: `${EXTENSION_NOTE} One verdict per rule and submission (re-evaluating replaces it). Page on with beforeId = the last verdictId seen.`,
        querystring: MetricVerdictQuery,
        response: { 200: MetricVerdictList, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => listMetricVerdicts(ctx, request.query),
  );
}

function range(query: { from?: string | undefined; to?: string | undefined; limit?: number | undefined }) {
  return { from: query.from === undefined ? null : Date.parse(query.from), to: query.to === undefined ? null : Date.parse(query.to), limit: query.limit ?? 500 };
}
