import { Type } from '@fastify/type-provider-typebox';
import { ALERT_KINDS, ALERT_STATES } from '../domain/alerts/kinds.js';
import { NOTIFICATION_EVENTS } from '../domain/alerts/notification.js';
import { idSchema, InstantQuery, PageNumberQuery, pageSizeQuery, repeatedQuery, wireNameSchema } from './common.js';
import { Instant, NullableInstant, stringEnum } from './alerts-common.js';

export const AlertIdParams = Type.Object({ alertId: idSchema('The alert id') });

/** How many `sequence` patterns one query may carry. */
export const MAX_SEQUENCE_PATTERNS = 20;

export const AlertsQuery = Type.Object(
  {
    state: Type.Optional(repeatedQuery(stringEnum(ALERT_STATES, 'An alert state'), 'States to include, repeated: pending (inside the grace), open, resolved, cancelled (recovered inside the grace)')),
    kind: Type.Optional(repeatedQuery(stringEnum(ALERT_KINDS, 'An alert kind'), `Kinds to include, repeated: ${ALERT_KINDS.join(', ')}`)),
    ruleId: Type.Optional(repeatedQuery(idSchema('A rule id'), 'Rules whose alerts to include, repeated')),
    slotSequenceId: Type.Optional(repeatedQuery(idSchema('A slot sequence id'), 'Sequences whose alerts to include, repeated')),
    slotId: Type.Optional(repeatedQuery(idSchema('A slot id'), 'Slots whose alerts to include, repeated')),
    sequence: Type.Optional(
      Type.Array(Type.String({ minLength: 3, maxLength: 600 }), {
        maxItems: MAX_SEQUENCE_PATTERNS,
        description: `Name parts the alert's sequence must all have, repeated: \`key=value\` (the first \`=\` splits), the value may use \`*\` for any run of characters, e.g. \`sequence=client=acme&sequence=feed=*\`; as a rule's filter.name matches (at most ${MAX_SEQUENCE_PATTERNS})`,
      }),
    ),
    since: Type.Optional(InstantQuery('Alerts created (the bad state first noticed) at or after this instant')),
    until: Type.Optional(InstantQuery('Alerts created at or before this instant')),
    pageNumber: Type.Optional(PageNumberQuery),
    pageSize: Type.Optional(pageSizeQuery(100)),
  },
  { additionalProperties: false },
);

export const AlertItemSchema = Type.Object(
  {
    alertId: Type.Integer(),
    state: stringEnum(ALERT_STATES, 'pending (inside the grace or a mute window), open (notified), resolved (recovered after it opened), cancelled (recovered inside the grace: nobody was told)'),
    kind: stringEnum(ALERT_KINDS, 'What is wrong'),
    rule: Type.Object({ ruleId: Type.Integer(), name: Type.String() }),
    slot: Type.Object({
      slotId: Type.Integer(),
      tag: Type.String(),
      expectedBy: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When the delivery was due; null for an unscheduled slot' }),
    }),
    slotSequence: Type.Object({ slotSequenceId: Type.Integer(), name: wireNameSchema() }),
    createdOn: Instant('When the alert was created: the bad state first noticed by the rule'),
    fireAfter: Instant('When a pending alert opens (the grace\'s or a mute window\'s end)'),
    openedOn: NullableInstant('When it opened (the first notification); null while pending or when cancelled'),
    resolvedOn: NullableInstant('When it was resolved or cancelled'),
    lastNotifiedOn: NullableInstant('When its latest notification was queued'),
    nextReminderOn: NullableInstant('When the next reminder is due while open'),
    updatedOn: Instant('When it last changed'),
  },
  { $id: 'Alert' },
);

export const AlertsPageSchema = Type.Object(
  {
    totalCount: Type.Integer({ description: 'How many alerts match, across all pages' }),
    pageNumber: Type.Integer(),
    pageSize: Type.Integer(),
    alerts: Type.Array(AlertItemSchema, { description: 'Newest first (by id)' }),
  },
  { $id: 'AlertsPage' },
);

const AttemptSchema = Type.Object({
  attemptedOn: Instant('When the attempt started'),
  durationMs: Type.Integer(),
  statusCode: Type.Union([Type.Integer(), Type.Null()], { description: 'The HTTP status (SMTP reply code for e-mail); null without an answer' }),
  error: Type.Union([Type.String(), Type.Null()], { description: 'Why it failed, free of secrets; null when it succeeded' }),
});

export const AlertNotificationSchema = Type.Object(
  {
    notificationId: Type.Integer(),
    messageId: Type.String({ description: 'The webhook-id: the same on every attempt' }),
    event: stringEnum(NOTIFICATION_EVENTS, 'Why it was sent'),
    channel: Type.Object({ channelId: Type.Integer(), name: Type.String(), type: Type.String() }),
    status: Type.String({ description: 'pending (to be tried, or tried again), delivered, or dead (given up)' }),
    attempts: Type.Integer({ description: 'How many attempts were made' }),
    lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
    lastError: Type.Union([Type.String(), Type.Null()]),
    nextAttemptOn: NullableInstant('When a pending notification is tried next; null once delivered or dead'),
    createdOn: Instant('When it was queued'),
    deliveredOn: NullableInstant('When a receiver took it'),
    deliveryLog: Type.Array(AttemptSchema, { description: 'Every attempt, oldest first' }),
  },
  { $id: 'AlertNotification' },
);

export const AlertDetailSchema = Type.Object(
  {
    ...AlertItemSchema.properties,
    notificationCount: Type.Integer({ description: 'How many notifications the alert has; `notifications` lists the latest 200' }),
    notifications: Type.Array(AlertNotificationSchema, { description: 'Its notifications (one per event and channel), oldest first' }),
  },
  { $id: 'AlertDetail' },
);
