import { Type } from '@fastify/type-provider-typebox';
import { QUERY_BOOLEAN_PATTERN } from '../wire/booleans.js';
import { countSchema, FilterOperatorQuery, InstantQuery, NameValuesQuery, PageNumberQuery, pageSizeQuery, repeatedQuery, SortDirQuery, wireNameSchema } from './common.js';

const count = (description: string) => Type.Optional(countSchema(description));

export const SlotSequencesOverviewQuery = Type.Object(
  {
    isActive: Type.Optional(Type.String({ pattern: QUERY_BOOLEAN_PATTERN, description: 'Active (default true) or archived sequences (true/false, True/False, 1/0)' })),
    type: Type.Optional(repeatedQuery(Type.String(), 'Sequence types to include (exact match), repeated for several')),
    cadence: Type.Optional(repeatedQuery(Type.String(), 'Cadences to include, repeated: daily, weekdays, weekly, monthly, or unscheduled (no active schedule); any case')),
    overdueCountStart: count('Least number of Overdue slots (inclusive)'),
    overdueCountEnd: count('Greatest number of Overdue slots (inclusive)'),
    failedCountStart: Type.Optional(repeatedQuery(
      countSchema(),
      'Least number of Failed slots (inclusive). Once: a lower bound. Repeated: the smallest value is the lower bound and the largest the upper bound. ' +
        'Note: LucoPy 1.3.10-1.3.14 has a duplicate-key defect and sends its failed_count_end under this name (and never sends failedCountEnd), so with LucoPy a single value is read as a lower bound.',
    )),
    failedCountEnd: count('Greatest number of Failed slots (inclusive); applies together with a repeated failedCountStart'),
    slotSequenceDefinitionValues: Type.Optional(NameValuesQuery),
    slotSequenceDefinitionValuesFilterOperator: Type.Optional(FilterOperatorQuery),
    nameContains: Type.Optional(repeatedQuery(
      Type.String({ minLength: 1, maxLength: 200 }),
      'LucoTS extension (the hosted Luco API has no such parameter): text a name part value must contain, ignoring case ("sal" finds feed=sales); repeated, a sequence must contain every one',
    )),
    lastDeliverySlotStart: Type.Optional(InstantQuery("Earliest lastDeliverySlot time (its expectedBy, or createdOn for an unscheduled slot); sequences that never delivered are left out")),
    lastDeliverySlotEnd: Type.Optional(InstantQuery('Latest lastDeliverySlot time, as for lastDeliverySlotStart')),
    upcomingSlotStart: Type.Optional(InstantQuery("Earliest upcomingSlot expectedBy; sequences without one are left out")),
    upcomingSlotEnd: Type.Optional(InstantQuery('Latest upcomingSlot expectedBy, as for upcomingSlotStart')),
    sortBy: Type.Optional(Type.String({
      description:
        'type, slotSequence (the name, part by part), cadence, slots, overdue, failed, lastDelivery or upcoming; any case. Default: by id. Missing values (no type, no cadence, no delivery, no upcoming slot) sort last either way; ties by id.',
    })),
    sortDir: Type.Optional(SortDirQuery),
    pageNumber: Type.Optional(PageNumberQuery),
    pageSize: Type.Optional(pageSizeQuery(500)),
  },
  { additionalProperties: false },
);

export const SlotSequenceOverviewItemSchema = Type.Object(
  {
    slotSequenceId: Type.Integer(),
    name: wireNameSchema(),
    type: Type.Union([Type.String(), Type.Null()], { description: 'The sequence type; null for none' }),
    cadence: Type.Union([Type.String(), Type.Null()], { description: "The active schedule's cadence; null when unscheduled" }),
    isActive: Type.Boolean({ description: 'false: archived' }),
    slots: Type.Integer({ description: 'How many slots the sequence has (scheduled ones exist up to today)' }),
    overdueCount: Type.Integer({ description: 'Slots now Overdue: due, with no submission' }),
    failedCount: Type.Integer({ description: 'Slots now Failed: their latest submission failed' }),
    lastDeliverySlot: Type.Union(
      [
        Type.Object({
          slotId: Type.Integer(),
          tag: Type.String(),
          expectedBy: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'null for an unscheduled slot' }),
          deliveredOn: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When its first completed submission ended' }),
        }),
        Type.Null(),
      ],
      { description: 'The Delivered or DeliveredLate slot expected last (latest expectedBy; unscheduled slots by createdOn; then highest id); null when none' },
    ),
    upcomingSlot: Type.Union(
      [Type.Object({ tag: Type.String({ description: 'The expected date (YYYY-MM-DD)' }), expectedBy: Type.String({ format: 'date-time' }) }), Type.Null()],
      { description: 'The next slot the active schedule expects whose expectedBy is after now (computed, whether or not the slot exists yet); null when archived, unscheduled or ended' },
    ),
  },
  { $id: 'SlotSequenceOverviewItem' },
);

export const SlotSequencesOverviewSchema = Type.Object(
  {
    totalCount: Type.Integer({ description: 'How many sequences match, across all pages' }),
    pageNumber: Type.Integer(),
    pageSize: Type.Integer(),
    slotSequences: Type.Array(SlotSequenceOverviewItemSchema),
  },
  { $id: 'SlotSequencesOverview' },
);
