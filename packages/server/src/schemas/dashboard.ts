import { Type } from '@fastify/type-provider-typebox';
import { SLOT_HEALTH_STATES } from '../domain/slot-health.js';
import { idSchema, repeatedQuery } from './common.js';
import { LastSubmissionStatus, NullableString, NullableTimestamp, SubmissionStatus, Timestamp } from './submission-common.js';

const dateQuery = (description: string) => Type.Optional(Type.String({ maxLength: 64, description: `${description} (YYYY-MM-DD, in the sequence's time zone)` }));

export const DashboardWindowFields = {
  from: dateQuery('First day of the window; default: 90 days ending at `to`'),
  to: dateQuery('Last day of the window; default: today. At most 400 days from `from`'),
};

export const CalendarQuery = Type.Object(DashboardWindowFields, { additionalProperties: false });

export const MetricSeriesQuery = Type.Object(
  {
    ...DashboardWindowFields,
    stage: Type.Optional(repeatedQuery(Type.String({ maxLength: 1000 }), 'Only these stages, repeated (the run duration is stage `run`)')),
    metric: Type.Optional(repeatedQuery(Type.String({ maxLength: 1000 }), 'Only these metrics, repeated (the run duration is metric `durationSeconds`)')),
  },
  { additionalProperties: false },
);

export const SlotHealthSchema = Type.Enum(SLOT_HEALTH_STATES, {
  description: 'The health the alerts engine records (docs/alerts.md); where none is recorded yet, the same rule applied now',
});

export const CalendarSchema = Type.Object(
  {
    slotSequenceId: Type.Integer(),
    timeZone: Type.String({ description: "The zone the window's days are counted in: the active schedule's (UTC for unscheduled sequences)" }),
    from: Type.String({ description: 'First day of the window' }),
    to: Type.String({ description: 'Last day of the window' }),
    truncated: Type.Boolean({ description: 'true when the window holds more slots than one answer lists (2000): the latest are listed' }),
    slots: Type.Array(
      Type.Object({
        slotId: Type.Integer(),
        tag: Type.String({ description: 'The slot tag (its date, for scheduled slots)' }),
        expectedBy: Type.Union([Timestamp, Type.Null()], { description: 'The deadline; null for unscheduled slots' }),
        health: SlotHealthSchema,
        submissionCount: Type.Integer(),
        lastSubmissionId: Type.Union([Type.Integer(), Type.Null()]),
        lastStatus: Type.Union([LastSubmissionStatus, Type.Null()], { description: "The latest submission's roll-up; null before any" }),
        deliveredOn: Type.Union([Timestamp, Type.Null()], { description: 'When the slot was first delivered (its first completion)' }),
      }),
      { description: 'Slots whose time (expectedBy, or creation for unscheduled slots) is in the window, by tag' },
    ),
  },
  { $id: 'SlotSequenceCalendar' },
);

export const MetricSeriesSchema = Type.Object(
  {
    slotSequenceId: Type.Integer(),
    timeZone: Type.String(),
    from: Type.String(),
    to: Type.String(),
    series: Type.Array(
      Type.Object({
        stage: Type.Union([Type.String(), Type.Null()]),
        metric: Type.String(),
        points: Type.Array(
          Type.Object({
            slotId: Type.Integer(),
            tag: Type.String(),
            submissionId: Type.Integer({ description: "The slot's latest submission" }),
            at: Timestamp,
            value: Type.Number(),
            failed: Type.Boolean({ description: 'The submission failed' }),
          }),
          { description: 'One point per slot of the window (its latest submission), oldest first; at most 5000, the latest' },
        ),
      }),
      { description: 'Numeric metrics by stage and metric, then the run duration (stage `run`, metric `durationSeconds`: end minus start)' },
    ),
  },
  { $id: 'MetricSeries' },
);

export const SlotSubmissionsSchema = Type.Object(
  {
    slotId: Type.Integer(),
    slotSequenceId: Type.Integer(),
    totalCount: Type.Integer({ description: 'How many submissions the slot has' }),
    submissions: Type.Array(
      Type.Object({
        submissionId: Type.Integer(),
        status: SubmissionStatus,
        lastSubmissionStatus: LastSubmissionStatus,
        stage: Type.Union([Type.String(), Type.Null()], { description: 'The stage of the latest status event; null before any' }),
        startTime: Timestamp,
        endTime: NullableTimestamp,
        runEnvironments: Type.Array(Type.Object({ stage: NullableString, runData: Type.Record(Type.String(), Type.Unknown()), createdOn: Timestamp }), { description: 'Where it ran, oldest first' }),
      }),
      { description: 'Newest first; at most 1000' },
    ),
  },
  { $id: 'SlotSubmissions' },
);

export const SlotIdPathParams = Type.Object({ slotId: idSchema('The slot id') });
