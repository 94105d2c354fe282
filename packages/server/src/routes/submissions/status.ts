import type { AppContext, LucoApp } from '../../context.js';
import { StatusEventBody, StatusEventListSchema, StatusRecordedSchema } from '../../schemas/status-events.js';
import { SubmissionParams } from '../../schemas/submission-common.js';
import { StatusEventService } from '../../services/submissions/status-events.js';
import { ONE, READ, READ_ERRORS, WRITE, WRITE_ERRORS } from './common.js';

/** A submission's status events: recording one (which moves the submission and slot status) and the history. */
export async function statusRoutes(app: LucoApp, ctx: AppContext): Promise<void> {
  const statuses = new StatusEventService(ctx);

  app.post(
    `${ONE}/status`,
    {
      schema: {
        tags: ['status'],
        summary: 'Record a status event',
        description:
          "Stage `Submission` (any case) sets the submission's status: Completed/Failed set endedOn, In Progress clears it. A Failed event of any stage marks the submission as having failures (CompletedWithFailures once completed). The slot's roll-up follows its latest submission; the slot's first completion is its delivery time (late when after expectedBy).",
        params: SubmissionParams,
        body: StatusEventBody,
        response: { 201: StatusRecordedSchema, ...WRITE_ERRORS },
      },
      config: WRITE,
    },
    async (request, reply) =>
      reply.sendWrite((trx) => statuses.record(trx, request.params.slotId, request.params.submissionId, request.body, request.principal?.clientId), { status: 201 }),
  );

  app.get(
    `${ONE}/status`,
    {
      schema: { tags: ['status'], summary: 'The status history of a submission', params: SubmissionParams, response: { 200: StatusEventListSchema, ...READ_ERRORS } },
      config: READ,
    },
    async (request) => ({ statuses: await statuses.list(request.params.slotId, request.params.submissionId) }),
  );
}
