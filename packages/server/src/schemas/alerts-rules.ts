import { Type, type Static } from '@fastify/type-provider-typebox';
import { ALERT_KINDS } from '../domain/alerts/kinds.js';
import { DEFAULT_RULE_EVENTS, MAX_GRACE_SECONDS, MAX_REMINDER_SECONDS, MIN_REMINDER_SECONDS, RULE_CADENCES } from '../domain/alerts/rule-limits.js';
import { DAYS_OF_WEEK } from '../domain/schedule/dates.js';
import { idSchema } from './common.js';
import { DisplayName, Instant, orNull, stringEnum } from './alerts-common.js';

export const RuleIdParams = Type.Object({ ruleId: idSchema('The alert rule id') });

const NamePatternSchema = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 200, description: 'A name part key, e.g. `client` (exact)' }),
    value: Type.String({ minLength: 1, maxLength: 400, description: 'Its value; `*` matches any run of characters (`acme`, `ac*`, `*`)' }),
  },
  { additionalProperties: false },
);

export const SequenceFilterSchema = Type.Object(
  {
    name: Type.Optional(Type.Array(NamePatternSchema, { maxItems: 20, description: 'Name parts the sequence must all have (each key with a value the pattern matches); none: any name' })),
    types: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50, description: 'Sequence types (exact); none: any type' })),
    cadences: Type.Optional(Type.Array(stringEnum(RULE_CADENCES, 'A cadence'), { maxItems: 5, description: 'daily, weekdays, weekly, monthly, unscheduled (no active schedule); none: any' })),
  },
  { additionalProperties: false, description: 'Which sequences the rule watches; left out or empty: every sequence' },
);

export const MuteWindowSchema = Type.Object(
  {
    days: Type.Optional(Type.Array(stringEnum(DAYS_OF_WEEK, 'A day'), { maxItems: 7, description: 'The days a window starts on (Mon..Sun); none: every day' })),
    start: Type.String({ maxLength: 5, description: 'HH:MM (00:00 to 23:59), local time in timeZone' }),
    end: Type.String({ maxLength: 5, description: 'HH:MM; at or before start: the window runs past midnight (start = end: 24 hours)' }),
    timeZone: Type.String({ maxLength: 64, description: 'An IANA time zone, e.g. Europe/London' }),
  },
  { additionalProperties: false },
);

export const RuleBody = Type.Object(
  {
    name: DisplayName('rule'),
    enabled: Type.Optional(Type.Boolean({ default: true, description: 'A disabled rule raises nothing (default true)' })),
    filter: Type.Optional(SequenceFilterSchema),
    events: Type.Optional(
      Type.Array(stringEnum(ALERT_KINDS, 'An alert kind'), {
        minItems: 1,
        maxItems: ALERT_KINDS.length,
        description: `What to alert on: ${ALERT_KINDS.join(', ')}; no repeats. Default: ${DEFAULT_RULE_EVENTS.join(', ')}`,
      }),
    ),
    graceSeconds: Type.Optional(
      Type.Integer({ minimum: 0, maximum: MAX_GRACE_SECONDS, default: 0, description: 'How long a bad state may last before the alert opens, 0 to 604800 (7 days); a recovery inside it sends nothing. Default 0' }),
    ),
    reminderSeconds: Type.Optional(
      orNull(Type.Integer({ minimum: MIN_REMINDER_SECONDS, maximum: MAX_REMINDER_SECONDS, description: 'While an alert is open, a reminder this often: 300 (5 minutes) to 2592000 (30 days); null or left out: none' })),
    ),
    mute: Type.Optional(Type.Array(MuteWindowSchema, { maxItems: 20, description: 'Times of the week the rule sends nothing; an alert due then waits for the window to end' })),
    channelIds: Type.Optional(
      Type.Array(idSchema('A channel id'), { maxItems: 50, description: 'The channels to notify (existing ids, no repeats); none: alerts are recorded and listed, nobody is told' }),
    ),
  },
  { additionalProperties: false },
);
export type RuleBodyInput = Static<typeof RuleBody>;

/** A rule's sequence filter as answered (the alert rules' and the metric rules'). */
export const SequenceFilterView = Type.Object({
  name: Type.Array(Type.Object({ key: Type.String(), value: Type.String() })),
  types: Type.Array(Type.String()),
  cadences: Type.Array(Type.String()),
});

export const RuleView = Type.Object(
  {
    ruleId: Type.Integer(),
    name: Type.String(),
    enabled: Type.Boolean(),
    filter: SequenceFilterView,
    events: Type.Array(Type.String()),
    graceSeconds: Type.Integer(),
    reminderSeconds: Type.Union([Type.Integer(), Type.Null()]),
    mute: Type.Array(Type.Object({ days: Type.Array(Type.String()), start: Type.String(), end: Type.String(), timeZone: Type.String() })),
    channelIds: Type.Array(Type.Integer()),
    channels: Type.Array(Type.Object({ channelId: Type.Integer(), name: Type.String(), type: Type.String() }), { description: 'The channels, with their names' }),
    createdOn: Instant('When the rule was created'),
    updatedOn: Instant('When the rule last changed'),
  },
  { $id: 'AlertRule' },
);

export const RuleList = Type.Object({ rules: Type.Array(RuleView, { description: 'Every rule, by id' }) }, { $id: 'AlertRuleList' });
