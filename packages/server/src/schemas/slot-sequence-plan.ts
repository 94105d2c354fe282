import { Type } from '@fastify/type-provider-typebox';
import { MAX_NAME_PARTS } from '../wire/limits.js';
import { FieldProblemSchema, wireNameSchema } from './common.js';
import { ImportBodySchema } from './slot-sequence-import.js';

const PruneSchema = Type.Object(
  {
    scope: Type.Record(Type.String(), Type.String(), {
      minProperties: 1,
      maxProperties: MAX_NAME_PARTS,
      description: 'Name parts, e.g. `{"client": "acme"}`: the active sequences whose name has every one of them (in any position) and that no item names are archived. Required and non-empty, so a prune never reaches the whole estate by accident.',
    }),
  },
  { additionalProperties: false, description: 'Archive what the items no longer hold, within a scope' },
);

/** The import body, plus a prune. */
export const PlanBodySchema = Type.Object(
  { ...ImportBodySchema.properties, prune: Type.Optional(PruneSchema) },
  { additionalProperties: false },
);

export const ApplyBodySchema = Type.Object(
  {
    ...PlanBodySchema.properties,
    expectedFingerprint: Type.String({
      pattern: '^[0-9a-f]{64}$',
      description: 'The `fingerprint` of the plan being applied (64 lowercase hex digits); when the state it was decided on has changed, or the request differs, nothing is applied (409 plan-outdated)',
    }),
  },
  { additionalProperties: false },
);

export const FieldChangeSchema = Type.Object(
  {
    field: Type.String({ description: 'What changes: `type`, `isActive`, `parameters.<group>.<key>` (`["..."]` for a name that is not a plain word), `parameters` (order only), `delivery[i]` (a schedule added or removed) or `delivery[i].<field>`' }),
    before: Type.Unknown({ description: 'The stored value; null when there is none' }),
    after: Type.Unknown({ description: 'The value after the import; null when it is removed' }),
  },
  { description: 'One value that changes' },
);

export const PlanItemSchema = Type.Object(
  {
    slotSequenceDefinition: wireNameSchema('The name of the item (or of the pruned sequence); empty when it could not be read'),
    slotSequenceId: Type.Union([Type.Integer(), Type.Null()], { description: 'The sequence matched; null when NotProcessed, and for Created in a plan (it has no id yet)' }),
    result: Type.Union([Type.Literal('Created'), Type.Literal('Exists'), Type.Literal('Updated'), Type.Literal('NotUpdated'), Type.Literal('Archived'), Type.Literal('NotProcessed')], { description: 'The outcome, decided as POST /v2/slotsequences/import decides it; Archived also for a pruned sequence' }),
    pruned: Type.Optional(Type.Boolean({ description: 'true: archived by the prune (in its scope, named by no item)' })),
    changes: Type.Array(FieldChangeSchema, { description: 'Each value the outcome writes (for Created: each value the new sequence gets); empty when nothing is written' }),
    notApplied: Type.Optional(Type.Array(FieldChangeSchema, { description: 'Differences from the item that the outcome does not write (NotUpdated; Archived without allowOverwrites)' })),
    errors: Type.Optional(Type.Array(FieldProblemSchema, { description: 'Why the item is NotProcessed, by field path (slotSequences[i]...)' })),
  },
  { $id: 'SlotSequencePlanItem' },
);

export const PlanResponseSchema = Type.Object(
  {
    fingerprint: Type.String({ description: 'SHA-256 (hex) of the request and of the stored state its outcomes depend on; give it to apply as expectedFingerprint' }),
    createdCount: Type.Integer(),
    existsCount: Type.Integer(),
    notProcessedCount: Type.Integer(),
    updatedCount: Type.Integer(),
    notUpdatedCount: Type.Integer(),
    archivedCount: Type.Integer({ description: 'Archived items and pruned sequences' }),
    slotSequenceImports: Type.Array(PlanItemSchema, { description: 'One per input item, in input order, then each pruned sequence by id' }),
  },
  { $id: 'SlotSequencePlan' },
);
