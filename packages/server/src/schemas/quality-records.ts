import { Type } from '@fastify/type-provider-typebox';
import { nullableText, NullableString, Timestamp } from './submission-common.js';

const OptionalText = (description: string) => Type.Optional(nullableText(description));

export const QualityAction = Type.Union([Type.Literal('Continued'), Type.Literal('Cancelled')], {
  description: 'What the pipeline did with the results: carried on, or stopped',
});

export const QualityV1Body = Type.Object(
  {
    stage: OptionalText('The stage the results belong to'),
    runId: OptionalText('Free text identifying the run (LucoPy sends "")'),
    tool: Type.String({ minLength: 1, description: 'The tool that produced the results, e.g. `Great Expectations`' }),
    results: Type.Unknown({
      description: 'The results: a string (kept as sent), or a JSON object/array, kept as its JSON text (LucoPy 1.2.5 sends the object)',
    }),
    dataSet: OptionalText('The data set the results are about'),
    action: Type.String({ description: '`Continued` or `Cancelled` (any case)' }),
  },
  { additionalProperties: false },
);

export const QualityV2Query = Type.Object({
  stage: Type.Optional(Type.String({ description: 'The stage the results belong to' })),
  action: Type.Optional(
    Type.String({
      description:
        '`Continued` or `Cancelled` (any case). Default: Cancelled when a failed check has an `onFail` with an `action` key (any case) whose value is `fail` (any case), else Continued',
    }),
  ),
});

// Optional fields are typed loosely so stored checks are returned exactly as they were sent.
export const QualityCheckSchema = Type.Object(
  {
    check: Type.String({ description: 'What was checked, possibly a template such as `expect $col1 to not be null`' }),
    success: Type.Boolean(),
    checkArgs: Type.Optional(Type.Unknown({ description: 'An object: values of the template variables in `check`' })),
    onFail: Type.Optional(Type.Unknown({ description: 'An object saying what to do on failure, e.g. `{"action": "fail"}`' })),
    referenceUrl: Type.Optional(Type.Unknown({ description: 'A link to more detail (text)' })),
    tags: Type.Optional(Type.Unknown({ description: 'Data-quality categories (an array of text)' })),
    observed: Type.Optional(Type.Unknown({ description: 'What was observed, e.g. `{elementCount, failedPercentage}`' })),
    metadata: Type.Optional(Type.Unknown()),
  },
  { $id: 'QualityCheck', additionalProperties: true, description: 'One data-quality check' },
);

export const QualityV2Body = Type.Object(
  {},
  {
    additionalProperties: true,
    description:
      'A collection `{checks: [QualityCheck, ...] (non-empty), success?, name?, start?, end?, tool?, toolVersion?, referenceUrl?, tags?, dataSet?, metadata?}` or a single QualityCheck `{check, success, ...}` (stored as a collection of one). Every check needs `check` (non-empty text) and `success` (boolean). A missing collection `success` is derived: true when every check succeeded. Other fields are kept as sent.',
  },
);

export const QualityRecordedSchema = Type.Object(
  {
    qualityId: Type.Integer({ description: 'The id of the stored record' }),
    action: QualityAction,
    success: Type.Union([Type.Boolean(), Type.Null()], { description: 'Whether the results passed; null when v1 results do not say (no `success` or `validation_result.success`)' }),
  },
  { $id: 'QualityRecorded' },
);

export const QualityCollectionSchema = Type.Object(
  {
    qualityId: Type.Integer(),
    checks: Type.Array(QualityCheckSchema),
    success: Type.Boolean({ description: 'As sent, or derived from the checks' }),
    stage: NullableString,
    action: QualityAction,
    createdOn: Timestamp,
  },
  {
    $id: 'QualityCollection',
    additionalProperties: true,
    description:
      "A v2 collection as stored (every field sent is kept), or v1 results converted: a Great Expectations suite as the SDK's adapter converts it (tool `Great Expectations`, one check per expectation; the record's dataSet when the suite names none), other v1 text as one check that says so and holds the text as `observed` (its success as recorded, else false when the action was Cancelled). With the record's qualityId, stage, action and time.",
  },
);

export const QualityResultSchema = Type.Object(
  {
    qualityId: Type.Integer(),
    version: Type.Integer({ description: '1: recorded by the v1 route; 2: by the v2 route' }),
    stage: NullableString,
    tool: NullableString,
    results: Type.String({ description: 'v1: the results text as sent (an object sent as JSON text); v2: the collection as JSON text' }),
    dataSet: NullableString,
    action: Type.Union([QualityAction, Type.Null()]),
    success: Type.Union([Type.Boolean(), Type.Null()]),
    createdOn: Timestamp,
  },
  { $id: 'QualityResult' },
);

export const QualityListSchema = Type.Object(
  {
    collections: Type.Array(QualityCollectionSchema, {
      description: 'Every record as collections, oldest first (LucoPy 1.3.9+ reads these): v2 collections as stored, v1 results converted (a Great Expectations checkpoint result gives one collection per run, each with the record\'s qualityId)',
    }),
    qualityResults: Type.Array(QualityResultSchema, { description: 'Every quality record, oldest first, results as JSON text (LucoPy 1.2.7-1.3.8 reads these)' }),
  },
  { $id: 'QualityList' },
);
