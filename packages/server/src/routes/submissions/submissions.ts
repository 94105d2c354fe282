import type { AppContext, LucoApp } from '../../context.js';
import { SlotParams, SubmissionParams } from '../../schemas/submission-common.js';
import { CreatedSubmissionSchema, CreateSubmissionBody, SubmissionDefinitionQuery, SubmissionDefinitionSchema } from '../../schemas/submission-resources.js';
import { SubmissionService } from '../../services/submissions/submissions.js';
import { parseQueryBoolean } from '../../wire/booleans.js';
import { ONE_V2, READ, READ_ERRORS, WRITE, WRITE_ERRORS } from './common.js';

/** Starting a submission on a slot, and reading one with its slot and sequence. */
export async function submissionResourceRoutes(app: LucoApp, ctx: AppContext): Promise<void> {
  const submissions = new SubmissionService(ctx);

  app.post(
    '/slots/:slotId/submissions',
    {
      schema: {
        tags: ['submissions'],
        summary: 'Start a submission (In Progress) on a slot',
        description: "No body needed. The slot's roll-up (submission count, last submission and its status) moves to the new submission.",
        params: SlotParams,
        body: CreateSubmissionBody,
        response: { 201: CreatedSubmissionSchema, ...WRITE_ERRORS },
      },
      config: WRITE,
      // LucoPy sends no body at all; validate it as `{}`.
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {};
      },
    },
    async (request, reply) => reply.sendWrite((trx) => submissions.create(trx, request.params.slotId, request.body?.startedOn), { status: 201 }),
  );

  app.get(
    ONE_V2,
    {
      schema: {
        tags: ['submissions'],
        summary: 'A submission with its slot and slot sequence',
        params: SubmissionParams,
        querystring: SubmissionDefinitionQuery,
        response: { 200: SubmissionDefinitionSchema, ...READ_ERRORS },
      },
      config: READ,
    },
    async (request) =>
      submissions.definition(request.params.slotId, request.params.submissionId, parseQueryBoolean('includeDelivery', request.query.includeDelivery, false)),
  );
}
