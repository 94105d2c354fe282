import { Type } from '@fastify/type-provider-typebox';
import { MAX_IMPORT_ITEMS, MAX_NAME_PARTS } from '../wire/limits.js';
import { FieldProblemSchema, wireNameSchema } from './common.js';

/**
 * Items are read one by one by the import (a bad one is NotProcessed); only the size of a name,
 * whose parts become rows and SQL variables, is bounded here, for the whole request.
 */
const ImportItem = Type.Unsafe<unknown>({
  description: 'A SlotSequenceConfig',
  properties: {
    name: {
      maxItems: MAX_NAME_PARTS,
      maxProperties: MAX_NAME_PARTS,
      description: `The name: at most ${MAX_NAME_PARTS} parts (a longer name is a 400 for the whole import)`,
    },
  },
});

export const ImportBodySchema = Type.Object(
  {
    allowOverwrites: Type.Optional(Type.Boolean({ default: false, description: 'Update existing sequences that differ, and reactivate archived ones the import marks active' })),
    allowArchiving: Type.Optional(Type.Boolean({ default: false, description: 'Archive active sequences the import marks isActive: false' })),
    ignoreDeliveryConfig: Type.Optional(Type.Boolean({
      default: false,
      description: "Ignore the items' delivery: existing sequences keep their schedules (and delivery is not compared), new ones are created unscheduled",
    })),
    slotSequences: Type.Array(ImportItem, {
      maxItems: MAX_IMPORT_ITEMS,
      description: `The sequences, in the SlotSequenceConfig format (as export writes them), at most ${MAX_IMPORT_ITEMS} per request (the import is one transaction). Items are checked one by one: a bad item is reported as NotProcessed and does not stop the others.`,
    }),
  },
  { additionalProperties: false },
);

export const ImportItemSchema = Type.Object(
  {
    slotSequenceDefinition: wireNameSchema('The name of the item; empty when it could not be read'),
    slotSequenceId: Type.Union([Type.Integer(), Type.Null()], { description: 'The sequence the item matched or created; null when NotProcessed' }),
    result: Type.Union([Type.Literal('Created'), Type.Literal('Exists'), Type.Literal('Updated'), Type.Literal('NotUpdated'), Type.Literal('Archived'), Type.Literal('NotProcessed')], {
      description:
        'Created: new sequence (archived if isActive was false). Exists: identical, unchanged. Updated: changed or reactivated (allowOverwrites). NotUpdated: differs but the flag that allows the change was false. Archived: archived (allowArchiving). NotProcessed: invalid item, see errors.',
    }),
    errors: Type.Optional(Type.Array(FieldProblemSchema, { description: 'Why the item was NotProcessed, by field path' })),
  },
  { $id: 'SlotSequenceImportItem' },
);

export const ImportResponseSchema = Type.Object(
  {
    createdCount: Type.Integer(),
    existsCount: Type.Integer(),
    notProcessedCount: Type.Integer(),
    updatedCount: Type.Integer(),
    notUpdatedCount: Type.Integer(),
    archivedCount: Type.Integer(),
    slotSequenceImports: Type.Array(ImportItemSchema, { description: 'One per input item, in input order' }),
  },
  { $id: 'SlotSequenceImportResult' },
);
