import { Type } from '@fastify/type-provider-typebox';
import type { AppContext, LucoApp } from '../../context.js';
import { ALERTS_TAG, EXTENSION_NOTE } from '../../schemas/alerts-common.js';
import { ChannelBody, ChannelCreated, ChannelIdParams, ChannelList, ChannelTestResult, ChannelView } from '../../schemas/alerts-channels.js';
import { problemResponses } from '../../schemas/common.js';
import { problemMeaning } from '../../schemas/submission-common.js';
import { AlertChannelService } from '../../services/alerts/channels-service.js';
import type { AlertDeliveryHooks } from '../../services/alerts/delivery-hooks.js';
import { isoOrNull } from '../../wire/instants.js';

const BASE = '/lucots/v1/alert-channels';
const SECRETS =
  'Secrets (URLs, signing secrets, header values, the SMTP password) are write-only: answers show a URL as its scheme and host, signing secrets as a count and when they changed, headers by name, a password as passwordSet.';

/** Alert channels (admin): where notifications go. */
export async function alertChannelRoutes(app: LucoApp, ctx: AppContext, hooks: AlertDeliveryHooks): Promise<void> {
  const channels = new AlertChannelService(ctx, hooks);

  app.get(
    BASE,
    {
      config: { role: 'admin' },
      schema: {
        tags: [ALERTS_TAG],
        summary: 'Every alert channel, without its secrets',
        description: `${EXTENSION_NOTE} ${SECRETS}`,
        response: { 200: ChannelList, ...problemResponses(401, 403) },
      },
    },
    async () => ({ channels: await channels.list() }),
  );

  app.post(
    BASE,
    {
      config: { role: 'admin' },
      schema: {
        tags: [ALERTS_TAG],
        summary: 'Create an alert channel: a signed webhook, Slack, Microsoft Teams or e-mail',
        description:
          `${EXTENSION_NOTE} A webhook created without signingSecrets gets one generated, returned once as signingSecret. ${SECRETS} ` +
          'The URL or SMTP host must pass the server\'s target policy (https to public hosts by default). A name already taken: 409.',
        body: ChannelBody,
        response: { 201: ChannelCreated, ...problemResponses(400, 401, 403, 422), ...problemMeaning(409, 'The name is taken (errors names it), or a request with the same Idempotency-Key is still being processed') },
      },
    },
    async (request, reply) => {
      const input = await channels.prepare(request.body);
      return reply.sendWrite((trx) => channels.create(trx, input), {
        status: 201,
        answer: (created) => ({ ...created.view, ...(created.generatedSecret ? { signingSecret: created.generatedSecret } : {}) }),
        // The generated secret is shown once: a replay of the same request answers without it.
        replayAnswer: (created) => created.view,
      });
    },
  );

  app.get(
    `${BASE}/:channelId`,
    {
      config: { role: 'admin' },
      schema: {
        tags: [ALERTS_TAG],
        summary: 'An alert channel, without its secrets',
        description: `${EXTENSION_NOTE} ${SECRETS}`,
        params: ChannelIdParams,
        response: { 200: ChannelView, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => channels.get(request.params.channelId),
  );

  app.put(
    `${BASE}/:channelId`,
    {
      config: { role: 'admin' },
      schema: {
        tags: [ALERTS_TAG],
        summary: 'Replace an alert channel\'s name and settings; secrets left out keep their stored values',
        description:
          `${EXTENSION_NOTE} The body is the create body. A secret left out (url, signingSecrets, headers, password) keeps its stored value; every other setting is replaced. ` +
          'The type cannot change. Rotating a webhook\'s signing secret: PUT signingSecrets [new, old] (messages carry both signatures), and once every receiver checks the new one, PUT [new].',
        params: ChannelIdParams,
        body: ChannelBody,
        response: { 200: ChannelView, ...problemResponses(400, 401, 403, 404), ...problemMeaning(409, 'The name is taken by another channel (errors names it)') },
      },
    },
    async (request, reply) => {
      const { channelId } = request.params;
      await channels.prepare(request.body, channelId);
      return reply.sendWrite((trx) => channels.update(trx, channelId, request.body), { status: 200 });
    },
  );

  app.delete(
    `${BASE}/:channelId`,
    {
      config: { role: 'admin' },
      schema: {
        tags: [ALERTS_TAG],
        summary: 'Delete an alert channel no rule uses',
        description: `${EXTENSION_NOTE} Its notifications and their delivery log go with it. A channel a rule still notifies: 409 (ruleIds lists the rules).`,
        params: ChannelIdParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problemResponses(400, 401, 403, 404), ...problemMeaning(409, 'A rule still notifies the channel') },
      },
    },
    async (request, reply) => reply.sendWrite((trx) => channels.delete(trx, request.params.channelId), { status: 204, answer: () => null }),
  );

  app.post(
    `${BASE}/:channelId/test`,
    {
      // Each call sends one test message; a key would only replay an answer about an earlier one.
      config: { role: 'admin', idempotent: false },
      schema: {
        tags: [ALERTS_TAG],
        summary: 'Send a test notification to a channel and wait for its attempt',
        description:
          `${EXTENSION_NOTE} Queues a \`channel.test\` notification like any other (signed, logged), tried once, and answers with its attempt: delivered or failed with the status code and error, ` +
          'or pending when no sender attempted it in time. A disabled channel is tested too. 501 when this server has no notification delivery.',
        params: ChannelIdParams,
        response: {
          200: ChannelTestResult,
          ...problemResponses(400, 401, 403, 404),
          501: { ...problemResponses(400)[400], description: 'This server cannot send notifications' },
        },
      },
    },
    async (request) => {
      const outcome = await channels.test(request.params.channelId);
      return { ...outcome, attemptedOn: isoOrNull(outcome.attemptedOn) };
    },
  );
}
