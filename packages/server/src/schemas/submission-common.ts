import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { idSchema, problemResponses } from './common.js';
import { LAST_SUBMISSION_STATUSES } from '../domain/slot-status.js';

export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601 UTC instant' });
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
/**
 * An instant or null as a type list: the answer serializer writes it without trying each branch of
 * a union against the schema (a date-time format check per value, a twentieth of a long series'
 * time).
 */
export function nullableTimestamp(description: string) {
  return Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date-time', description });
}
/**
 * Text or null. A type list, not a union: with ajv's type coercion a union would turn a null
 * into "" (its string branch coerces first).
 */
export function nullableText(description?: string) {
  return Type.Unsafe<string | null>({ type: ['string', 'null'], ...(description ? { description } : {}) });
}

export const NullableString = nullableText();

export const SlotIdParam = idSchema('The slot id');
export const SubmissionIdParam = idSchema('The submission id (`slotSubmissionId`); it must belong to the slot');

export const SlotParams = Type.Object({ slotId: SlotIdParam });
export const SubmissionParams = Type.Object({ slotId: SlotIdParam, submissionId: SubmissionIdParam });

export const SubmissionStatus = Type.Union([Type.Literal('In Progress'), Type.Literal('Completed'), Type.Literal('Failed')], {
  description: "The submission's own status: the last status reported for the stage `Submission` (`In Progress` until then)",
});

export const LastSubmissionStatus = Type.Enum(LAST_SUBMISSION_STATUSES, {
  description:
    'Roll-up of the submission: `Failed` when its status is Failed; `CompletedWithFailures` / `CompletedWithoutFailures` when Completed and some stage did / did not report Failed; otherwise `InProgress`',
});

/** A submission as every submission response shows it. */
export const SubmissionSummary = Type.Object(
  {
    slotSubmissionId: Type.Integer({ description: 'The submission id' }),
    status: SubmissionStatus,
    startedOn: Timestamp,
    endedOn: Type.Union([Timestamp, Type.Null()], { description: 'When the stage `Submission` last reported Completed or Failed; null while In Progress' }),
    lastSubmissionStatus: LastSubmissionStatus,
  },
  { $id: 'SubmissionSummary' },
);

/** The answer to recording metrics or run environments: how many records were stored. */
export const RecordedCountSchema = Type.Object(
  { recorded: Type.Integer({ description: 'How many records were stored' }) },
  { $id: 'RecordedCount' },
);

/** A problem response with a route-specific description (e.g. what a 409 means there). */
export function problemMeaning(status: 400 | 404 | 409, description: string): Record<number, TSchema> {
  const base = problemResponses(status)[status]!;
  return { [status]: { ...base, description } as TSchema };
}
