import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { ProblemSchema } from './common.js';

const OutcomeSchema = Type.Object(
  {
    outcome: Type.Union([Type.Literal('applied'), Type.Literal('late'), Type.Literal('duplicate'), Type.Literal('ignored')], {
      description:
        '`applied`: the event changed its submission; `late`: logged, but its run had already ended or is already in progress, so nothing changed; `duplicate`: the same run, event type and eventTime were received before, nothing written; `ignored`: a DatasetEvent or JobEvent (no run)',
    }),
    detail: Type.String({ description: 'What was done, in words' }),
    runId: Type.Optional(Type.String({ description: 'The OpenLineage run id (lower case)' })),
    slotId: Type.Optional(Type.Integer({ description: 'The slot of the run' })),
    submissionId: Type.Optional(Type.Integer({ description: 'The submission the run maps to (a child run: its parent\u2019s)' })),
    stage: Type.Optional(Type.String({ description: '`Submission` for a run of its own, else the child run\u2019s stage' })),
  },
  { description: 'What became of one event' },
);

export const OpenLineageAnswerSchema = Type.Union([OutcomeSchema, Type.Object({ results: Type.Array(OutcomeSchema, { description: 'One outcome per event, in order' }) })], {
  description: 'One outcome, or `{results}` for an array of events',
});

export const OpenLineageBody = Type.Unknown({
  description:
    'An OpenLineage RunEvent (spec 2-0-x), or a DatasetEvent/JobEvent (acknowledged, ignored), or an array of up to 1000 events (applied all or none). May be sent with `Content-Encoding: gzip`.',
});

const { $id: _id, ...problem } = ProblemSchema as TSchema & { $id?: string };
const problemAs = (description: string) => ({ ...problem, description }) as TSchema;

export const OpenLineageProblems: Record<number, TSchema> = {
  400: problemAs('A bad event: `errors` names each bad field by its JSON pointer (`/run/runId`; in an array `/0/run/runId`), or a body that is not gzip/JSON'),
  401: problemAs('No bearer token (client token or ingest key), or a refused one'),
  403: problemAs("The client's role may not write"),
  409: problemAs("The job's slot sequence is archived"),
  413: problemAs('The body, compressed or decompressed, is larger than the limit'),
  415: problemAs('A Content-Encoding other than gzip or identity'),
  422: problemAs('An unknown job (no slot sequence, and the server does not create them), or a nominal time on a date the schedule does not expect'),
};
