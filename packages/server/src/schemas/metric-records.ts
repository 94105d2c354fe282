import { Type } from '@fastify/type-provider-typebox';
import { QUERY_BOOLEAN_PATTERN } from '../wire/booleans.js';
import { repeatedQuery } from './common.js';
import { nullableText, NullableString, Timestamp } from './submission-common.js';

export const MetricsBody = Type.Object(
  {
    stage: Type.Optional(nullableText('The stage the metrics belong to; null for none')),
    runId: Type.Optional(nullableText('Accepted for LucoPy compatibility; not stored (metrics have no run id)')),
    metrics: Type.Array(
      Type.Object(
        {
          metric: Type.String({ minLength: 1, description: 'The metric name' }),
          value: Type.Unknown({ description: 'A finite number or a string; kept with its JSON type' }),
        },
        { additionalProperties: false },
      ),
      { description: 'One or more values; a repeated metric is recorded again (reads show the latest unless includeDuplicates)' },
    ),
  },
  { additionalProperties: false },
);

export const MetricsQuery = Type.Object({
  stages: Type.Optional(repeatedQuery(Type.String(), 'Only these stages (repeat the key for several)')),
  metrics: Type.Optional(repeatedQuery(Type.String(), 'Only these metrics (repeat the key for several)')),
  includeDuplicates: Type.Optional(
    Type.String({ pattern: QUERY_BOOLEAN_PATTERN, description: 'true/True: every recorded value; default false: only the latest value of each (stage, metric)' }),
  ),
});

export const MetricRecordSchema = Type.Object(
  {
    stage: NullableString,
    metric: Type.String(),
    value: Type.Union([Type.Number(), Type.String()], { description: 'As sent: a number or a string' }),
    createdOn: Timestamp,
  },
  { $id: 'MetricRecord' },
);

export const MetricListSchema = Type.Object(
  {
    slotSubmissionMetrics: Type.Array(MetricRecordSchema, {
      description: 'In the order first recorded; without includeDuplicates one item per (stage, metric) holding its latest value',
    }),
  },
  { $id: 'MetricList' },
);
