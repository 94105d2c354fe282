import { Type } from '@fastify/type-provider-typebox';
import { nullableText, NullableString, SubmissionSummary, Timestamp } from './submission-common.js';

const OptionalText = (description: string) => Type.Optional(nullableText(description));

export const StatusEventBody = Type.Object(
  {
    runId: OptionalText('Free text identifying the run (LucoPy always sends "")'),
    status: Type.String({ description: '`Completed`, `Failed` or `In Progress` (any case; `InProgress` too); stored as written here' }),
    stage: OptionalText('The stage reporting; `Submission` (any case) sets the submission\'s own status'),
    type: OptionalText('Free text, e.g. the kind of event'),
    message: OptionalText('Free text, e.g. an error message'),
    modifiedBy: OptionalText("Who reports it; defaults to the caller's client id"),
    occurredOn: OptionalText('When it happened (ISO 8601), for events recorded after the fact; default now; not in the future. It sets endedOn and the delivery time'),
  },
  { additionalProperties: false },
);

export const StatusRecordedSchema = Type.Object(
  {
    statusId: Type.Integer({ description: 'The id of the recorded event' }),
    submission: SubmissionSummary,
  },
  { $id: 'StatusRecorded', description: 'The event id and the submission as the event left it' },
);

export const StatusEventSchema = Type.Object(
  {
    statusId: Type.Integer(),
    runId: NullableString,
    status: Type.String({ description: 'Completed, Failed or In Progress' }),
    stage: NullableString,
    type: NullableString,
    message: NullableString,
    modifiedBy: NullableString,
    createdOn: Timestamp,
  },
  { $id: 'StatusEvent' },
);

export const StatusEventListSchema = Type.Object(
  { statuses: Type.Array(StatusEventSchema, { description: 'Every status event of the submission, oldest first' }) },
  { $id: 'StatusEventList' },
);
