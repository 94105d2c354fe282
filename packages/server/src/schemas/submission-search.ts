import { Type } from '@fastify/type-provider-typebox';
import { QUERY_BOOLEAN_PATTERN } from '../wire/booleans.js';
import { MAX_TIME_DIFFERENCE_DAYS } from '../services/submissions/time-difference.js';
import { MAX_NAME_PARTS } from '../wire/limits.js';
import { SlotStatusSchema } from './slot-lookup.js';
import { SubmissionSummary, Timestamp } from './submission-common.js';

const QueryBoolean = (description: string) => Type.Optional(Type.String({ pattern: QUERY_BOOLEAN_PATTERN, description }));

export const ClosestSubmissionQuery = Type.Object({
  OnlyCompletedSubmissions: QueryBoolean('true/True: only submissions whose status is Completed. Default false'),
  FindClosest: Type.Optional(
    Type.String({
      description:
        'historic (default): the latest slot time at or before the target; future: the earliest at or after; either: the nearest (a tie goes to the earlier); exact: equal to the target. Any case.',
    }),
  ),
  TimeDifference: Type.Optional(
    Type.String({
      description:
        `How far from the reference slot's time the target lies, \`d:HH:MM:SS\` (also \`d.HH:MM:SS\`, \`HH:MM:SS\` and Python's \`N days, H:MM:SS\`), at most ${MAX_TIME_DIFFERENCE_DAYS} days: earlier for historic, either and exact, later for future. Default 0`,
    }),
  ),
});

export const ClosestSubmissionSchema = Type.Object(
  {
    slotId: Type.Integer({ description: 'The matched slot' }),
    slotSubmissionId: Type.Integer({ description: 'The latest (completed, when asked) submission of the matched slot' }),
    tag: Type.String({ description: "The matched slot's tag" }),
    slotTime: Timestamp,
    targetTime: Timestamp,
    isExactMatch: Type.Boolean({ description: "Whether the matched slot's time equals the target time" }),
    timeDifference: Type.String({ description: "`d:HH:MM:SS`: the distance between the matched slot's time and the target time (whole seconds)" }),
    slotDifference: Type.Integer({
      description: 'Where the matched slot lies from the reference slot, in slots of the sequence (ordered by slot time, then id): -1 the slot just before, 2 two slots later',
    }),
  },
  {
    $id: 'ClosestSubmission',
    description:
      "A slot's time is its expectedBy or, for an unscheduled slot, when it was created. Only other slots of the reference slot's sequence are searched.",
  },
);

export const SubmissionsBySequenceQuery = Type.Object({
  SlotSequenceDefinition: Type.Array(Type.String(), {
    minItems: 1,
    maxItems: MAX_NAME_PARTS,
    description: `The sequence name, one part per value (repeated, at most ${MAX_NAME_PARTS}): JSON or LucoPy's Python repr of \`{position, key, value}\``,
  }),
  OnlyLatestSlot: QueryBoolean('Default true: only the latest slot (by slot time, then id) that has a submission passing the filters'),
  OnlyDeliveredSlots: QueryBoolean('Default true: only slots with at least one Completed submission'),
  OnlyCompletedSubmissions: QueryBoolean('Default true: only submissions whose status is Completed'),
  OnlyLatestSubmission: QueryBoolean("Default true: only each slot's latest submission that passes the filters"),
  ExpectedAfterUtc: Type.Optional(
    Type.String({ description: "Only slots whose time is at or after this: YYYY-MM-DD (midnight UTC) or YYYY-MM-DDThh:mm:ss (UTC, or with Z or an offset)" }),
  ),
  ExpectedBeforeUtc: Type.Optional(Type.String({ description: 'Only slots whose time is strictly before this; same forms as ExpectedAfterUtc' })),
});

export const SubmissionsBySequenceSchema = Type.Object(
  {
    slots: Type.Array(
      Type.Object({
        slotId: Type.Integer(),
        tag: Type.String(),
        expectedBy: Type.Union([Timestamp, Type.Null()], { description: 'null for unscheduled slots' }),
        slotStatus: SlotStatusSchema,
        submissions: Type.Array(SubmissionSummary, { description: 'Latest first; never empty' }),
      }),
      {
        description:
          "Latest slot first (by slot time: expectedBy, or creation for unscheduled slots; then by id). A slot is listed only when it has a submission passing the filters. Empty when nothing matches.",
      },
    ),
  },
  { $id: 'SubmissionsBySequence' },
);
