import { Type } from '@fastify/type-provider-typebox';
import { SLOT_STATUSES } from '../domain/slot-status.js';
import { MAX_DB_INTEGER, MAX_NAME_PARTS } from '../wire/limits.js';
import { Timestamp } from './submission-common.js';

export const SlotStatusSchema = Type.Enum(SLOT_STATUSES, {
  description:
    "Derived from the slot's latest submission and the clock: InProgress / Failed as that submission; Delivered or DeliveredLate when it completed (late: the slot's first completion came after expectedBy); without submissions Overdue once expectedBy has passed, else Awaiting",
});

/** A slot as /slots/search/ and POST /slots/ return it. */
export const SlotSchema = Type.Object(
  {
    slotId: Type.Integer(),
    tag: Type.String({ description: 'The slot tag: a date YYYY-MM-DD for scheduled sequences, any unique text for unscheduled ones' }),
    expectedBy: Type.Union([Timestamp, Type.Null()], { description: 'When the delivery is due (from the schedule); null for unscheduled slots' }),
    slotSequenceId: Type.Integer(),
    slotStatus: SlotStatusSchema,
  },
  { $id: 'Slot' },
);

const DefinitionEntries = Type.Array(Type.String(), {
  minItems: 1,
  maxItems: MAX_NAME_PARTS,
  description:
    `One name part per value, repeated (at most ${MAX_NAME_PARTS}): \`{"position":0,"key":"Client","value":"Acme"}\` (JSON) or LucoPy's Python repr \`{'position': 0, 'key': 'Client', 'value': 'Acme'}\``,
});

export const SlotSearchQuery = Type.Object({
  Tag: Type.String({
    description:
      'The slot tag. For a scheduled sequence a date (YYYY-MM-DD; a date-time such as `2026-11-27 00:00:00` counts as its date). `None` is a tag like any other (LucoPy sends it when no tag is given).',
  }),
  SlotSequenceDefinition: DefinitionEntries,
});

const BodyDefinitionEntry = Type.Object(
  {
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_DB_INTEGER, description: 'Order of the part in the name, from 0 (default: its index)' })),
    key: Type.Optional(Type.String()),
    value: Type.Optional(Type.Unknown({ description: 'A string, number or boolean' })),
  },
  { additionalProperties: true, description: '`{position, key, value}`; `Key`/`Value`/`Position` are accepted too' },
);

export const CreateSlotBody = Type.Object(
  {
    tag: Type.Optional(Type.String({ minLength: 1, description: 'The new slot tag (unique within the sequence)' })),
    Tag: Type.Optional(Type.String({ minLength: 1, description: 'Same as `tag`' })),
    slotSequenceDefinition: Type.Optional(Type.Array(BodyDefinitionEntry, { maxItems: MAX_NAME_PARTS, description: `The slot sequence name, one entry per part (at most ${MAX_NAME_PARTS})` })),
    SlotSequenceDefinition: Type.Optional(Type.Array(BodyDefinitionEntry, { maxItems: MAX_NAME_PARTS, description: 'Same as `slotSequenceDefinition`' })),
  },
  { additionalProperties: false, description: 'Give `tag` (or `Tag`) and `slotSequenceDefinition` (or `SlotSequenceDefinition`)' },
);
