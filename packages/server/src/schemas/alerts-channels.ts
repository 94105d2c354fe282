import { Type, type Static } from '@fastify/type-provider-typebox';
import { CHANNEL_TYPES } from '../domain/alerts/channel.js';
import { idSchema } from './common.js';
import { DisplayName, Instant, NullableInstant, orNull, stringEnum } from './alerts-common.js';

export const ChannelIdParams = Type.Object({ channelId: idSchema('The alert channel id') });

const EMAIL_SECURITY = ['tls', 'starttls', 'none'] as const;

/**
 * One object for every channel type (not a union: a union's validation errors would list every
 * branch); the service checks which fields a type takes and names the ones it does not.
 */
export const ChannelSettingsInput = Type.Object(
  {
    type: stringEnum(CHANNEL_TYPES, 'webhook (signed per Standard Webhooks), slack (incoming webhook), teams (workflow webhook) or email (SMTP). A channel keeps its type.'),
    url: Type.Optional(
      Type.String({
        maxLength: 2048,
        description: 'webhook, slack, teams: where to POST; https (http only to hosts the server allows). Secret: write-only, answers show only its scheme and host. Left out of a PUT: the stored URL stays.',
      }),
    ),
    signingSecrets: Type.Optional(
      Type.Array(Type.String({ maxLength: 200 }), {
        maxItems: 2,
        description:
          'webhook: `whsec_` + base64 of 24 to 64 random bytes; two while rotating (messages carry both signatures). Left out on create: one is generated and returned once, in the answer. Left out of a PUT: the stored secrets stay. Rotate: PUT [new, old], and once receivers use the new one, PUT [new]. Write-only.',
      }),
    ),
    headers: Type.Optional(
      Type.Record(Type.String(), Type.String({ maxLength: 2000 }), {
        maxProperties: 20,
        description: 'webhook: extra request headers (e.g. a receiver\'s own credential); not the signature headers, content-type or host. Values are write-only (answers list the names). Left out of a PUT: the stored headers stay; {} removes them.',
      }),
    ),
    host: Type.Optional(Type.String({ maxLength: 253, description: 'email: the SMTP server host name or IP address' })),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'email: the SMTP port, 1 to 65535 (465 with tls, 587 with starttls, 25 for a relay)' })),
    security: Type.Optional(stringEnum(EMAIL_SECURITY, 'email: tls (TLS from the first byte), starttls (upgrade required) or none (plain; not with a password)')),
    username: Type.Optional(orNull(Type.String({ minLength: 1, maxLength: 200, description: 'email: the SMTP user name; null or left out: no login' }))),
    password: Type.Optional(
      orNull(Type.String({ minLength: 1, maxLength: 500, description: 'email: the SMTP password; write-only (answers say passwordSet). Left out of a PUT: the stored password stays; null removes it.' })),
    ),
    from: Type.Optional(Type.String({ maxLength: 320, description: 'email: the sender address, local@domain' })),
    to: Type.Optional(Type.Array(Type.String({ maxLength: 320 }), { minItems: 1, maxItems: 50, description: 'email: 1 to 50 recipient addresses, no repeats' })),
  },
  { additionalProperties: false, description: 'The channel\'s type and its settings; which fields a type takes is said on each field' },
);

export const ChannelBody = Type.Object(
  {
    name: DisplayName('channel'),
    enabled: Type.Optional(Type.Boolean({ default: true, description: 'A disabled channel is sent nothing (default true)' })),
    settings: ChannelSettingsInput,
  },
  { additionalProperties: false },
);
export type ChannelBodyInput = Static<typeof ChannelBody>;

export const ChannelSettingsView = Type.Object(
  {
    type: stringEnum(CHANNEL_TYPES, 'The channel type'),
    redactedUrl: Type.Optional(Type.String({ description: 'webhook, slack, teams: the URL\'s scheme and host only (its path and query carry tokens)' })),
    signingSecrets: Type.Optional(
      Type.Object(
        {
          count: Type.Integer({ description: 'How many secrets messages are signed with: 2 during a rotation' }),
          rotatedOn: NullableInstant('When the secrets last changed'),
        },
        { description: 'webhook: what may be shown of the signing secrets (never the secrets or a part of them)' },
      ),
    ),
    headerNames: Type.Optional(Type.Array(Type.String(), { description: 'webhook: the names of the extra headers (their values are write-only)' })),
    host: Type.Optional(Type.String()),
    port: Type.Optional(Type.Integer()),
    security: Type.Optional(Type.String()),
    username: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    passwordSet: Type.Optional(Type.Boolean({ description: 'email: whether a password is stored' })),
    from: Type.Optional(Type.String()),
    to: Type.Optional(Type.Array(Type.String())),
  },
  { $id: 'AlertChannelSettings', description: 'A channel\'s settings without its secrets' },
);

export const ChannelView = Type.Object(
  {
    channelId: Type.Integer(),
    name: Type.String(),
    enabled: Type.Boolean(),
    type: stringEnum(CHANNEL_TYPES, 'The channel type'),
    settings: ChannelSettingsView,
    createdOn: Instant('When the channel was created'),
    updatedOn: Instant('When the channel last changed'),
  },
  { $id: 'AlertChannel' },
);

export const ChannelCreated = Type.Object(
  {
    ...ChannelView.properties,
    signingSecret: Type.Optional(
      Type.String({
        description:
          'The signing secret the server generated (a webhook created without signingSecrets), shown in this answer only: store it now. A replay of the request (same Idempotency-Key) answers without it; PUT a new one if it was lost.',
      }),
    ),
  },
  { $id: 'AlertChannelCreated' },
);

export const ChannelList = Type.Object({ channels: Type.Array(ChannelView, { description: 'Every channel, by id' }) }, { $id: 'AlertChannelList' });

export const ChannelTestResult = Type.Object(
  {
    status: stringEnum(['delivered', 'failed', 'pending'] as const, 'delivered or failed: how the one attempt went; pending: no sender attempted it in time (it is tried once, later)'),
    notificationId: Type.Integer(),
    messageId: Type.String({ description: 'The webhook-id the receiver saw' }),
    statusCode: orNull(Type.Integer({ description: 'The HTTP status (the SMTP reply code for e-mail) of the attempt; null without an answer' })),
    error: orNull(Type.String({ description: 'Why it failed, free of secrets; null when delivered' })),
    attemptedOn: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    durationMs: orNull(Type.Integer()),
  },
  { $id: 'AlertChannelTestResult' },
);
