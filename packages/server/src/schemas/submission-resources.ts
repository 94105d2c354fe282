import { Type } from '@fastify/type-provider-typebox';
import { QUERY_BOOLEAN_PATTERN } from '../wire/booleans.js';
import { wireNameSchema } from './common.js';
import { DeliveryScheduleSchema, SlotParametersSchema } from './slot-sequence.js';
import { SlotSchema } from './slot-lookup.js';
import { SubmissionStatus, SubmissionSummary, Timestamp } from './submission-common.js';

export const CreateSubmissionBody = Type.Object(
  {
    startedOn: Type.Optional(Type.String({ description: 'When the run started (ISO 8601), for runs recorded after the fact; default now; not in the future' })),
  },
  { additionalProperties: false, description: 'No body (LucoPy sends none, with Content-Length 0), `{}`, or `{ startedOn }`' },
);

export const CreatedSubmissionSchema = Type.Object(
  {
    slotSubmissionId: Type.Integer({ description: 'The new submission id' }),
    slotId: Type.Integer(),
    status: SubmissionStatus,
    startedOn: Timestamp,
  },
  { $id: 'CreatedSubmission' },
);

export const SubmissionDefinitionQuery = Type.Object({
  includeDelivery: Type.Optional(
    Type.String({ pattern: QUERY_BOOLEAN_PATTERN, description: 'true/True: add `slotSequence.delivery` (the delivery schedules). Default false' }),
  ),
});

export const SubmissionDefinitionSchema = Type.Object(
  {
    slot: SlotSchema,
    slotSequence: Type.Object(
      {
        slotSequenceId: Type.Integer(),
        isActive: Type.Boolean({ description: 'false: archived' }),
        definition: Type.Object({
          name: wireNameSchema(),
          type: Type.Object({ slotSequenceTypeName: Type.Union([Type.String(), Type.Null()], { description: 'The slot sequence type; null for none' }) }),
        }),
        parameters: SlotParametersSchema,
        delivery: Type.Optional(Type.Array(DeliveryScheduleSchema, { description: 'The delivery schedules (only with includeDelivery); LucoPy uses the first with isActive true' })),
      },
      { description: "The slot's sequence" },
    ),
    submission: SubmissionSummary,
  },
  { $id: 'SubmissionDefinition', description: "Everything LucoPy's Submission reads about a submission" },
);
