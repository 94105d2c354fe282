import { Type } from '@fastify/type-provider-typebox';
import { idSchema, wireNameSchema } from './common.js';

export const DeliveryScheduleSchema = Type.Object(
  {
    isActive: Type.Boolean({ description: 'Whether this schedule is in force; at most one of a sequence\'s schedules is active, and with none the sequence is unscheduled' }),
    cadence: Type.Union([Type.Literal('daily'), Type.Literal('weekdays'), Type.Literal('weekly'), Type.Literal('monthly')], {
      description: 'How often a delivery is expected (import accepts any case): every day, Monday to Friday, on `daysOfWeek`, or on `dayOfMonth`',
    }),
    daysOfWeek: Type.Optional(Type.Array(Type.String(), { description: "Weekly only (required there): the days, e.g. ['Mon', 'Thu']; import accepts full names in any case, export writes Mon..Sun in order" })),
    dayOfMonth: Type.Optional(Type.Integer({ description: 'Monthly only (required there): 1 to 31, or -1 for the last day; a day past the end of a month means its last day' })),
    expectedBy: Type.String({ description: "Local time 'HH:MM' (24-hour) in `timeZone` by which each expected delivery is due" }),
    timeZone: Type.String({ description: "IANA time zone name, e.g. 'Europe/London' or 'UTC'" }),
    startDate: Type.String({ description: "'YYYY-MM-DD', the first date that can be expected" }),
    endDate: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: "'YYYY-MM-DD', the last date that can be expected; null (or, on import, absent) for no end. The server always writes it." })),
  },
  { $id: 'DeliverySchedule', description: 'When a scheduled slot sequence expects deliveries; each expected date is a slot tagged with that date' },
);

export const SlotParameterGroupSchema = Type.Object(
  {
    slotParameterGroupName: Type.String({ description: 'The group name, unique within the sequence' }),
    slotParameters: Type.Array(
      Type.Object({
        key: Type.String({ description: 'Parameter key, unique within the group' }),
        value: Type.String({ description: 'Parameter value (text)' }),
      }),
    ),
  },
  { $id: 'SlotParameterGroup' },
);

export const SlotParametersSchema = Type.Object(
  { slotParameterGroups: Type.Array(SlotParameterGroupSchema, { description: 'Named groups of key/value parameters, in the order they were imported' }) },
  { description: 'Free-form settings of the sequence, for the jobs that deliver it' },
);

/** One slot sequence in the import/export format (canonical form, as export writes it). */
export const SlotSequenceConfigSchema = Type.Object(
  {
    slotSequenceId: Type.Integer({ description: 'The id (export only; ignored on import, where sequences are matched by name)' }),
    name: Type.Array(
      Type.Object({ key: Type.String({ description: 'Name part key' }), value: Type.String({ description: 'Name part value' }) }),
      {
        description:
          'The name, its parts in order. Import also accepts an object `{ client: "acme" }` (insertion order) and the response form `[{ slotParameter: { key, value }, position }]`; numbers and booleans become text (True/False).',
      },
    ),
    type: Type.Union([Type.String(), Type.Null()], { description: 'The slot sequence type; null (or, on import, absent or empty) for none' }),
    isActive: Type.Boolean({ description: 'false: archived. On import, default true' }),
    parameters: SlotParametersSchema,
    delivery: Type.Array(DeliveryScheduleSchema, { description: 'Delivery schedules, at most one active; empty (or, on import, absent) for an unscheduled sequence' }),
  },
  { $id: 'SlotSequenceConfig', description: 'A slot sequence in the import/export format' },
);

export const SlotSequenceIdParams = Type.Object({
  slotSequenceId: idSchema('The slot sequence id'),
});

export const SlotSequenceSchema = Type.Object(
  {
    slotSequenceId: Type.Integer(),
    isActive: Type.Boolean({ description: 'false: archived' }),
    definition: Type.Object({
      name: wireNameSchema(),
      type: Type.Object({ slotSequenceTypeName: Type.Union([Type.String(), Type.Null()], { description: 'The type; null for none' }) }),
    }),
    parameters: SlotParametersSchema,
    delivery: Type.Optional(Type.Array(DeliveryScheduleSchema, { description: 'The delivery schedules (left out when includeDelivery is false)' })),
    cadence: Type.Union([Type.String(), Type.Null()], { description: "The active schedule's cadence; null when unscheduled" }),
    nextExpectedSlot: Type.Union([Type.String(), Type.Null()], {
      description: "Date (YYYY-MM-DD, the tag) of the next slot the active schedule expects whose expectedBy is after now; null when archived, unscheduled or the schedule has ended",
    }),
    createdOn: Type.String({ format: 'date-time' }),
    updatedOn: Type.String({ format: 'date-time' }),
  },
  { $id: 'SlotSequence' },
);

export const SlotSequenceSearchResultSchema = Type.Object(
  {
    slotSequenceId: Type.Integer(),
    isActive: Type.Boolean({ description: 'false: archived' }),
    name: wireNameSchema(),
  },
  { $id: 'SlotSequenceSearchResult' },
);
