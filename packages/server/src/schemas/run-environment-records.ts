import { Type } from '@fastify/type-provider-typebox';
import { MAX_RUN_ENVIRONMENTS } from '../wire/limits.js';
import { nullableText, NullableString, Timestamp } from './submission-common.js';

const RunData = Type.Record(Type.String(), Type.Unknown(), {
  description: 'Free-form facts about the run; Luco recognises `platform` (e.g. "Azure Databricks") and `referenceUrl`',
});

export const RunEnvironmentBody = Type.Object(
  {
    stage: Type.Optional(nullableText('The stage that ran there; null for none')),
    runData: Type.Union([Type.Array(RunData, { minItems: 1, maxItems: MAX_RUN_ENVIRONMENTS }), RunData], {
      description: `One or more run environment objects, at most ${MAX_RUN_ENVIRONMENTS} (a single object counts as one)`,
    }),
  },
  { additionalProperties: false },
);

export const RunEnvironmentListSchema = Type.Object(
  {
    runEnvironments: Type.Array(
      Type.Object({ stage: NullableString, runData: RunData, createdOn: Timestamp }),
      { description: 'One item per recorded runData object, oldest first' },
    ),
  },
  { $id: 'RunEnvironmentList' },
);
