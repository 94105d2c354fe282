import { Type } from '@fastify/type-provider-typebox';
import { countSchema, FilterOperatorQuery, idSchema, InstantQuery, NameValuesQuery, PageNumberQuery, pageSizeQuery, repeatedQuery, SortDirQuery, wireNameSchema } from './common.js';

const ids = (description: string) => Type.Optional(repeatedQuery(idSchema('An id'), description));

export const SlotsOverviewQuery = Type.Object(
  {
    slotId: ids('Slot ids to include, repeated for several'),
    slotSequenceId: ids('Slot sequence ids whose slots to include, repeated'),
    type: Type.Optional(repeatedQuery(Type.String(), 'Sequence types to include (exact match), repeated')),
    cadence: Type.Optional(repeatedQuery(Type.String(), 'Sequence cadences to include, repeated: daily, weekdays, weekly, monthly, or unscheduled; any case')),
    slotStatus: Type.Optional(repeatedQuery(Type.String(), 'Statuses to include, repeated: Awaiting, InProgress, Delivered, DeliveredLate, Overdue, Failed (any case; spaces, _ and - ignored)')),
    slotSequenceDefinitionValues: Type.Optional(NameValuesQuery),
    slotSequenceDefinitionValuesFilterOperator: Type.Optional(FilterOperatorQuery),
    expectedByStart: Type.Optional(InstantQuery('Earliest expectedBy; unscheduled slots (no expectedBy) are left out')),
    expectedByEnd: Type.Optional(InstantQuery('Latest expectedBy, as for expectedByStart')),
    updatedOnStart: Type.Optional(InstantQuery('Earliest updatedOn')),
    updatedOnEnd: Type.Optional(InstantQuery('Latest updatedOn')),
    createdOnStart: Type.Optional(InstantQuery('Earliest createdOn')),
    createdOnEnd: Type.Optional(InstantQuery('Latest createdOn')),
    lastSubmissionStatus: Type.Optional(repeatedQuery(Type.String(), 'Latest submission roll-ups to include, repeated: CompletedWithoutFailures, CompletedWithFailures, Failed, InProgress (any case)')),
    minSubmissions: Type.Optional(countSchema('Least number of submissions (inclusive)')),
    maxSubmissions: Type.Optional(countSchema('Greatest number of submissions (inclusive)')),
    sortBy: Type.Optional(Type.String({
      description:
        "type, slotSequence (the sequence name, part by part), cadence, submissions, status (the status name's alphabetical order), slotId, expectedBy, updatedOn or createdOn; any case. Default slotId. Missing values (no type, cadence or expectedBy) sort last either way; ties by slot id.",
    })),
    sortDir: Type.Optional(SortDirQuery),
    pageNumber: Type.Optional(PageNumberQuery),
    pageSize: Type.Optional(pageSizeQuery(1000)),
  },
  { additionalProperties: false },
);

export const SlotOverviewItemSchema = Type.Object(
  {
    slotId: Type.Integer(),
    slotSequenceId: Type.Integer(),
    name: wireNameSchema(),
    tag: Type.String({ description: 'The date (scheduled) or free tag (unscheduled)' }),
    type: Type.Union([Type.String(), Type.Null()], { description: "The sequence's type" }),
    cadence: Type.Union([Type.String(), Type.Null()], { description: "The sequence's cadence; null when unscheduled" }),
    slotStatus: Type.String({ description: 'Awaiting, InProgress, Delivered, DeliveredLate, Overdue or Failed, derived now' }),
    expectedBy: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When the delivery is due; null for an unscheduled slot' }),
    createdOn: Type.String({ format: 'date-time' }),
    updatedOn: Type.String({ format: 'date-time' }),
    submissions: Type.Integer({ description: 'How many submissions the slot has' }),
    lastSubmissionId: Type.Union([Type.Integer(), Type.Null()], { description: 'The latest submission; null when none' }),
    lastSubmissionStatus: Type.Union([Type.String(), Type.Null()], { description: 'The latest submission roll-up: CompletedWithoutFailures, CompletedWithFailures, Failed or InProgress; null when none' }),
  },
  { $id: 'SlotOverviewItem' },
);

export const SlotsOverviewSchema = Type.Object(
  {
    totalCount: Type.Integer({ description: 'How many slots match, across all pages' }),
    pageNumber: Type.Integer(),
    pageSize: Type.Integer(),
    slots: Type.Array(SlotOverviewItemSchema),
  },
  { $id: 'SlotsOverview' },
);
