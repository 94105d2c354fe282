import { Type } from '@fastify/type-provider-typebox';
import { MAX_SERIES_LIMIT } from '../storage/repositories/metric-series.js';
import { MAX_NAME_PARTS } from '../wire/limits.js';
import { stringEnum } from './alerts-common.js';
import { idSchema } from './common.js';
import { LastSubmissionStatus, nullableTimestamp, Timestamp } from './submission-common.js';

export const METRIC_HISTORY_TAG = 'metric history (LucoTS extension)';
/** Points in one answer unless `limit` says otherwise. */
export const DEFAULT_HISTORY_LIMIT = 1000;
export const HISTORY_SELECTIONS = ['latest', 'every'] as const;
export const HISTORY_ORDERS = ['asc', 'desc'] as const;

export const MetricHistoryQuery = Type.Object(
  {
    sequence: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 600 }), {
        minItems: 1,
        maxItems: MAX_NAME_PARTS,
        description: "The whole sequence name, one `key=value` part per value in the name's order: `sequence=client=acme&sequence=feed=sales`. Give this or `slotSequenceId`",
      }),
    ),
    slotSequenceId: Type.Optional(idSchema('The sequence by id, instead of `sequence`')),
    metric: Type.String({ minLength: 1, maxLength: 1000, description: 'The metric name as recorded, e.g. `rows`' }),
    stage: Type.Optional(
      Type.String({ minLength: 1, maxLength: 1000, description: 'The stage the metric was recorded with. Absent: the values recorded without a stage (the submission-level ones), never any stage' }),
    ),
    from: Type.Optional(Type.String({ maxLength: 40, description: 'Only slots whose time is at or after this ISO 8601 date or date-time (a date: its midnight UTC; no zone: UTC)' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'Only slots whose time is at or before this ISO 8601 date or date-time (a date: up to the end of that day, UTC)' })),
    points: Type.Optional(stringEnum(HISTORY_SELECTIONS, "latest (default): one point per slot, from its latest completed submission; every: one point per submission of the slot, whatever its status")),
    order: Type.Optional(stringEnum(HISTORY_ORDERS, 'By slot time (then slot id, then submission id): asc (default, oldest first) or desc (newest first)')),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SERIES_LIMIT, description: `At most this many points (default ${DEFAULT_HISTORY_LIMIT}, at most ${MAX_SERIES_LIMIT}); a longer series is truncated and gives a nextCursor` })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The `nextCursor` of the previous answer, with the same other parameters: the points after it' })),
  },
  { additionalProperties: false },
);

export const MetricPointSchema = Type.Object({
  slotId: Type.Integer(),
  tag: Type.String({ description: 'The slot tag (its date, for a scheduled sequence)' }),
  slotTime: { ...Timestamp, description: "The slot's time: its expectedBy; for an unscheduled slot (no expectedBy), when the slot was created" },
  expectedBy: nullableTimestamp('The deadline; null for an unscheduled slot'),
  slotSubmissionId: Type.Integer({ description: 'The submission the value comes from' }),
  status: LastSubmissionStatus,
  value: Type.Number({ description: 'The value: of the metric and stage in this submission, the last recorded' }),
  recordedOn: { ...Timestamp, description: 'When the value was recorded' },
});

export const MetricHistorySchema = Type.Object(
  {
    slotSequenceId: Type.Integer(),
    metric: Type.String(),
    stage: Type.Union([Type.String(), Type.Null()], { description: 'The stage asked for; null: the submission-level values' }),
    points: stringEnum(HISTORY_SELECTIONS, 'Which submissions give points (as asked)'),
    order: stringEnum(HISTORY_ORDERS, 'The order of `values` (as asked)'),
    from: Type.Union([Timestamp, Type.Null()], { description: 'The earliest slot time asked for, or null' }),
    to: Type.Union([Timestamp, Type.Null()], { description: 'The latest slot time asked for, or null' }),
    values: Type.Array(MetricPointSchema, { description: 'The numeric values, in `order`' }),
    nonNumeric: Type.Integer({ minimum: 0, description: 'Values of the metric and stage in the range this answer covers that were not numbers (text), left out of `values`' }),
    truncated: Type.Boolean({ description: 'true when more points follow: ask again with `cursor` = nextCursor' }),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Where the next answer starts; null when this one is the last' }),
  },
  { $id: 'MetricHistory' },
);
