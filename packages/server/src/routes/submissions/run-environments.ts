import type { AppContext, LucoApp } from '../../context.js';
import { RunEnvironmentBody, RunEnvironmentListSchema } from '../../schemas/run-environment-records.js';
import { RecordedCountSchema, SubmissionParams } from '../../schemas/submission-common.js';
import { RunEnvironmentService } from '../../services/run-environments/run-environments.js';
import { ONE, READ, READ_ERRORS, WRITE, WRITE_ERRORS } from './common.js';

/** Where and how a submission ran: recording run environments and reading them. */
export async function runEnvironmentRoutes(app: LucoApp, ctx: AppContext): Promise<void> {
  const runEnvironments = new RunEnvironmentService(ctx);

  app.post(
    `${ONE}/runenvironment`,
    {
      schema: {
        tags: ['run environments'],
        summary: 'Record where and how the submission ran',
        params: SubmissionParams,
        body: RunEnvironmentBody,
        response: { 201: RecordedCountSchema, ...WRITE_ERRORS },
      },
      config: WRITE,
    },
    async (request, reply) => reply.sendWrite((trx) => runEnvironments.record(trx, request.params.slotId, request.params.submissionId, request.body), { status: 201 }),
  );

  app.get(
    `${ONE}/runenvironment`,
    {
      schema: { tags: ['run environments'], summary: 'Run environments of a submission', params: SubmissionParams, response: { 200: RunEnvironmentListSchema, ...READ_ERRORS } },
      config: READ,
    },
    async (request) => ({ runEnvironments: await runEnvironments.list(request.params.slotId, request.params.submissionId) }),
  );
}
